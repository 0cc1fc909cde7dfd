"""semver.py against the table of golang.org/x/mod/semver/semver_test.go (same cases, same rules)."""

from __future__ import annotations

import itertools
import random

import pytest

from goproxy_tui.core.rules import semver

# (input, canonical or "" when invalid), in increasing order: semver_test.go `tests`.
TESTS = [
    ("bad", ""),
    ("v1-alpha.beta.gamma", ""),
    ("v1-pre", ""),
    ("v1+meta", ""),
    ("v1-pre+meta", ""),
    ("v1.2-pre", ""),
    ("v1.2+meta", ""),
    ("v1.2-pre+meta", ""),
    ("v1.0.0-alpha", "v1.0.0-alpha"),
    ("v1.0.0-alpha.1", "v1.0.0-alpha.1"),
    ("v1.0.0-alpha.beta", "v1.0.0-alpha.beta"),
    ("v1.0.0-beta", "v1.0.0-beta"),
    ("v1.0.0-beta.2", "v1.0.0-beta.2"),
    ("v1.0.0-beta.11", "v1.0.0-beta.11"),
    ("v1.0.0-rc.1", "v1.0.0-rc.1"),
    ("v1", "v1.0.0"),
    ("v1.0", "v1.0.0"),
    ("v1.0.0", "v1.0.0"),
    ("v1.2", "v1.2.0"),
    ("v1.2.0", "v1.2.0"),
    ("v1.2.3-456", "v1.2.3-456"),
    ("v1.2.3-456.789", "v1.2.3-456.789"),
    ("v1.2.3-456-789", "v1.2.3-456-789"),
    ("v1.2.3-456a", "v1.2.3-456a"),
    ("v1.2.3-pre", "v1.2.3-pre"),
    ("v1.2.3-pre+meta", "v1.2.3-pre"),
    ("v1.2.3-pre.1", "v1.2.3-pre.1"),
    ("v1.2.3-zzz", "v1.2.3-zzz"),
    ("v1.2.3", "v1.2.3"),
    ("v1.2.3+meta", "v1.2.3"),
    ("v1.2.3+meta-pre", "v1.2.3"),
    ("v1.2.3+meta-pre.sha.256a", "v1.2.3"),
]


@pytest.mark.parametrize(("v", "want"), TESTS)
def test_is_valid_and_canonical(v: str, want: str) -> None:
    assert semver.is_valid(v) == (want != "")
    assert semver.canonical(v) == want


@pytest.mark.parametrize(("v", "want"), TESTS)
def test_major_minor_prerelease_build(v: str, want: str) -> None:
    assert semver.major(v) == (want.split(".")[0] if want else "")
    expect_mm = ""
    if want:
        mm = v.split("+")[0].split("-")[0]
        expect_mm = {0: mm + ".0", 1: mm, 2: mm.rsplit(".", 1)[0]}[mm.count(".")]
    assert semver.major_minor(v) == expect_mm
    assert semver.prerelease(v) == (want[want.index("-") :] if want and "-" in want else "")
    assert semver.build(v) == (v[v.index("+") :] if want and "+" in v else "")


def test_compare_follows_table_order() -> None:
    for i, (vi, ci) in enumerate(TESTS):
        for j, (vj, cj) in enumerate(TESTS):
            want = 0 if ci == cj else (-1 if i < j else 1)
            assert semver.compare(vi, vj) == want, (vi, vj)


@pytest.mark.parametrize(
    ("v", "w", "r"), [("v1", "v1", 0), ("v2", "v1", 1), ("v1", "v2", -1), ("v1.19", "v1.2", 1)]
)
def test_compare_explicit(v: str, w: str, r: int) -> None:
    assert semver.compare(v, w) == r


def test_max_and_sort() -> None:
    for i, (vi, _) in enumerate(TESTS):
        for j, (vj, _) in enumerate(TESTS):
            want = semver.canonical(vj) if i < j else semver.canonical(vi)
            assert semver.max_version(vi, vj) == want
    shuffled = [v for v, _ in TESTS]
    random.Random(7).shuffle(shuffled)
    ordered = semver.sort_versions(shuffled)
    assert all(semver.compare(a, b) <= 0 for a, b in itertools.pairwise(ordered))
    # ties (invalid ones, build suffixes) are broken by plain string order, as semver.Sort does
    assert ordered[0] == "bad"
    assert ordered[-4:] == ["v1.2.3", "v1.2.3+meta", "v1.2.3+meta-pre", "v1.2.3+meta-pre.sha.256a"]


@pytest.mark.parametrize(
    "v",
    [
        "v01.2.3",
        "v1.02.3",
        "v1.2.03",
        "1.2.3",
        "v1.2.3-01",
        "v1.2.3-",
        "v1.2.3+",
        "v1.2.3-a..b",
        "v1.2.3 ",
        "v1.2.3-é",
    ],
)
def test_rejects_what_go_rejects(v: str) -> None:
    assert not semver.is_valid(v)
    assert semver.canonical(v) == ""


def test_huge_numbers_compare_as_decimals() -> None:
    assert semver.compare("v1.99999999999999999999.0", "v1.100000000000000000000.0") == -1
