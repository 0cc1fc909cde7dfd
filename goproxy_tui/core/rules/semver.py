"""Semantic versions exactly as golang.org/x/mod/semver (GOROOT/src/cmd/vendor/golang.org/x/mod/
semver/semver.go) reads them.

Go's dialect differs from semver.org on purpose: the leading ``v`` is required, ``v1`` and ``v1.2``
are valid shorthands for ``v1.0.0``/``v1.2.0`` (but cannot carry a pre-release or build suffix), and
numbers are kept as decimal strings so huge numbers compare correctly. Invalid versions compare
lower than valid ones and equal to each other.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class _Parsed:
    major: str
    minor: str
    patch: str
    short: str
    prerelease: str
    build: str


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _parse_int(v: str) -> tuple[str, str] | None:
    if v == "" or not _is_digit(v[0]):
        return None
    i = 1
    while i < len(v) and _is_digit(v[i]):
        i += 1
    if v[0] == "0" and i != 1:
        return None
    return v[:i], v[i:]


def _is_ident_char(c: str) -> bool:
    return "A" <= c <= "Z" or "a" <= c <= "z" or "0" <= c <= "9" or c == "-"


def _is_bad_num(v: str) -> bool:
    i = 0
    while i < len(v) and _is_digit(v[i]):
        i += 1
    return i == len(v) and i > 1 and v[0] == "0"


def _is_num(v: str) -> bool:
    return all(_is_digit(c) for c in v)


def _parse_prerelease(v: str) -> tuple[str, str] | None:
    if v == "" or v[0] != "-":
        return None
    i = start = 1
    while i < len(v) and v[i] != "+":
        if not _is_ident_char(v[i]) and v[i] != ".":
            return None
        if v[i] == ".":
            if start == i or _is_bad_num(v[start:i]):
                return None
            start = i + 1
        i += 1
    if start == i or _is_bad_num(v[start:i]):
        return None
    return v[:i], v[i:]


def _parse_build(v: str) -> tuple[str, str] | None:
    if v == "" or v[0] != "+":
        return None
    i = start = 1
    while i < len(v):
        if not _is_ident_char(v[i]) and v[i] != ".":
            return None
        if v[i] == ".":
            if start == i:
                return None
            start = i + 1
        i += 1
    if start == i:
        return None
    return v[:i], v[i:]


def _parse(v: str) -> _Parsed | None:
    if v == "" or v[0] != "v":
        return None
    got = _parse_int(v[1:])
    if got is None:
        return None
    major, v = got
    if v == "":
        return _Parsed(major, "0", "0", ".0.0", "", "")
    if v[0] != ".":
        return None
    got = _parse_int(v[1:])
    if got is None:
        return None
    minor, v = got
    if v == "":
        return _Parsed(major, minor, "0", ".0", "", "")
    if v[0] != ".":
        return None
    got = _parse_int(v[1:])
    if got is None:
        return None
    patch, v = got
    prerelease = build = ""
    if v[:1] == "-":
        pre = _parse_prerelease(v)
        if pre is None:
            return None
        prerelease, v = pre
    if v[:1] == "+":
        b = _parse_build(v)
        if b is None:
            return None
        build, v = b
    if v != "":
        return None
    return _Parsed(major, minor, patch, "", prerelease, build)


def is_valid(v: str) -> bool:
    """semver.IsValid."""
    return _parse(v) is not None


def canonical(v: str) -> str:
    """semver.Canonical: ``v1.2`` → ``v1.2.0``, build suffix dropped; ``""`` if invalid."""
    p = _parse(v)
    if p is None:
        return ""
    if p.build:
        return v[: len(v) - len(p.build)]
    if p.short:
        return v + p.short
    return v


def major(v: str) -> str:
    """semver.Major: ``v2.1.0`` → ``v2``; ``""`` if invalid."""
    p = _parse(v)
    return "" if p is None else v[: 1 + len(p.major)]


def major_minor(v: str) -> str:
    """semver.MajorMinor: ``v2.1.0`` → ``v2.1``; ``""`` if invalid."""
    p = _parse(v)
    if p is None:
        return ""
    i = 1 + len(p.major)
    j = i + 1 + len(p.minor)
    if j <= len(v) and v[i] == "." and v[i + 1 : j] == p.minor:
        return v[:j]
    return v[:i] + "." + p.minor


def prerelease(v: str) -> str:
    """semver.Prerelease: ``v1.2.3-pre+meta`` → ``-pre``."""
    p = _parse(v)
    return "" if p is None else p.prerelease


def build(v: str) -> str:
    """semver.Build: ``v1.2.3+meta`` → ``+meta``."""
    p = _parse(v)
    return "" if p is None else p.build


def _compare_int(x: str, y: str) -> int:
    if x == y:
        return 0
    if len(x) != len(y):
        return -1 if len(x) < len(y) else 1
    return -1 if x < y else 1


def _next_ident(x: str) -> tuple[str, str]:
    i = x.find(".")
    return (x, "") if i < 0 else (x[:i], x[i:])


def _compare_prerelease(x: str, y: str) -> int:
    if x == y:
        return 0
    if x == "":
        return 1
    if y == "":
        return -1
    while x and y:
        dx, x = _next_ident(x[1:])
        dy, y = _next_ident(y[1:])
        if dx != dy:
            ix, iy = _is_num(dx), _is_num(dy)
            if ix != iy:
                return -1 if ix else 1
            if ix and len(dx) != len(dy):
                return -1 if len(dx) < len(dy) else 1
            return -1 if dx < dy else 1
    return -1 if x == "" else 1


def compare(v: str, w: str) -> int:
    """semver.Compare: -1, 0 or +1. Invalid < valid; two invalid versions are equal."""
    pv, pw = _parse(v), _parse(w)
    if pv is None and pw is None:
        return 0
    if pv is None:
        return -1
    if pw is None:
        return 1
    for a, b in ((pv.major, pw.major), (pv.minor, pw.minor), (pv.patch, pw.patch)):
        if c := _compare_int(a, b):
            return c
    return _compare_prerelease(pv.prerelease, pw.prerelease)


def max_version(v: str, w: str) -> str:
    """semver.Max: the larger of the canonical forms."""
    v, w = canonical(v), canonical(w)
    return v if compare(v, w) > 0 else w


def _compare_version(a: str, b: str) -> int:
    c = compare(a, b)
    if c:
        return c
    return -1 if a < b else (1 if a > b else 0)


def sort_versions(versions: list[str]) -> list[str]:
    """semver.Sort: by version, then by string (returns a new list)."""
    return sorted(versions, key=functools.cmp_to_key(_compare_version))
