"""``[[auth]]`` in a team profile: which hosts need credentials and how Go should find them, no secret.

A profile is shared in a repository, so it can only say *that* a member needs a credential
(``host = "goproxy.corp.example.com"``, ``via = "netrc"``); ``gotui apply`` checks the member's machine
the way Go would look (GOAUTH, $NETRC or ~/.netrc, cmd/go/internal/auth) and names the exact line to
add, with a placeholder for the token. gotui never writes that file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from goproxy_tui.core.auth import load_credentials, netrc_path
from goproxy_tui.core.rules.goauth import parse_goauth
from goproxy_tui.i18n import Joined, Msg

AUTH_KEYS = ("host", "via", "login")
VIA = ("netrc",)
_SECRET_KEYS = ("password", "token", "secret", "passwd", "apikey", "api_key")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[^\s@]*)?")
_LOGIN = re.compile(r"[^\s@:]+")

Report = Callable[..., None]  # _Validator.report(path, message, hint)


@dataclass(frozen=True)
class AuthRequirement:
    """``host`` as Go matches it (``host[:port][/path]``, no scheme); ``login`` a non-secret user name."""

    host: str
    via: str = "netrc"
    login: str | None = None


@dataclass(frozen=True)
class AuthCheck:
    """One requirement on this machine: satisfied, or the line to add and the file to add it to."""

    requirement: AuthRequirement
    ok: bool
    message: str
    where: str | None = None
    line: str | None = None


def parse_auth(raw: object, report: Report) -> tuple[AuthRequirement, ...]:
    """Validate the ``[[auth]]`` array; every problem goes to ``report`` (and the entry is dropped)."""
    if not isinstance(raw, list):
        report(("auth",), Msg("must be an array of tables: write each host under [[auth]]"))
        return ()
    kept: list[AuthRequirement] = []
    for index, entry in enumerate(raw):
        path: tuple[str | int, ...] = ("auth", index)
        if not isinstance(entry, dict):
            report(path, Msg("must be a table with host and via"))
            continue
        requirement = _entry(path, entry, report)
        if requirement is not None:
            if any(r.host == requirement.host for r in kept):
                report((*path, "host"), Msg("duplicate auth host {host}", host=repr(requirement.host)))
                continue
            kept.append(requirement)
    return tuple(kept)


def _entry(path: tuple[str | int, ...], entry: dict[str, Any], report: Report) -> AuthRequirement | None:
    ok = True
    for key in entry:
        if key.lower() in _SECRET_KEYS:
            report((*path, key), Msg("a team profile never holds secrets"),
                   Msg("remove {key}: each member keeps their own token in their netrc file", key=key))
            ok = False
        elif key not in AUTH_KEYS:
            report((*path, key), Msg("unknown key"), Msg("known: {names}", names=", ".join(AUTH_KEYS)))
            ok = False
    host = entry.get("host")
    if not isinstance(host, str) or not host:
        report((*path, "host"), Msg("missing host"), Msg('e.g. host = "goproxy.corp.example.com"'))
        return None
    if host.startswith("http://"):
        report((*path, "host"), Msg("Go sends credentials only over https, never to {host}", host=host),
               Msg("serve the mirror over https and write the host without a scheme"))
        return None
    host = host.removeprefix("https://").rstrip("/")
    if "@" in host:
        report((*path, "host"), Msg("a team profile never holds secrets (user@host)"),
               Msg("write the host only; the login goes in login = \"…\" if the team shares one"))
        return None
    if not _HOST.fullmatch(host):
        report((*path, "host"), Msg("{host} is not a host[:port][/path] prefix", host=repr(host)),
               Msg('e.g. host = "goproxy.corp.example.com"'))
        return None
    via = entry.get("via", "netrc")
    if via not in VIA:
        report((*path, "via"), Msg("unsupported via {via}", via=repr(via)),
               Msg("use via = \"netrc\" (a GOAUTH command or git credential helper is set up per machine)"))
        ok = False
    login = entry.get("login")
    if login is not None and (not isinstance(login, str) or not _LOGIN.fullmatch(login)):
        report((*path, "login"), Msg("login must be a user name without spaces, ':' or '@'"))
        ok = False
    return AuthRequirement(host, str(via), login) if ok else None


def check_auth(
    requirements: tuple[AuthRequirement, ...], environ: Mapping[str, str], goauth: str
) -> tuple[AuthCheck, ...]:
    """Would Go send a credential for each host with ``goauth`` (the value after applying)? Writes nothing."""
    if not requirements:
        return ()
    env = {**environ, "GOAUTH": goauth}
    parsed = parse_goauth(goauth)
    creds = load_credentials(env, run_commands=False)
    path = netrc_path(env)
    where = str(path) if path else "~/.netrc"
    checks: list[AuthCheck] = []
    for req in requirements:
        line = f"machine {req.host.split('/', 1)[0]} login {req.login or 'YOUR_USERNAME'} password YOUR_TOKEN"
        if not parsed.ok:
            checks.append(AuthCheck(req, False, Msg("GOAUTH is invalid, so Go sends no credentials: {error}",
                                                    error=parsed.error or ""), where, line))
            continue
        if parsed.off or not any(m.kind == "netrc" for m in parsed.methods):
            checks.append(AuthCheck(req, False, Msg("GOAUTH={value} does not read the netrc file; include netrc "
                                                    "(or unset GOAUTH: netrc is Go's default)", value=goauth),
                                    where, line))
            continue
        found = creds.lookup(f"https://{req.host}/")
        if found is not None and found.via == "netrc":
            found_msg = Msg("{host}: credentials found in {where}", host=req.host, where=found.source)
            checks.append(AuthCheck(req, True, Joined("", (found_msg, _mode_note(found.source)))))
            continue
        checks.append(AuthCheck(req, False, Msg("{host}: no netrc line: add this line to {where} (your own token; "
                                                "gotui never writes it), then chmod 600 {where}: {line}",
                                                host=req.host, where=where, line=line), where, line))
    return tuple(checks)


def _mode_note(source: str) -> str:
    try:
        mode = stat.S_IMODE(os.stat(source).st_mode)
    except OSError:
        return ""
    if mode & 0o077:
        return Msg(" (other users can read it: chmod 600 {path})", path=source)
    return ""


__all__ = ["AUTH_KEYS", "AuthCheck", "AuthRequirement", "check_auth", "parse_auth"]
