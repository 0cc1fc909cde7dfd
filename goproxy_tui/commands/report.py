"""``gotui report [-o FILE] [--module PATH[@VER]]``: run the diagnosis and write a Markdown report.

Safe to share: credentials are masked. Exit 0 once the report is written (whatever it found), 1 when
it cannot be written, 2 for bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from goproxy_tui.commands.output import emit, fail
from goproxy_tui.i18n import _, tr


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("report", help=_("write a Markdown diagnosis report (secrets masked)"))
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    parser.add_argument("--module", metavar="PATH[@VER]", help=_("the module to diagnose (default: [probe] module)"))
    parser.add_argument("--dir", metavar="DIR", help=_("the directory whose go.mod is checked (default: here)"))
    return parser


async def _report(args: argparse.Namespace) -> str:
    from goproxy_tui import __version__
    from goproxy_tui.commands.check import context_for, load_config_with_warnings
    from goproxy_tui.core.diagnosis import diagnose
    from goproxy_tui.core.report import render_markdown

    loaded = load_config_with_warnings()
    ctx = await context_for(args.module, args.dir, loaded)
    env = ctx.env
    diagnosis = await diagnose(ctx)
    problems = [p.format() for p in loaded.problems]  # Msg: render_markdown shows them with tr()
    return render_markdown(diagnosis, env, config_problems=problems, version=__version__)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from goproxy_tui.commands.check import dir_problem
    from goproxy_tui.core.diagnosis import TargetError

    if (code := dir_problem(args.dir)) is not None:
        return code
    try:
        markdown = asyncio.run(_report(args))
    except TargetError as exc:
        return fail(tr(exc), exc.hint or _("give the module as PATH[@VERSION]"), code=2)
    if not args.output:
        emit(markdown.rstrip("\n"))
        return 0
    target = Path(args.output).expanduser()
    try:
        target.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        return fail(_("cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc),
                    _("choose a writable path with -o"), code=1)
    emit(_("report written to {path}").format(path=target), err=True)
    return 0
