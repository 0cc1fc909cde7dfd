"""One gate before every ``go env -w``: ``validate_setting(key, value)``.

It applies, in Go's order, the checks of ``checkEnvWrite`` (GOROOT/src/cmd/go/internal/envcmd/
env.go: keys it refuses, unknown keys, GO111MODULE/GOPATH/GOMODCACHE/CC/CXX values, NUL, newlines,
UTF-8), then the checks Go only makes later, when the value is used and a download or build fails:
GOPATH entries (cmd/go/main.go), GOCACHE (internal/cache/default.go), GOTMPDIR (runEnvW), GOPROXY,
GOSUMDB, the glob lists, GOFLAGS and GOTOOLCHAIN. ``security_warnings(env)`` looks at a whole
effective environment so the env pane can mark risky variables.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Mapping

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules import gourl
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.flags import INSECURE_WARNING, goflags_has, quoted_split, validate_goflags
from goproxy_tui.core.rules.goauth import validate_goauth
from goproxy_tui.core.rules.goproxy import (
    fallback_warning,
    parse_goproxy,
    plain_http_warning,
    validate_goproxy,
)
from goproxy_tui.core.rules.gostr import filepath_is_abs, one_line_messages, quote, valid_utf8
from goproxy_tui.core.rules.patterns import (
    GLOB_KEYS,
    BadPatternError,
    broad_warning,
    goinsecure_warning,
    is_broad,
    path_match,
    validate_glob_list,
)
from goproxy_tui.core.rules.sumdb import OFF_WARNING, validate_gosumdb
from goproxy_tui.core.rules.toolchain import validate_gotoolchain
from goproxy_tui.i18n import Msg

# internal/cfg/cfg.go KnownEnv (Go 1.27).
KNOWN_ENV: frozenset[str] = frozenset(
    (
        "AR CC CGO_CFLAGS CGO_CFLAGS_ALLOW CGO_CFLAGS_DISALLOW CGO_CPPFLAGS CGO_CPPFLAGS_ALLOW "
        "CGO_CPPFLAGS_DISALLOW CGO_CXXFLAGS CGO_CXXFLAGS_ALLOW CGO_CXXFLAGS_DISALLOW CGO_ENABLED "
        "CGO_FFLAGS CGO_FFLAGS_ALLOW CGO_FFLAGS_DISALLOW CGO_LDFLAGS CGO_LDFLAGS_ALLOW "
        "CGO_LDFLAGS_DISALLOW CXX FC GCCGO GO111MODULE GO386 GOAMD64 GOARCH GOARM GOARM64 GOAUTH GOBIN "
        "GOCACHE GOCACHEPROG GOENV GOEXE GOEXPERIMENT GOFIPS140 GOFLAGS GOGCCFLAGS GOHOSTARCH GOHOSTOS "
        "GOINSECURE GOMIPS GOMIPS64 GOMODCACHE GONOPROXY GONOSUMDB GOOS GOPATH GOPPC64 GOPRIVATE GOPROXY "
        "GORISCV64 GOROOT GOSUMDB GOTMPDIR GOTOOLCHAIN GOTOOLDIR GOVCS GOWASM GOWORK GO_EXTLINK_ENABLED "
        "PKG_CONFIG"
    ).split()
)
# checkEnvWrite: "cannot be modified" (computed by go itself).
READ_ONLY_KEYS: frozenset[str] = frozenset(
    "GOEXE GOGCCFLAGS GOHOSTARCH GOHOSTOS GOMOD GOROOT GOTELEMETRY GOTELEMETRYDIR GOTOOLDIR GOVERSION GOWORK".split()
)
OS_ONLY_KEYS: frozenset[str] = frozenset(("GOENV", "GODEBUG"))  # "can only be set using the OS environment"
# Read by Go (net/http, crypto/x509) from the OS environment only; `go env -w` refuses them.
SHELL_ONLY_KEYS: frozenset[str] = frozenset(
    (
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy",
        "all_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR",
    )
)  # fmt: skip

WRITABLE_KEYS: frozenset[str] = KNOWN_ENV - READ_ONLY_KEYS - OS_ONLY_KEYS


def _shell_profile_hint(key: str) -> str:
    if sys.platform == "win32":
        return Msg(
            "set {key} in the Windows environment variables (setx {key} VALUE), then restart the terminal",
            key=key,
        )
    return Msg("add `export {key}=VALUE` to your shell profile (~/.profile, ~/.bashrc or ~/.zshrc)", key=key)


def _key_check(key: str) -> Check | None:
    if key in READ_ONLY_KEYS:
        return Check.fail(
            Msg("{key} cannot be modified", key=key),
            Msg("{key} is computed by the go command; nothing to set", key=key),
        )
    if key in OS_ONLY_KEYS:
        return Check.fail(
            Msg("{key} can only be set using the OS environment", key=key), _shell_profile_hint(key)
        )
    if key in SHELL_ONLY_KEYS:
        return Check.fail(
            Msg(
                "unknown go command variable {key}: it is read from the OS environment only, set it in your "
                "shell profile",
                key=key,
            ),
            _shell_profile_hint(key),
        )
    if key not in KNOWN_ENV:
        close = difflib.get_close_matches(key.upper(), sorted(WRITABLE_KEYS), n=1, cutoff=0.75)
        hint = (
            Msg("did you mean {name}?", name=close[0])
            if close
            else Msg("see `go help environment` for the variables go knows")
        )
        shown = quote(key) if not key.isprintable() else key
        return Check.fail(Msg("unknown go command variable {key}", key=shown), hint)
    return None


def _go_value_check(key: str, value: str) -> Check | None:
    """checkEnvWrite's per-key value rules."""
    if key == "GO111MODULE" and value not in ("", "auto", "on", "off"):
        return Check.fail(
            Msg("invalid GO111MODULE value {value}", value=quote(value)),
            Msg("use on, off, auto, or unset it"),
        )
    if key == "CGO_ENABLED" and value not in ("", "0", "1"):
        # cfg.go: `if v := Getenv("CGO_ENABLED"); v == "0" || v == "1"`; `go env -w` stores any
        # other value and Go then quietly uses its default
        return Check.fail(
            Msg("invalid CGO_ENABLED value {value}: Go reads only 0 or 1 and silently ignores anything else",
                value=quote(value)),
            Msg("use 0 (no cgo) or 1, or unset it"),
        )
    if key == "GOPATH":
        if value.startswith("~"):
            return Check.fail(
                Msg("GOPATH entry cannot start with shell metacharacter '~': {value}", value=quote(value)),
                Msg("write the home directory out: {path}", path=os.path.expanduser("~") + "/go"),
            )
        if value and not filepath_is_abs(value):
            return Check.fail(_relative(key, value), Msg("use an absolute path"))
    if key == "GOMODCACHE" and value and not filepath_is_abs(value):
        return Check.fail(_relative(key, value), Msg("use an absolute path"))
    if key in ("CC", "CXX") and value:
        try:
            args = quoted_split(value)
        except ValueError as err:
            return Check.fail(
                Msg("invalid {key}: {reason}", key=key, reason=err.args[0]),
                Msg("quote the whole command or path only"),
            )
        if not args:
            return Check.fail(
                Msg("{key} entry cannot contain only space", key=key),
                Msg("name a compiler, e.g. {name}", name=key.lower()),
            )
        if not filepath_is_abs(args[0]) and args[0] != os.path.basename(args[0]):
            return Check.fail(
                _relative(key, args[0]), Msg("give a command name found in PATH or an absolute path")
            )
    return None


