"""Module path rules from golang.org/x/mod/module (module.go): escaping for proxy URLs, CheckPath.

Upper-case letters are legal in module paths but proxies live on case-insensitive file systems, so
Go escapes each upper-case letter as '!' + its lower-case form (EscapePath / EscapeVersion).
"""

from __future__ import annotations

from goproxy_tui.core.rules import semver as _semver
from goproxy_tui.core.rules.gostr import quote as _quote
from goproxy_tui.core.rules.gostr import quote_rune as _quote_rune
from goproxy_tui.core.rules.gostr import valid_utf8 as _valid_utf8
from goproxy_tui.i18n import Msg

# x/mod/module sets no length limit, but Go stores every module in the module cache as
# GOMODCACHE/<escaped path>@<version> and cache/download/<escaped path>/@v/<version>.ziphash: an
# element beyond the file system's NAME_MAX (255 bytes) or a path beyond PATH_MAX (4096 bytes) makes
# go fail with "file name too long". Refusing such input first keeps every later step small too.
MAX_ELEMENT_BYTES = 255
MAX_PATH_BYTES = 4096
MAX_VERSION_BYTES = MAX_ELEMENT_BYTES - len(".ziphash")
SIZE_HINT = Msg("a module path has at most {path} bytes, each element at most {elem} and a version at "
                "most {version}; check what was pasted", path=MAX_PATH_BYTES, elem=MAX_ELEMENT_BYTES,
                version=MAX_VERSION_BYTES)


def _escaped_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass")) + sum(1 for c in text if "A" <= c <= "Z")


def size_error(path: str, version: str | None = None) -> str | None:
    """Why ``path`` (and ``version``) cannot fit in Go's module cache, or None. Linear in the input."""
    if len(path) > MAX_PATH_BYTES or _escaped_len(path) > MAX_PATH_BYTES:
        return Msg("the module path is {n} bytes long; Go's module cache cannot store more than {limit}",
                   n=len(path.encode("utf-8", "surrogatepass")), limit=MAX_PATH_BYTES)
    for elem in path.split("/"):
        if _escaped_len(elem) > MAX_ELEMENT_BYTES:
            return Msg("a module path element is {n} bytes long; a file name holds at most {limit}",
                       n=_escaped_len(elem), limit=MAX_ELEMENT_BYTES)
    if version is not None and (len(version) > MAX_VERSION_BYTES or _escaped_len(version) > MAX_VERSION_BYTES):
        return Msg("the version is {n} bytes long; Go's module cache cannot store more than {limit}",
                   n=_escaped_len(version), limit=MAX_VERSION_BYTES)
    return None


