"""Add a custom mirror: name and URL validated as you type, written to config.toml by the app.

The dialog never writes: it dismisses with an :class:`AddMirrorRequest` and the app appends the
``[[mirrors]]`` entry with ``core.config.add_mirror`` (tomlkit, comments kept), then probes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from goproxy_tui.core.mirrors import Catalog, check_mirror_name, check_mirror_url
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, tr
from goproxy_tui.tui.translate import translate_bindings


@dataclass(frozen=True)
class AddMirrorRequest:
    name: str
    url: str


def verdict(name: str, url: str, catalog: Catalog, user_names: frozenset[str]) -> tuple[Text, bool]:
    """The live verdict under the inputs, and whether the mirror may be added."""
    text = Text()
    ok = True
    for label, check in ((_("name"), check_mirror_name(name)), ("URL", check_mirror_url(url))):
        if check.error:
            ok = False
            text.append("✖ ", style="bold red")
            text.append(f"{label}: {printable(tr(check.error))}\n")
            if check.hint:
                text.append("  " + printable(tr(check.hint)) + "\n", style="dim")
        for warning in check.warnings:
            text.append("⚠ ", style="bold yellow")
            text.append(f"{label}: {printable(tr(warning))}\n")
    if name.casefold() in user_names:
        ok = False
        text.append("✖ ", style="bold red")
        text.append(_("a mirror named {name} is already in your config").format(name=repr(printable(name))) + "\n")
    else:
        same_name = catalog.by_name(name) if name else None
        if same_name is not None and same_name.builtin:
            text.append("⚠ ", style="bold yellow")
            text.append(_("replaces the built-in mirror {name}").format(name=printable(same_name.name)) + "\n")
    same_url = catalog.by_url(url) if url and check_mirror_url(url).ok else None
    if same_url is not None:
        text.append("⚠ ", style="bold yellow")
        text.append(_("this URL is already listed as {name}").format(name=printable(same_url.name)) + "\n")
    if ok:
        text.append("✔ " + _("will be added to your config and probed"), style="bold green")
    return text, ok


class AddMirrorScreen(ModalScreen[AddMirrorRequest | None]):
    """Modal form: name + URL."""

    DEFAULT_CSS = """
    AddMirrorScreen { align: center middle; }
    AddMirrorScreen > #dialog {
        width: 90%; max-width: 90; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    AddMirrorScreen Input { margin-bottom: 1; }
    AddMirrorScreen #add-verdict { height: auto; margin-bottom: 1; }
    AddMirrorScreen #add-buttons { height: auto; align-horizontal: right; }
    AddMirrorScreen Button { margin-left: 1; }
    """

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, catalog: Catalog, user_names: frozenset[str], config_path: Path | None = None) -> None:
        """``config_path``: where the mirror is written (``$GOTUI_CONFIG`` or the default), named in the title."""
        super().__init__()
        translate_bindings(self)
        self.catalog = catalog
        self.config_path = config_path
        self.user_names = frozenset(n.casefold() for n in user_names)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(_("Add a mirror"), style="bold"))
            if self.config_path is not None:  # its own line: a long $GOTUI_CONFIG path wraps, never cut
                yield Static(Text(_("saved in {path}").format(path=printable(str(self.config_path))), style="dim"))
            yield Input(placeholder=_("name, e.g. corp"), id="add-name")
            yield Input(placeholder=_("URL, e.g. https://goproxy.corp.example.com"), id="add-url")
            yield Static(id="add-verdict")
            with Horizontal(id="add-buttons"):
                yield Button(_("Add"), id="add", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._validate()

    def _values(self) -> tuple[str, str]:
        return self.query_one("#add-name", Input).value.strip(), self.query_one("#add-url", Input).value.strip()

    def _validate(self) -> bool:
        name, url = self._values()
        text, ok = verdict(name, url, self.catalog, self.user_names)
        if not name and not url:
            text = Text(_("Type a name and the mirror's URL."), style="dim")
        self.query_one("#add-verdict", Static).update(text)
        self.query_one("#add", Button).disabled = not ok
        return ok

    def on_input_changed(self, event: Input.Changed) -> None:
        self._validate()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "add-name":
            self.query_one("#add-url", Input).focus()
        elif self._validate():
            self.dismiss(AddMirrorRequest(*self._values()))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add" and self._validate():
            self.dismiss(AddMirrorRequest(*self._values()))
        elif event.button.id == "cancel":
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
