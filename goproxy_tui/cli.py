"""Argument parsing for ``gotui``. Imports stay lazy: ``gotui --help`` and the headless commands
never load Textual, and the TUI never waits on the headless code paths."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import Any

from goproxy_tui.i18n import _


class _Formatter(argparse.HelpFormatter):
    """argparse's own words ("usage:") come from its gettext domain, not ours: say them in gotui's language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse, but bad usage exits 2 with gotui's one-line error format, and help in gotui's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))

    def error(self, message: str) -> None:  # type: ignore[override]
        hint = _("run '{command} --help'").format(command=self.prog)
        self.exit(2, f"gotui: error: {message}\n  hint: {hint}\n")


def early_lang(argv: list[str]) -> str | None:
    """``--lang X`` / ``--lang=X`` before the command: the language must be set before the parser's
    help texts are built (argparse parses it again and reports any misuse)."""
    for index, arg in enumerate(argv):
        if arg == "--lang":
            return argv[index + 1] if index + 1 < len(argv) else None
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--" or not arg.startswith("-"):
            return None
    return None


def apply_language(cli_lang: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Speak ``--lang``, else the config's ``[ui] lang``, else LC_ALL/LC_MESSAGES/LANG (i18n.py)."""
    from goproxy_tui.i18n import normalize, resolve_language, set_language

    config_lang = None
    if not cli_lang:
        from goproxy_tui.core.config import load_config  # its problems are reported by the command

        config_lang = load_config().config.ui.lang
    elif normalize(cli_lang) is None:
        print(f"gotui: warning: no translation for {cli_lang!r}; using English", file=sys.stderr)
    return set_language(resolve_language(cli_lang, config_lang, os.environ if environ is None else environ))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gotui",
        description=_("Get Go module downloads working: environment, mirrors, diagnosis."),
    )
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language: en or zh_CN (default: [ui] lang in the config, then LC_ALL, "
                               "LC_MESSAGES, LANG)"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    env = sub.add_parser("env", help=_("show every relevant Go setting, its value and where it comes from"))
    env.add_argument("--json", action="store_true", help=_("machine-readable output (schema_version 1)"))

    set_ = sub.add_parser("set", help=_("validated 'go env -w KEY=VALUE…' (journaled, undoable)"))
    set_.add_argument("assignments", nargs="+", metavar="KEY=VALUE")
    set_.add_argument("--force", action="store_true", help=_("write even if an OS variable overrides it"))

    unset = sub.add_parser("unset", help=_("'go env -u KEY…' (journaled, undoable)"))
    unset.add_argument("keys", nargs="+", metavar="KEY")
    unset.add_argument("--force", action="store_true", help=_("write even if an OS variable overrides it"))

    undo = sub.add_parser("undo", help=_("restore the env file to exactly what it was before the last change"))
    undo.add_argument("--force", action="store_true", help=_("undo even if the file changed since"))

    history = sub.add_parser("history", help=_("list the changes gotui made"))
    history.add_argument("--json", action="store_true")

    mirrors = sub.add_parser("mirrors", help=_("probe every mirror and print the table (exit 1: none healthy)"))
    mirrors.add_argument("--json", action="store_true", help=_("machine-readable output (schema_version 1)"))
    mirrors.add_argument("--rounds", type=int, default=1, metavar="N",
                         help=_("probe N times (median, success rate)"))

    use = sub.add_parser("use", help=_("make a mirror the active GOPROXY (journaled, undoable)"))
    which = use.add_mutually_exclusive_group(required=True)
    which.add_argument("target", nargs="?", metavar="NAME|URL",
                       help=_("a mirror name from 'gotui mirrors', or a URL"))
    which.add_argument("--best", action="store_true", help=_("the healthy mirror with the lowest median latency"))
    use.add_argument("--force", action="store_true",
                     help=_("write even if the mirror is failing or an OS variable overrides GOPROXY"))

    from goproxy_tui.commands import profile  # light: its core imports happen when it runs

    profile.add_parser(sub)

    from goproxy_tui.commands import (  # light: the engine is imported when they run
        check,
        explain,
        module,
        report,
    )

    for command in (check, explain, module, report):
        command.add_parser(sub)
    return parser


def run_tui() -> int:
    """The TUI, with the app's garbage-collector thresholds set before Textual's modules load."""
    import gc

    from goproxy_tui.tui import GC_THRESHOLDS

    gc.set_threshold(*GC_THRESHOLDS)
    from goproxy_tui.tui.app import run_app

    return run_app()


def run(argv: list[str]) -> int:
    apply_language(early_lang(argv))
    if not argv:  # plain ``gotui``: the TUI, without building the parser and importing its commands
        return run_tui()
    args = build_parser().parse_args(argv)
    if args.command is None:
        return run_tui()
    if args.command in ("mirrors", "use"):
        from goproxy_tui.commands import mirrors

        if args.command == "mirrors":
            return mirrors.cmd_mirrors(args.json, args.rounds)
        return mirrors.cmd_use(args.target, args.best, args.force)
    if args.command in ("check", "explain", "module", "report"):
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