def short(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters for a message (``…`` marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class EscapeError(ValueError):
    """A path or version that cannot be escaped (contains '!' or non-ASCII)."""


def _escape_string(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if ch == "!" or ord(ch) >= 0x80:
            raise EscapeError(Msg("invalid character {char} in {text}", char=repr(ch), text=repr(s)))
        out.append("!" + ch.lower() if "A" <= ch <= "Z" else ch)
    return "".join(out)


def escape_path(path: str) -> str:
    """Escape a module path for use in a proxy URL: ``github.com/Azure/x`` → ``github.com/!azure/x``."""
    return _escape_string(path)


def escape_version(version: str) -> str:
    """Escape a version for use in a proxy URL (same rule as paths)."""
    return _escape_string(version)


# --------------------------------------------------------------------------------------------------
# Path and version checks: golang.org/x/mod/module (GOROOT/src/cmd/vendor/golang.org/x/mod/module/
# module.go). Each function returns Go's error text (``err.Error()``) or ``None``, so the CLI and the
# TUI show the same words ``go`` would print.

_MODULE, _IMPORT, _FILE = "module", "import", "file"

_BAD_WINDOWS_NAMES = (
    "CON", "PRN", "AUX", "NUL",
    "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
    "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
)  # fmt: skip


def _first_path_ok(r: str) -> bool:
    return r in "-." or "0" <= r <= "9" or "a" <= r <= "z"


def _mod_path_ok(r: str) -> bool:
    return r in "-._~" or "0" <= r <= "9" or "A" <= r <= "Z" or "a" <= r <= "z"


def _import_path_ok(r: str) -> bool:
    return _mod_path_ok(r) or r == "+"


def _file_name_ok(r: str) -> bool:
    if ord(r) < 0x80:
        return "0" <= r <= "9" or "A" <= r <= "Z" or "a" <= r <= "z" or r in "!#$%&()+,-.=@[]^_{}~ "
    return r.isalpha()  # unicode.IsLetter


_CHAR_OK = {_MODULE: _mod_path_ok, _IMPORT: _import_path_ok, _FILE: _file_name_ok}


def _check_elem(elem: str, kind: str) -> str | None:
    """checkElem: one slash-separated element."""
    if elem == "":
        return Msg("empty path element")
    if elem.count(".") == len(elem):
        return Msg("invalid path element {elem}", elem=_quote(elem))
    if elem[0] == "." and kind == _MODULE:
        return Msg("leading dot in path element")
    if elem[-1] == ".":
        return Msg("trailing dot in path element")
    ok = _CHAR_OK[kind]
    for r in elem:
        if not ok(r):
            return Msg("invalid char {char}", char=_quote_rune(r))
    short = elem.split(".", 1)[0]
    for bad in _BAD_WINDOWS_NAMES:
        if short.upper() == bad and short.isascii():
            return Msg("{name} disallowed as path element component on Windows", name=_quote(short))
    if kind == _FILE:
        return None
    tilde = short.rfind("~")
    if 0 <= tilde < len(short) - 1 and short[tilde + 1 :].isdigit() and short[tilde + 1 :].isascii():
        return Msg("trailing tilde and digits in path element")
    return None


def _check_path(path: str, kind: str) -> str | None:
    """checkPath: the rules shared by module, import and file paths."""
    if not _valid_utf8(path):
        return Msg("invalid UTF-8")
    if path == "":
        return Msg("empty string")
    if path[0] == "-" and kind != _FILE:
        return Msg("leading dash")
    if "//" in path:
        return Msg("double slash")
    if path[-1] == "/":
        return Msg("trailing slash")
    for elem in path.split("/"):
        if (err := _check_elem(elem, kind)) is not None:
            return err
    return None


def _check_module_path_reason(path: str) -> str | None:
    if (err := size_error(path)) is not None:
        return err
    if (err := _check_path(path, _MODULE)) is not None:
        return err
    first = path.split("/", 1)[0]
    if first == "":
        return Msg("leading slash")
    if "." not in first:
        return Msg("missing dot in first path element")
    if path[0] == "-":
        return Msg("leading dash in first path element")
    for r in first:
        if not _first_path_ok(r):
            return Msg("invalid char {char} in first path element", char=_quote_rune(r))
    if not split_path_version(path)[2]:
        return Msg("invalid version")
    return None


def check_path(path: str) -> str | None:
    """module.CheckPath: is ``path`` a valid module path? ``malformed module path "p": reason``."""
    reason = _check_module_path_reason(path)
    return (
        None
        if reason is None
        else Msg("malformed module path {path}: {reason}", path=_quote(short(path)), reason=reason)
    )


def check_import_path(path: str) -> str | None:
    """module.CheckImportPath (allows '+', no dot needed in the first element, no /vN rule)."""
    reason = _check_path(path, _IMPORT)
    return (
        None
        if reason is None
        else Msg("malformed import path {path}: {reason}", path=_quote(path), reason=reason)
    )


def check_file_path(path: str) -> str | None:
    """module.CheckFilePath (names of files inside a module zip)."""
    reason = _check_path(path, _FILE)
    return (
        None
        if reason is None
        else Msg("malformed file path {path}: {reason}", path=_quote(path), reason=reason)
    )


def split_path_version(path: str) -> tuple[str, str, bool]:
    """module.SplitPathVersion: ``x.y/z/v2`` → (``x.y/z``, ``/v2``, True); gopkg.in uses ``.vN``.

    ``ok`` is False for a malformed suffix such as ``/v0``, ``/v1`` or ``/v2.0``.
    """
    if path.startswith("gopkg.in/"):
        return _split_gopkg_in(path)
    i = len(path)
    dot = False
    while i > 0 and ("0" <= path[i - 1] <= "9" or path[i - 1] == "."):
        if path[i - 1] == ".":
            dot = True
        i -= 1
    if i <= 1 or i == len(path) or path[i - 1] != "v" or path[i - 2] != "/":
        return path, "", True
    prefix, path_major = path[: i - 2], path[i - 2 :]
    if dot or len(path_major) <= 2 or path_major[2] == "0" or path_major == "/v1":
        return path, "", False
    return prefix, path_major, True


def _split_gopkg_in(path: str) -> tuple[str, str, bool]:
    i = len(path)
    if path.endswith("-unstable"):
        i -= len("-unstable")
    while i > 0 and "0" <= path[i - 1] <= "9":
        i -= 1
    if i <= 1 or path[i - 1] != "v" or path[i - 2] != ".":
        return path, "", False
    prefix, path_major = path[: i - 2], path[i - 2 :]
    if len(path_major) <= 2 or (path_major[2] == "0" and path_major != ".v0"):
        return path, "", False
    return prefix, path_major, True


def check_path_major(version: str, path_major: str) -> str | None:
    """module.CheckPathMajor: does ``version`` fit the path's major suffix?

    Returns Go's InvalidVersionError text, e.g. ``version "v2.0.0" invalid: should be v0 or v1, not v2``.
    """
    reason = _path_major_reason(version, path_major)
    return (
        None
        if reason is None
        else Msg("version {version} invalid: {reason}", version=_quote(version), reason=reason)
    )


def _path_major_reason(version: str, path_major: str) -> str | None:
    """Why ``version`` does not fit ``path_major`` (``should be v0 or v1, not v2``), or None."""
    if path_major.startswith(".v") and path_major.endswith("-unstable"):
        path_major = path_major[: -len("-unstable")]
    if version.startswith("v0.0.0-") and path_major == ".v1":
        return None  # gopkg.in/x.v1 may use v0 pseudo-versions (old vgo)
    m = _semver.major(version)
    if path_major == "":
        if m in ("v0", "v1") or _semver.build(version) == "+incompatible":
            return None
        return Msg("should be {want}, not {got}", want=Msg("v0 or v1"), got=m)
    if path_major[0] in "/.":
        if m == path_major[1:]:
            return None
        path_major = path_major[1:]
    return Msg("should be {want}, not {got}", want=path_major, got=m)


def match_path_major(version: str, path_major: str) -> bool:
    """module.MatchPathMajor."""
    return check_path_major(version, path_major) is None


def check(path: str, version: str) -> str | None:
    """module.Check: path valid, version semver and matching the path's major version."""
    if (err := check_path(path)) is not None:
        return err
    if not _semver.is_valid(version):
        return Msg(
            "{path}@{version}: invalid version: {reason}",
            path=path,
            version=version,
            reason=Msg("not a semantic version"),
        )
    _, path_major, _ = split_path_version(path)
    if (reason := _path_major_reason(version, path_major)) is not None:
        return Msg("{path}@{version}: invalid version: {reason}", path=path, version=version, reason=reason)
    return None


def canonical_version(version: str) -> str:
    """module.CanonicalVersion: semver.Canonical, keeping a ``+incompatible`` build suffix."""
    cv = _semver.canonical(version)
    if _semver.build(version) == "+incompatible":
        cv += "+incompatible"
    return cv


def _unescape_string(escaped: str) -> str | None:
    out: list[str] = []
    bang = False
    for r in escaped:
        if ord(r) >= 0x80:
            return None
        if bang:
            bang = False
            if not "a" <= r <= "z":
                return None
            out.append(r.upper())
            continue
        if r == "!":
            bang = True
            continue
        if "A" <= r <= "Z":
            return None
        out.append(r)
    return None if bang else "".join(out)


def unescape_path(escaped: str) -> tuple[str | None, str | None]:
    """module.UnescapePath: ``github.com/!azure/x`` → (``github.com/Azure/x``, None) or (None, error)."""
    path = _unescape_string(escaped)
    if path is None:
        return None, Msg("invalid escaped module path {path}", path=_quote(escaped))
    if (err := check_path(path)) is not None:
        return None, Msg("invalid escaped module path {path}: {reason}", path=_quote(escaped), reason=err)
    return path, None


def unescape_version(escaped: str) -> tuple[str | None, str | None]:
    """module.UnescapeVersion: (version, None) or (None, error)."""
    version = _unescape_string(escaped)
    if version is None:
        return None, Msg("invalid escaped version {version}", version=_quote(escaped))
    if (reason := _check_elem(version, _FILE)) is not None:
        return None, Msg(
            "invalid escaped version {version}: {reason}", version=_quote(version), reason=reason
        )
    return version, None
