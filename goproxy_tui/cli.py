"""Argument parsing for ``gotui``. Imports stay lazy: ``gotui --help`` and the headless commands
never load Textual, and the TUI never waits on the headless code paths."""

from __future__ import annotations

import argparse


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage exits 2 with gotui's one-line error format."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"gotui: error: {message}\n  hint: run '{self.prog} --help'\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gotui",
        description="Get Go module downloads working: environment, mirrors, diagnosis.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    env = sub.add_parser("env", help="show every relevant Go setting, its value and where it comes from")
    env.add_argument("--json", action="store_true", help="machine-readable output (schema_version 1)")

    set_ = sub.add_parser("set", help="validated 'go env -w KEY=VALUE…' (journaled, undoable)")
    set_.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    set_.add_argument("--force", action="store_true", help="write even if an OS variable overrides it")

    unset = sub.add_parser("unset", help="'go env -u KEY…' (journaled, undoable)")
    unset.add_argument("keys", nargs="+", metavar="KEY")
    unset.add_argument("--force", action="store_true", help="write even if an OS variable overrides it")

    undo = sub.add_parser("undo", help="restore the env file to exactly what it was before the last change")
    undo.add_argument("--force", action="store_true", help="undo even if the file changed since")

    history = sub.add_parser("history", help="list the changes gotui made")
    history.add_argument("--json", action="store_true")

    mirrors = sub.add_parser("mirrors", help="probe every mirror and print the table (exit 1: none healthy)")
    mirrors.add_argument("--json", action="store_true", help="machine-readable output (schema_version 1)")
    mirrors.add_argument("--rounds", type=int, default=1, metavar="N", help="probe N times (median, success rate)")

    use = sub.add_parser("use", help="make a mirror the active GOPROXY (journaled, undoable)")
    which = use.add_mutually_exclusive_group(required=True)
    which.add_argument("target", nargs="?", metavar="NAME|URL", help="a mirror name from 'gotui mirrors', or a URL")
    which.add_argument("--best", action="store_true", help="the healthy mirror with the lowest median latency")
    use.add_argument("--force", action="store_true",
                     help="write even if the mirror is failing or an OS variable overrides GOPROXY")

    from goproxy_tui.commands import profile  # light: its core imports happen when it runs

    profile.add_parser(sub)

    from goproxy_tui.commands import check, module, report  # light: the engine is imported when they run

    for command in (check, module, report):
        command.add_parser(sub)
    return parser


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from goproxy_tui.tui.app import run_app

        return run_app()
    if args.command in ("mirrors", "use"):
        from goproxy_tui.commands import mirrors

        if args.command == "mirrors":
            return mirrors.cmd_mirrors(args.json, args.rounds)
        return mirrors.cmd_use(args.target, args.best, args.force)
    if args.command in ("check", "module", "report"):
        import importlib

        return importlib.import_module(f"goproxy_tui.commands.{args.command}").run(args)
    if args.command in ("apply", "profile"):
        from goproxy_tui.commands import profile

        return profile.run(args)
    from goproxy_tui.commands import env

    if args.command == "env":
        return env.cmd_env(args.json)
    if args.command == "set":
        return env.cmd_set(args.assignments, args.force)
    if args.command == "unset":
        return env.cmd_unset(args.keys, args.force)
    if args.command == "undo":
        return env.cmd_undo(args.force)
    if args.command == "history":
        return env.cmd_history(args.json)
    raise AssertionError(args.command)
