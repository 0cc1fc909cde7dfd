"""Argument parsing for ``gotui``; the headless commands live in ``goproxy_tui.commands``."""

from __future__ import annotations

import argparse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gotui",
        description="Get Go module downloads working: environment, mirrors, diagnosis.",
    )
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def run(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from goproxy_tui.tui.app import run_app

        return run_app()
    return 0
