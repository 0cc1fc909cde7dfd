"""Every parser and validator in rules/ takes arbitrary text without raising, and every rejection says
why in one non-empty line with a hint."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from goproxy_tui.core.rules import gourl, module, semver
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.flags import parse_goflags, validate_goflags
from goproxy_tui.core.rules.goproxy import parse_goproxy, validate_goproxy
from goproxy_tui.core.rules.gostr import quote
from goproxy_tui.core.rules.patterns import (
    BadPatternError,
    match_prefix_patterns,
    path_match,
    validate_glob_list,
)
from goproxy_tui.core.rules.settings import (
    KNOWN_ENV,
    SHELL_ONLY_KEYS,
    security_warnings,
    validate_http_proxy_url,
    validate_setting,
)
from goproxy_tui.core.rules.sumdb import parse_gosumdb, validate_gosumdb
from goproxy_tui.core.rules.toolchain import parse_gotoolchain, validate_gotoolchain

# Text that reaches the interesting branches: URL and glob punctuation, separators, escapes, controls,
# non-ASCII letters and lone surrogates (how os.fsdecode carries undecodable bytes).
ALPHABET = st.sampled_from(
    [
        *(string.ascii_letters + string.digits + ":/.,|%[]^-\\*?@+=!~ '\"\t\n\x00#"),
        *("é", "\u2028", "\udcff", "☺", "https://", "file://", "direct", "off", "v1", "go1.2"),
    ]
)
TEXT = st.one_of(st.text(), st.lists(ALPHABET, max_size=24).map("".join))
KEYS = st.one_of(st.sampled_from(sorted(KNOWN_ENV | SHELL_ONLY_KEYS)), st.text(max_size=12))


def _assert_well_formed(check: Check) -> None:
    assert isinstance(check, Check)
    if check.error is not None:
        assert check.error.strip() and "\n" not in check.error and "\r" not in check.error
        assert not check.error.startswith("internal error"), check.error
        assert check.hint and "\n" not in check.hint
    for w in check.warnings:
        assert w.strip() and "\n" not in w


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_validators_never_raise(value: str) -> None:
    for check in (
        validate_goproxy(value),
        validate_gosumdb(value),
        validate_goflags(value),
        validate_gotoolchain(value),
        validate_http_proxy_url(value),
        *(validate_glob_list(value, key) for key in ("GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE")),
    ):
        _assert_well_formed(check)


@settings(max_examples=300, deadline=None)
@given(KEYS, TEXT)
def test_validate_setting_never_raises(key: str, value: str) -> None:
    _assert_well_formed(validate_setting(key, value))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_parsers_never_raise(value: str) -> None:
    plist = parse_goproxy(value)
    assert plist.error is None or plist.error.strip()
    assert (plist.error is None) == bool(plist.entries) or plist.error is not None
    db = parse_gosumdb(value)
    assert db.error is None or db.error.strip()
    flags, err = parse_goflags(value)
    assert err is None or (err.strip() and not flags)
    ts = parse_gotoolchain(value)
    assert ts.error is None or ts.error.strip()
    try:
        gourl.parse(value)
    except gourl.GoURLError as e:
        assert str(e).startswith("parse ")


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_module_and_semver_never_raise(path: str, version: str) -> None:
    for err in (module.check_path(path), module.check_import_path(path), module.check(path, version)):
        assert err is None or err.strip()
    prefix, major, _ = module.split_path_version(path)
    assert prefix + major == path
    major_err = module.check_path_major(version, major)
    assert major_err is None or major_err.startswith(f"version {quote(version)} invalid: should be ")
    module.unescape_path(path)
    module.unescape_version(version)
    assert semver.compare(path, version) == -semver.compare(version, path)
    assert semver.is_valid(semver.canonical(version)) == semver.is_valid(version)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_globs_never_raise(globs: str, target: str) -> None:
    assert isinstance(match_prefix_patterns(globs, target), bool)
    try:
        path_match(globs, target)
    except BadPatternError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(KEYS, TEXT, max_size=6))
def test_security_warnings_never_raise(env: dict[str, str]) -> None:
    for w in security_warnings(env):
        assert w.strip()
