"""The credentials Go would send to an https URL, found by Go's rules (cmd/go/internal/auth).

Go builds a store ``prefix → headers`` once per command: the GOAUTH methods run in reverse order, so an
earlier method wins; ``netrc`` adds one Basic header per ``machine`` of the netrc file ($NETRC, else
~/.netrc; on Windows ~/_netrc first), the first line for a machine winning; a command's output lists
URL prefixes and header lines; ``git DIR`` answers only after a 4xx for one URL (``git credential
fill``), which gotui explains instead of running. A request gets the headers of the longest stored
prefix of ``host[:port]/path`` (no scheme); nothing is ever sent over plain http.

Nothing here may show a credential: :class:`Credential` keeps the header out of ``repr`` and every
description names the host and the method only.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.goauth import DEFAULT_GOAUTH, parse_goauth
from goproxy_tui.i18n import Msg

COMMAND_TIMEOUT = 10.0


@dataclass(frozen=True)
class NetrcLine:
    machine: str
    login: str
    password: str = field(repr=False)


def parse_netrc(data: str) -> list[NetrcLine]:
    """auth/netrc.go parseNetrc: token pairs per line, ``machine`` resets, ``macdef`` skips to a blank
    line, ``default`` ends the file; a line is complete once machine, login and password are set."""
    lines: list[NetrcLine] = []
    machine = login = password = ""
    in_macro = False
    for line in data.split("\n"):
        if in_macro:
            if line == "":
                in_macro = False
            continue
        f = line.split()
        i = 0
        while i < len(f) - 1:
            word, arg = f[i], f[i + 1]
            if word == "machine":
                machine, login, password = arg, "", ""
            elif word == "login":
                login = arg
            elif word == "password":
                password = arg
            elif word == "macdef":
                in_macro = True
            if machine and login and password:
                lines.append(NetrcLine(machine, login, password))
                machine = login = password = ""
            i += 2
        if i < len(f) and f[i] == "default":
            break
    return lines


def netrc_path(environ: Mapping[str, str]) -> Path | None:
    """auth/netrc.go netrcPath: $NETRC, else the home directory's _netrc (Windows, if present) or .netrc."""
    if environ.get("NETRC"):
        return Path(environ["NETRC"])
    home = environ.get("USERPROFILE" if sys.platform == "win32" else "HOME", "")
    if not home:
        return None
    if sys.platform == "win32" and (Path(home) / "_netrc").exists():
        return Path(home) / "_netrc"
    return Path(home) / ".netrc"


def goauth_setting(environ: Mapping[str, str]) -> str:
    """GOAUTH as Go resolves it without running go: the OS environment, else the env file, else netrc."""
    if environ.get("GOAUTH"):
        return environ["GOAUTH"]
    from goproxy_tui.core.goenv import default_envfile, parse_env_file  # here: goenv is heavier than this

    goenv = environ.get("GOENV", "")
    if goenv != "off":
        path = Path(goenv) if goenv else default_envfile(environ)
        try:
            data = path.read_bytes() if path else b""
        except OSError:
            data = b""
        value = parse_env_file(data).get("GOAUTH", "")
        if value:
            return value
    return DEFAULT_GOAUTH


def _trim(prefix: str) -> str:
    return prefix.removeprefix("https://").removesuffix("/")


@dataclass(frozen=True)
class Credential:
    """Headers for one URL prefix. ``via`` is ``netrc`` or ``command``; ``source`` the file or program."""

    prefix: str
    via: str
    source: str
    headers: tuple[tuple[str, str], ...] = field(repr=False)

    @property
    def host(self) -> str:
        return self.prefix.split("/", 1)[0]

    def describe(self) -> str:
        """``authenticated via .netrc (host)``: the method and the host, never the login or the secret."""
        if self.via == "netrc":
            return Msg("authenticated via {file} ({host})", file=Path(self.source).name or ".netrc", host=self.host)
        return Msg("authenticated via the GOAUTH command {name} ({host})", name=Path(self.source).name,
                   host=self.host)


@dataclass
class Credentials:
    """The store Go builds from GOAUTH, plus what people need to know about it (never a secret)."""

    goauth: str
    netrc: Path | None = None
    store: dict[str, Credential] = field(default_factory=dict, repr=False)
    error: str | None = None  # Go stops every download with this (an invalid GOAUTH)
    notes: list[str] = field(default_factory=list)

    def lookup(self, url: str) -> Credential | None:
        """auth.loadCredential: the longest stored prefix of the URL; https only, as in cmd/go/internal/web."""
        parts = urlsplit(url)
        if parts.scheme != "https" or self.error:
            return None
        current = _trim(f"{parts.netloc.rpartition('@')[2]}{parts.path}")
        while True:
            found = self.store.get(current)
            if found is not None:
                return found
            if "/" not in current:
                return None
            current = current.rsplit("/", 1)[0]

    def headers_for(self, url: str) -> dict[str, str]:
        found = self.lookup(url)
        return dict(found.headers) if found else {}


def _basic(login: str, password: str) -> tuple[tuple[str, str], ...]:
    token = base64.b64encode(f"{login}:{password}".encode()).decode("ascii")
    return (("Authorization", f"Basic {token}"),)


