"""A module path and version judged by Go's own rules (x/mod/module, x/mod/semver).

Shared by the diagnosis (node 9) and ``gotui module``: path validity (``CheckPath``), the ``!``-escaping
of upper-case letters in proxy URLs, ``/vN`` (or gopkg.in's ``.vN``) against the version's major
(``CheckPathMajor``), semver validity and the canonical form. Versions that are not semver are what
``go mod download`` treats as queries: ``latest``/``upgrade``/``patch``, a prefix such as ``v1.2``
(the latest v1.2.x), or a branch, tag or commit the proxy must resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from goproxy_tui.core.rules import semver
from goproxy_tui.core.rules.module import (
    EscapeError,
    canonical_version,
    check_path,
    check_path_major,
    escape_path,
    escape_version,
    split_path_version,
)
from goproxy_tui.i18n import Msg

QUERIES = ("latest", "upgrade", "patch")


def is_prefix_query(version: str) -> bool:
    """``v1`` / ``v1.2``: valid semver shorthands that a module query reads as "the latest v1.2.x"."""
    return semver.is_valid(version) and version.count(".") < 2 and "-" not in version and "+" not in version


@dataclass(frozen=True)
class ModuleCheck:
    path: str
    path_valid: bool
    path_error: str | None
    escaped_path: str | None
    path_major: str  # "/v2", ".v1" or ""
    version: str | None  # as given; None = latest
    version_valid: bool  # semver.IsValid (a query such as "latest" counts as valid)
    version_error: str | None
    kind: str  # "query" | "prefix" | "semver" | "revision"
    canonical: str | None
    escaped_version: str | None
    major_ok: bool
    major_error: str | None
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.path_valid and self.major_ok and (self.version_valid or self.kind == "revision")

    def urls(self, base: str) -> dict[str, str]:
        """The proxy URLs Go requests for this module at ``base`` (escaped as Go escapes them)."""
        if not self.escaped_path:
            return {}
        root = f"{base.rstrip('/')}/{self.escaped_path}"
        urls = {"list": f"{root}/@v/list", "latest": f"{root}/@latest"}
        if self.escaped_version and self.kind in ("semver", "revision"):
            for suffix in ("info", "mod", "zip"):
                urls[suffix] = f"{root}/@v/{self.escaped_version}.{suffix}"
        return urls

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "path_valid": self.path_valid,
            "path_error": self.path_error,
            "escaped_path": self.escaped_path,
            "path_major": self.path_major,
            "version": self.version,
            "version_valid": self.version_valid,
            "version_error": self.version_error,
            "version_kind": self.kind,
            "canonical": self.canonical,
            "escaped_version": self.escaped_version,
            "major_ok": self.major_ok,
            "major_error": self.major_error,
            "notes": list(self.notes),
        }


def _suggest_path(path: str, version: str) -> str | None:
    """For ``example.com/m@v2.1.0``: ``example.com/m/v2``; for ``example.com/m/v2@v1.0.0``: ``example.com/m``."""
    prefix, path_major, ok = split_path_version(path)
    major = semver.major(version)
    if not ok or not major or path.startswith("gopkg.in/"):
        return None
    number = int(major[1:])
    if number >= 2:
        return f"{prefix}/v{number}"
    return prefix if path_major else None


def check_module(path: str, version: str | None = None) -> ModuleCheck:
    """Judge ``path`` and ``version`` without any network access."""
    path_error = check_path(path)
    escaped_path = None
    if path_error is None:
        try:
            escaped_path = escape_path(path)
        except EscapeError as exc:  # unreachable for a valid path, kept for safety
            path_error = str(exc)
    _prefix, path_major, _ok = split_path_version(path)
    notes: list[str] = []
    if escaped_path and escaped_path != path:
        notes.append(Msg("upper-case letters are escaped in proxy URLs: {escaped}", escaped=escaped_path))
    shown = version or "latest"
    version_error: str | None = None
    canonical: str | None = None
    escaped_version: str | None = None
    major_error: str | None = None
    if version is None or version in QUERIES:
        kind, version_valid = "query", True
        notes.append(Msg("'{version}' is a query: Go asks the proxy for @v/list and @latest", version=shown))
    elif is_prefix_query(version):
        kind, version_valid = "prefix", True
        canonical = semver.canonical(version)
        notes.append(Msg("as a query '{version}' means the latest {version}.x release, not {canonical}",
                         version=version, canonical=canonical))
    elif semver.is_valid(version):
        kind, version_valid = "semver", True
        canonical = canonical_version(version)
        if canonical != version:
            notes.append(Msg("the canonical form is {canonical}", canonical=canonical))
    else:
        kind, version_valid = "revision", False
        version_error = f"{path}@{version}: invalid version: not a semantic version"
        notes.append(Msg("'{version}' is not semver: Go treats it as a branch, tag or commit the proxy must resolve",
                         version=version))
    if kind in ("semver", "prefix", "revision") and version is not None:
        try:
            escaped_version = escape_version(version)
        except EscapeError as exc:
            version_error = version_error or f"{path}@{version}: invalid version: {exc}"
            version_valid = False
    if kind in ("semver", "prefix") and version is not None and path_error is None:
        reason = check_path_major(canonical or version, path_major)
        if reason is not None:
            major_error = f"{path}@{version}: invalid version: {reason.split(' invalid: ', 1)[1]}"
            suggestion = _suggest_path(path, canonical or version)
            if suggestion:
                notes.append(Msg("for {major} the module path is {path}", major=semver.major(canonical or version),
                                 path=suggestion))
    return ModuleCheck(
        path=path,
        path_valid=path_error is None,
        path_error=path_error,
        escaped_path=escaped_path,
        path_major=path_major,
        version=version,
        version_valid=version_valid,
        version_error=version_error,
        kind=kind,
        canonical=canonical,
        escaped_version=escaped_version,
        major_ok=major_error is None,
        major_error=major_error,
        notes=tuple(notes),
    )


def matches_prefix(version: str, prefix: str) -> bool:
    """Does ``version`` answer the prefix query ``prefix`` (``v1.2`` → v1.2.x)?"""
    return version == prefix or version.startswith(prefix + ".")
