"""The main screen: the environment pane now; the mirror table and the wizard dock beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from goproxy_tui.tui.widgets.env_pane import EnvPane


class MainScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main-body"):
            yield EnvPane(id="env-pane")
        yield Footer()
