"""A yes/no question that must be answered before a destructive action (e.g. ``go clean -modcache``).

The question may span lines; each is shown as plain text (control characters made visible)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, tr
from goproxy_tui.tui.translate import translate_bindings


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #dialog { width: 80%; max-width: 90; height: auto; padding: 1 2; border: thick $warning;
                              background: $surface; }
    ConfirmScreen #question { height: auto; max-height: 14; }  /* the buttons stay on screen at 80x24 */
    ConfirmScreen #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "no", N_("No")), Binding("y", "yes", N_("Yes")), Binding("n", "no", N_("No"))]

    def __init__(self, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="question"):
                yield Static(Text("\n".join(printable(line) for line in tr(self.question).split("\n"))))
            with Horizontal(id="buttons"):
                yield Button(_("Yes"), id="yes", variant="warning")
                yield Button(_("No"), id="no", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
