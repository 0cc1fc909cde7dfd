"""toolchain.py: gover (GOROOT/src/internal/gover/gover_test.go, cmd/go/internal/gover/toolchain_test.go)
and GOTOOLCHAIN as toolchain.Select reads it, checked with the real go (GOPROXY=off: no download)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_oracle import Oracle

from goproxy_tui.core.rules.toolchain import (
    GoVersion,
    from_toolchain,
    gover_compare,
    gover_is_lang,
    gover_is_valid,
    gover_parse,
    parse_gotoolchain,
    validate_gotoolchain,
)

PARSE_TESTS = [
    ("1", GoVersion("1", "0", "0", "", "")),
    ("1.2", GoVersion("1", "2", "0", "", "")),
    ("1.2.3", GoVersion("1", "2", "3", "", "")),
    ("1.2rc3", GoVersion("1", "2", "", "rc", "3")),
    ("1.20", GoVersion("1", "20", "0", "", "")),
    ("1.21", GoVersion("1", "21", "", "", "")),
    ("1.21rc3", GoVersion("1", "21", "", "rc", "3")),
    ("1.21.0", GoVersion("1", "21", "0", "", "")),
    ("1.24", GoVersion("1", "24", "", "", "")),
    ("1.24rc3", GoVersion("1", "24", "", "rc", "3")),
    ("1.24.0", GoVersion("1", "24", "0", "", "")),
    ("1.999testmod", GoVersion("1", "999", "", "testmod", "")),
    ("1.99999999999999999", GoVersion("1", "99999999999999999", "", "", "")),
]


@pytest.mark.parametrize(("x", "want"), PARSE_TESTS)
def test_gover_parse(x: str, want: GoVersion) -> None:
    assert gover_parse(x) == want


@pytest.mark.parametrize(
    ("x", "want"),
    [("1.2rc3", False), ("1.2.3", False), ("1.999testmod", False), ("1.22", True), ("1.21", True),
     ("1.20", False), ("1.19", False), ("1.3", False), ("1.2", False), ("1", False)],
)  # fmt: skip
def test_gover_is_lang(x: str, want: bool) -> None:
    assert gover_is_lang(x) is want


@pytest.mark.parametrize(
    ("x", "want"),
    [("1.2rc3", True), ("1.2.3", True), ("1.999testmod", True), ("1.600+auto", False), ("1.22", True),
     ("1.21.0", True), ("1.21rc2", True), ("1.21", True), ("1.20.0", True), ("1.20", True), ("1.19", True),
     ("1.3", True), ("1.2", True), ("1", True), ("01.2", False), ("1.2.3rc1", False), ("", False)],
)  # fmt: skip
def test_gover_is_valid(x: str, want: bool) -> None:
    assert gover_is_valid(x) is want


@pytest.mark.parametrize(
    ("x", "y", "want"),
    [("1.21", "1.21rc1", -1), ("1.21rc1", "1.21.0", -1), ("1.21rc1", "1.21rc2", -1), ("1.20", "1.20.0", 0),
     ("1.21.10", "1.21.9", 1), ("1.21beta1", "1.21rc1", -1), ("bad", "1", -1), ("bad", "worse", 0)],
)  # fmt: skip
def test_gover_compare(x: str, y: str, want: int) -> None:
    assert gover_compare(x, y) == want


@pytest.mark.parametrize(
    ("name", "want"),
    [("go1.2.3", "1.2.3"), ("1.2.3", ""), ("go1.2.3+bigcorp", ""), ("go1.2.3-bigcorp", "1.2.3"),
     ("go1.2.3-bigcorp more text", "1.2.3"), ("gccgo-go1.23rc4", ""), ("gccgo-go1.23rc4-bigdwarf", ""),
     ("go1.22/../x", "")],
)  # fmt: skip
def test_from_toolchain(name: str, want: str) -> None:
    assert from_toolchain(name) == want


def test_parse_modes() -> None:
    assert parse_gotoolchain("auto").mode == "auto"
    assert parse_gotoolchain("local+path").mode == "path" and parse_gotoolchain("local+path").minimum is None
    pinned = parse_gotoolchain("go1.22.3+auto")
    assert (pinned.mode, pinned.minimum, pinned.version) == ("auto", "go1.22.3", "1.22.3")
    assert parse_gotoolchain("go1.22.3").mode == "local"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("bogus", 'invalid GOTOOLCHAIN "bogus"'),
        ("default", 'invalid GOTOOLCHAIN "default"'),
        ("go2.0", 'invalid GOTOOLCHAIN "go2.0"'),
        ("+auto", 'invalid GOTOOLCHAIN "+auto": invalid minimum toolchain ""'),
        ("go1.22.0+foo", 'invalid GOTOOLCHAIN "go1.22.0+foo": only version suffixes are +auto and +path'),
        ("go1.21", "invalid toolchain: go1.21 is a language version but not a toolchain version (go1.21.x)"),
    ],
)
def test_go_errors(value: str, error: str) -> None:
    check = validate_gotoolchain(value)
    assert check.error == error and check.hint


def test_download_warnings() -> None:
    assert validate_gotoolchain("local").warnings == ()
    assert "downloads golang.org/toolchain through GOPROXY" in validate_gotoolchain("auto").warnings[0]
    pinned = validate_gotoolchain("go1.22.3", local_version="go1.27.3")
    assert "runs go1.22.3 instead of the installed Go (go1.27.3)" in pinned.warnings[0]
    assert validate_gotoolchain("go1.27.3", local_version="go1.27.3").warnings == ()


# --------------------------------------------------------------------------------------------------
# Oracle: `go version` under each GOTOOLCHAIN, GOPROXY=off, no go.mod. A toolchain other than the local
# one makes go try to download it (and fail offline); syntax errors stop go before that.

ORACLE_VALUES = [
    "bogus", "local", "auto", "path", "default", "go1.22.0", "go1.21", "go1.22.0+auto", "go1.22.0+path",
    "local+auto", "local+path", "go1.22.0+foo", "gccgo-go1.23", "go2.0", "go1.2.3 more", "+auto", "go1.22.0+",
    "go1.23rc1", "go1.22.0-bigcorp", "1.22.0", "go1.22/x", "",
]  # fmt: skip


def test_gotoolchain_agrees_with_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    work = oracle.workdir("v", module=None)
    local = oracle.run(["env", "GOVERSION"], work, oracle.env()).stdout.strip()
    results = oracle.run_many((["version"], work, oracle.env(GOTOOLCHAIN=v)) for v in ORACLE_VALUES)
    for value, result in zip(ORACLE_VALUES, results, strict=True):
        check = validate_gotoolchain(value, local_version=local)
        ran_local = result.returncode == 0 and result.stdout.startswith(f"go version {local} ")
        if check.ok:
            assert "invalid" not in result.stderr, (value, result.stderr)
            switches = parse_gotoolchain(value).minimum not in (None, local)
            assert ran_local is not switches, (value, result.output)
            if switches:
                assert any("instead of the installed Go" in w for w in check.warnings)
        else:
            assert not ran_local, value
            if "cannot be a" not in check.error:  # ours words the non-semver download failure itself
                assert check.error in result.stderr, (value, check.error, result.stderr)