def _relative(key: str, entry: str) -> str:
    return Msg("{key} entry is relative; must be absolute path: {entry}", key=key, entry=quote(entry))


def _generic_check(key: str, value: str) -> Check | None:
    """checkEnvWrite's checks for every key."""
    if not valid_utf8(value):
        return Check.fail(Msg("invalid UTF-8 in {key}=... value", key=key), Msg("retype the value"))
    if "\x00" in value:
        return Check.fail(Msg("invalid NUL in {key}=... value", key=key), Msg("remove the NUL byte"))
    if any(c in value for c in "\v\r\n"):
        return Check.fail(
            Msg("invalid newline in {key}=... value", key=key), Msg("put the whole value on one line")
        )
    return None


def _gopath_entries(key: str, value: str) -> Check | None:
    """cmd/go/main.go checks every GOPATH list entry at startup (``go env -w`` checks the whole string)."""
    for entry in value.split(os.pathsep):
        if entry == "":
            continue
        if entry.startswith("~"):
            return Check.fail(
                Msg("GOPATH entry cannot start with shell metacharacter '~': {value}", value=quote(entry)),
                Msg("write the home directory out: {path}", path=os.path.expanduser("~") + entry[1:]),
            )
        if not filepath_is_abs(entry):
            return Check.fail(
                _relative(key, entry),
                Msg("make every {separator}-separated entry absolute", separator=os.pathsep),
            )
    return None


