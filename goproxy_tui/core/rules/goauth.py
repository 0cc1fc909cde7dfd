"""GOAUTH, parsed and checked as cmd/go does (GOROOT/src/cmd/go/internal/auth/auth.go ``runGoAuth``).

GOAUTH is a ``;``-separated list of methods: ``off``, ``netrc``, ``git DIR`` or any other command line
(split like ``cmd/internal/quoted``). The default (unset or empty) is ``netrc``. ``go env -w`` accepts
any value; Go checks it only at the first https request, in *reverse* order, and stops every download
with ``go: GOAUTH …`` on an empty method, on ``off`` combined with anything, and on a ``git`` method
whose directory is not an absolute, existing directory. A command that cannot be parsed or run is not
fatal: Go only skips it (and says so under ``-x``), so a credential silently goes missing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.flags import QuoteError, quoted_split
from goproxy_tui.core.rules.gostr import filepath_is_abs, one_line_messages
from goproxy_tui.i18n import Msg, message_of

DEFAULT_GOAUTH = "netrc"  # cfg.EnvOrAndChanged("GOAUTH", "netrc")

Kind = Literal["off", "netrc", "git", "command"]


@dataclass(frozen=True)
class AuthMethod:
    """One GOAUTH method; ``words`` as Go splits it (``strings.Fields``; commands: ``quoted.Split``)."""

    kind: Kind
    text: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class GoauthList:
    methods: tuple[AuthMethod, ...]
    error: str | None = None  # Go's fatal message, as Go words it (without the ``go: `` prefix)
    hint: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def off(self) -> bool:
        return any(m.kind == "off" for m in self.methods)


def parse_goauth(value: str, *, check_dirs: bool = True) -> GoauthList:
    """Split ``value`` into methods and find the error Go stops with (first one in Go's reverse order)."""
    raw = value if value != "" else DEFAULT_GOAUTH
    parts = raw.split(";")
    methods: list[AuthMethod] = []
    error: str | None = None
    hint: str | None = None
    warnings: list[str] = []
    shown = mask_secrets(raw)
    for part in reversed(parts):
        command = part.strip()
        words = tuple(command.split())
        if not words:
            error = error or Msg("GOAUTH encountered an empty command (GOAUTH={value})", value=shown)
            hint = hint or Msg("remove the empty entry: no ';' at the start, the end, or twice in a row")
            continue
        if words[0] == "off":
            methods.append(AuthMethod("off", command, words))
            if len(parts) != 1 and error is None:
                error = Msg(
                    "GOAUTH=off cannot be combined with other authentication commands (GOAUTH={value})",
                    value=shown,
                )
                hint = Msg("use GOAUTH=off alone (no credentials at all), or drop 'off', e.g. GOAUTH=netrc")
            continue
        if words[0] == "netrc":
            methods.append(AuthMethod("netrc", command, words))
            continue
        if words[0] == "git":
            methods.append(AuthMethod("git", command, words))
            problem = _git_dir_problem(words, check_dirs)
            if problem is not None and error is None:
                error = problem
                hint = Msg("write GOAUTH='git /absolute/path/to/a/git/checkout'")
            continue
        try:
            argv = tuple(quoted_split(command))
        except QuoteError as exc:
            methods.append(AuthMethod("command", command, words))
            error = error or Msg("cannot parse GOAUTH command {command}: {error}", command=mask_secrets(command),
                                 error=message_of(exc))
            hint = hint or Msg("quote the command or its arguments whole, with matching quotes")
            continue
        methods.append(AuthMethod("command", command, argv))
        if check_dirs and argv and shutil.which(argv[0]) is None:
            warnings.append(Msg("GOAUTH command {name} is not found: Go skips it and sends no credential from it",
                                name=mask_secrets(argv[0])))
    methods.reverse()
    return GoauthList(tuple(methods), error, hint, tuple(warnings))


def _git_dir_problem(words: tuple[str, ...], check_dirs: bool) -> str | None:
    if len(words) != 2:
        return Msg("GOAUTH=git dir method requires an absolute path to the git working directory")
    directory = words[1]
    if not filepath_is_abs(directory):
        return Msg("GOAUTH=git dir method requires an absolute path to the git working directory, "
                   "dir is not absolute")
    if not check_dirs:
        return None
    try:
        is_dir = os.path.isdir(directory)
        os.stat(directory)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()  # Go's *PathError: "stat DIR: no such file or directory"
        return Msg("GOAUTH=git encountered an error; cannot stat {dir}: {error}", dir=directory,
                   error=f"stat {directory}: {reason}")
    if not is_dir:
        return Msg("GOAUTH=git dir method requires an absolute path to the git working directory, "
                   "dir is not a directory")
    return None


@one_line_messages
def validate_goauth(value: str) -> Check:
    """The check before ``go env -w GOAUTH=…``: Go's own fatal errors, plus what Go silently skips."""
    parsed = parse_goauth(value)
    if parsed.error:
        return Check.fail(parsed.error, parsed.hint)
    warnings = list(parsed.warnings)
    if parsed.off:
        warnings.append(Msg("GOAUTH=off: Go sends no credentials at all, so a private proxy or code host "
                            "answers 401/403/404"))
    return Check(warnings=tuple(warnings))


__all__ = ["DEFAULT_GOAUTH", "AuthMethod", "GoauthList", "parse_goauth", "validate_goauth"]
