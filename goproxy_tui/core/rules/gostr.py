"""Small pieces of Go's standard library that the rule modules need to word errors as Go does.

Go quotes values in its errors with ``%q`` (strconv.Quote / strconv.QuoteRune), splits on
``unicode.IsSpace`` (strings.Fields) and parses booleans with strconv.ParseBool; Python's
``repr``/``str.split``/``bool`` differ in small ways, so users would see wording that does not match
what ``go`` prints. Go strings are bytes: a Python ``str`` that carries lone surrogates (for example
from ``os.fsdecode``) is treated as invalid UTF-8.
"""

from __future__ import annotations

import functools
import ntpath
import sys
import unicodedata
from collections.abc import Callable
from typing import ParamSpec

from goproxy_tui.core.rules.check import Check
from goproxy_tui.i18n import apply_to_data

# unicode.IsSpace: the White_Space property (src/unicode/graphic.go, tables.go).
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

_SIMPLE_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t", "\v": r"\v"}


def is_space(ch: str) -> bool:
    """unicode.IsSpace for one character."""
    return ch in _GO_SPACE


def fields(s: str) -> list[str]:
    """strings.Fields: split around runs of unicode.IsSpace characters."""
    out: list[str] = []
    cur: list[str] = []
    for ch in s:
        if ch in _GO_SPACE:
            if cur:
                out.append("".join(cur))
                cur = []
        else:
            cur.append(ch)
    if cur:
        out.append("".join(cur))
    return out


def trim_space(s: str) -> str:
    """strings.TrimSpace: strip unicode.IsSpace characters (not the other controls str.strip drops)."""
    start, end = 0, len(s)
    while start < end and s[start] in _GO_SPACE:
        start += 1
    while end > start and s[end - 1] in _GO_SPACE:
        end -= 1
    return s[start:end]


def filepath_is_abs(path: str) -> bool:
    """filepath.IsAbs for the platform we run on (Windows: a volume name then a slash, or UNC)."""
    if sys.platform == "win32":
        drive, rest = ntpath.splitdrive(path)
        if not drive:
            return False
        if drive[:2] in ("\\\\", "//"):
            return True
        return rest[:1] in ("\\", "/")
    return path.startswith("/")


def valid_utf8(s: str) -> bool:
    """utf8.ValidString: a str is valid unless it carries surrogate code points."""
    return not any(0xD800 <= ord(ch) <= 0xDFFF for ch in s)


def to_bytes(s: str) -> bytes:
    """The bytes Go would hold for ``s`` (lone surrogates from surrogateescape become raw bytes)."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def _is_print(ch: str) -> bool:
    # strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    return ch == " " or unicodedata.category(ch)[0] in "LMNPS"


def _quote_char(ch: str, quote: str) -> str:
    if ch == quote or ch == "\\":
        return "\\" + ch
    if 0xDC80 <= ord(ch) <= 0xDCFF:  # a raw byte carried by surrogateescape
        return f"\\x{ord(ch) - 0xDC00:02x}"
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return "\\ufffd"
    if _is_print(ch):
        return ch
    if ch in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[ch]
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quote(s: str | bytes) -> str:
    """strconv.Quote (what ``%q`` prints for a string)."""
    if isinstance(s, bytes):
        s = s.decode("utf-8", "surrogateescape")
    return '"' + "".join(_quote_char(ch, '"') for ch in s) + '"'


def quote_rune(ch: str) -> str:
    """strconv.QuoteRune (what ``%q`` prints for a rune)."""
    return "'" + "".join(_quote_char(c, "'") for c in ch) + "'"


def parse_bool(s: str) -> bool | None:
    """strconv.ParseBool; ``None`` where Go returns a syntax error."""
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


def _one_line_plain(text: str) -> str:
    if all(_is_print(ch) for ch in text):
        return text
    return "".join(ch if _is_print(ch) else _quote_char(ch, "") for ch in text)


def one_line(text: str) -> str:
    """Escape what would break a one-line message (controls, line/paragraph separators) as Go's %q does."""
    return apply_to_data(text, _one_line_plain)


_P = ParamSpec("_P")


def tidy(check: Check) -> Check:
    """The same Check with every message made one line (user text may carry control characters)."""
    return Check(
        error=None if check.error is None else one_line(check.error),
        hint=None if check.hint is None else one_line(check.hint),
        warnings=tuple(one_line(w) for w in check.warnings),
    )


def one_line_messages(fn: Callable[_P, Check]) -> Callable[_P, Check]:
    """Decorator for validators: the returned Check's messages are always one line each."""

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> Check:
        return tidy(fn(*args, **kwargs))

    return wrapper
