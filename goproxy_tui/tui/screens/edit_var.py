"""Edit one Go setting: validates as you type with Go's own rules, returns what to write.

The dialog never writes by itself: it dismisses with an ``EditRequest`` and the app writes through
the same core as ``gotui set`` (journaled, undoable).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from goproxy_tui.core.goenv import EnvVar
from goproxy_tui.core.redact import mask_secrets, printable, restore_secrets
from goproxy_tui.core.rules.settings import validate_setting
from goproxy_tui.i18n import N_, _, tr
from goproxy_tui.tui.translate import translate_bindings


@dataclass(frozen=True)
class EditRequest:
    """Write ``value`` to ``name`` (``None``: ``go env -u``)."""

    name: str
    value: str | None


def verdict_text(name: str, value: str) -> tuple[Text, bool]:
    """The live verdict under the input, and whether the value may be written."""
    check = validate_setting(name, value)
    text = Text()
    if check.error:
        text.append("✖ ", style="bold red")
        text.append(printable(tr(check.error)))
        if check.hint:
            text.append("\n  " + printable(tr(check.hint)), style="dim")
    else:
        text.append("✔ " + _("valid"), style="bold green")
    for warning in check.warnings:
        text.append("\n⚠ ", style="bold yellow")
        text.append(printable(tr(warning)))
    return text, check.ok


class EditVarScreen(ModalScreen[EditRequest | None]):
    """Modal editor for one variable."""

    DEFAULT_CSS = """
    EditVarScreen { align: center middle; }
    EditVarScreen > #dialog {
        width: 90%; max-width: 100; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    EditVarScreen #verdict { height: auto; margin: 1 0; }
    EditVarScreen #conflict { height: auto; color: $warning; }
    EditVarScreen #buttons { height: auto; align-horizontal: right; }
    EditVarScreen Button { margin-left: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, var: EnvVar) -> None:
        super().__init__()
        translate_bindings(self)
        self.var = var
        self.stored = var.file if var.file is not None else var.effective

    def _real(self, shown: str) -> str:
        """The value to validate and write: masked credentials left as shown keep their stored value."""
        return restore_secrets(shown, self.stored)

    def compose(self) -> ComposeResult:
        var = self.var
        with Vertical(id="dialog"):
            yield Label(Text.assemble((var.name, "bold"), "  ", (tr(var.about), "dim")))
            yield Input(value=mask_secrets(self.stored), id="value", select_on_focus=False)
            yield Static(id="verdict")
            if var.os_name:
                note = Text(
                    _("{name} is set in the OS environment and wins over the env file: "
                      "Write asks before writing a value that takes effect only once it is removed there.")
                    .format(name=var.os_name),
                )
                yield Static(note, id="conflict")
            with Horizontal(id="buttons"):
                yield Button(_("Write (go env -w)"), id="write", variant="primary")
                yield Button(_("Unset (go env -u)"), id="unset", disabled=var.file is None)
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._validate(self.query_one(Input).value)

    def _validate(self, value: str) -> None:
        text, ok = verdict_text(self.var.name, self._real(value))
        self.query_one("#verdict", Static).update(text)
        self.query_one("#write", Button).disabled = not ok

    def on_input_changed(self, event: Input.Changed) -> None:
        self._validate(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.query_one("#write", Button).disabled:
            self.dismiss(EditRequest(self.var.name, self._real(event.value)))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "write":
            self.dismiss(EditRequest(self.var.name, self._real(self.query_one(Input).value)))
        elif event.button.id == "unset":
            self.dismiss(EditRequest(self.var.name, None))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
