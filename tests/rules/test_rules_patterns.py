"""patterns.py: path.Match (GOROOT/src/path/match_test.go), MatchPrefixPatterns (x/mod module_test.go),
validation, and the real go deciding which modules GONOSUMDB exempts from the checksum database."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_oracle import Oracle, build_file_proxy, download_errors

from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.patterns import (
    BadPatternError,
    match_prefix_patterns,
    path_match,
    validate_glob_list,
)

BAD = "bad"
# GOROOT/src/path/match_test.go matchTests: (pattern, name, match or BAD).
MATCH_TESTS = [
    ("abc", "abc", True), ("*", "abc", True), ("*c", "abc", True), ("a*", "a", True), ("a*", "abc", True),
    ("a*", "ab/c", False), ("a*/b", "abc/b", True), ("a*/b", "a/c/b", False),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", True), ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False), ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", False),
    ("a*b?c*x", "abxbbxdbxebxczzx", True), ("a*b?c*x", "abxbbxdbxebxczzy", False),
    ("ab[c]", "abc", True), ("ab[b-d]", "abc", True), ("ab[e-g]", "abc", False), ("ab[^c]", "abc", False),
    ("ab[^b-d]", "abc", False), ("ab[^e-g]", "abc", True), ("a\\*b", "a*b", True), ("a\\*b", "ab", False),
    ("a?b", "a☺b", True), ("a[^a]b", "a☺b", True), ("a???b", "a☺b", False), ("a[^a][^a][^a]b", "a☺b", False),
    ("[a-ζ]*", "α", True), ("*[a-ζ]", "A", False), ("a?b", "a/b", False), ("a*b", "a/b", False),
    ("[\\]a]", "]", True), ("[\\-]", "-", True), ("[x\\-]", "x", True), ("[x\\-]", "-", True),
    ("[x\\-]", "z", False), ("[\\-x]", "x", True), ("[\\-x]", "-", True), ("[\\-x]", "a", False),
    ("[]a]", "]", BAD), ("[-]", "-", BAD), ("[x-]", "x", BAD), ("[x-]", "-", BAD), ("[x-]", "z", BAD),
    ("[-x]", "x", BAD), ("[-x]", "-", BAD), ("[-x]", "a", BAD), ("\\", "a", BAD), ("[a-b-c]", "a", BAD),
    ("[", "a", BAD), ("[^", "a", BAD), ("[^bc", "a", BAD), ("a[", "a", BAD), ("a[", "ab", BAD),
    ("a[", "x", BAD), ("a/b[", "x", BAD), ("*x", "xxx", True),
]  # fmt: skip

# x/mod module_test.go TestMatchPrefixPatterns (the revision vendored in Go 1.27: trailing '/' ignored).
PREFIX_TESTS = [
    ("", "rsc.io/quote", False), ("/", "rsc.io/quote", False), ("*/quote", "rsc.io/quote", True),
    ("*/quo", "rsc.io/quote", False), ("*/quo??", "rsc.io/quote", True), ("*/quo*", "rsc.io/quote", True),
    ("*quo*", "rsc.io/quote", False), ("rsc.io", "rsc.io/quote", True), ("*.io", "rsc.io/quote", True),
    ("rsc.io/", "rsc.io/quote", True), ("rsc", "rsc.io/quote", False), ("rsc*", "rsc.io/quote", True),
    ("rsc.io", "rsc.io/quote/v3", True), ("*/quote", "rsc.io/quote/v3", True),
    ("*/quote/", "rsc.io/quote/v3", True), ("*/quote/*", "rsc.io/quote/v3", True),
    ("*/quote/*/", "rsc.io/quote/v3", True), ("*/v3", "rsc.io/quote/v3", False),
    ("*/*/v3", "rsc.io/quote/v3", True), ("*/*/*", "rsc.io/quote/v3", True), ("*/*/*/", "rsc.io/quote/v3", True),
    ("*/*/*", "rsc.io/quote", False), ("*/*/*/", "rsc.io/quote", False), ("*/*/*,,", "rsc.io/quote", False),
    ("*/*/*,,*/quote", "rsc.io/quote", True), (",,*/quote", "rsc.io/quote", True),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "name", "want"), MATCH_TESTS)
def test_path_match(pattern: str, name: str, want: bool | str) -> None:
    if want == BAD:
        with pytest.raises(BadPatternError):
            path_match(pattern, name)
    else:
        assert path_match(pattern, name) is want


@pytest.mark.parametrize(("globs", "target", "want"), PREFIX_TESTS)
def test_match_prefix_patterns(globs: str, target: str, want: bool) -> None:
    assert match_prefix_patterns(globs, target) is want


def test_bad_glob_never_matches_and_spaces_are_not_trimmed() -> None:
    assert not match_prefix_patterns("rsc.[io", "rsc.io/quote")
    assert match_prefix_patterns("rsc.[io,rsc.io", "rsc.io/quote")
    assert not match_prefix_patterns("example.com, rsc.io", "rsc.io/quote")


def test_validate_rejects_bad_syntax_with_go_wording() -> None:
    check = validate_glob_list("git.corp.example.com,github.com/[myorg", "GOPRIVATE")
    assert not check.ok
    assert check.error == (
        'GOPRIVATE entry "github.com/[myorg": syntax error in pattern (Go ignores it, so it matches nothing)'
    )
    assert check.hint and "close every '['" in check.hint


@pytest.mark.parametrize("key", ["GOPRIVATE", "GONOSUMDB"])
@pytest.mark.parametrize("value", ["*", "*.*", "*/*", "corp.example.com,*"])
def test_broad_patterns_warn(key: str, value: str) -> None:
    check = validate_glob_list(value, key)
    assert check.ok
    assert any("matches nearly every module" in w for w in check.warnings)
    if key == "GONOSUMDB":
        assert any("checksum" in w for w in check.warnings)


@pytest.mark.parametrize("value", ["git.corp.example.com", "*.corp.example.com", "github.com/myorg/*", ""])
def test_narrow_patterns_are_clean(value: str) -> None:
    assert validate_glob_list(value, "GOPRIVATE") == Check()


def test_spaces_warn_with_the_fixed_value() -> None:
    check = validate_glob_list("corp.example.com, github.com/myorg", "GOPRIVATE")
    assert check.ok
    assert check.warnings == (
        'GOPRIVATE entries " github.com/myorg" contain spaces, which Go does not trim: they never match a '
        'module path; write "corp.example.com,github.com/myorg"',
    )


def test_goinsecure_always_warns() -> None:
    check = validate_glob_list("git.corp.example.com", "GOINSECURE")
    assert check.ok
    assert len(check.warnings) == 1
    assert "does not relax TLS to a GOPROXY mirror" in check.warnings[0]
    assert validate_glob_list("", "GOINSECURE").warnings == ()


# --------------------------------------------------------------------------------------------------
# Oracle: GOSUMDB is set to a malformed key, so Go fails exactly for the modules it checks against the
# checksum database; GONOSUMDB decides which ones those are.

TARGETS = [
    ("rsc.io/quote", "v1.0.0"),
    ("rsc.io/quote/v3", "v3.0.0"),
    ("example.com/a", "v1.0.0"),
    ("corp.example.com/x/y", "v1.0.0"),
    ("github.com/myorg/repo", "v1.0.0"),
]
GLOB_LISTS = [
    "", "/", "*", "*/*", "*/*/*", "rsc.io", "rsc.io/", "*.io", "rsc*", "rsc", "*/quote", "*/quote/*", "*/v3",
    "*/*/v3", ",,*/quote", "rsc.[io", "rsc.[io,example.com", " rsc.io", "rs?.io", "[a-z]sc.io", "[^x]sc.io",
    "rsc.io\\", "corp.example.com", "*.example.com", "corp.example.com/x", "github.com/myorg", "github.com/my*",
    "example.com/a/", "[]a]", "*.*",
]  # fmt: skip


def test_gonosumdb_matching_agrees_with_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    proxy = build_file_proxy(tmp_path / "proxy", TARGETS)
    work = oracle.workdir("dl", module=None)
    args = ["mod", "download", "-json", *(f"{p}@{v}" for p, v in TARGETS)]
    jobs = [(args, work, oracle.env(GOPROXY=proxy, GOSUMDB="bogus", GONOSUMDB=globs)) for globs in GLOB_LISTS]
    for globs, result in zip(GLOB_LISTS, oracle.run_many(jobs), strict=True):
        errors = download_errors(result)
        assert len(errors) == len(TARGETS), result.output
        for path, version in TARGETS:
            err = errors[f"{path}@{version}"]
            go_exempt = err is None
            if not go_exempt:
                assert "invalid GOSUMDB: malformed verifier id" in err, err
            assert match_prefix_patterns(globs, path) is go_exempt, (globs, path, err)