def _deep_check(key: str, value: str) -> Check:
    """The checks Go makes only when the value is used."""
    if key == "GOPROXY":
        return validate_goproxy(value)
    if key == "GOSUMDB":
        return validate_gosumdb(value)
    if key == "GOAUTH":
        return validate_goauth(value)
    if key in GLOB_KEYS:
        return validate_glob_list(value, key)
    if key == "GOFLAGS":
        return validate_goflags(value)
    if key == "GOTOOLCHAIN":
        return validate_gotoolchain(value)
    if key == "GOPATH":
        return _gopath_entries(key, value) or Check()
    if key == "GOCACHE":
        if value == "off":
            return Check.fail(
                Msg("build cache is disabled by GOCACHE=off, but required as of Go 1.12"),
                Msg("use an absolute directory, or unset GOCACHE for the default"),
            )
        if value and not filepath_is_abs(value):
            return Check.fail(Msg("GOCACHE is not an absolute path"), Msg("use an absolute directory"))
    if key == "GOTMPDIR" and value and not filepath_is_abs(value):
        return Check.fail(
            Msg("GOTMPDIR must be an absolute path"), Msg("use an absolute directory, or unset it")
        )
    if key == "GO111MODULE" and value == "off":
        return Check(
            warnings=(
                Msg(
                    "GO111MODULE=off turns module mode off: go.mod files are ignored and nothing is "
                    "downloaded through GOPROXY; unset it unless you really need GOPATH mode"
                ),
            )
        )
    return Check()


# Linux's MAX_ARG_STRLEN: one "KEY=VALUE" argument or environment string is at most 128 KiB, so
# `go env -w KEY=VALUE` (an argument) could not even be started with more, nor go with it in its
# environment. Checked first, so nothing after it ever sees a bigger value.
MAX_SETTING_BYTES = 128 << 10


def _size_check(key: str, value: str) -> Check | None:
    size = len(key) + 1 + len(value.encode("utf-8", "surrogatepass")) + 1
    if len(value) < MAX_SETTING_BYTES // 4 or size <= MAX_SETTING_BYTES:
        return None
    return Check.fail(
        Msg("{key} would be {n} bytes long; one environment variable holds at most {limit} bytes, "
            "so go could not even start with it", key=key[:40], n=size, limit=MAX_SETTING_BYTES),
        Msg("check what was pasted"),
    )


