"""module.py: the tables of golang.org/x/mod/module/module_test.go, then the real go as an oracle."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_oracle import Oracle

from goproxy_tui.core.rules import module

# (path, module ok, import ok, file ok): module_test.go checkPathTests, from the x/mod revision that
# matches the one vendored in Go 1.27 (leading dots allowed in import paths, "-x" in file paths).
CHECK_PATH_TESTS = [
    ("x.y/z", True, True, True),
    ("x.y", True, True, True),
    ("", False, False, False),
    ("x.y/\udcffz", False, False, False),  # "x.y/\xFFz": invalid UTF-8
    ("/x.y/z", False, False, False),
    ("x./z", False, False, False),
    (".x/z", False, True, True),
    ("-x/z", False, False, True),
    ("x..y/z", True, True, True),
    ("x.y/z/../../w", False, False, False),
    ("x.y//z", False, False, False),
    ("x.y/z//w", False, False, False),
    ("x.y/z/", False, False, False),
    ("x.y/z/v0", False, True, True),
    ("x.y/z/v1", False, True, True),
    ("x.y/z/v2", True, True, True),
    ("x.y/z/v2.0", False, True, True),
    ("X.y/z", False, True, True),
    ("!x.y/z", False, False, True),
    ("_x.y/z", False, True, True),
    ("x.y!/z", False, False, True),
    ('x.y"/z', False, False, False),
    ("x.y#/z", False, False, True),
    ("x.y$/z", False, False, True),
    ("x.y%/z", False, False, True),
    ("x.y&/z", False, False, True),
    ("x.y'/z", False, False, False),
    ("x.y(/z", False, False, True),
    ("x.y)/z", False, False, True),
    ("x.y*/z", False, False, False),
    ("x.y+/z", False, True, True),
    ("x.y,/z", False, False, True),
    ("x.y-/z", True, True, True),
    ("x.y./zt", False, False, False),
    ("x.y:/z", False, False, False),
    ("x.y;/z", False, False, False),
    ("x.y</z", False, False, False),
    ("x.y=/z", False, False, True),
    ("x.y>/z", False, False, False),
    ("x.y?/z", False, False, False),
    ("x.y@/z", False, False, True),
    ("x.y[/z", False, False, True),
    ("x.y\\/z", False, False, False),
    ("x.y]/z", False, False, True),
    ("x.y^/z", False, False, True),
    ("x.y_/z", False, True, True),
    ("x.y`/z", False, False, False),
    ("x.y{/z", False, False, True),
    ("x.y}/z", False, False, True),
    ("x.y~/z", False, True, True),
    ("x.y/z!", False, False, True),
    ('x.y/z"', False, False, False),
    ("x.y/z#", False, False, True),
    ("x.y/z$", False, False, True),
    ("x.y/z%", False, False, True),
    ("x.y/z&", False, False, True),
    ("x.y/z'", False, False, False),
    ("x.y/z(", False, False, True),
    ("x.y/z)", False, False, True),
    ("x.y/z*", False, False, False),
    ("x.y/z++", False, True, True),
    ("x.y/z,", False, False, True),
    ("x.y/z-", True, True, True),
    ("x.y/z.t", True, True, True),
    ("x.y/z/t", True, True, True),
    ("x.y/z:", False, False, False),
    ("x.y/z;", False, False, False),
    ("x.y/z<", False, False, False),
    ("x.y/z=", False, False, True),
    ("x.y/z>", False, False, False),
    ("x.y/z?", False, False, False),
    ("x.y/z@", False, False, True),
    ("x.y/z[", False, False, True),
    ("x.y/z\\", False, False, False),
    ("x.y/z]", False, False, True),
    ("x.y/z^", False, False, True),
    ("x.y/z_", True, True, True),
    ("x.y/z`", False, False, False),
    ("x.y/z{", False, False, True),
    ("x.y/z}", False, False, True),
    ("x.y/z~", True, True, True),
    ("x.y/x.foo", True, True, True),
    ("x.y/aux.foo", False, False, False),
    ("x.y/prn", False, False, False),
    ("x.y/prn2", True, True, True),
    ("x.y/com", True, True, True),
    ("x.y/com1", False, False, False),
    ("x.y/com1.txt", False, False, False),
    ("x.y/calm1", True, True, True),
    ("x.y/z~0", False, False, True),
    ("x.y/z~09", False, False, True),
    ("x.y/z09", True, True, True),
    ("x.y/z09~", True, True, True),
    ("x.y/z09~09z", True, True, True),
    ("x.y/z09~09z~09", False, False, True),
    ("github.com/!123/logrus", False, False, True),
    ("github.com/user/unicode/испытание", False, False, True),
    ("../x", False, False, False),
    ("./y", False, False, False),
    ("x:y", False, False, False),
    ("\\temp\\foo", False, False, False),
    (".gitignore", False, True, True),
    (".github/ISSUE_TEMPLATE", False, True, True),
    ("x☺y", False, False, False),
]

# module_test.go checkTests: (path, version, ok) for module.Check.
CHECK_TESTS = [
    ("rsc.io/quote", "0.1.0", False),
    ("rsc io/quote", "v1.0.0", False),
    ("github.com/go-yaml/yaml", "v0.8.0", True),
    ("github.com/go-yaml/yaml", "v1.0.0", True),
    ("github.com/go-yaml/yaml", "v2.0.0", False),
    ("github.com/go-yaml/yaml", "v2.1.5", False),
    ("github.com/go-yaml/yaml", "v3.0.0", False),
    ("github.com/go-yaml/yaml/v2", "v1.0.0", False),
    ("github.com/go-yaml/yaml/v2", "v2.0.0", True),
    ("github.com/go-yaml/yaml/v2", "v2.1.5", True),
    ("github.com/go-yaml/yaml/v2", "v3.0.0", False),
    ("gopkg.in/yaml.v0", "v0.8.0", True),
    ("gopkg.in/yaml.v0", "v1.0.0", False),
    ("gopkg.in/yaml.v0", "v2.0.0", False),
    ("gopkg.in/yaml.v0", "v2.1.5", False),
    ("gopkg.in/yaml.v0", "v3.0.0", False),
    ("gopkg.in/yaml.v1", "v0.8.0", False),
    ("gopkg.in/yaml.v1", "v1.0.0", True),
    ("gopkg.in/yaml.v1", "v2.0.0", False),
    ("gopkg.in/yaml.v1", "v2.1.5", False),
    ("gopkg.in/yaml.v1", "v3.0.0", False),
    ("gopkg.in/check.v1", "v0.0.0", False),
    ("gopkg.in/check.v1", "v0.0.0-20160102150405-abcdef123456", True),
    ("gopkg.in/yaml.v2", "v1.0.0", False),
    ("gopkg.in/yaml.v2", "v2.0.0", True),
    ("gopkg.in/yaml.v2", "v2.1.5", True),
    ("gopkg.in/yaml.v2", "v3.0.0", False),
    ("rsc.io/quote", "v17.0.0", False),
    ("rsc.io/quote", "v17.0.0+incompatible", True),
]


@pytest.mark.parametrize(("path", "ok", "import_ok", "file_ok"), CHECK_PATH_TESTS)
def test_check_path_table(path: str, ok: bool, import_ok: bool, file_ok: bool) -> None:
    assert (module.check_path(path) is None) == ok
    assert (module.check_import_path(path) is None) == import_ok
    assert (module.check_file_path(path) is None) == file_ok
    prefix, major, _ = module.split_path_version(path)
    assert prefix + major == path


@pytest.mark.parametrize(("path", "version", "ok"), CHECK_TESTS)
def test_check_table(path: str, version: str, ok: bool) -> None:
    err = module.check(path, version)
    assert (err is None) == ok, err
    if err is not None:
        assert "\n" not in err and err


@pytest.mark.parametrize(
    ("prefix", "major"),
    [("x.y/z", ""), ("x.y/z", "/v2"), ("x.y/z", "/v3"), ("x.y/v", ""), ("gopkg.in/yaml", ".v0"),
     ("gopkg.in/yaml", ".v1"), ("gopkg.in/yaml", ".v2"), ("gopkg.in/yaml", ".v3")],
)  # fmt: skip
def test_split_path_version(prefix: str, major: str) -> None:
    assert module.split_path_version(prefix + major) == (prefix, major, True)


@pytest.mark.parametrize(
    ("v", "path_major", "want"),
    [("v0.0.0", "", True), ("v0.0.0", "/v2", False), ("v0.0.0", ".v0", True),
     ("v0.0.0-20190510104115-cbcb75029529", ".v1", True), ("v1.0.0", "/v2", False), ("v1.0.0", ".v1", True),
     ("v1.0.0", ".v1-unstable", True), ("v2.0.0+incompatible", "", True), ("v2.0.0", "", False),
     ("v2.0.0", "/v2", True), ("v2.0.0", ".v2", True)],
)  # fmt: skip
def test_match_path_major(v: str, path_major: str, want: bool) -> None:
    assert module.match_path_major(v, path_major) is want


def test_messages_use_go_wording() -> None:
    assert (
        module.check_path("X.y/z")
        == "malformed module path \"X.y/z\": invalid char 'X' in first path element"
    )
    assert module.check_path("x/y") == 'malformed module path "x/y": missing dot in first path element'
    assert module.check_path("x.y/z/v1") == 'malformed module path "x.y/z/v1": invalid version'
    assert module.check_path_major("v2.0.0", "") == 'version "v2.0.0" invalid: should be v0 or v1, not v2'
    assert module.check_path_major("v2.0.0", ".v1") == 'version "v2.0.0" invalid: should be v1, not v2'
    assert (
        module.check("rsc.io/quote", "0.1.0") == "rsc.io/quote@0.1.0: invalid version: not a semantic version"
    )
    assert (
        module.check_import_path("x.y/z\u200b")
        == "malformed import path \"x.y/z\\u200b\": invalid char '\\u200b'"
    )


@pytest.mark.parametrize(
    ("path", "esc"),
    [("ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789", None),
     ("github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform/omega")],
)  # fmt: skip
def test_escape_round_trip(path: str, esc: str | None) -> None:
    esc = esc or path
    assert module.escape_path(path) == esc
    assert module.unescape_path(esc) == (path, None)


@pytest.mark.parametrize(
    "bad",
    ["github.com/GoogleCloudPlatform/omega", "github.com/!google!cloud!platform!/omega",
     "github.com/!0google!cloud!platform/omega", "github.com/!_google!cloud!platform/omega",
     "github.com/!!google!cloud!platform/omega", ""],
)  # fmt: skip
def test_unescape_rejects(bad: str) -> None:
    path, err = module.unescape_path(bad)
    assert path is None and err and err.startswith("invalid escaped module path")


def test_unescape_rejects_invalid_paths() -> None:
    for path, ok, _, _ in CHECK_PATH_TESTS:
        if not ok:
            assert module.unescape_path(path)[0] is None


def test_unescape_version() -> None:
    assert module.unescape_version("v1.0.0-!r!c1") == ("v1.0.0-RC1", None)
    assert module.unescape_version("v1.0.0-RC1")[0] is None


def test_canonical_version_keeps_incompatible() -> None:
    assert module.canonical_version("v2.0.0+incompatible") == "v2.0.0+incompatible"
    assert module.canonical_version("v2.0+incompatible") == ""  # shorthand cannot carry a build suffix
    assert module.canonical_version("v1.2.3+meta") == "v1.2.3"
    assert module.canonical_version("v1.2") == "v1.2.0"


# --------------------------------------------------------------------------------------------------
# Oracle: `go mod edit -require=PATH@VERSION` (CheckImportPath), then `go list -m all`, which parses
# go.mod (module path and major-version rules) and stops at the first lookup (GOPROXY=off).

ORACLE_CASES = [
    ("github.com/go-yaml/yaml", "v2.0.0"),
    ("github.com/go-yaml/yaml/v2", "v2.0.0"),
    ("github.com/go-yaml/yaml/v2", "v1.0.0"),
    ("gopkg.in/yaml.v1", "v2.0.0"),
    ("gopkg.in/yaml.v2", "v2.1.5"),
    ("gopkg.in/check.v1", "v0.0.0-20160102150405-abcdef123456"),
    ("x.y/z/v1", "v1.0.0"),
    ("x.y/z/v0", "v0.1.0"),
    ("X.y/z", "v1.0.0"),
    ("github.com/Azure/azure-sdk", "v1.0.0"),
    ("x/y", "v1.0.0"),
    ("x.y/com1", "v1.0.0"),
    ("x.y/z+", "v1.0.0"),
    ("x.y+/z", "v1.0.0"),
    ("_x.y/z", "v1.0.0"),
    ("x.y/.z", "v1.0.0"),
    ("x.y/z~1", "v1.0.0"),
    ("rsc.io/quote", "v17.0.0+incompatible"),
    ("rsc.io/quote", "v17.0.0"),
    ("example.com/a/v3", "v3.1.0"),
]


def _expected(path: str, version: str) -> tuple[str, str]:
    """(stage, message): which go step should fail and with what, according to module.py."""
    if (err := module.check_import_path(path)) is not None:
        return "edit", err
    if (err := module.check_path(path)) is not None:
        return "list", err.split(": ", 1)[0]  # go.mod parsing quotes only 'malformed module path "p"'
    _, path_major, _ = module.split_path_version(path)
    if (err := module.check_path_major(version, path_major)) is not None:
        return "list", err
    return "ok", "module lookup disabled by GOPROXY=off"


def test_module_rules_match_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    dirs = [oracle.workdir(f"m{i}") for i in range(len(ORACLE_CASES))]
    env = oracle.env(GOPROXY="off", GOFLAGS="-mod=mod")
    edits = oracle.run_many(
        (["mod", "edit", f"-require={p}@{v}"], d, env) for (p, v), d in zip(ORACLE_CASES, dirs, strict=True)
    )
    lists = oracle.run_many((["list", "-m", "all"], d, env) for d in dirs)
    for (path, version), edit, listed in zip(ORACLE_CASES, edits, lists, strict=True):
        stage, message = _expected(path, version)
        if stage == "edit":
            assert edit.returncode != 0 and message in edit.stderr, (path, edit.stderr)
            continue
        assert edit.returncode == 0, (path, edit.stderr)
        assert listed.returncode != 0
        assert message in listed.stderr, (path, version, message, listed.stderr)
        if stage == "ok":
            assert "malformed" not in listed.stderr and "invalid:" not in listed.stderr
