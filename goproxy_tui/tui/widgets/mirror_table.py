"""The live mirror table: one keyed row per mirror, updated in place as probe results arrive.

The widget renders; it does not probe and does not switch. The app feeds it frozen
:class:`~goproxy_tui.core.health.MirrorStats` and the GOPROXY chain positions, and hears back
:class:`MirrorTable.UseRequested` (enter on a row). Names, operators, URLs and explanations come
from config files and servers, so every cell is a ``rich.text.Text`` built from plain strings
(never markup) with credentials masked and control characters made visible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static

from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, localized, status_word, tr
from goproxy_tui.tui.widgets.live_table import LiveTable

if TYPE_CHECKING:
    from goproxy_tui.core.health import MirrorStats
    from goproxy_tui.core.mirrors import Mirror

SortMode = Literal["latency", "name"]

SPARK = "▁▂▃▄▅▆▇█"
SPARK_SAMPLES = 12
SPARK_FLOOR_MS = 1.0
SPARK_CEILING_MS = 3000.0
"""One fixed log scale for every row, so bars compare across mirrors (1 ms ▁ … 3 s █)."""

COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("mark", "", 1),
    ("name", N_("Mirror"), 14),
    ("status", N_("Status"), 17),
    ("latency", N_("Median"), 7),
    ("history", N_("History"), SPARK_SAMPLES),
    ("success", "OK%", 4),
    ("sumdb", "SumDB", 5),
    ("dns", "DNS", 6),
    ("tcp", "TCP", 6),
    ("tls", "TLS", 6),
    ("ttfb", "TTFB", 6),
    ("speed", N_("Speed"), 9),
    ("operator", N_("Operator"), 22),
    ("url", "URL", None),
)
CHROME_ROWS = 9
"""Rows around the table body: border (2), status line (up to 3), header (1), detail (3)."""
SORT_HOLD = 1.0
"""Seconds the order holds still after the cursor moved or the table was sorted: rows do not jump
under a user who is moving through them, and a re-sort (which repaints every row) is rare."""
ROWS_PER_FRAME = 6
"""Changed rows on screen repainted per frame (a row of new timings costs ~1-2 ms to render)."""
FRAME_SECONDS = 1 / 60
STATUS_STYLE = {"pending": "dim", "ok": "green", "warning": "yellow", "failing": "bold red"}
STATUS_ICON = {"pending": "…", "ok": "✔", "warning": "⚠", "failing": "✖"}
_STATUS_ORDER = {"ok": 0, "warning": 0, "pending": 1, "failing": 2}
SORT_LABEL = {"latency": N_("latency"), "name": N_("name")}


def sparkline(history: Sequence[float | None], width: int = SPARK_SAMPLES) -> Text:
    """Latency bars on a log scale, a red ``×`` for a failed probe; newest on the right."""
    text = Text(no_wrap=True)
    span = math.log(SPARK_CEILING_MS / SPARK_FLOOR_MS)
    for value in list(history)[-width:]:
        if value is None:
            text.append("×", style="red")
            continue
        ratio = math.log(max(value, SPARK_FLOOR_MS) / SPARK_FLOOR_MS) / span
        level = min(len(SPARK) - 1, max(0, round(ratio * (len(SPARK) - 1))))
        text.append(SPARK[level], style="green" if level < 4 else "yellow")
    return text


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right", no_wrap=True)


def status_cell(stats: MirrorStats | None) -> Text:
    status = stats.status if stats else "pending"
    label = _("probing") if status == "pending" else (status_word(stats.label) if stats else "")
    return Text(f"{STATUS_ICON[status]} {label}", style=STATUS_STYLE[status], no_wrap=True, overflow="ellipsis")


def mark_cell(position: int | None, stats: MirrorStats | None) -> Text:
    """``▶`` on the active mirror (red when it fails), ``2``/``3``… on its GOPROXY fallbacks."""
    if position is None:
        return Text("")
    failing = stats is not None and stats.status == "failing"
    if position == 1:
        return Text("▶", style="bold red" if failing else "bold green")
    return Text(str(position) if position < 10 else "+", style="red" if failing else "cyan")


def row_cells(
    mirror: Mirror, stats: MirrorStats | None, position: int | None, speed: str = ""
) -> dict[str, Text]:
    """Every cell of one row, from plain strings."""
    timings = stats.last.timings if stats and stats.last else None
    rate = stats.success_rate if stats else None
    sumdb = stats.sumdb if stats else None
    name_style = "bold" if position == 1 else ""
    return {
        "mark": mark_cell(position, stats),
        "name": Text(printable(mirror.name), style=name_style, no_wrap=True, overflow="ellipsis"),
        "status": status_cell(stats),
        "latency": _right(f"{_ms(stats.median_ms)} ms" if stats and stats.median_ms is not None else "–"),
        "history": sparkline(stats.history if stats else ()),
        "success": _right("–" if rate is None else f"{rate * 100:.0f}%", "" if rate in (None, 1.0) else "yellow"),
        "sumdb": Text({True: _("yes"), False: _("no"), None: "?" if stats and stats.samples else "–"}[sumdb],
                      style={True: "green", False: "yellow", None: "dim"}[sumdb]),
        "dns": _right(_ms(timings.dns_ms) if timings else "–"),
        "tcp": _right(_ms(timings.tcp_ms) if timings else "–"),
        "tls": _right(_ms(timings.tls_ms) if timings else "–"),
        "ttfb": _right(_ms(timings.ttfb_ms) if timings else "–"),
        "speed": _right(printable(speed) or "–"),
        "operator": Text(printable(localized(mirror.operator)), style="dim", no_wrap=True, overflow="ellipsis"),
        "url": Text(printable(mirror.url), no_wrap=True, overflow="ellipsis"),
    }


def sort_key(mode: SortMode, mirror: Mirror, stats: MirrorStats | None) -> tuple[object, ...]:
    if mode == "name":
        return (mirror.name.casefold(),)
    status = stats.status if stats else "pending"
    median = stats.median_ms if stats and stats.median_ms is not None else math.inf
    return (_STATUS_ORDER[status], median, mirror.name.casefold())


class MirrorTable(Vertical):
    """Status line, the table, and the highlighted mirror's explanation."""

    DEFAULT_CSS = """
    MirrorTable { height: 1fr; }
    MirrorTable > #mirror-status { height: auto; max-height: 3; padding: 0 1; }
    MirrorTable > DataTable { height: 1fr; }
    MirrorTable > #mirror-detail { height: 3; padding: 0 1; color: $text-muted; }
    """

    class UseRequested(Message):
        """Enter on a row: make this mirror the active GOPROXY."""

        def __init__(self, mirror: Mirror) -> None:
            super().__init__()
            self.mirror = mirror

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = _("Mirrors")
        self.sort_mode: SortMode = "latency"
        self._mirrors: dict[str, Mirror] = {}
        self._stats: dict[str, MirrorStats] = {}
        self._positions: dict[str, int] = {}
        self._speed: dict[str, str] = {}
        self._in_flight = 0
        self._status: Text | None = None
        self._held_since = -math.inf  # when the cursor last moved or the rows were last sorted
        self._sort_timer: Timer | None = None
        self._stale: set[str] = set()  # rows whose cells wait for their frame
        self._paint_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(_("Probing mirrors…"), style="dim"), id="mirror-status")
        yield LiveTable(id="mirror-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="mirror-detail")

    def on_mount(self) -> None:
        table = self.table
        for key, label, width in COLUMNS:
            table.add_column(_(label), key=key, width=width)
        self._update_subtitle()

    @property
    def table(self) -> LiveTable[Text]:
        return self.query_one("#mirror-table", LiveTable)

    # -- data in -----------------------------------------------------------------------------------

    def set_mirrors(self, mirrors: Iterable[Mirror]) -> None:
        """Add rows for new mirrors, drop rows for removed ones, keep the rest (never ``clear()``)."""
        wanted = {m.name: m for m in mirrors}
        table = self.table
        with self.app.batch_update():
            for name in [n for n in self._mirrors if n not in wanted]:
                table.remove_row(name)
                self._mirrors.pop(name)
                self._stats.pop(name, None)
            for name, mirror in wanted.items():
                known = name in self._mirrors
                if known and self._mirrors[name].url != mirror.url:  # same name, another server
                    self._stats.pop(name, None)
                    self._speed.pop(name, None)
                self._mirrors[name] = mirror
                cells = row_cells(mirror, self._stats.get(name), self._positions.get(name), self._speed.get(name, ""))
                if known:
                    self._update_row(name, cells)
                else:
                    table.add_row(*(cells[key] for key, *_columns in COLUMNS), key=name)
            self._resort(now=True)
        self.styles.height = len(self._mirrors) + CHROME_ROWS  # the app caps it (max-height)
        self._show_detail()

    def show_stats(self, *stats: MirrorStats) -> None:
        """New results: update those rows in place, then re-sort once (the app batches results)."""
        names = []
        for one in stats:
            if one.name in self._mirrors:
                self._stats[one.name] = one
                names.append(one.name)
        self._refresh_rows(names)

    def set_chain(self, positions: Mapping[str, int]) -> None:
        """Mark the GOPROXY chain: position 1 is the active mirror."""
        changed = set(self._positions) ^ set(positions) | {
            n for n in positions if self._positions.get(n) != positions[n]
        }
        self._positions = dict(positions)
        self._refresh_rows([name for name in changed if name in self._mirrors])

    def set_speed(self, name: str, text: str) -> None:
        self._speed[name] = text
        if name in self._mirrors:
            self._refresh_rows([name])

    def show_status(self, text: Text) -> None:
        """The line(s) above the table; a layout pass (the whole screen) only when their height changes."""
        if text == self._status:
            return
        status = self.query_one("#mirror-status", Static)
        width = status.content_region.width
        same_height = self._status is not None and width > 0 and (
            len(text.wrap(self.app.console, width)) == len(self._status.wrap(self.app.console, width))
        )
        self._status = text
        status.update(text, layout=not same_height)

    def show_activity(self, in_flight: int) -> None:
        """How many probes are running, in the border (a blackholed mirror stays 'probing' a while)."""
        self._in_flight = in_flight
        self._update_subtitle()

    def toggle_sort(self) -> SortMode:
        return self.sort_by("name" if self.sort_mode == "latency" else "latency")

    def sort_by(self, mode: SortMode) -> SortMode:
        self.sort_mode = mode
        self._resort(now=True)
        self._update_subtitle()
        return mode

    # -- data out ----------------------------------------------------------------------------------

    def highlighted(self) -> Mirror | None:
        table = self.table
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._mirrors.get(str(key)) if key is not None else None

    @property
    def settled(self) -> bool:
        """Every row shows its latest data, in its sorted place (no repaint or re-sort is waiting)."""
        return not self._stale and self._sort_timer is None

    def row_names(self) -> list[str]:
        """Row keys in display order."""
        return [str(row.key.value) for row in self.table.ordered_rows]

    # -- internals ---------------------------------------------------------------------------------

    def _refresh_rows(self, names: Iterable[str]) -> None:
        self._stale.update(names)
        if self._stale and self._paint_timer is None:
            self._paint_stale()

    def _paint_stale(self) -> None:
        """Repaint stale rows, at most :data:`ROWS_PER_FRAME` of those on screen per frame (rows out of
        view cost nothing to update); the rest follow a frame later, so no frame takes long."""
        self._paint_timer = None
        stale = [name for name in self._stale if name in self._mirrors]
        table = self.table
        top = table.scroll_offset.y
        bottom = top + max(1, table.size.height - table.header_height)
        shown = [name for name in stale if top <= table.get_row_index(name) < bottom]
        now = shown[:ROWS_PER_FRAME] + [name for name in stale if name not in shown]
        self._stale = set(stale) - set(now)
        with self.app.batch_update():
            changes: dict[tuple[str, str], Text] = {}
            for name in now:
                cells = row_cells(self._mirrors[name], self._stats.get(name), self._positions.get(name),
                                  self._speed.get(name, ""))
                changes.update(self._changed_cells(name, cells))
            if changes:
                table.update_cells(changes)
            self._resort()
        highlighted = self.highlighted()
        if highlighted is not None and highlighted.name in now:
            self._show_detail()
        if self._stale:
            self._paint_timer = self.set_timer(FRAME_SECONDS, self._paint_stale)

    def _update_row(self, name: str, cells: Mapping[str, Text]) -> None:
        changes = self._changed_cells(name, cells)
        if changes:
            self.table.update_cells(changes)

    def _changed_cells(self, name: str, cells: Mapping[str, Text]) -> dict[tuple[str, str], Text]:
        """Only the cells whose text or style changed: the others keep their cached render."""
        table = self.table
        return {(name, key): cells[key] for key, *_columns in COLUMNS if table.get_cell(name, key) != cells[key]}

    def _resort(self, *, now: bool = False) -> None:
        """Sort only when the order changes, and keep the cursor on the same mirror.

        Unless ``now`` (the user asked, or the rows changed), a sort waits until the order has held
        still for :data:`SORT_HOLD` seconds; then it happens on a timer with whatever arrived meanwhile.
        """
        order = sorted(self._mirrors, key=lambda n: sort_key(self.sort_mode, self._mirrors[n], self._stats.get(n)))
        if order == self.row_names():
            return
        wait = self._held_since + SORT_HOLD - time.monotonic()
        if not now and wait > 0:
            if self._sort_timer is None:
                self._sort_timer = self.set_timer(wait, self._sort_when_held)
            return
        self._held_since = time.monotonic()
        table = self.table
        current = self.highlighted()
        # DataTable.sort hands the key function cells, not row keys: the name cell's text stands in.
        rank = {printable(name): index for index, name in enumerate(order)}
        table.sort("name", key=lambda cell: rank.get(cell.plain, len(rank)))
        if current is not None and current.name in self._mirrors:
            table.move_cursor(row=table.get_row_index(current.name), animate=False)

    def _sort_when_held(self) -> None:
        self._sort_timer = None
        self._resort()

    def _update_subtitle(self) -> None:
        probing = _("probing {count}").format(count=self._in_flight) + " · " if self._in_flight else ""
        self.border_subtitle = probing + _("sorted by {mode} · s: sort").format(mode=_(SORT_LABEL[self.sort_mode]))

    def _show_detail(self) -> None:
        mirror = self.highlighted()
        if mirror is None:
            return
        stats = self._stats.get(mirror.name)
        text = Text()
        text.append(printable(mirror.name), style="bold")
        if mirror.operator:
            text.append(f" · {printable(localized(mirror.operator))}", style="dim")
        text.append(f" · {printable(mirror.url)}", style="dim")
        if stats is None or stats.last is None:
            text.append("\n" + _("not probed yet"))
        else:
            if stats.status == "failing":
                streak = stats.consecutive_failures
                again = " " + _("({count} probes in a row)").format(count=streak) if streak > 1 else ""
                text.append(f"\n✖ {printable(status_word(stats.label))}{again}", style=STATUS_STYLE["failing"])
            elif stats.reason:
                text.append("\n" + printable(tr(stats.reason)), style=STATUS_STYLE[stats.status])
            if stats.last.auth and stats.status != "failing":
                text.append("\n" + printable(tr(stats.last.auth)), style="dim")
            if stats.last.explanation:
                text.append("\n" + printable(tr(stats.last.explanation)))
        self.query_one("#mirror-detail", Static).update(text, layout=False)  # fixed height: no layout pass

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._held_since = time.monotonic()
        self._show_detail()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on the Mirror header sorts by name; on Status, Median or History by latency."""
        event.stop()
        key = event.column_key.value
        if key == "name":
            self.sort_by("name")
        elif key in ("status", "latency", "history"):
            self.sort_by("latency")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        mirror = self._mirrors.get(str(event.row_key.value))
        if mirror is not None:
            self.post_message(self.UseRequested(mirror))
