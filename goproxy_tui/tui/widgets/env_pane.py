"""The environment pane: every Go setting that matters, its value, where it comes from, and warnings.

Values come from env files, the OS and servers, so every cell is a ``rich.text.Text`` built from
plain strings (never markup) with secrets masked and control characters made visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, ngettext, tr
from goproxy_tui.tui.translate import translate_bindings

if TYPE_CHECKING:
    from goproxy_tui.core.goenv import EnvVar, GoEnvironment

SOURCE_LABEL = {"os": N_("OS env"), "file": N_("env file"), "default": N_("default")}
SOURCE_STYLE = {"os": "bold yellow", "file": "cyan", "default": "dim"}
READ_ONLY_REASON = {
    "GOROOT": N_("it is where the running go is installed"),
    "GOVERSION": N_("it is the version of the running go"),
    "GOENV": N_("Go reads it from the OS environment only"),
    "*": N_("Go reads it from the OS environment only; set it in your shell profile"),
}


def _value_cell(var: EnvVar) -> Text:
    if not var.effective:
        return Text(_("(empty)"), style="dim italic")
    return Text(printable(var.effective), no_wrap=True, overflow="ellipsis")


def _source_cell(var: EnvVar) -> Text:
    label = _(SOURCE_LABEL[var.source])
    if var.source == "os" and var.os_name and var.os_name != var.name:
        label = _("OS {name}").format(name=var.os_name)
    return Text(label, style=SOURCE_STYLE[var.source])


def _mark_cell(var: EnvVar) -> Text:
    if var.conflict or any(w.startswith("invalid:") for w in var.warnings):
        return Text("✖", style="bold red")
    return Text("⚠", style="bold yellow") if var.warnings else Text("")


def describe_compact(var: EnvVar) -> Text:
    """The detail block on a short terminal: one line each (cut with …), so the table keeps its rows.

    The effective value and the first warning come first; the edit dialog (enter) shows every warning.
    """
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(var.name, style="bold")
    text.append(f"  {printable(tr(var.about))}\n", style="dim")
    text.append(_("effective") + ": ", style="dim")
    text.append(printable(var.effective) if var.effective else _("(empty)"))
    text.append(f"   [{_(SOURCE_LABEL[var.source])}]", style="dim")
    warnings = [printable(tr(w)) for w in var.warnings]
    if warnings:
        text.append("\n  ⚠ ", style="bold yellow")
        text.append(warnings[0])
    if len(warnings) > 1:
        more = len(warnings) - 1
        text.append("\n  ⚠ ", style="bold yellow")
        text.append(ngettext("{count} more warning: enter shows it", "{count} more warnings: enter shows them",
                             more).format(count=more), style="dim")
    elif not warnings:
        text.append("\n" + _("default") + ": ", style="dim")
        text.append(printable(var.default) if var.default else _("(empty)"))
    return text


def describe_var(var: EnvVar, envfile: str | None) -> Text:
    """The detail block under the table: layers, explanation and warnings, all plain text."""
    text = Text()
    text.append(var.name, style="bold")
    text.append(f"  {printable(tr(var.about))}\n", style="dim")
    rows = [(_("effective"), var.effective, _(SOURCE_LABEL[var.source]))]
    if var.file is not None:
        rows.append((_("env file"), var.file, envfile or ""))
    rows.append((_("default"), var.default, ""))
    width = max(9, *(cell_len(label) for label, _value, _note in rows))
    for label, value, note in rows:
        text.append(" " * (width - cell_len(label)) + label + ": ", style="dim")
        text.append(printable(value) if value else _("(empty)"))
        if note:
            text.append(f"   [{note}]", style="dim")
        text.append("\n")
    for warning in var.warnings:
        text.append("  ⚠ ", style="bold yellow")
        text.append(printable(tr(warning)) + "\n")
    if var.writable:
        text.append(_("enter: edit · ctrl+z: undo the last change"), style="dim")
    else:
        reason = _(READ_ONLY_REASON.get(var.name, READ_ONLY_REASON["*"]))
        text.append(_("read-only here: {reason}").format(reason=reason), style="dim")
    return text


class EnvPane(Vertical):
    """Table of settings plus a detail view of the highlighted one."""

    DEFAULT_CSS = """
    EnvPane { height: 1fr; }
    EnvPane > DataTable { height: 1fr; }
    EnvPane > #env-detail { height: auto; max-height: 12; padding: 0 1; border-top: solid $primary-darken-2; }
    EnvPane > #env-status { height: auto; padding: 0 1; color: $text-muted; }
    """

    BINDINGS = [Binding("e", "edit", N_("Edit"))]

    class EditRequested(Message):
        """The user wants to change ``var`` (enter or ``e`` on a row)."""

        def __init__(self, var: EnvVar) -> None:
            super().__init__()
            self.var = var

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)
        self.environment: GoEnvironment | None = None
        self.border_title = _("Environment")

    def compose(self) -> ComposeResult:
        table: DataTable[Text] = DataTable(id="env-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(Text(_("Reading 'go env'…"), style="dim"), id="env-status")
        yield Static(id="env-detail")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Variable"), key="name", width=13)
        table.add_column(_("Source"), key="source", width=10)
        table.add_column("!", key="mark", width=1)
        table.add_column(_("Value"), key="value")
        table.loading = True

    def show_environment(self, env: GoEnvironment) -> None:
        """Fill or update the rows in place (keyed by variable name; never cleared)."""
        self.environment = env
        table = self.query_one(DataTable)
        table.loading = False
        table.display = True
        if self.screen.focused is None:
            table.focus()  # the loading overlay kept it from taking focus at mount
        with self.app.batch_update():
            for var in env.vars:
                cells = (Text(var.name, style="bold"), _source_cell(var), _mark_cell(var), _value_cell(var))
                if var.name in table.rows:
                    for column, cell in zip(("name", "source", "mark", "value"), cells, strict=True):
                        table.update_cell(var.name, column, cell)
                else:
                    table.add_row(*cells, key=var.name)
        envfile = str(env.envfile) if env.envfile else _("GOENV=off: no env file")
        status = Text(f"{env.go.version} · ", style="dim")
        status.append(printable(envfile), style="dim")
        self.query_one("#env-status", Static).update(status)
        self._show_detail()

    def show_error(self, message: str, hint: str | None, *, without_go: bool = False) -> None:
        """``without_go``: go env was never read (no usable go): the empty table gives way to how to get
        Go and what works meanwhile."""
        table = self.query_one(DataTable)
        table.loading = False
        text = Text("✖ ", style="bold red")
        text.append(printable(tr(message)))
        if hint:
            text.append("\n  " + printable(tr(hint)), style="dim")
        if without_go:
            table.display = False
            text.append("\n\n" + _("Go 1.13 or newer is needed; once it is installed, press ctrl+r."))
            text.append("\n" + _("Without Go these still work: the mirror table above with its probes "
                                  "(r re-probes, t tests the speed), and 'gotui module PATH@VERSION' in a shell."),
                        style="yellow")
        self.query_one("#env-status", Static).update(text)

    def highlighted(self) -> EnvVar | None:
        table = self.query_one(DataTable)
        if self.environment is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.environment.get(str(key)) if key else None

    def _show_detail(self) -> None:
        var = self.highlighted()
        if var is None or self.environment is None:
            return
        envfile = str(self.environment.envfile) if self.environment.envfile else None
        short = self.screen.has_class("-short")
        self.query_one("#env-detail", Static).update(describe_compact(var) if short else describe_var(var, envfile))

    def on_resize(self) -> None:
        self._show_detail()  # a short terminal gets the compact detail, a tall one the full block

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        var = self.highlighted()
        if var is not None:
            self.post_message(self.EditRequested(var))
