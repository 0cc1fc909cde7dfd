"""A DataTable for live data: updating a cell repaints its row, not the whole table.

Textual's ``DataTable.update_cell`` bumps one table-wide counter that is part of every render cache
key, so each probe result re-rendered every visible cell of the mirror table (~100 ms for 50
mirrors on a slow machine, a visible stall of the event loop). Here an update forgets only that
cell's cached render (and the row's composed lines) and asks the compositor to repaint only that
row; every other cell's render is reused. Everything else (cursor, sorting, mouse, scrolling) is the stock DataTable.

The row caches are private attributes of Textual's DataTable. If a Textual release renames them,
:meth:`LiveTable.update_cell` falls back to the stock (slower, still correct) update.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, ColumnKey, RowKey

CellType = TypeVar("CellType")

_ROW_KEYED = "_row_render_cache"  # keys start with the RowKey
_CELL_KEYED = "_cell_render_cache"  # keys start with (RowKey, ColumnKey)
_INDEX_KEYED = "_row_renderable_cache"  # cache keys are (update count, row index)
_LINES = "_line_cache"  # keyed by screen line: cheap to rebuild from the row caches


class LiveTable(DataTable[CellType]):
    """``DataTable`` whose cell updates repaint only the rows they touch."""

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
        self.update_cells({(row_key, column_key): value})

    def update_cells(self, values: Mapping[tuple[RowKey | str, ColumnKey | str], CellType]) -> None:
        """Several cells at once: each render cache is scanned once for the whole batch."""
        if not self._knows_row_caches():
            for (row_key, column_key), value in values.items():
                super().update_cell(row_key, column_key, value)
            return
        cells: set[tuple[RowKey, ColumnKey]] = set()
        for (row_key, column_key), value in values.items():
            row = RowKey(row_key) if isinstance(row_key, str) else row_key
            column = ColumnKey(column_key) if isinstance(column_key, str) else column_key
            if row not in self._row_locations or column not in self._column_locations:
                raise CellDoesNotExist(f"No cell exists for row_key={row!r}, column_key={column!r}.")
            self._data[row][column] = value
            cells.add((row, column))
        rows = {row for row, _column in cells}
        indexes = {self._row_locations.get(row) for row in rows}
        self._forget(rows, cells, indexes)
        for index in indexes:
            if index is not None:
                self.refresh_row(index)

    def _knows_row_caches(self) -> bool:
        names = (_ROW_KEYED, _CELL_KEYED, _INDEX_KEYED, _LINES, "_data", "_row_locations", "_column_locations")
        return all(hasattr(self, name) for name in names)

    def _forget(self, rows: set[RowKey], cells: set[tuple[RowKey, ColumnKey]], indexes: set[int | None]) -> None:
        """Drop the cached renders of these cells, of these rows' composed lines, and of the screen lines."""
        for name, stale in ((_ROW_KEYED, lambda k: k[0] in rows), (_CELL_KEYED, lambda k: (k[0], k[1]) in cells),
                            (_INDEX_KEYED, lambda k: k[1] in indexes)):
            cache = getattr(self, name)
            for key in [k for k in cache.keys() if stale(k)]:
                cache.discard(key)
        getattr(self, _LINES).clear()
