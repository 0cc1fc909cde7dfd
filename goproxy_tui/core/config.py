"""gotui's TOML config: read with tomllib, written with tomlkit so the user's comments survive.

Reading never fails. A config that is broken must not keep a network-repair tool from starting, so
:func:`load_config` always returns a usable :class:`Config` plus the :class:`ConfigProblem` list the UI
shows as ``config.toml:7: [probe] timeout: must be a positive number``. Granularity, smallest unit
first, so one typo never costs the user the rest of their settings (e.g. their corporate mirror):

* a bad value discards **that key** only (it takes its default); a bad element of ``[dns] resolvers``
  discards that element only;
* a bad ``[[mirrors]]`` entry (no name, bad URL, duplicate name) discards **that entry** only;
* unknown keys and sections are reported and ignored;
* a section that is not a table (``probe = 5``) discards the section (defaults);
* a file that is not TOML (syntax error, not UTF-8, unreadable) discards the file (all defaults).

The file itself is never written by reading. Writers (:func:`add_mirror`, :func:`set_value`) refuse
to touch a file that does not parse, write atomically and keep the previous content in ``.bak``.
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from goproxy_tui.core.files import atomic_write_bytes, read_capped, user_config_dir
from goproxy_tui.core.mirrors import (
    Catalog,
    CatalogError,
    Mirror,
    check_mirror_name,
    check_mirror_url,
    merge_catalog,
)
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.module import short, size_error
from goproxy_tui.i18n import N_, Joined, Msg, message_of

if TYPE_CHECKING:
    import tomlkit  # the writers import it when they run: reading the config (every start) never needs it

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ENV_VAR = "GOTUI_CONFIG"
FILE_NAME = "config.toml"

ChainStyle = Literal["resilient", "plain"]
"""How ``gotui use`` builds GOPROXY: ``mirror|next|…|direct`` (falls through on any error) or
``mirror,direct`` (falls through on 404/410 only)."""


def config_path() -> Path:
    """``$GOTUI_CONFIG`` if set and non-empty, else ``<user config dir>/gotui/config.toml``."""
    override = os.environ.get(ENV_VAR, "")
    if override:
        return Path(override).expanduser()
    return user_config_dir() / FILE_NAME


# --------------------------------------------------------------------------------------------------
# Typed settings


@dataclass(frozen=True)
class CatalogSettings:
    include_builtin: bool = True


@dataclass(frozen=True)
class ProbeSettings:
    module: str = "github.com/gin-gonic/gin"
    timeout: float = 5.0
    interval: float = 10.0


@dataclass(frozen=True)
class DnsSettings:
    resolvers: tuple[str, ...] = ("223.5.5.5", "119.29.29.29", "8.8.8.8")
    resolv_conf: str = ""  # "" = the platform's resolver; a path = its nameservers are "the system resolver"
    resolv_conf_port: int = 53  # port of those nameservers (resolv.conf has none; a local resolver may differ)

    def addresses(self) -> tuple[tuple[str, int], ...]:
        """The resolvers as ``(ip, port)``; entries were validated on load."""
        return tuple(parse_resolver(text) for text in self.resolvers)


@dataclass(frozen=True)
class SwitchSettings:
    chain: ChainStyle = "resilient"
    auto_failover: bool = False


@dataclass(frozen=True)
class UiSettings:
    lang: str = ""  # "" = from the environment


@dataclass(frozen=True)
class CheckSettings:
    verify_timeout: float = 60.0  # seconds the final real `go mod download` of `gotui check` may take


@dataclass(frozen=True)
class Config:
    catalog: CatalogSettings = field(default_factory=CatalogSettings)
    mirrors: tuple[Mirror, ...] = ()
    probe: ProbeSettings = field(default_factory=ProbeSettings)
    dns: DnsSettings = field(default_factory=DnsSettings)
    switch: SwitchSettings = field(default_factory=SwitchSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    check: CheckSettings = field(default_factory=CheckSettings)

    def merged_catalog(self) -> Catalog:
        """Built-in + user mirrors per ``[catalog] include_builtin`` (names are unique after loading)."""
        try:
            return merge_catalog(self.mirrors, self.catalog.include_builtin)
        except CatalogError:  # only reachable with a hand-built Config: keep the first of each name
            unique: dict[str, Mirror] = {}
            for mirror in self.mirrors:
                unique.setdefault(mirror.name.casefold(), mirror)
            return merge_catalog(unique.values(), self.catalog.include_builtin)


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with the config file; ``line`` is 1-based, ``None`` when unknown."""

    file: Path
    line: int | None
    key: str  # "[probe] timeout", "[[mirrors]] #2 url", "" for the whole file
    message: str

    def format(self, full_path: bool = False) -> str:
        where = str(self.file) if full_path else self.file.name
        if self.line is not None:
            where += f":{self.line}"
        return Joined(": ", (where, self.key, self.message) if self.key else (where, self.message))

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class LoadedConfig:
    """What :func:`load_config` returns: settings to run with, and what was wrong with the file."""

    config: Config
    path: Path
    exists: bool
    problems: tuple[ConfigProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def catalog(self) -> Catalog:
        return self.config.merged_catalog()


class ConfigWriteError(Exception):
    """A write was refused or failed; ``str()`` is a one-line message and the file is unchanged."""


# Value validators: return the typed value or raise _Invalid(one-line reason)


class _Invalid(ValueError):
    pass


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise _Invalid(Msg("must be true or false, not {value}", value=_describe(value)))
    return value


def _seconds(minimum: float, strict: bool) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _Invalid(Msg("must be a positive number of seconds, not {value}", value=_describe(value)))
        number = float(value)
        if not math.isfinite(number) or number < minimum or (strict and number <= minimum):
            if minimum <= 0:
                raise _Invalid(Msg("must be a positive number, not {value}", value=value))
            raise _Invalid(Msg("must be a number of seconds >= {minimum:g}, not {value}", minimum=minimum, value=value))
        return number

    return check


_MODULE_CHARS = re.compile(r"[A-Za-z0-9._~/-]+")  # x/mod/module modPathOK, plus '/'
_FIRST_ELEM = re.compile(r"[a-z0-9.-]+")  # x/mod/module firstPathOK: lower case, must hold a dot


def _module_path(value: object) -> str:
    """A light version of Go's module.CheckPath: enough to catch typos in the probe module."""
    if not isinstance(value, str):
        raise _Invalid(Msg("must be a module path string, not {value}", value=_describe(value)))
    if (err := size_error(value)) is not None:
        raise _Invalid(err)
    if not value or any(ch.isspace() for ch in value) or "@" in value:
        raise _Invalid(Msg("{value} is not a module path (no spaces, no @version)", value=repr(short(value))))
    if not _MODULE_CHARS.fullmatch(value):
        raise _Invalid(Msg("{value} is not a module path (invalid character)", value=repr(short(value))))
    elements = value.split("/")
    if any(e in ("", ".", "..") for e in elements):
        raise _Invalid(Msg("{value} is not a module path (empty or dot path element)", value=repr(short(value))))
    if not _FIRST_ELEM.fullmatch(elements[0]) or "." not in elements[0]:
        raise _Invalid(Msg("{value}: the first path element must be a lower-case host name, e.g. github.com",
                           value=repr(short(value))))
    return value


def parse_resolver(text: str) -> tuple[str, int]:
    """``"8.8.8.8"`` → ``("8.8.8.8", 53)``; ``"9.9.9.9:5353"``, ``"[2400:3200::1]:53"`` and a bare
    IPv6 address are accepted. Raises ``ValueError`` with a one-line reason otherwise.

    Host names are refused on purpose: resolving them would go through the very resolver under test.
    """
    host, port = text, 53
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            raise ValueError(Msg("{text}: write [IPv6]:port", text=repr(text)))
        if rest:
            port = _port(text, rest[1:])
    elif text.count(":") == 1:
        host, _, rest = text.partition(":")
        port = _port(text, rest)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(Msg("{text} is not an IP address (optionally with :port)", text=repr(text))) from None
    if text.startswith("[") and address.version != 6:
        raise ValueError(Msg("{text}: brackets are for IPv6 addresses", text=repr(text)))
    return str(address), port


def _port(text: str, digits: str) -> int:
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) < 65536:
        raise ValueError(Msg("{text}: port must be 1-65535", text=repr(text)))
    return int(digits)