@one_line_messages
def validate_setting(key: str, value: str) -> Check:
    """Validate ``go env -w KEY=VALUE`` before running it. Never raises.

    ``error`` is one line stating Go's rule, ``hint`` what to type instead, ``warnings`` risky but
    accepted findings. Keys ``go env -w`` refuses (GOROOT, GOENV, HTTPS_PROXY …) are errors too.
    """
    try:
        for check in (_size_check(key, value), _key_check(key), _go_value_check(key, value),
                      _generic_check(key, value)):
            if check is not None:
                return check
        return _deep_check(key, value)
    except Exception as err:  # a bug must never take the UI down; say so plainly instead
        return Check.fail(
            Msg("internal error validating {key}: {kind}", key=key, kind=err.__class__.__name__),
            Msg("report this as a bug"),
        )


def parse_http_proxy(value: str) -> tuple[gourl.GoURL | None, str | None]:
    """httpproxy.parseProxy (GOROOT/src/vendor/golang.org/x/net/http/httpproxy/proxy.go).

    A value without a scheme or host is retried as ``http://VALUE``; only if that fails too is the
    original error reported. Returns (url, None), (None, None) for "" or (None, Go's error).
    """
    if value == "":
        return None, None
    try:
        u: gourl.GoURL | None = gourl.parse(value)
        err: gourl.GoURLError | None = None
    except gourl.GoURLError as e:
        u, err = None, e
    if u is None or not u.scheme or not u.host:
        try:
            return gourl.parse("http://" + value), None
        except gourl.GoURLError:
            pass
    if err is not None:
        return None, Msg(
            "invalid proxy address {value}: {reason}",
            value=mask_secrets(quote(value)),
            reason=mask_secrets(err.message),
        )
    return u, None


@one_line_messages
def validate_http_proxy_url(value: str, key: str = "HTTPS_PROXY") -> Check:
    """Validate an HTTP_PROXY/HTTPS_PROXY value as Go's net/http will read it from the OS environment.

    Go never reports a bad value: httpproxy's ``config.init`` drops a value ``parseProxy`` rejects and
    connects without a proxy, which behind a corporate firewall looks like a network failure.
    Schemes net/http supports: http, https, socks5, socks5h (net/http/transport.go).
    """
    u, err = parse_http_proxy(value)
    if err is not None:
        return Check.fail(
            Msg("{error} (Go silently ignores it and connects without a proxy)", error=err),
            Msg("write the proxy as http://HOST:PORT (or http://USER:PASSWORD@HOST:PORT)"),
        )
    if u is None:
        return Check()
    # the user's own words, masked: Go's re-parse of "http://VALUE" would show a doubled scheme
    shown = mask_secrets(value if "://" in value else u.redacted())
    if u.scheme not in ("http", "https", "socks5", "socks5h"):
        return Check.fail(
            Msg(
                "{key}={url}: unsupported proxy scheme {scheme} (Go supports http, https, socks5, socks5h)",
                key=key,
                url=shown,
                scheme=repr(u.scheme),
            ),
            Msg("write the proxy as http://HOST:PORT"),
        )
    host = u.host.rsplit(":", 1)[0] if not u.host.startswith("[") else u.host
    if not host or host in ("http", "https"):
        return Check.fail(
            Msg("{key}={url}: the proxy URL has no host", key=key, url=shown),
            Msg("write the proxy as http://HOST:PORT"),
        )
    warnings: list[str] = []
    if u.has_user:
        warnings.append(
            Msg(
                "{key} carries credentials ({url}): anything that prints the environment shows them",
                key=key,
                url=shown,
            )
        )
    return Check(warnings=tuple(warnings))


# Hosts whose modules are public: a pattern naming the whole host (or any path of the all-public ones)
# switches checksum verification off for code anyone can publish.
_PUBLIC_HOSTING = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com")
_ALL_PUBLIC = ("golang.org", "google.golang.org", "gopkg.in", "go.uber.org", "k8s.io", "sigs.k8s.io",
               "cloud.google.com", "go.opentelemetry.io", "go.etcd.io", "honnef.co", "mvdan.cc")


