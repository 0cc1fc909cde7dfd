"""The Go environment model: every setting that matters, its value, and where that value comes from.

Go resolves a setting as: OS environment (non-empty) > the ``go env -w`` file (``GOENV``) >
``$GOROOT/go.env`` > built-in (cmd/go/internal/cfg). gotui shows all three layers so a user can see
*why* a value is in effect, and writes only through ``go env -w`` / ``go env -u``, journaled first so
that every change can be undone byte for byte.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

from goproxy_tui.core.envwarnings import lookalike_names, os_only_warnings
from goproxy_tui.core.gotool import NEUTRAL_DIR, GoError, GoTool, find_go
from goproxy_tui.core.journal import (
    Journal,
    JournalEntry,
    KeyChange,
    read_bytes_or_none,
    restore_envfile,
    sha256,
)
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.settings import (
    WRITABLE_KEYS,
    validate_http_proxy_url,
    validate_setting,
    warnings_by_key,
)
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_, Msg, Plural

Source = Literal["os", "file", "default"]
SOURCE_WORDS: dict[str, Msg] = {"os": N_("os"), "file": N_("file"), "default": N_("default")}
"""Where a value comes from, as a word for people (the ``source`` itself is an identifier, as in JSON)."""


@dataclass(frozen=True)
class VarSpec:
    name: str
    about: str  # English, marked with N_: show it with tr()
    go_key: bool = True  # a `go env` variable (else a network variable Go reads from the OS only)
    writable: bool = True  # `go env -w` accepts it


SPECS: tuple[VarSpec, ...] = (
    VarSpec("GOPROXY", N_("module proxies, tried in order")),
    VarSpec("GOSUMDB", N_("checksum database that verifies downloads")),
    VarSpec("GOPRIVATE", N_("private module patterns: no proxy, no checksum DB")),
    VarSpec("GONOPROXY", N_("patterns fetched directly, not through GOPROXY")),
    VarSpec("GONOSUMDB", N_("patterns not checked against the checksum DB")),
    VarSpec("GOINSECURE", N_("patterns that may be fetched insecurely (direct only)")),
    VarSpec("GOAUTH", N_("where Go finds credentials for https downloads: netrc (default), 'git DIR', a "
                         "command, or off; several joined with ';'")),
    VarSpec("GOVCS", N_("which version control tools Go may use per module pattern (default public:git|hg)")),
    VarSpec("GOFLAGS", N_("flags added to every go command")),
    VarSpec("GO111MODULE", N_("module mode")),
    VarSpec("GOPATH", N_("workspace: binaries and the default module cache")),
    VarSpec("GOMODCACHE", N_("module download cache")),
    VarSpec("GOCACHE", N_("build cache")),
    VarSpec("GOROOT", N_("the Go installation"), writable=False),
    VarSpec("GOENV", N_("the file 'go env -w' writes"), writable=False),
    VarSpec("GOTOOLCHAIN", N_("which toolchain runs; 'auto' may download one")),
    VarSpec("GOVERSION", N_("the running Go version"), writable=False),
    VarSpec("GOWORK", N_("the go.work file in use ('off' ignores workspaces); set in the OS environment"),
            writable=False),
    VarSpec("GODEBUG", N_("runtime and library behaviour switches, from the OS environment only"), go_key=False,
            writable=False),
    VarSpec("NETRC", N_("the netrc file Go reads credentials from (default ~/.netrc)"), go_key=False,
            writable=False),
    VarSpec("GIT_TERMINAL_PROMPT", N_("may git ask for passwords? Go sets 0 unless it is set"), go_key=False,
            writable=False),
    VarSpec("GIT_SSH_COMMAND", N_("the ssh command git uses for ssh:// and scp-like URLs"), go_key=False,
            writable=False),
    VarSpec("GIT_ALLOW_PROTOCOL", N_("the URL schemes Go and git accept for git (':'-separated)"), go_key=False,
            writable=False),
    VarSpec("HTTP_PROXY", N_("HTTP proxy for http:// URLs"), go_key=False, writable=False),
    VarSpec("HTTPS_PROXY", N_("HTTP proxy for https:// URLs"), go_key=False, writable=False),
    VarSpec("NO_PROXY", N_("hosts that bypass HTTP(S)_PROXY"), go_key=False, writable=False),
    VarSpec("SSL_CERT_FILE", N_("extra CA bundle Go trusts"), go_key=False, writable=False),
    VarSpec("SSL_CERT_DIR", N_("extra CA directory Go trusts"), go_key=False, writable=False),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}
NOT_A_GO_SETTING = N_("not a Go setting: Go ignores it")
GO_KEYS = tuple(spec.name for spec in SPECS if spec.go_key)
_LOWER_CASE_TOO = ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")  # x/net/http/httpproxy: upper case first


@dataclass(frozen=True)
class EnvVar:
    """One setting as the user should see it. Values are raw: mask them before display."""

    name: str
    effective: str
    file: str | None  # the env file's value, None when the file does not set it
    default: str
    source: Source
    about: str
    writable: bool
    os_name: str | None = None  # the OS variable that provides it (``https_proxy`` for HTTPS_PROXY)
    warnings: tuple[str, ...] = ()
    conflict: str | None = None  # the OS environment overrides the env file

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "effective": mask_secrets(self.effective),
            "file": None if self.file is None else mask_secrets(self.file),
            "default": mask_secrets(self.default),
            "source": self.source,
            "os_name": self.os_name,
            "writable": self.writable,
            "about": self.about,
            "warnings": [mask_secrets(w) for w in self.warnings],
            "conflict": None if self.conflict is None else mask_secrets(self.conflict),
        }


@dataclass(frozen=True)
class GoEnvironment:
    go: GoTool
    envfile: Path | None  # None when GOENV=off
    vars: tuple[EnvVar, ...]
    environ: Mapping[str, str] = field(repr=False, default_factory=dict)

    def get(self, name: str) -> EnvVar:
        for var in self.vars:
            if var.name == name:
                return var
        raise KeyError(name)

    def effective(self) -> dict[str, str]:
        return {var.name: var.effective for var in self.vars}

    def to_json(self) -> dict[str, object]:
        return {
            "schema_version": 1,
            "go": {"path": str(self.go.path), "version": self.go.version, "goroot": self.go.goroot},
            "envfile": None if self.envfile is None else str(self.envfile),
            "vars": [var.to_json() for var in self.vars],
        }


def parse_env_file(data: bytes) -> dict[str, str]:
    """Parse a go/env file exactly as cfg.readEnvFile does: ``KEY=VALUE`` lines, last one wins."""
    values: dict[str, str] = {}
    for raw in data.split(b"\n"):
        eq = raw.find(b"=")
        if eq < 0 or not raw or not (b"A"[0] <= raw[0] <= b"Z"[0]):
            continue
        values[_go_string(raw[:eq])] = _go_string(raw[eq + 1 :])
    return values


def _go_string(raw: bytes) -> str:
    """Bytes as ``go env -json`` shows them: one U+FFFD per invalid byte (encoding/json), where
    Python's ``errors="replace"`` would merge a truncated sequence into one and disagree with Go."""
    return "".join(
        "\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in raw.decode("utf-8", "surrogateescape")
    )


