"""flags.py: GOFLAGS as cmd/go reads it (base/goflags.go, cmd/internal/quoted), checked with the real go."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_oracle import Oracle

from goproxy_tui.core.rules.flags import (
    INSECURE_WARNING,
    KNOWN_FLAGS,
    QuoteError,
    goflags_has,
    quoted_split,
    validate_goflags,
)


@pytest.mark.parametrize(
    ("text", "fields"),
    [("", []), ("  -a   -b\t-c\n", ["-a", "-b", "-c"]), ("'-ldflags=-s -w' -x", ["-ldflags=-s -w", "-x"]),
     ('"-tags=a b"', ["-tags=a b"]), ('-tags="a b"', ['-tags="a', 'b"']), ("'a\"b'", ['a"b'])],
)  # fmt: skip
def test_quoted_split(text: str, fields: list[str]) -> None:
    assert quoted_split(text) == fields


def test_quoted_split_unterminated() -> None:
    with pytest.raises(QuoteError, match="unterminated ' string"):
        quoted_split("-x '-y")


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ('"-x', 'parsing $GOFLAGS: unterminated " string'),
        ("-", 'parsing $GOFLAGS: non-flag "-"'),
        ("--", 'parsing $GOFLAGS: non-flag "--"'),
        ("---x", 'parsing $GOFLAGS: non-flag "---x"'),
        ("-=a", 'parsing $GOFLAGS: non-flag "-=a"'),
        ("-mod mod", 'parsing $GOFLAGS: non-flag "mod"'),
        ("-foo", "parsing $GOFLAGS: unknown flag -foo"),
        ("'-x -v'", "parsing $GOFLAGS: unknown flag -x -v"),
        ("-mod", "flag needs an argument: -mod (from $GOFLAGS)"),
        ("-tags", "flag needs an argument: -tags (from $GOFLAGS)"),
        (
            "-modcacherw=maybe",
            'invalid boolean value "maybe" for flag -modcacherw (from $GOFLAGS): parse error',
        ),
        ("-mod=foo", "-mod=foo not supported (can be '', 'mod', 'readonly', or 'vendor')"),
        ("-C=x", 'invalid value "x" for flag -C (from $GOFLAGS): -C flag must be first flag on command line'),
        ("-p=two", 'invalid value "two" for flag -p (from $GOFLAGS): parse error'),
    ],
)
def test_go_errors(value: str, error: str) -> None:
    check = validate_goflags(value)
    assert check.error == error
    assert check.hint


@pytest.mark.parametrize(
    "value",
    ["", "-mod=mod", "--mod=readonly -modcacherw", "-x=1 -v=false", "'-ldflags=-s -w' -trimpath", "-tags=a,b",
     "-p=0x4", "-buildvcs=auto", "-test.v=true", "-json=true", "-mod="],
)  # fmt: skip
def test_accepted(value: str) -> None:
    assert validate_goflags(value).ok


def test_insecure_warns() -> None:
    check = validate_goflags("-mod=mod -insecure")
    assert check.ok and check.warnings == (INSECURE_WARNING,)
    assert goflags_has("-mod=mod --insecure", "insecure") and not goflags_has("-mod=mod", "insecure")


# --------------------------------------------------------------------------------------------------
# Oracle: `go list -m` in a module applies GOFLAGS fully (InitGOFLAGS + the build flags of `go list`).

ORACLE_VALUES = [
    "", "-mod=mod", "--mod=readonly -modcacherw", "-x=1 -v=false", "'-ldflags=-s -w' -trimpath", "-tags=a,b",
    "-p=0x4", "-p=010", "-p=1_0", "-buildvcs=auto", "-test.v=true", '"-x', "-", "--", "---x", "-=a", "-mod mod",
    "-foo", "'-x -v'", "-mod", "-tags", "-modcacherw=maybe", "-mod=foo", "-C=x", "-p=two", "-buildvcs=maybe",
    "-insecure", "-test.nope", "-zipsum",
]  # fmt: skip


def test_goflags_agree_with_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    work = oracle.workdir("m")
    results = oracle.run_many((["list", "-m"], work, oracle.env(GOFLAGS=v)) for v in ORACLE_VALUES)
    for value, result in zip(ORACLE_VALUES, results, strict=True):
        check = validate_goflags(value)
        if check.ok:
            assert result.returncode == 0 and result.stdout.strip() == "m", (value, result.output)
        else:
            assert result.returncode != 0, value
            assert check.error in result.stderr, (value, check.error, result.stderr)


def test_every_known_flag_is_known_to_go(tmp_path: Path) -> None:
    """One `go version` with every flag name: InitGOFLAGS stops at the first name go does not know."""
    oracle = Oracle(tmp_path)
    value = " ".join(f"-{name}=1" for name in sorted(KNOWN_FLAGS - {"C"}))
    result = oracle.run(["version"], oracle.workdir("v", None), oracle.env(GOFLAGS=value))
    assert result.returncode == 0, result.stderr


def test_insecure_breaks_go_get(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    result = oracle.run(["get", "example.com/a@v1.0.0"], oracle.workdir("g"), oracle.env(GOFLAGS="-insecure"))
    assert "-insecure flag is no longer supported; use GOINSECURE instead" in result.stderr
    assert "-insecure flag is no longer supported; use GOINSECURE instead" in INSECURE_WARNING
