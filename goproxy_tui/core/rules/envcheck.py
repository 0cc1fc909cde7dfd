"""Checks for the variables around a download that ``go env -w`` does not handle, and for look-alikes.

- GODEBUG (OS only): settings that bring back weaker TLS/X.509 behaviour (crypto/tls, crypto/x509).
- GIT_SSH_COMMAND: ssh options that switch host-key checking off.
- GIT_ALLOW_PROTOCOL: cmd/go/internal/vcs ``isSecureScheme`` treats every listed scheme as secure, so
  ``http`` or ``ext`` there lets ``go get`` use cleartext or run commands.
- GIT_TERMINAL_PROMPT: cmd/go sets it to 0 unless it is set (modload/init.go); ``1`` lets git prompt,
  and a prompt nobody answers hangs the download.
- Names that look like Go settings but are not (``GONOSUMCHECK``, ``GOPROXYS``): Go ignores them.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Iterable

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.settings import KNOWN_ENV
from goproxy_tui.i18n import Msg

# Read by the Go runtime, tools or the toolchain rather than `go env` (go help environment, runtime docs).
OTHER_GO_NAMES: frozenset[str] = frozenset(
    "GODEBUG GOGC GOMAXPROCS GOMEMLIMIT GORACE GOTRACEBACK GOCOVERDIR GOPACKAGESDRIVER GOTELEMETRY "
    "GOTELEMETRYDIR GOROOT_FINAL GOROOT_BOOTSTRAP GOMOD GOVERSION".split()
)
DOWNLOAD_NAMES = ("GOPROXY", "GOSUMDB", "GONOSUMDB", "GONOPROXY", "GOPRIVATE", "GOINSECURE", "GOAUTH",
                  "GOVCS", "GOFLAGS", "GOTOOLCHAIN", "GOMODCACHE", "GOPATH", "GOENV", "GO111MODULE", "GOWORK")
_LOOKALIKE_PREFIXES = ("GONOSUM", "GONOPROX", "GOPROX", "GOSUM", "GOPRIV", "GOINSEC", "GOAUTH", "GOVCS",
                       "GO_PROXY", "GO_PRIVATE", "GO_SUMDB", "GO_NOSUMDB", "GOTOOLCHAIN", "GOMODCACHE")

# GODEBUG settings whose old value lowers security (GOROOT/src/internal/godebugs/table.go, Go 1.27).
_WEAK_GODEBUG: dict[str, tuple[str, str]] = {
    "tlssha1": ("1", "allows SHA-1 signatures in TLS 1.2 handshakes"),
    "x509negativeserial": ("1", "accepts certificates with negative serial numbers"),
    "rsa1024min": ("0", "accepts RSA keys shorter than 1024 bits"),
    "x509usepolicies": ("0", "ignores certificate policies"),
}
# internal/godebugs Removed: an old value makes every Go program (go itself) stop with "fatal error".
_REMOVED_GODEBUG: dict[str, tuple[str, ...]] = {
    "x509sha1": ("1",), "tlskyber": ("0",), "gotypesalias": ("0",), "tlsunsafeekm": ("1",), "tlsrsakex": ("1",),
    "tls3des": ("1",), "tls10server": ("1",), "x509keypairleaf": ("0",), "asynctimerchan": ("1", "2"),
}  # fmt: skip


def lookalike_warning(name: str) -> str | None:
    """``Go ignores this`` for a name that resembles a Go download setting but is not one."""
    upper = name.upper()
    if name in KNOWN_ENV or name in OTHER_GO_NAMES or not upper.startswith("GO"):
        return None
    close = difflib.get_close_matches(upper, DOWNLOAD_NAMES, n=1, cutoff=0.75)
    if not close and not upper.startswith(_LOOKALIKE_PREFIXES):
        return None
    if not close:
        close = difflib.get_close_matches(upper, sorted(KNOWN_ENV), n=1, cutoff=0.5)
    if name != upper and upper in KNOWN_ENV:
        return Msg("{name} is not a Go setting (Go's names are upper case): Go ignores this; use {real}",
                   name=name, real=upper)
    if close:
        return Msg("{name} is not a Go setting: Go ignores this (did you mean {real}?)", name=name, real=close[0])
    return Msg("{name} is not a Go setting: Go ignores this", name=name)


def lookalikes(names: Iterable[str]) -> dict[str, str]:
    return {name: warning for name in names if (warning := lookalike_warning(name)) is not None}


def godebug_warnings(value: str) -> list[str]:
    out: list[str] = []
    for item in value.split(","):
        key, sep, setting = item.strip().partition("=")
        if sep and setting in _REMOVED_GODEBUG.get(key, ()):
            out.append(Msg("GODEBUG {item} was removed from Go: every go command stops with 'fatal error: removed "
                           "GODEBUG'; delete it from GODEBUG", item=f"{key}={setting}"))
            continue
        weak = _WEAK_GODEBUG.get(key)
        if sep and weak and setting == weak[0]:
            out.append(Msg("GODEBUG {item} {effect}", item=f"{key}={setting}", effect=weak[1]))
    return out


def git_ssh_command_warnings(value: str) -> list[str]:
    try:
        words = shlex.split(value)
    except ValueError:
        return [Msg("GIT_SSH_COMMAND cannot be split into words (unbalanced quotes): git fails to run ssh")]
    joined = " ".join(words).lower().replace(" =", "=").replace("= ", "=")
    found: list[str] = []
    if "stricthostkeychecking=no" in joined or "stricthostkeychecking=off" in joined:
        found.append(Msg("GIT_SSH_COMMAND turns ssh host-key checking off (StrictHostKeyChecking=no): a "
                         "man in the middle would go unnoticed; add the host to known_hosts with ssh-keyscan"))
    if "userknownhostsfile=/dev/null" in joined:
        found.append(Msg("GIT_SSH_COMMAND discards known hosts (UserKnownHostsFile=/dev/null): host keys are "
                         "never checked"))
    return found


def git_allow_protocol_warnings(value: str) -> list[str]:
    schemes = [s for s in value.split(":") if s]
    found: list[str] = []
    for scheme, why in (("http", "cleartext http"), ("git", "the unauthenticated git:// protocol"),
                        ("ext", "ext:: URLs that run arbitrary commands")):
        if scheme in schemes:
            found.append(Msg("GIT_ALLOW_PROTOCOL lists {scheme}: Go treats {why} as secure for git", scheme=scheme,
                             why=why))
    if not schemes:
        found.append(Msg("GIT_ALLOW_PROTOCOL is empty of schemes: Go falls back to its own list"))
    return found


def git_terminal_prompt_warnings(value: str) -> list[str]:
    if value not in ("", "0", "false"):
        return [Msg("GIT_TERMINAL_PROMPT={value}: git may ask for a password on the terminal; in an editor, "
                    "CI or gotui nobody answers and the download hangs. Store the credential instead "
                    "(a credential helper or .netrc)", value=mask_secrets(value))]
    return []


def os_var_warnings(name: str, value: str) -> list[str]:
    """Warnings for one OS-only variable's value (empty for names without checks)."""
    if not value:
        return []
    check = {
        "GODEBUG": godebug_warnings,
        "GIT_SSH_COMMAND": git_ssh_command_warnings,
        "GIT_ALLOW_PROTOCOL": git_allow_protocol_warnings,
        "GIT_TERMINAL_PROMPT": git_terminal_prompt_warnings,
    }.get(name)
    return check(value) if check else []


__all__ = ["lookalike_warning", "lookalikes", "os_var_warnings"]