def load_credentials(
    environ: Mapping[str, str] | None = None, *, run_commands: bool = True, timeout: float = COMMAND_TIMEOUT
) -> Credentials:
    """Build Go's credential store for ``environ`` (default: this process's). Never raises.

    Commands run as Go's first pass runs them: no URL argument, no stdin, the same environment.
    """
    env = dict(os.environ if environ is None else environ)
    creds = Credentials(goauth=goauth_setting(env))
    parsed = parse_goauth(creds.goauth)
    if not parsed.ok:
        creds.error = parsed.error
        return creds
    for method in reversed(parsed.methods):  # Go's order: the first method listed wins
        if method.kind == "off":
            return creds
        if method.kind == "netrc":
            _add_netrc(creds, env)
        elif method.kind == "git":
            creds.notes.append(Msg("GOAUTH={method}: Go asks 'git credential fill' in that directory after a "
                                   "401/403; gotui does not run it", method=mask_secrets(method.text)))
        elif run_commands:
            _add_command(creds, method.words, env, timeout)
    return creds


def _add_netrc(creds: Credentials, env: Mapping[str, str]) -> None:
    path = netrc_path(env)
    creds.netrc = path
    if path is None:
        creds.notes.append(Msg("no home directory: Go finds no netrc file"))
        return
    try:
        text = path.read_text("utf-8", errors="replace")
    except FileNotFoundError:
        return
    except OSError as exc:
        creds.notes.append(Msg("cannot read {path}: {error}", path=str(path), error=exc.strerror or str(exc)))
        return
    for line in reversed(parse_netrc(text)):  # reversed: the first line for a machine wins
        creds.store[_trim(line.machine)] = Credential(_trim(line.machine), "netrc", str(path),
                                                      _basic(line.login, line.password))


def _add_command(creds: Credentials, argv: tuple[str, ...], env: Mapping[str, str], timeout: float) -> None:
    name = Path(argv[0]).name if argv else "?"
    try:
        # the user's own GOAUTH command, run as Go runs it (argv, no shell)
        done = subprocess.run(list(argv), env=dict(env), stdin=subprocess.DEVNULL, capture_output=True,  # noqa: S603
                              timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        creds.notes.append(Msg("GOAUTH command {name} could not run: {error}", name=name, error=reason))
        return
    if done.returncode != 0:  # its stderr may echo a secret: report only the exit status
        creds.notes.append(Msg("GOAUTH command {name} failed with exit status {code}", name=name,
                               code=done.returncode))
        return
    parsed = parse_user_auth(done.stdout.decode("utf-8", errors="replace"))
    if parsed is None:
        creds.notes.append(Msg("cannot parse the output of the GOAUTH command {name}", name=name))
        return
    for prefix, headers in parsed.items():
        creds.store[prefix] = Credential(prefix, "command", argv[0], headers)


def parse_user_auth(data: str) -> dict[str, tuple[tuple[str, str], ...]] | None:
    """auth/userauth.go parseUserAuth: blocks of URL lines, a blank line, header lines, a blank line.
    ``None`` when the format is wrong (Go then ignores the whole output)."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    while data:
        urls: list[str] = []
        while True:
            line, sep, data = data.partition("\n")
            if not sep:
                return None
            if line == "":
                break
            parts = urlsplit(line)
            if not (parts.scheme and parts.netloc) and not line.startswith("/"):
                return None
            urls.append(line)
        headers: list[tuple[str, str]] = []
        while True:
            line, sep, data = data.partition("\n")
            if not sep:
                return None
            if line == "":
                break
            name, colon, value = line.partition(": ")
            if not colon or not name or any(c in name for c in " \t:\r\n") or "\n" in value:
                return None
            headers.append((name, value.strip()))
        for url in urls:
            out[_trim(url)] = tuple(headers)
    return out


def netrc_template(url: str, environ: Mapping[str, str]) -> tuple[str, str]:
    """(where, line): the file Go reads and the line a member adds there; the password stays a placeholder.

    The machine is ``host[:port]`` because Go matches ``host[:port]/path`` prefixes, not bare host names.
    """
    parts = urlsplit(url if "://" in url else f"https://{url}")
    machine = parts.netloc.rpartition("@")[2] or url
    path = netrc_path(environ)
    where = str(path) if path else ("%USERPROFILE%\\_netrc" if sys.platform == "win32" else "~/.netrc")
    return where, f"machine {machine} login YOUR_USERNAME password YOUR_TOKEN"


__all__ = [
    "Credential",
    "Credentials",
    "NetrcLine",
    "goauth_setting",
    "load_credentials",
    "netrc_path",
    "netrc_template",
    "parse_netrc",
    "parse_user_auth",
]


_CACHE: dict[tuple[object, ...], tuple[float, Credentials]] = {}
CACHE_SECONDS = 60.0


def cached_credentials(environ: Mapping[str, str] | None = None) -> Credentials:
    """:func:`load_credentials`, reused while GOAUTH, the netrc file and the environment are unchanged
    (the live table probes every few seconds; a GOAUTH command must not run on every probe)."""
    import time

    env = dict(os.environ if environ is None else environ)
    goauth = goauth_setting(env)
    path = netrc_path(env)
    try:
        stamp = path.stat().st_mtime_ns if path else None
    except OSError:
        stamp = None
    key = (goauth, str(path), stamp, hash(frozenset(env.items())))
    now = time.monotonic()
    hit = _CACHE.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    creds = load_credentials(env)
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = (now, creds)
    return creds