def _resolver(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(Msg("a resolver must be a string, not {value}", value=_describe(value)))
    try:
        parse_resolver(value)
    except ValueError as exc:
        raise _Invalid(message_of(exc)) from None
    return value


def _file_path(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(Msg("must be a file path string, not {value}", value=_describe(value)))
    if "\x00" in value or "\n" in value:
        raise _Invalid(Msg("must be a one-line file path"))
    return value


def _port_number(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 65536:
        raise _Invalid(Msg("must be a port number 1-65535, not {value}", value=_describe(value)))
    return value


def _choice(*allowed: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in allowed:
            options = repr(allowed[0])
            for other in allowed[1:]:
                options = Msg("{left} or {right}", left=options, right=repr(other))
            raise _Invalid(Msg("must be {options}, not {value}", options=options, value=_describe(value)))
        return str(value)

    return check


_LANG = re.compile(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")


def _lang(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(Msg("must be a language code string, not {value}", value=_describe(value)))
    if value and not _LANG.fullmatch(value):
        raise _Invalid(Msg("{value} is not a language code (e.g. \"en\", \"zh-CN\", or \"\" for automatic)",
                           value=repr(value)))
    return value


def _describe(value: object) -> str:
    kind = {bool: N_("a boolean"), int: N_("an integer"), float: N_("a number"), str: N_("a string"),
            list: N_("an array"), dict: N_("a table")}.get(type(value), type(value).__name__)
    if isinstance(value, (bool, int, float)):
        return f"{str(value).lower() if isinstance(value, bool) else value}"
    if isinstance(value, str):
        return repr(mask_secrets(value)) if len(value) <= 60 else kind
    return kind


# Plain sections: key -> validator. The resolvers array is validated element by element.
_SECTIONS: dict[str, tuple[type, dict[str, Callable[[object], Any]]]] = {
    "catalog": (CatalogSettings, {"include_builtin": _bool}),
    "probe": (ProbeSettings, {"module": _module_path, "timeout": _seconds(0, strict=True),
                              "interval": _seconds(1.0, strict=False)}),
    "dns": (DnsSettings, {"resolvers": _resolver, "resolv_conf": _file_path, "resolv_conf_port": _port_number}),
    "switch": (SwitchSettings, {"chain": _choice("resilient", "plain"), "auto_failover": _bool}),
    "ui": (UiSettings, {"lang": _lang}),
    "check": (CheckSettings, {"verify_timeout": _seconds(1.0, strict=False)}),
}
_LIST_KEYS = {("dns", "resolvers")}
_MIRROR_KEYS = ("name", "url", "operator")
_TOP_KEYS = (*_SECTIONS, "mirrors")


# --------------------------------------------------------------------------------------------------
# Line numbers: a light TOML line scanner (the file already parsed, so it only has to find keys)

_Path = tuple[str | int, ...]
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _parse_key(s: str, i: int) -> tuple[list[str], int] | None:
    """Parse a dotted key at ``s[i:]``; return its parts and the index after it."""
    parts: list[str] = []
    while True:
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] in "\"'":
            end = s.find(s[i], i + 1)
            while s[i] == '"' and end > 0 and _escaped(s, end):
                end = s.find('"', end + 1)
            if end < 0:
                return None
            parts.append(s[i + 1 : end])
            i = end + 1
        else:
            match = _BARE.match(s, i)
            if not match:
                return None
            parts.append(match.group())
            i = match.end()
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return parts, i


def _scan_value(s: str, i: int, open_string: str | None, depth: int) -> tuple[str | None, int]:
    """Track multi-line strings and arrays across lines so their contents are not taken for keys."""
    n = len(s)
    while i < n:
        if open_string:
            end = i
            while True:
                end = s.find(open_string, end)
                if end < 0 or open_string == "'''" or not _escaped(s, end):
                    break
                end += 1
            if end < 0:
                return open_string, depth
            i, open_string = end + 3, None
            continue
        ch = s[i]
        if ch == "#":
            break
        if s.startswith('"""', i) or s.startswith("'''", i):
            open_string, i = s[i : i + 3], i + 3
            continue
        if ch in "\"'":
            end = i + 1
            while end < n and (s[end] != ch or (ch == '"' and _escaped(s, end))):
                end += 1
            i = end + 1
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return open_string, depth


def _escaped(s: str, i: int) -> bool:
    backslashes = 0
    while i - backslashes - 1 >= 0 and s[i - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _key_lines(text: str) -> dict[_Path, int]:
    """Map every header and key path to its line: ``("probe", "timeout")``, ``("mirrors", 0, "url")``."""
    lines: dict[_Path, int] = {}
    aot_counts: dict[_Path, int] = {}
    current: _Path = ()
    open_string: str | None = None
    depth = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if open_string or depth:
            open_string, depth = _scan_value(line, 0, open_string, depth)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            is_aot = stripped.startswith("[[")
            parsed = _parse_key(stripped, 2 if is_aot else 1)
            if parsed is None:
                continue
            header: _Path = tuple(parsed[0])
            if is_aot:
                index = aot_counts.get(header, 0)
                aot_counts[header] = index + 1
                header = (*header, index)
            current = header
            lines.setdefault(current, lineno)
            continue
        parsed = _parse_key(line, 0)
        if parsed is None:
            continue
        parts, after = parsed
        if after < len(line) and line[after] == "=":
            lines.setdefault((*current, *parts), lineno)
            open_string, depth = _scan_value(line, after + 1, None, 0)
    return lines


class _Locator:
    def __init__(self, text: str) -> None:
        self._lines = _key_lines(text)

    def line(self, path: _Path) -> int | None:
        """The line of ``path``, else of its nearest located parent (e.g. an inline table's key)."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None


# --------------------------------------------------------------------------------------------------
# Loading


def _label(path: _Path) -> str:
    if not path:
        return ""
    if path[0] == "mirrors":
        label = "[[mirrors]]"
        if len(path) > 1 and isinstance(path[1], int):
            label += f" #{path[1] + 1}"
        rest = [str(p) for p in path[2:]]
    elif len(path) == 1:
        return f"[{path[0]}]"
    else:
        label, rest = f"[{path[0]}]", [str(p) for p in path[1:]]
    return " ".join([label, ".".join(rest)]) if rest else label


class _Loader:
    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self.locate = _Locator(text)
        self.problems: list[ConfigProblem] = []

    def report(self, path: _Path, message: str) -> None:
        self.problems.append(ConfigProblem(self.file, self.locate.line(path), _label(path),
                                           mask_secrets(message)))

    def unknown(self, path: _Path, known: Sequence[str], what: str = N_("key")) -> None:
        close = difflib.get_close_matches(str(path[-1]), known, n=1)
        if close:
            self.report(path, Msg("unknown {what}, ignored (did you mean {name}?)", what=what, name=repr(close[0])))
        else:
            self.report(path, Msg("unknown {what}, ignored", what=what))

    def build(self, data: dict[str, Any]) -> Config:
        values: dict[str, Any] = {}
        for key, raw in data.items():
            if key == "mirrors":
                values["mirrors"] = self.mirrors(raw)
            elif key in _SECTIONS:
                values[key] = self.section(key, raw)
            else:
                self.unknown((key,), _TOP_KEYS, N_("section") if isinstance(raw, dict) else N_("key"))
        return Config(**values)

    def section(self, name: str, raw: object) -> object:
        cls, schema = _SECTIONS[name]
        if not isinstance(raw, dict):
            self.report((name,), Msg("must be a table ([{name}]), not {value}; defaults used",
                                     name=name, value=_describe(raw)))
            return cls()
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in schema:
                self.unknown((name, key), list(schema))
            elif (name, key) in _LIST_KEYS:
                values[key] = self.string_list(name, key, value, schema[key])
            else:
                try:
                    values[key] = schema[key](value)
                except _Invalid as exc:
                    self.report((name, key), Msg("{reason}; default used", reason=message_of(exc)))
        return cls(**{k: v for k, v in values.items() if v is not None})

    def string_list(self, name: str, key: str, value: object,
                    check: Callable[[object], str]) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.report((name, key), Msg("must be an array of strings, not {value}; default used",
                                         value=_describe(value)))
            return None
        kept: list[str] = []
        for item in value:
            try:
                kept.append(check(item))
            except _Invalid as exc:
                self.report((name, key), Msg("{reason}; entry ignored", reason=message_of(exc)))
        return tuple(kept)

    def mirrors(self, raw: object) -> tuple[Mirror, ...]:
        if not isinstance(raw, list):
            self.report(("mirrors",), Msg("must be an array of tables: write each mirror under [[mirrors]]"))
            return ()
        kept: dict[str, Mirror] = {}
        for index, entry in enumerate(raw):
            path: _Path = ("mirrors", index)
            mirror = self.mirror(path, entry)
            if mirror is None:
                continue
            key = mirror.name.casefold()
            if key in kept:
                self.report((*path, "name"), Msg("duplicate mirror name {name}; entry ignored", name=repr(mirror.name)))
                continue
            kept[key] = mirror
        return tuple(kept.values())

    def mirror(self, path: _Path, entry: object) -> Mirror | None:
        if not isinstance(entry, dict):
            self.report(path, Msg("must be a table with name and url, not {value}; entry ignored",
                                  value=_describe(entry)))
            return None
        for key in entry:
            if key not in _MIRROR_KEYS:
                self.unknown((*path, key), _MIRROR_KEYS)
        ok = True
        for key, check in (("name", check_mirror_name), ("url", check_mirror_url)):
            if key not in entry:
                self.report((*path, key), Msg("missing {key}; entry ignored", key=repr(key)))
                ok = False
                continue
            result = check(entry[key])
            if not result.ok:
                self.report((*path, key), Msg("{reason}; entry ignored", reason=result.error or ""))
                ok = False
        operator = entry.get("operator", "")
        if not isinstance(operator, str) or "\n" in operator:
            self.report((*path, "operator"), Msg("must be a one-line string; ignored"))
            operator = ""
        if not ok:
            return None
        return Mirror(name=entry["name"], url=entry["url"], operator=operator)


def _decode(raw: bytes) -> str:
    """UTF-8, tolerating the BOM some Windows editors add. Raises UnicodeDecodeError."""
    return raw.decode("utf-8-sig")


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_problem(file: Path, text: str, exc: Exception) -> ConfigProblem:
    message: str = str(exc)  # tomllib's own words: data, shown as they are
    line: int | None = getattr(exc, "lineno", None)
    if match := _AT_LINE.search(message):
        line = int(match.group(1))
        message = Msg("{error} (column {column})", error=message[: match.start()], column=match.group(2))
    elif match := _AT_END.search(message):
        line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        message = Msg("{error} (at end of file)", error=message[: match.start()])
    return ConfigProblem(file, line, "", Msg("TOML syntax error: {error}", error=mask_secrets(message)))


def _parse_text(file: Path, raw: bytes) -> tuple[str, dict[str, Any] | None, ConfigProblem | None]:
    """Decode and parse; on failure return the problem (never raise). Its message says what is wrong
    with the text only: each caller says what follows (all defaults used, the profile refused…)."""
    try:
        text = _decode(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return "", None, ConfigProblem(file, line, "", Msg("not UTF-8 text"))
    try:
        return text, tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return text, None, _syntax_problem(file, text, exc)
    except RecursionError:
        return text, None, ConfigProblem(file, None, "", Msg("TOML nested too deeply"))


def _all_defaults(problem: ConfigProblem) -> ConfigProblem:
    return replace(problem, message=Msg("{problem}; all defaults used", problem=problem.message))


def load_config(path: Path | str | None = None) -> LoadedConfig:
    """Read the config (``path``, else :func:`config_path`). Never raises, never writes.

    A missing file gives the defaults with no problems; anything wrong gives the best usable config
    (see the module docstring for what a problem discards) and one :class:`ConfigProblem` per issue.
    """
    file = Path(path) if path is not None else config_path()
    try:
        raw = read_capped(file)
    except FileNotFoundError:
        return LoadedConfig(Config(), file, exists=False)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        problem = ConfigProblem(file, None, "", Msg("cannot read: {reason}", reason=reason))
        return LoadedConfig(Config(), file, exists=True, problems=(_all_defaults(problem),))
    text, data, problem = _parse_text(file, raw)
    if data is None:
        return LoadedConfig(Config(), file, exists=True, problems=(_all_defaults(problem),) if problem else ())
    try:
        loader = _Loader(file, text)
        config = loader.build(data)
    except Exception as exc:  # defensive: a loader bug must not stop the app from starting
        return LoadedConfig(Config(), file, exists=True,
                            problems=(ConfigProblem(file, None, "", Msg("could not read config ({error}); "
                                                                        "all defaults used", error=repr(exc))),))
    return LoadedConfig(config, file, exists=True, problems=tuple(loader.problems))


# --------------------------------------------------------------------------------------------------
# Writing


def _target(path: Path | str | None) -> Path:
    """Resolve symlinks so a dotfiles-managed config is updated, not replaced by a regular file."""
    file = Path(path) if path is not None else config_path()
    return Path(os.path.realpath(file))


def _read_document(file: Path) -> tuple[tomlkit.TOMLDocument, bytes | None]:
    """The existing document (or a new one) and its bytes; refuses a file that does not parse."""
    import tomlkit
    import tomlkit.exceptions

    try:
        raw = read_capped(file)
    except FileNotFoundError:
        return tomlkit.document(), None
    except OSError as exc:
        raise ConfigWriteError(Msg("{file}: cannot read: {reason}", file=str(file),
                                   reason=exc.strerror or str(exc))) from None
    text, data, problem = _parse_text(file, raw)
    if data is None:
        where = problem.format(full_path=True) if problem else str(file)
        raise ConfigWriteError(Msg("{problem}; fix it first, file not changed", problem=where))
    try:
        return tomlkit.parse(text), raw
    except tomlkit.exceptions.TOMLKitError as exc:
        raise ConfigWriteError(Msg("{file}: cannot edit this file ({error}); file not changed",
                                   file=str(file), error=str(exc))) from None


def _save(file: Path, doc: tomlkit.TOMLDocument, previous: bytes | None) -> None:
    import tomlkit

    text = tomlkit.dumps(doc)
    try:
        tomllib.loads(text)  # never write something we could not read back
    except tomllib.TOMLDecodeError as exc:
        raise ConfigWriteError(Msg("{file}: edit would produce invalid TOML ({error}); file not changed",
                                   file=str(file), error=str(exc))) from None
    if previous is not None and b"\r\n" in previous and not re.search(rb"(?<!\r)\n", previous):
        text = re.sub(r"(?<!\r)\n", "\r\n", text)  # a CRLF file stays CRLF (tomlkit adds bare \n)
    data = text.encode()
    if previous is not None and previous.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        mode = 0o600  # a new file may hold credentials; an existing one keeps the user's permissions
        if previous is not None:
            mode = file.stat().st_mode & 0o7777
            atomic_write_bytes(file.with_name(file.name + ".bak"), previous, mode)
        atomic_write_bytes(file, data, mode)
    except OSError as exc:
        raise ConfigWriteError(Msg("{file}: cannot write: {reason}", file=str(file),
                                   reason=exc.strerror or str(exc))) from None


def _as_table(doc: tomlkit.TOMLDocument, section: str) -> Any:
    import tomlkit

    if section not in doc:
        doc.add(section, tomlkit.table())
    table = doc[section]
    if not isinstance(table, dict):
        raise ConfigWriteError(Msg("[{section}] in the config is not a table; fix it first, file not changed",
                                   section=section))
    return table


def add_mirror(name: str, url: str, operator: str | None = None, path: Path | str | None = None) -> Mirror:
    """Append a ``[[mirrors]]`` entry, keeping the rest of the file byte for byte.

    Raises :class:`ConfigWriteError` (one line, file unchanged) for an invalid name or URL, a name
    already in the user's list (case-insensitive), or an existing file that does not parse. A name
    equal to a built-in one is allowed: it overrides that built-in mirror.
    """
    import tomlkit
    import tomlkit.items

    for label, check in (("name", check_mirror_name(name)), ("url", check_mirror_url(url))):
        if not check.ok:
            error = mask_secrets(check.error or "")
            raise ConfigWriteError(Msg("mirror name: {error}", error=error) if label == "name"
                                   else Msg("mirror url: {error}", error=error))
    if operator is not None and (not isinstance(operator, str) or "\n" in operator):
        raise ConfigWriteError(Msg("mirror operator: must be a one-line string"))
    file = _target(path)
    doc, previous = _read_document(file)
    existing = doc.get("mirrors")
    if existing is not None and not isinstance(existing, list):
        raise ConfigWriteError(Msg("mirrors in the config is not an array of tables; fix it first, "
                                   "file not changed"))
    for entry in existing or []:
        other = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(other, str) and other.casefold() == name.casefold():
            raise ConfigWriteError(Msg("a mirror named {name} is already in the config", name=repr(other)))

    if isinstance(existing, tomlkit.items.Array):  # inline form: mirrors = [{name=…, url=…}]
        entry = tomlkit.inline_table()
    else:
        entry = tomlkit.table()
    entry["name"] = name
    entry["url"] = url
    if operator:
        entry["operator"] = operator
    if existing is None:
        aot = tomlkit.aot()
        aot.append(entry)
        doc.add("mirrors", aot)
    else:
        if isinstance(existing, tomlkit.items.AoT) and existing.body:
            last = existing.body[-1]
            if last.as_string().replace("\r\n", "\n").endswith("\n\n"):
                entry.add(tomlkit.nl())  # keep the blank line the user puts between entries
        existing.append(entry)
    _save(file, doc, previous)
    return Mirror(name=name, url=url, operator=operator or "")


def set_value(section: str, key: str, value: object, path: Path | str | None = None) -> None:
    """Set ``[section] key = value`` after validating it as :func:`load_config` would.

    An existing key keeps its place and its trailing comment; a new key is appended to its section;
    a new section is appended to the file. ``[[mirrors]]`` is edited with :func:`add_mirror`.
    Raises :class:`ConfigWriteError` (one line, file unchanged) on an unknown key or a bad value.
    """
    if section not in _SECTIONS:
        if section == "mirrors":
            raise ConfigWriteError(Msg("[{section}]: cannot set keys here (use add_mirror)", section=section))
        known = ", ".join(f"[{s}]" for s in _SECTIONS)
        raise ConfigWriteError(Msg("[{section}]: cannot set keys here; known: {known}", section=section, known=known))
    _cls, schema = _SECTIONS[section]
    if key not in schema:
        raise ConfigWriteError(Msg("[{section}] {key}: unknown key; known: {known}", section=section, key=key,
                                   known=", ".join(schema)))
    try:
        if (section, key) in _LIST_KEYS:
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
                raise _Invalid(Msg("must be a list of strings, not {value}", value=_describe(value)))
            stored: object = [schema[key](item) for item in value]
        else:
            stored = schema[key](value)
            if isinstance(value, int) and not isinstance(value, bool) and isinstance(stored, float):
                stored = value  # keep what the user gave: 5 stays 5
    except _Invalid as exc:
        raise ConfigWriteError(Msg("[{section}] {key}: {reason}", section=section, key=key,
                                   reason=message_of(exc))) from None
    file = _target(path)
    doc, previous = _read_document(file)
    table = _as_table(doc, section)
    table[key] = stored
    _save(file, doc, previous)


def parse_value(section: str, key: str, text: str) -> object:
    """Turn command-line text into the type ``set_value`` expects: ``"true"`` → True, ``"3"`` → 3.0,
    ``"a,b"`` → ``["a", "b"]`` for lists. Raises ``ValueError`` with a one-line reason."""
    if section not in _SECTIONS or key not in {f.name for f in fields(_SECTIONS[section][0])}:
        raise ValueError(Msg("[{section}] {key}: unknown key", section=section, key=key))
    default = getattr(_SECTIONS[section][0](), key)
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise ValueError(Msg("[{section}] {key}: must be true or false", section=section, key=key))
        return lowered == "true"
    if isinstance(default, int) and not isinstance(default, float):
        try:
            return int(text)
        except ValueError:
            raise ValueError(Msg("[{section}] {key}: must be a whole number", section=section, key=key)) from None
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ValueError(Msg("[{section}] {key}: must be a number", section=section, key=key)) from None
    if isinstance(default, tuple):
        return [item.strip() for item in text.split(",") if item.strip()]
    return text
