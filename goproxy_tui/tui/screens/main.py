"""The main screen: the live mirror table on top, the environment pane below.

Mirror keys live on the screen (not the table) so they work wherever the focus is, and stay out of
the way of modal dialogs' inputs. Focus starts in the environment pane; tab moves to the mirrors.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header

from goproxy_tui.i18n import N_
from goproxy_tui.tui.translate import translate_bindings
from goproxy_tui.tui.widgets.env_pane import EnvPane
from goproxy_tui.tui.widgets.key_footer import KeyFooter
from goproxy_tui.tui.widgets.mirror_table import MirrorTable


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#env-table"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS = [
        Binding("d", "app.diagnose", N_("Diagnose")),
        Binding("u", "app.use_mirror", N_("Use mirror")),
        Binding("t", "app.throughput", N_("Speed test")),
        Binding("a", "app.add_mirror", N_("Add mirror")),
        Binding("r", "app.refresh_mirrors", N_("Re-probe")),
        Binding("s", "app.sort_mirrors", N_("Sort")),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main-body"):
            yield MirrorTable(id="mirror-pane")
            yield EnvPane(id="env-pane")
        yield KeyFooter()
