"""LiveTable: an updated cell shows its new value at once, and only the rows that changed are repainted."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.strip import Strip

from goproxy_tui.tui.widgets.live_table import LiveTable


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LiveTable(id="t", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(LiveTable)
        table.add_column("name", key="name")
        table.add_column("ms", key="ms", width=8)
        for name, ms in (("alpha", "10 ms"), ("beta", "20 ms"), ("gamma", "30 ms")):
            table.add_row(Text(name), Text(ms), key=name)


def line(table: LiveTable[Text], row: int) -> str:
    strip: Strip = table.render_line(row + table.header_height)
    return strip.text


async def test_updated_cells_show_at_once_and_other_rows_keep_their_render() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LiveTable)
        await pilot.pause()
        before = [line(table, i) for i in range(3)]
        assert "20 ms" in before[1]
        alpha = {k for k in table._cell_render_cache.keys() if k[0].value == "alpha"}
        assert alpha
        table._repaint_regions.clear()

        table.update_cells({("beta", "ms"): Text("7 ms"), ("gamma", "name"): Text("delta")})

        dirty_rows = sorted({y for region in table._repaint_regions for y in range(region.y, region.bottom)})
        assert dirty_rows == [1 + table.header_height, 2 + table.header_height]  # beta and gamma, not alpha
        assert alpha <= set(table._cell_render_cache.keys())  # alpha's cells are not rendered again
        await pilot.pause()
        after = [line(table, i) for i in range(3)]
        assert after[0] == before[0]
        assert "7 ms" in after[1] and "20 ms" not in after[1]
        assert "delta" in after[2] and "30 ms" in after[2]
        assert str(table.get_cell("beta", "ms")) == "7 ms"


async def test_single_updates_sorting_and_the_cursor_behave_as_in_a_datatable() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(LiveTable)
        table.update_cell("alpha", "ms", Text("99 ms"))
        table.sort("ms", key=lambda cell: float(cell.plain.split()[0]))
        await pilot.pause()
        assert [str(r.key.value) for r in table.ordered_rows] == ["beta", "gamma", "alpha"]
        assert "99 ms" in line(table, 2)
        await pilot.press("down")
        assert table.cursor_row == 1
        assert "gamma" in line(table, 1)
