"""settings.py: the gate before `go env -w`, checked against `go env -w` itself and against the go
command's start-up checks for values `go env -w` lets through."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from rules_oracle import GO, Oracle

from goproxy_tui.core.rules.settings import (
    KNOWN_ENV,
    security_warnings,
    validate_http_proxy_url,
    validate_setting,
    warnings_by_key,
)


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("GOROOT", "/usr/local/go", "GOROOT cannot be modified"),
        ("GOVERSION", "go1.22", "GOVERSION cannot be modified"),
        ("GOMOD", "/x/go.mod", "GOMOD cannot be modified"),
        ("GOWORK", "off", "GOWORK cannot be modified"),
        ("GOHOSTOS", "linux", "GOHOSTOS cannot be modified"),
        ("GOENV", "/x", "GOENV can only be set using the OS environment"),
        ("GODEBUG", "x=1", "GODEBUG can only be set using the OS environment"),
        ("GOFOO", "1", "unknown go command variable GOFOO"),
        ("GO111MODULE", "yes", 'invalid GO111MODULE value "yes"'),
        ("GOPATH", "rel/dir", 'GOPATH entry is relative; must be absolute path: "rel/dir"'),
        ("GOPATH", "~/go", "GOPATH entry cannot start with shell metacharacter '~': \"~/go\""),
        ("GOMODCACHE", "cache", 'GOMODCACHE entry is relative; must be absolute path: "cache"'),
        ("GOPROXY", "https://a\nhttps://b", "invalid newline in GOPROXY=... value"),
        ("GOPRIVATE", "a\x00b", "invalid NUL in GOPRIVATE=... value"),
        ("CC", "'gcc", "invalid CC: unterminated ' string"),
    ],
)
def test_go_env_write_rules(key: str, value: str, error: str) -> None:
    check = validate_setting(key, value)
    assert check.error == error
    assert check.hint


@pytest.mark.parametrize("key", ["HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_shell_only_variables(key: str) -> None:
    check = validate_setting(key, "x")
    assert check.error and check.error.startswith(f"unknown go command variable {key}")
    assert "shell profile" in check.error
    assert check.hint and key in check.hint


def test_typo_gets_a_suggestion() -> None:
    assert validate_setting("GOPRXY", "x").hint == "did you mean GOPROXY?"
    assert validate_setting("goproxy", "x").hint == "did you mean GOPROXY?"


@pytest.mark.parametrize(
    ("key", "value", "error"),
    [
        ("GOPATH", f"/a{os.pathsep}rel", 'GOPATH entry is relative; must be absolute path: "rel"'),
        ("GOPATH", f"/a{os.pathsep}~/go", "GOPATH entry cannot start with shell metacharacter '~': \"~/go\""),
        ("GOCACHE", "rel", "GOCACHE is not an absolute path"),
        ("GOCACHE", "off", "build cache is disabled by GOCACHE=off, but required as of Go 1.12"),
        ("GOTMPDIR", "tmp", "GOTMPDIR must be an absolute path"),
        ("GOPROXY", "garbage", "invalid proxy URL missing scheme: garbage"),
        ("GOSUMDB", "sum.example.com", "invalid GOSUMDB: malformed verifier id"),
        ("GOPRIVATE", "corp.[x", 'GOPRIVATE entry "corp.[x": syntax error in pattern (Go ignores it, so it matches nothing)'),
        ("GOFLAGS", "-foo", "parsing $GOFLAGS: unknown flag -foo"),
        ("GOTOOLCHAIN", "bogus", 'invalid GOTOOLCHAIN "bogus"'),
    ],
)  # fmt: skip
def test_checks_go_makes_later(key: str, value: str, error: str) -> None:
    assert validate_setting(key, value).error == error


@pytest.mark.parametrize(
    ("key", "value"),
    [("GOPATH", f"/a{os.pathsep}{os.pathsep}/b"), ("GOPATH", ""), ("GO111MODULE", ""), ("GO111MODULE", "on"),
     ("GOMODCACHE", "/abs/mod"), ("GOCACHE", "/abs/cache"), ("GOPROXY", "https://goproxy.cn|direct"),
     ("GOSUMDB", "sum.golang.google.cn"), ("GOPRIVATE", "git.corp.example.com"), ("GOFLAGS", "-mod=mod"),
     ("GOTOOLCHAIN", "local"), ("CGO_ENABLED", "0"), ("GOAUTH", "netrc"), ("CC", "gcc")],
)  # fmt: skip
def test_valid_values(key: str, value: str) -> None:
    check = validate_setting(key, value)
    assert check.ok and check.warnings == ()


def test_warnings_pass_through() -> None:
    assert validate_setting("GOSUMDB", "off").warnings
    assert validate_setting("GOINSECURE", "corp.example.com").warnings
    assert validate_setting("GO111MODULE", "off").warnings
    assert validate_setting("GOPROXY", "https://goproxy.cn,direct").warnings


def test_http_proxy_url() -> None:
    assert validate_http_proxy_url("http://proxy.corp:3128").ok
    assert validate_http_proxy_url("proxy.corp:3128").ok  # Go retries as http://proxy.corp:3128
    assert validate_http_proxy_url("socks5://127.0.0.1:1080").ok
    assert validate_http_proxy_url("").ok
    bad = validate_http_proxy_url("ftp://proxy.corp")
    assert bad.error and "unsupported proxy scheme 'ftp'" in bad.error
    creds = validate_http_proxy_url("http://bob:hunter2@proxy.corp:3128")
    assert creds.ok and creds.warnings and "hunter2" not in creds.warnings[0]
    broken = validate_http_proxy_url("http://bob:hunter2@proxy%zz:3128")
    assert broken.error == (
        'invalid proxy address "http://bob:***@proxy%zz:3128": parse "http://bob:***@proxy%zz:3128": '
        'invalid URL escape "%zz" (Go silently ignores it and connects without a proxy)'
    )
    # Go's retry as http://VALUE "succeeds" with the host "http:": flagged, never accepted silently
    odd = validate_http_proxy_url("http://bob:hunter2@proxy corp:3128")
    assert odd.error and "no host" in odd.error and "hunter2" not in odd.error


def test_security_warnings_for_an_environment() -> None:
    env = {
        "GOSUMDB": "off",
        "GOINSECURE": "corp.example.com",
        "GOFLAGS": "-mod=mod -insecure",
        "GOPRIVATE": "*",
        "GOPROXY": "http://u:secret@mirror.corp,direct",
    }
    by_key = warnings_by_key(env)
    assert set(by_key) == {"GOSUMDB", "GOINSECURE", "GOFLAGS", "GOPRIVATE", "GOPROXY"}
    flat = security_warnings(env)
    assert len(flat) == sum(len(v) for v in by_key.values())
    assert all(w.startswith(tuple(by_key)) for w in flat)
    assert not any("secret" in w for w in flat)
    assert any("after ',' Go only falls back on 404/410" in w for w in flat)
    assert (
        security_warnings({"GOPROXY": "https://proxy.golang.org|direct", "GOSUMDB": "sum.golang.org"}) == []
    )
    # GONOSUMDB set explicitly: GOPRIVATE no longer decides the checksum database
    narrow = warnings_by_key({"GOPRIVATE": "*", "GONOSUMDB": "corp.example.com"})
    assert list(narrow) == ["GOPRIVATE"]
    assert list(warnings_by_key({"GONOSUMDB": "*.*"})) == ["GONOSUMDB"]


# --------------------------------------------------------------------------------------------------
# Oracle: `go env -w` in the isolated go_env fixture refuses exactly what checkEnvWrite refuses.

WRITE_CASES = [
    ("GO111MODULE", "yes"), ("GO111MODULE", "on"), ("GO111MODULE", ""), ("GOPATH", "rel"), ("GOPATH", "~/go"),
    ("GOPATH", "/abs/gopath"), ("GOMODCACHE", "rel"), ("GOMODCACHE", "/abs/mod"), ("GOROOT", "/x"),
    ("GOENV", "/x"), ("GODEBUG", "x=1"), ("GOVERSION", "go1"), ("GOTELEMETRY", "on"), ("GOFOO", "1"),
    ("HTTPS_PROXY", "http://p:3128"), ("SSL_CERT_FILE", "/x.pem"), ("GOPROXY", "a\nb"), ("GOPRIVATE", "a\rb"),
    ("CC", "'gcc"), ("CC", "bin/gcc"), ("CC", "gcc"), ("GOTMPDIR", "rel"),
]  # fmt: skip


def test_go_env_w_agrees(go_env) -> None:  # type: ignore[no-untyped-def]
    for key, value in WRITE_CASES:
        before = go_env.env_bytes()
        proc = subprocess.run(
            [str(GO), "env", "-w", f"{key}={value}"], capture_output=True, text=True, timeout=60, check=False
        )
        check = validate_setting(key, value)
        go_refused = proc.returncode != 0
        go_message = proc.stderr.strip().removeprefix("go: ")
        if go_refused:
            assert not check.ok, (key, value, go_message)
            assert go_env.env_bytes() == before
            if key not in ("HTTPS_PROXY", "SSL_CERT_FILE"):
                assert check.error == go_message, (key, value)
            else:
                assert check.error and check.error.startswith(go_message)
        else:
            assert check.ok, (key, value, check.error)


def test_go_rejects_at_startup_what_env_w_let_through(tmp_path: Path) -> None:
    """Values `go env -w` accepts but every later go command (or build) rejects: same words as ours."""
    oracle = Oracle(tmp_path)
    work = oracle.workdir("b")
    (work / "main.go").write_text("package main\n\nfunc main() {}\n")
    cases = [
        ("GOPATH", f"/a{os.pathsep}rel", ["version"]),
        ("GOPATH", f"/a{os.pathsep}~/go", ["version"]),
        ("GOCACHE", "rel", ["build", "-o", os.devnull, "."]),
        ("GOCACHE", "off", ["build", "-o", os.devnull, "."]),
        ("GOTOOLCHAIN", "bogus", ["version"]),
        ("GOFLAGS", "-foo", ["version"]),
    ]
    results = oracle.run_many((args, work, oracle.env(**{key: value})) for key, value, args in cases)
    for (key, value, _), result in zip(cases, results, strict=True):
        check = validate_setting(key, value)
        assert result.returncode != 0, (key, value)
        assert check.error and check.error in result.stderr, (key, value, check.error, result.stderr)


def test_known_env_matches_go_source() -> None:
    """KNOWN_ENV is internal/cfg's KnownEnv of the Go we test with."""
    src = Path(GO).parent.parent / "src" / "internal" / "cfg" / "cfg.go"
    text = src.read_text()
    block = text.split("const KnownEnv = `", 1)[1].split("`", 1)[0]
    assert KNOWN_ENV == frozenset(block.split())
