"""A DataTable for live data: updating a cell repaints its row, not the whole table.

Textual's ``DataTable.update_cell`` bumps one table-wide counter that is part of every render cache
key, so each probe result re-rendered every visible cell of the mirror table (~100 ms for 50
mirrors on a slow machine, a visible stall of the event loop). Here an update forgets only that
row's cached renders and asks the compositor to repaint only that row's lines; the other rows'
renders are reused. Everything else (cursor, sorting, mouse, scrolling) is the stock DataTable.

The row caches are private attributes of Textual's DataTable. If a Textual release renames them,
:meth:`LiveTable.update_cell` falls back to the stock (slower, still correct) update.
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowKey

CellType = TypeVar("CellType")

_ROW_KEYED = ("_row_render_cache", "_cell_render_cache")  # cache keys start with the RowKey
_INDEX_KEYED = "_row_renderable_cache"  # cache keys are (update count, row index)
_LINES = "_line_cache"  # keyed by screen line: cheap to rebuild from the row caches


class LiveTable(DataTable[CellType]):
    """``DataTable`` whose :meth:`update_cell` repaints one row."""

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        if update_width or not self._knows_row_caches():
            super().update_cell(row_key, column_key, value, update_width=update_width)
            return
        row = RowKey(row_key) if isinstance(row_key, str) else row_key
        column = ColumnKey(column_key) if isinstance(column_key, str) else column_key
        if row not in self._row_locations or column not in self._column_locations:
            raise CellDoesNotExist(f"No cell exists for row_key={row!r}, column_key={column!r}.")
        self._data[row][column] = value
        index = self._row_locations.get(row)
        self._forget_row(row, index)
        if index is not None:
            self.refresh_row(index)

    def _knows_row_caches(self) -> bool:
        return all(hasattr(self, name) for name in (*_ROW_KEYED, _INDEX_KEYED, _LINES, "_data", "_row_locations"))

    def _forget_row(self, row: RowKey, index: int | None) -> None:
        for name in _ROW_KEYED:
            cache = getattr(self, name)
            for key in [k for k in cache.keys() if k[0] == row]:
                cache.discard(key)
        renderables = getattr(self, _INDEX_KEYED)
        for key in [k for k in renderables.keys() if k[1] == index]:
            renderables.discard(key)
        getattr(self, _LINES).clear()
