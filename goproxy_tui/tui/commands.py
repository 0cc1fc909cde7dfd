"""The command palette (ctrl+p): gotui's actions by name, one "Use mirror NAME" per mirror.

Each command calls the same app action as its key, so the palette never does anything a key would
not. Mirror names and URLs come from config files: the prompt is built from plain text and the help
line is escaped, so neither can inject markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import _

if TYPE_CHECKING:
    from goproxy_tui.tui.app import GotuiApp


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    run: Callable[[], object]
    help: str


def palette_commands(app: GotuiApp) -> list[PaletteCommand]:
    """What the palette offers right now (the mirror list changes when a mirror is added)."""
    commands = [
        PaletteCommand(_("Run diagnosis"), app.action_diagnose,
                       _("Walk the fault-diagnosis flowchart step by step (d)")),
        PaletteCommand(_("Apply team profile…"), app.action_apply_profile,
                       _("Show what a team's profile (TOML) would change, then write it as one undoable change")),
        PaletteCommand(_("Undo last change"), app.action_undo,
                       _("Restore the Go env file to what it was before gotui's last change (ctrl+z)")),
        PaletteCommand(_("Export report…"), app.action_export_report,
                       _("Write a Markdown diagnosis report to a file, secrets masked")),
        PaletteCommand(_("Re-probe mirrors"), app.action_refresh_mirrors,
                       _("Probe every mirror now (r)")),
        PaletteCommand(_("Help: keys per pane"), app.action_help, _("Every key and what the mouse does (? or F1)")),
    ]
    for mirror in app.mirrors:
        commands.append(
            PaletteCommand(
                _("Use mirror {name}").format(name=printable(mirror.name)),
                partial(app.request_switch, mirror),
                escape(printable(mirror.display_url)),
            )
        )
    return commands


class GotuiCommands(Provider):
    """Offered on the main screen only: the wizard and the dialogs have their own keys."""

    def _commands(self) -> list[PaletteCommand]:
        from goproxy_tui.tui.app import GotuiApp

        app = self.app
        if not isinstance(app, GotuiApp) or self.screen is not app.main_screen:
            return []
        return palette_commands(app)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(Content(command.name), command.run, text=command.name, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, text=command.name, help=command.help)


__all__ = ["GotuiCommands", "PaletteCommand", "palette_commands"]
