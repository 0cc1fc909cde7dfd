"""How headless commands speak: results on stdout, one-line errors with a hint on stderr."""

from __future__ import annotations

import json
import sys
import unicodedata

from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import tr


def emit(text: str = "", *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


_JSON_CONTROL = {c: f"\\u{c:04x}" for c in range(0x7F, 0xA0)}


def json_text(document: object) -> str:
    """A JSON document for stdout. Non-ASCII stays readable (``ensure_ascii=False``), but DEL and the C1
    controls are escaped as JSON escapes C0 ones: a terminal may take U+009B for CSI, and values come
    from servers. They only occur inside strings, so the parsed data is exactly the same."""
    return json.dumps(document, indent=2, ensure_ascii=False).translate(_JSON_CONTROL)


def print_problem(message: str, hint: str | None = None) -> None:
    """``message`` and ``hint`` may come from the core (a :class:`~goproxy_tui.i18n.Msg`): shown with
    ``tr()``, so in the user's language; text already translated comes back unchanged."""
    emit(f"gotui: error: {printable(tr(message))}", err=True)
    if hint:
        emit(f"  hint: {printable(tr(hint))}", err=True)


def fail(message: str, hint: str | None = None, *, code: int = 1) -> int:
    print_problem(message, hint)
    return code


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters two, combining marks none; ``len`` would
    misalign every column after a Chinese label."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
    )


def ljust(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - cell_width(text))
