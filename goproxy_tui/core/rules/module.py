"""Module path rules from golang.org/x/mod/module (module.go): escaping for proxy URLs.

Upper-case letters are legal in module paths but proxies live on case-insensitive file systems, so
Go escapes each upper-case letter as '!' + its lower-case form (EscapePath / EscapeVersion).
"""

from __future__ import annotations


class EscapeError(ValueError):
    """A path or version that cannot be escaped (contains '!' or non-ASCII)."""


def _escape_string(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if ch == "!" or ord(ch) >= 0x80:
            raise EscapeError(f"invalid character {ch!r} in {s!r}")
        out.append("!" + ch.lower() if "A" <= ch <= "Z" else ch)
    return "".join(out)


def escape_path(path: str) -> str:
    """Escape a module path for use in a proxy URL: ``github.com/Azure/x`` → ``github.com/!azure/x``."""
    return _escape_string(path)


def escape_version(version: str) -> str:
    """Escape a version for use in a proxy URL (same rule as paths)."""
    return _escape_string(version)