def covers_public_modules(glob: str) -> bool:
    """True for ``github.com``, ``github.com/*``, ``golang.org/x``, ``*.org``…: public code, not private."""
    elements = [e for e in glob.strip().removesuffix("/").split("/") if e]
    if not elements:
        return False
    first, rest = elements[0], elements[1:]
    try:
        if any(path_match(first, host) for host in _ALL_PUBLIC):
            return True
        return any(path_match(first, host) for host in _PUBLIC_HOSTING) and all(e == "*" for e in rest)
    except BadPatternError:  # a malformed pattern is reported by validate_glob_list
        return False


def _effective_glob(env: Mapping[str, str], key: str) -> str:
    """GONOPROXY and GONOSUMDB default to GOPRIVATE (cfg.go)."""
    if key in ("GONOPROXY", "GONOSUMDB") and not env.get(key):
        return env.get("GOPRIVATE", "")
    return env.get(key, "")


def warnings_by_key(env: Mapping[str, str]) -> dict[str, list[str]]:
    """Risky settings in an effective environment, keyed by the variable the env pane should mark."""
    found: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        found.setdefault(key, []).append(message)

    if env.get("GOSUMDB") == "off":
        add("GOSUMDB", OFF_WARNING)
    if env.get("GOINSECURE"):
        add("GOINSECURE", goinsecure_warning(env["GOINSECURE"]))
    if goflags_has(env.get("GOFLAGS", ""), "insecure"):
        add("GOFLAGS", INSECURE_WARNING)
    # Checksum database off for nearly everything: GONOSUMDB, or GOPRIVATE when GONOSUMDB is unset.
    nosumdb = _effective_glob(env, "GONOSUMDB")
    broad = [g for g in nosumdb.split(",") if g.removesuffix("/") and is_broad(g.removesuffix("/"))]
    if broad:
        key = "GONOSUMDB" if env.get("GONOSUMDB") else "GOPRIVATE"
        add(key, broad_warning(key, broad))
    public = [g for g in nosumdb.split(",") if g.removesuffix("/") not in broad and covers_public_modules(g)]
    if public:
        key = "GONOSUMDB" if env.get("GONOSUMDB") else "GOPRIVATE"
        add(key, Msg("{key} entry {globs} covers public modules: their checksums are no longer checked against "
                     "the checksum database; list only private prefixes (e.g. github.com/myorg)",
                     key=key, globs=", ".join(quote(g) for g in public)))
    govcs = env.get("GOVCS", "")
    for rule in govcs.split(","):
        pattern, _, vcs = rule.partition(":")
        if pattern.strip() in ("public", "*") and "all" in vcs.split("|"):
            add("GOVCS", Msg("GOVCS={rule} lets public modules use every version control system, including "
                             "ones Go restricts for security (svn, bzr, fossil); Go's default is public:git|hg",
                             rule=rule.strip()))
    if env.get("GOPRIVATE") and env.get("GONOSUMDB"):
        private_broad = [g for g in env["GOPRIVATE"].split(",") if g and is_broad(g.removesuffix("/"))]
        if private_broad:
            add("GOPRIVATE", broad_warning("GOPRIVATE", private_broad))
    goproxy = env.get("GOPROXY")
    if goproxy:
        plist = parse_goproxy(goproxy)
        if plist.ok:
            if (caveat := fallback_warning(plist)) is not None:
                add("GOPROXY", caveat)
            for entry in plist.proxies:
                if entry.scheme == "http":
                    add("GOPROXY", plain_http_warning(entry.url))
    return found


def security_warnings(env: Mapping[str, str]) -> list[str]:
    """Every warning of ``warnings_by_key`` as one flat list (each names its variable)."""
    out: list[str] = []
    for key, messages in warnings_by_key(env).items():
        out.extend(m if m.startswith(key) else f"{key}: " + m for m in messages)
    return out
