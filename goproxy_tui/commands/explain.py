"""``gotui explain [FILE] [--json]``: what Go's own error output means, and the right fix.

Reads what a failing ``go`` command printed (FILE, or standard input when FILE is absent or ``-``)
and maps it through the catalog of Go's error texts (core/goerrors). Exit 0 when it recognised at
least one failure, 1 when it recognised none, 2 for bad input (an unreadable or oversized file).
Everything quoted from the input goes through ``printable`` (credentials masked, control characters
visible): the text may come from anywhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from goproxy_tui.commands.output import emit, fail, json_text, ljust
from goproxy_tui.i18n import _, ngettext, tr


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "explain", help=_("explain what go printed: the failure, where to look and the fix (exit 1: nothing recognised)")
    )
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help=_("a file with go's output (default, or '-': standard input)"))
    parser.add_argument("--json", action="store_true", help=_("machine-readable output (schema_version 1)"))
    return parser


def _read(name: str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes (one more tells that the input is too large)."""
    if name == "-":
        if sys.stdin is None:
            raise OSError(_("no standard input"))
        if sys.stdin.isatty():
            emit(_("paste what go printed, then press Ctrl-D"), err=True)
        return sys.stdin.buffer.read(limit + 1)
    with Path(name).expanduser().open("rb") as handle:
        return handle.read(limit + 1)


def _text_lines(failures: list[Any]) -> list[str]:
    from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
    from goproxy_tui.core.redact import printable

    lines: list[str] = []
    width = 10
    for number, failure in enumerate(failures, 1):
        step = NODE_BY_ID.get(failure.node)
        where = tr(step.title) if step is not None else failure.node
        lines.append(f"{number}. {printable(tr(failure.summary))}  [{failure.kind}]")
        if failure.module:
            shown = failure.module + (f"@{failure.version}" if failure.version else "")
            lines.append(f"   {ljust(_('module'), width)} {printable(shown)}")
        if failure.host:
            status = "  " + _("(HTTP {status})").format(status=failure.status) if failure.status else ""
            lines.append(f"   {ljust(_('host'), width)} {printable(failure.host)}{status}")
        lines.append(f"   {ljust(_('go said'), width)} {printable(failure.line)}")
        lines.append(f"   {ljust(_('look at'), width)} {printable(where)} ({failure.node})")
        if failure.hint:
            lines.append(f"   {ljust(_('fix'), width)} {printable(tr(failure.hint))}")
    return lines


def run(args: argparse.Namespace) -> int:
    from goproxy_tui.core.goerrors import MAX_INPUT, GoOutputTooLarge, explain

    shown_name = "-" if args.file == "-" else str(args.file)
    try:
        data = _read(args.file, MAX_INPUT)
    except OSError as exc:
        return fail(_("cannot read {path}: {reason}").format(path=shown_name, reason=exc.strerror or exc),
                    _("give a readable file, or pipe go's output: go build 2>&1 | gotui explain"), code=2)
    if len(data) > MAX_INPUT:
        return fail(_("{path} is larger than {limit} bytes: that is not the output of one go command")
                    .format(path=shown_name, limit=MAX_INPUT),
                    _("give only what the failing go command printed"), code=2)
    try:
        failures = explain(data.decode("utf-8", errors="replace"))
    except GoOutputTooLarge as exc:
        return fail(tr(exc), tr(exc.hint), code=2)
    if args.json:
        emit(json_text({"schema_version": 1, "recognized": bool(failures),
                        "findings": [f.to_json() for f in failures]}))
        return 0 if failures else 1
    if not failures:
        return fail(_("no Go error recognised in the input"),
                    _("give the whole output of the failing command, e.g. go mod download 2>&1 | gotui explain; "
                      "'gotui check' diagnoses the setup without it"), code=1)
    for line in _text_lines(failures):
        emit(line)
    first = failures[0]
    emit("")
    emit(ngettext("{count} failure recognised; 'gotui check' diagnoses it, starting at: {node}",
                  "{count} failures recognised; 'gotui check' diagnoses them, starting at: {node}",
                  len(failures)).format(count=len(failures), node=first.node))
    return 0
