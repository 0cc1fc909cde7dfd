"""The main screen: the live mirror table on top, the environment pane below.

Mirror keys live on the screen (not the table) so they work wherever the focus is, and stay out of
the way of modal dialogs' inputs. Focus starts in the environment pane; tab moves to the mirrors.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header

from goproxy_tui.tui.widgets.env_pane import EnvPane
from goproxy_tui.tui.widgets.mirror_table import MirrorTable


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#env-table"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS = [
        Binding("d", "app.diagnose", "Diagnose"),
        Binding("u", "app.use_mirror", "Use mirror"),
        Binding("t", "app.throughput", "Speed test"),
        Binding("a", "app.add_mirror", "Add mirror"),
        Binding("r", "app.refresh_mirrors", "Re-probe"),
        Binding("s", "app.sort_mirrors", "Sort"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main-body"):
            yield MirrorTable(id="mirror-pane")
            yield EnvPane(id="env-pane")
        yield Footer()
