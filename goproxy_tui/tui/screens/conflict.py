"""When an OS variable blocks a change: say which file and line export it, and offer the TUI's own way.

The CLI has ``--force``; here the same choice is a confirm dialog: write the env file anyway (it takes
effect once the export is gone), or leave it. The dialog names each shell startup line that sets the
variable (``core.shellrc``) and the exact shell command that clears it for one session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from goproxy_tui.core.redact import printable
from goproxy_tui.core.shellrc import export_sites
from goproxy_tui.i18n import _, tr

if TYPE_CHECKING:
    from goproxy_tui.core.goenv import GoEnvironment, Problem


def only_conflicts(problems: Sequence[Problem]) -> bool:
    """True when every problem is an OS-environment conflict (the only kind writing anyway can get past)."""
    return bool(problems) and all(p.kind == "conflict" for p in problems)


def conflict_question(problems: Sequence[Problem], env: GoEnvironment, environ: Mapping[str, str]) -> str:
    """The confirm dialog's text: what overrides what, where it is exported, what to do, the question."""
    lines: list[str] = []
    for problem in problems:
        try:
            os_name = env.get(problem.key).os_name or problem.key
        except KeyError:
            os_name = problem.key
        lines.append(tr(problem.message))
        sites = export_sites(os_name, environ)
        if sites:
            for site in sites[:3]:
                lines.append("  " + _("exported at {file}, line {line}: {text}").format(
                    file=site.path, line=site.line, text=site.text))
            lines.append("  " + _("delete or comment out that line, then open a new shell and restart gotui"))
        else:
            lines.append("  " + _("no shell startup file sets it: it comes from whatever started this terminal "
                                  "(an IDE, a systemd unit, CI settings)"))
        lines.append("  " + _("for one shell session: {command}").format(command=f"unset {os_name}"))
    lines.append("")
    lines.append(_("Write the env file anyway? It takes effect once the OS variable is gone."))
    return "\n".join(printable(line) for line in lines)


__all__ = ["conflict_question", "only_conflicts"]
