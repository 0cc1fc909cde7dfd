"""How headless commands speak: results on stdout, one-line errors with a hint on stderr."""

from __future__ import annotations

import sys

from goproxy_tui.core.redact import printable


def emit(text: str = "", *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def print_problem(message: str, hint: str | None = None) -> None:
    emit(f"gotui: error: {printable(message)}", err=True)
    if hint:
        emit(f"  hint: {printable(hint)}", err=True)


def fail(message: str, hint: str | None = None, *, code: int = 1) -> int:
    print_problem(message, hint)
    return code