def _os_value(name: str, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(variable name, value) the OS environment provides for ``name``; empty counts as unset for Go."""
    names = [name, name.lower()] if name in _LOWER_CASE_TOO else [name]
    for candidate in names:
        value = environ.get(candidate, "")
        if value:
            return candidate, value
    return None


async def _go_env_json(go: GoTool, env: Mapping[str, str]) -> dict[str, str]:
    result = await go.run("env", "-json", *GO_KEYS, env=env, cwd=NEUTRAL_DIR)
    if not result.ok:
        raise GoError(
            Msg("'go env -json' failed: {error}", error=mask_secrets(result.first_error_line())),
            hint=Msg("check your Go installation"),
        )
    return parse_go_env_json(result.stdout)


def parse_go_env_json(text: str) -> dict[str, str]:
    """``go env -json`` output → {name: value}. Anything but a JSON object of strings is a ``GoError``:
    a wrapper script or a broken install must end in one clear line, not in empty values."""
    hint = Msg("check your Go installation (is 'go' on PATH the real go command?)")
    try:
        data = json.loads(text or "{}")
    except (ValueError, RecursionError):  # JSONDecodeError, or nesting too deep for the parser
        raise GoError(Msg("'go env -json' printed something that is not JSON"), hint=hint) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise GoError(Msg("'go env -json' printed JSON that is not an object of strings"), hint=hint)
    return data


def _default_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The environment Go would see with none of the tracked settings made by the user."""
    env = {k: v for k, v in environ.items() if k not in GO_KEYS}
    env["GOENV"] = "off"
    return env


def default_envfile(environ: Mapping[str, str]) -> Path | None:
    """os.UserConfigDir()/go/env, as Go computes it when GOENV is unset."""
    home = environ.get("HOME", "")
    if sys.platform == "win32":
        base = environ.get("AppData", "")
    elif sys.platform == "darwin":
        base = f"{home}/Library/Application Support" if home else ""
    else:
        base = environ.get("XDG_CONFIG_HOME", "") or (f"{home}/.config" if home else "")
    return Path(base) / "go" / "env" if base else None


_FILE_TROUBLE = ("permission denied", "read-only", "operation not permitted", "no space", "is a directory",
                 "not a directory", "too many levels of symbolic links")


def write_failure_hint(failure: str, envfile: Path) -> str:
    """What to do when ``go env -w``/``-u`` failed, from Go's own words: only a file-system error is
    about the env file's permissions; Go refusing a value (``unsupported GOOS/GOARCH pair``) is not."""
    text = str(failure).lower()
    if "goos/goarch" in text:
        return Msg("see the valid GOOS/GOARCH pairs with 'go tool dist list'")
    if any(word in text for word in _FILE_TROUBLE):
        return Msg("check that {envfile} and its directory are writable", envfile=str(envfile))
    return Msg("go refused the value: its message says why; 'gotui env' shows the current settings")


async def read_environment(
    go: GoTool | None = None, environ: Mapping[str, str] | None = None
) -> GoEnvironment:
    """Ask the real ``go`` for effective and default values, read the env file, attribute sources."""
    environ = dict(os.environ if environ is None else environ)
    go = go or await find_go(environ)
    # return_exceptions: when both fail, the second error must not surface later as an
    # "exception never retrieved" traceback at shutdown.
    outcomes = await asyncio.gather(
        _go_env_json(go, environ), _go_env_json(go, _default_env(environ)), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome
    effective, defaults = cast("tuple[dict[str, str], dict[str, str]]", tuple(outcomes))
    goenv = effective.get("GOENV", "")
    envfile = None if goenv in ("", "off") else Path(goenv)
    file_values = parse_env_file(read_bytes_or_none(envfile) or b"") if envfile else {}
    defaults["GOENV"] = str(default_envfile(environ) or "")

    risky = warnings_by_key({spec.name: effective.get(spec.name, '') for spec in SPECS if spec.go_key})
    variables: list[EnvVar] = []
    for spec in SPECS:
        from_os = _os_value(spec.name, environ)
        file_value = file_values.get(spec.name) if spec.go_key else None
        if spec.go_key:
            value = effective.get(spec.name, "")
        else:
            value = from_os[1] if from_os else ""
        source: Source = "os" if from_os else ("file" if file_value is not None else "default")
        default = value if source == "default" else (defaults.get(spec.name, "") if spec.go_key else "")
        warnings = list(risky.get(spec.name, ()))
        check = None
        if value and spec.writable:
            check = validate_setting(spec.name, value)
        elif value and spec.name in ("HTTP_PROXY", "HTTPS_PROXY"):
            check = validate_http_proxy_url(value, key=from_os[0] if from_os else spec.name)
        if not spec.go_key:
            warnings += [w for w in os_only_warnings(spec.name, value, environ) if w not in warnings]
        if check is not None:
            if check.error:
                warnings.insert(0, Msg("invalid: {error}", error=check.error))
            warnings += [w for w in check.warnings if w not in warnings]
        conflict = None
        if from_os and spec.writable and file_value is not None and file_value != value:
            conflict = Msg(
                "{name} in the OS environment overrides the env file value; {where}",
                name=from_os[0],
                where=where_is_it_set(from_os[0], environ),
            )
            warnings.append(conflict)
        variables.append(
            EnvVar(
                name=spec.name,
                effective=value,
                file=file_value,
                default=default,
                source=source,
                about=spec.about,
                writable=spec.writable,
                os_name=from_os[0] if from_os else None,
                warnings=tuple(warnings),
                conflict=conflict,
            )
        )
    for name, value, where, warning in lookalike_names(environ, file_values):
        variables.append(EnvVar(name=name, effective=value, file=file_values.get(name), default="",
                                source=cast("Source", where), about=NOT_A_GO_SETTING, writable=False,
                                os_name=name if where == "os" else None, warnings=(warning,)))
    return GoEnvironment(go=go, envfile=envfile, vars=tuple(variables), environ=environ)


# ------------------------------------------------------------------------------------------------
# Writing


@dataclass(frozen=True)
class Problem:
    """Why a change was not made: one line, a hint, and which exit code it maps to."""

    key: str
    message: str
    hint: str | None
    kind: Literal["invalid", "conflict", "failed"]


@dataclass(frozen=True)
class ChangeResult:
    problems: tuple[Problem, ...] = ()
    entry: JournalEntry | None = None
    notes: tuple[str, ...] = ()  # warnings about values that were written

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        """DESIGN §2: 0 written, 1 refused or failed, 2 bad input."""
        if any(p.kind == "invalid" for p in self.problems):
            return 2
        return 1 if self.problems else 0


def describe(changes: Mapping[str, str | None]) -> str:
    parts = [f"{k}={v}" if v is not None else f"-{k}" for k, v in changes.items()]
    return mask_secrets(" ".join(parts))


def check_changes(
    env: GoEnvironment, changes: Mapping[str, str | None], *, force: bool = False
) -> tuple[list[Problem], list[str]]:
    """Validate by Go's rules and find OS-environment conflicts, without writing anything."""
    problems: list[Problem] = []
    notes: list[str] = []
    for key, value in changes.items():
        check = validate_setting(key, "" if value is None else value)
        if key not in WRITABLE_KEYS:
            message = check.error or Msg("{key} cannot be set with 'go env -w'", key=key)
            problems.append(Problem(key, message, check.hint, "invalid"))
            continue
        if value is not None and not check.ok:
            problems.append(Problem(key, f"{key}: " + (check.error or ""), check.hint, "invalid"))
            continue
        notes += [f"{key}: " + w for w in check.warnings]
        from_os = _os_value(key, env.environ)
        if from_os and not force:
            problems.append(
                Problem(
                    key,
                    Msg(
                        "{name} is set in the OS environment ({value}), which overrides "
                        "the env file, so this change would have no effect",
                        name=from_os[0],
                        value=mask_secrets(from_os[1]),
                    ),
                    Msg(
                        "{where}; remove it there (or pass --force to write the env file anyway)",
                        where=where_is_it_set(from_os[0], env.environ),
                    ),
                    "conflict",
                )
            )
    if env.envfile is None and not problems:
        problems.append(
            Problem("GOENV", Msg("GOENV=off: 'go env -w' has no file to write"), Msg("unset GOENV"), "failed")
        )
    return problems, [mask_secrets(n) for n in notes]


async def apply_changes(
    env: GoEnvironment,
    changes: Mapping[str, str | None],
    *,
    action: str = "set",
    journal: Journal | None = None,
    force: bool = False,
) -> ChangeResult:
    """Validate, journal the env file, then ``go env -w`` / ``-u``. On any failure the file is restored.

    The whole cycle holds the journal's write lock: Go does not lock the env file, so two gotui
    processes writing at once would otherwise both succeed and one update would silently vanish.
    """
    problems, notes = check_changes(env, changes, force=force)
    if problems:
        return ChangeResult(problems=tuple(problems))
    assert env.envfile is not None
    journal = journal or Journal()
    async with journal.writing():
        return await _apply_locked(env, env.envfile, changes, action, journal, notes)


async def _apply_locked(
    env: GoEnvironment,
    envfile: Path,
    changes: Mapping[str, str | None],
    action: str,
    journal: Journal,
    notes: list[str],
) -> ChangeResult:
    to_set = [f"{k}={v}" for k, v in changes.items() if v is not None]
    to_unset = [k for k, v in changes.items() if v is None]
    if not to_set and read_bytes_or_none(envfile) is None:
        # `go env -u` on a missing file fails with "reading go env config: no such file": say why instead.
        return ChangeResult(
            problems=(
                Problem(
                    ", ".join(changes),
                    Msg(
                        "{envfile} does not exist, so it sets nothing; nothing to unset", envfile=str(envfile)
                    ),
                    Msg("'gotui env' shows where each value comes from"),
                    "failed",
                ),
            )
        )
    entry = journal.begin(
        action=action,
        summary=describe(changes),
        envfile=envfile,
        changes=[KeyChange(k, env.get(k).file if k in SPEC_BY_NAME else None, v) for k, v in changes.items()],
    )
    run_env = {k: v for k, v in env.environ.items()}
    failure: str | None = None
    try:
        for flag, args in (("-w", to_set), ("-u", to_unset)):
            if args:
                result = await env.go.run("env", flag, *args, env=run_env, cwd=NEUTRAL_DIR)
                if not result.ok:
                    failure = result.first_error_line()
                    break
    except GoError as exc:
        failure = exc.message
    if failure is not None:
        hint = write_failure_hint(failure, envfile)
        try:
            if read_bytes_or_none(envfile) != (entry.before if entry.existed else None):
                restore_envfile(entry)  # e.g. `-w` worked and `-u` failed
            journal.discard(entry.id)
        except OSError as exc:  # the entry stays (pending), so 'gotui undo' can retry the restore
            failure = Msg(
                "{failure}; restoring {envfile} failed too: {error}",
                failure=failure,
                envfile=str(envfile),
                error=exc.strerror or str(exc),
            )
            hint = Msg("fix the permissions, then run 'gotui undo'")
        return ChangeResult(problems=(Problem(", ".join(changes), mask_secrets(failure), hint, "failed"),))
    after = read_bytes_or_none(envfile) or b""
    journal.complete(entry.id, after)
    entry.after_sha256 = sha256(after)
    return ChangeResult(entry=entry, notes=tuple(notes))


@dataclass(frozen=True)
class UndoResult:
    entry: JournalEntry | None
    error: str | None = None
    hint: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.entry is not None


def undo_last(journal: Journal | None = None, *, force: bool = False) -> UndoResult:
    """Restore the env file to its bytes before the last change gotui made.

    Refuses (unless ``force``) when the file changed since gotui wrote it, because restoring would
    silently throw that later edit away. Holds the write lock, so it never races a ``gotui set``.
    """
    journal = journal or Journal()
    with journal.writing_sync():
        return _undo_locked(journal, force)


def _undo_locked(journal: Journal, force: bool) -> UndoResult:
    entry = journal.last_undoable()
    if entry is None:
        undone = sum(1 for e in journal.entries() if e.undone)
        if undone:
            return UndoResult(
                None,
                Plural("nothing to undo: the {count} change gotui made is already undone",
                       "nothing to undo: all {count} changes gotui made are already undone", undone, count=undone),
                Msg("see 'gotui history'"),
            )
        return UndoResult(None, Msg("nothing to undo: gotui has made no change"), Msg("see 'gotui history'"))
    try:
        current = read_bytes_or_none(Path(entry.envfile))
    except GoError as exc:
        return UndoResult(entry, exc.message, exc.hint)
    if entry.pending and current == (entry.before if entry.existed else None):
        journal.discard(entry.id)  # an interrupted write that never happened
        return _undo_locked(journal, force)
    if not force and not entry.pending and sha256(current or b"") != entry.after_sha256:
        return UndoResult(
            entry,
            Msg(
                "{path} changed since gotui wrote it (change #{number}); undo would discard that edit",
                path=entry.envfile,
                number=entry.id,
            ),
            Msg("run 'gotui undo --force' to restore it anyway"),
        )
    try:
        restore_envfile(entry)
    except OSError as exc:
        return UndoResult(
            entry,
            Msg("cannot restore {path}: {error}", path=exc.filename or entry.envfile, error=exc.strerror or str(exc)),
            Msg("make it writable (chmod u+w), then run 'gotui undo' again; nothing was changed"),
        )
    journal.mark_undone(entry.id)
    return UndoResult(entry)
