"""``?`` / F1: every key, grouped by the pane it works in, plus what the mouse does.

The rows are read from the ``BINDINGS`` of the app, the screens and the panes, so the help can never
list a key that does not exist or miss one that was added; only keys Textual handles inside a
widget (enter on a row, the arrows) are written out here.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

from goproxy_tui.i18n import N_, _

Row = tuple[str, str]
Section = tuple[str, list[Row]]

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super")


def key_label(key: str) -> str:
    """``ctrl+z`` stays readable (the footer's ``^z`` is terse), ``question_mark`` becomes ``?``."""
    parts = key.split("+")
    modifiers = [p for p in parts[:-1] if p in _MODIFIERS]
    name = {"escape": "esc", "question_mark": "?"}.get(parts[-1], format_key(parts[-1]))
    return "+".join([*modifiers, name])


def binding_rows(bindings: Iterable[BindingType], *, only: Container[str] | None = None,
                 without: Container[str] = ()) -> list[Row]:
    """One row per action, its keys joined (``s / →``), described by the first labelled binding."""
    order: list[str] = []
    keys: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    shown: set[str] = set()  # actions whose label came from a binding the footer shows
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if (only is not None and binding.action not in only) or binding.action in without:
            continue
        for key in binding.key.split(","):
            if binding.action not in keys:
                order.append(binding.action)
                keys[binding.action] = []
            label = binding.key_display or key_label(key.strip())
            if label not in keys[binding.action]:
                keys[binding.action].append(label)
        if binding.description and binding.action not in shown:
            if binding.show or binding.action not in labels:
                labels[binding.action] = binding.description
            if binding.show:
                shown.add(binding.action)
    return [(" / ".join(keys[action]), _(labels.get(action, action))) for action in order]


def help_sections(app: App[object]) -> list[Section]:
    """The help's content: (title, [(keys, what they do)]) per pane, in reading order."""
    # imported here: the wizard module pulls in the diagnosis engine, which the first paint never needs
    from goproxy_tui.tui.screens.main import MainScreen
    from goproxy_tui.tui.screens.wizard import WizardScreen
    from goproxy_tui.tui.widgets.env_pane import EnvPane

    diagnose = ("app.diagnose",)
    everywhere = binding_rows(type(app).BINDINGS)
    everywhere.append((key_label(app.COMMAND_PALETTE_BINDING), _("Command palette: every action by name")))
    main = [
        *binding_rows(MainScreen.BINDINGS, only=diagnose),
        ("tab / shift+tab", _("Move between the panes (on a short terminal the pane in focus gets the room)")),
    ]
    mirrors = [
        ("↑ / ↓", _("Move through the mirrors")),
        ("enter", _("Use the highlighted mirror (same as u)")),
        ("← / →", _("Scroll the columns (DNS, TCP, TLS, TTFB, URL) on a narrow terminal")),
        *binding_rows(MainScreen.BINDINGS, without=diagnose),
    ]
    environment = [
        ("↑ / ↓", _("Move through the settings; the one highlighted is explained below the table")),
        ("enter", _("Edit the highlighted setting (validated with Go's rules before writing)")),
        *binding_rows(EnvPane.BINDINGS),
    ]
    wizard = binding_rows(WizardScreen.BINDINGS)
    dialogs = [
        ("enter", _("Confirm the field or the highlighted button")),
        ("esc", _("Cancel: nothing is written")),
        ("y / n", _("Answer a yes/no question")),
    ]
    mouse = [
        (_("click"), _("Highlight a row; click it again to use the mirror or edit the setting")),
        (_("click"), _("A mirror table header (Mirror, Status, Median) sorts by it")),
        (_("click"), _("A key in the footer presses it")),
        (_("wheel"), _("Scroll the pane under the pointer")),
    ]
    return [
        (_("Everywhere"), everywhere),
        (_("Main screen"), main),
        (_("Mirrors pane (its keys work wherever the focus is on the main screen)"), mirrors),
        (_("Environment pane"), environment),
        (_("Diagnosis wizard"), wizard),
        (_("Dialogs"), dialogs),
        (_("Mouse"), mouse),
    ]


def render_section(title: str, rows: Sequence[Row], key_width: int) -> Group:
    """The title, then keys and descriptions in two columns (long descriptions wrap under themselves)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=key_width, no_wrap=True, style="bold cyan")
    grid.add_column(ratio=1)
    for keys, what in rows:
        grid.add_row(Text(keys), Text(what))
    return Group(Text(title, style="bold underline"), Padding(grid, (0, 0, 0, 2)))


class HelpScreen(ModalScreen[None]):
    """A scrollable sheet of every key; any of ``esc``, ``q``, ``?``, ``F1`` closes it."""

    AUTO_FOCUS = "#help-body"

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-dialog {
        width: 96%; max-width: 110; height: 96%; max-height: 56;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-body { height: 1fr; }
    HelpScreen #help-body > Static { margin-bottom: 1; }
    HelpScreen #help-hint { height: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close")),
        Binding("q", "close", N_("Close"), show=False),
        Binding("question_mark", "close", N_("Close"), show=False),
        Binding("f1", "close", N_("Close"), show=False),
    ]

    def compose(self) -> ComposeResult:
        sections = help_sections(self.app)
        width = max(cell_len(keys) for _title, rows in sections for keys, _what in rows)
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = _("gotui keys")
            with VerticalScroll(id="help-body"):
                for title, rows in sections:
                    yield Static(render_section(title, rows, width))
            yield Static(Text(_("↑/↓ or the wheel scroll · esc, q, ? or F1 close")), id="help-hint")

    def action_close(self) -> None:
        self.dismiss(None)
