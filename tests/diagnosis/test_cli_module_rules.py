"""``gotui module`` agrees with Go: the real ``go`` is the oracle for path validity, escaping and which
URL a version makes it request; tables from module.go (CheckPathMajor) and semver.go pin the rest."""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path
from urllib.parse import unquote

import diag_lab
import pytest
from diag_lab import Lab
from helpers import gotui

from goproxy_tui.core.diagnosis.context import split_target
from goproxy_tui.core.diagnosis.modulecheck import check_module

lab = diag_lab.lab

ORACLE_CASES = [
    "example.com/m@v1.0.0",
    "example.com/M@v1.0.0",  # upper case: escaped as !m
    "github.com/BurntSushi/toml@v1.3.2",
    "example.com/m@v1.2",  # a prefix query: Go asks for the list
    "example.com/m@latest",
    "example.com/m@master",  # a revision: Go asks the proxy to resolve it
    "example.com/m@1.0.0",  # no leading v: not semver, so also a revision for Go
    "example.com/m@v1.2.3-01",  # numeric pre-release with a leading zero: not semver
    "example.com/m@v2.0.0+incompatible",
    "example.com/m/v2@v2.1.0",
    "gopkg.in/yaml.v2@v2.4.0",
    "Example.com/m@v1.0.0",
    "example.com//m@v1.0.0",
    "example.com/m/v1@v1.0.0",
    "example.com/m/v0@v1.0.0",
    "example.com/.m@v1.0.0",
    "example.com/m.@v1.0.0",
    "example/m@v1.0.0",
    "-example.com/m@v1.0.0",
    "example.com/m~1@v1.0.0",
    "example.com/com1@v1.0.0",
    "gopkg.in/yaml@v1.0.0",
]


def go_errors(targets: list[str], tmp: Path) -> dict[str, str]:
    """Ask the real go to download every target from a closed loopback port; its "Error" per target."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    env = dict(os.environ, GOPROXY=dead, GOSUMDB="off", GOFLAGS="-mod=mod", GONOPROXY="", GOPRIVATE="")
    result = subprocess.run(["go", "mod", "download", "-json", *targets], cwd=tmp, env=env,
                            capture_output=True, text=True, timeout=120)
    decoder, text, errors, position = json.JSONDecoder(), result.stdout, {}, 0
    while position < len(text.rstrip()):
        item, end = decoder.raw_decode(text, position)
        errors[f"{item['Path']}@{item.get('Query') or item['Version']}"] = item["Error"]
        position = end + 1
    return errors


def test_path_validity_escaping_and_requested_urls_agree_with_real_go(go_env, tmp_path: Path) -> None:
    errors = go_errors(ORACLE_CASES, tmp_path)
    assert len(errors) == len(ORACLE_CASES), sorted(errors)
    for target in ORACLE_CASES:
        path, version = split_target(target)
        mc = check_module(path, version)
        error = errors[target]
        if "malformed module path" in error:
            assert not mc.path_valid, target
            assert mc.path_error is not None and mc.path_error in error, (target, mc.path_error, error)
            continue
        assert mc.path_valid, (target, mc.path_error)
        requested = unquote(error.split('Get "', 1)[1].split('"', 1)[0])
        expected = mc.urls("http://127.0.0.1:PORT")["list" if mc.kind in ("query", "prefix") else "info"]
        assert requested.split("/", 3)[3] == expected.split("/", 3)[3], target  # the part after host:port


@pytest.mark.parametrize(
    ("path", "version", "major_error"),
    [
        ("example.com/m", "v1.5.0", None),
        ("example.com/m", "v0.1.0", None),
        ("example.com/m", "v2.0.0", "example.com/m@v2.0.0: invalid version: should be v0 or v1, not v2"),
        ("example.com/m", "v2.0.0+incompatible", None),
        ("example.com/m/v2", "v2.1.0", None),
        ("example.com/m/v2", "v1.0.0", "example.com/m/v2@v1.0.0: invalid version: should be v2, not v1"),
        ("example.com/m/v3", "v3.0.0-rc.1", None),
        ("gopkg.in/yaml.v2", "v2.4.0", None),
        ("gopkg.in/yaml.v2", "v3.0.0", "gopkg.in/yaml.v2@v3.0.0: invalid version: should be v2, not v3"),
        ("gopkg.in/check.v1", "v0.0.0-20200227125254-8fa46927fb4f", None),  # the old-vgo exception
        ("example.com/m/v2", "v2", None),  # a prefix query still has a major
    ],
)
def test_major_version_rules_of_module_go(path: str, version: str, major_error: str | None) -> None:
    mc = check_module(path, version)
    assert (mc.major_ok, mc.major_error) == (major_error is None, major_error)


@pytest.mark.parametrize(
    ("version", "kind", "valid", "canonical"),
    [
        ("v1.2.3", "semver", True, "v1.2.3"),
        ("v1.2", "prefix", True, "v1.2.0"),
        ("v1", "prefix", True, "v1.0.0"),
        ("v1.2.3+build.5", "semver", True, "v1.2.3"),
        ("v2.0.0+incompatible", "semver", True, "v2.0.0+incompatible"),
        ("v1.2.3-rc.1", "semver", True, "v1.2.3-rc.1"),
        ("1.2.3", "revision", False, None),
        ("v01.2.3", "revision", False, None),
        ("v1.2.3-01", "revision", False, None),
        ("v1.2-pre", "revision", False, None),  # shorthands take no suffix
        ("latest", "query", True, None),
    ],
)
def test_semver_rules_of_semver_go(version: str, kind: str, valid: bool, canonical: str | None) -> None:
    mc = check_module("example.com/m", version)
    assert (mc.kind, mc.version_valid, mc.canonical) == (kind, valid, canonical)


def test_cli_found_module_shows_escaping_and_versions(lab: Lab) -> None:
    result = gotui("module", "github.com/BurntSushi/toml@v1.3.2")
    assert result.returncode == 0, result.stderr
    assert "escaped    github.com/!burnt!sushi/toml" in result.stdout
    assert f"  info     {lab.good.url}/github.com/!burnt!sushi/toml/@v/v1.3.2.info" in result.stdout
    assert "found      yes (v1.3.2)" in result.stdout

    listed = json.loads(gotui("module", "example.com/hello", "--json").stdout)
    assert listed["schema_version"] == 1 and listed["found"] is True
    assert listed["versions"] == ["v1.0.0", "v1.1.0"] and listed["resolved"] == "v1.1.0"
    assert {"path", "path_valid", "path_error", "escaped_path", "version", "version_valid", "canonical",
            "major_ok", "major_error", "found", "versions"} <= set(listed)


def test_cli_exit_1_for_absent_invalid_and_mismatched(lab: Lab) -> None:
    absent = gotui("module", "example.com/hello@v9.9.9", "--json")
    assert absent.returncode == 1
    document = json.loads(absent.stdout)
    assert document["found"] is False and document["versions"] == ["v1.0.0", "v1.1.0"]

    invalid = gotui("module", "Example.com/hello", "--json")
    assert invalid.returncode == 1
    document = json.loads(invalid.stdout)
    assert document["path_valid"] is False
    assert document["path_error"] == 'malformed module path "Example.com/hello": invalid char \'E\' in first path element'

    mismatch = gotui("module", "example.com/hello@v2.0.0")
    assert mismatch.returncode == 1
    assert "MISMATCH: example.com/hello@v2.0.0: invalid version: should be v0 or v1, not v2" in mismatch.stdout
    assert "for v2 the module path is example.com/hello/v2" in mismatch.stdout


def test_a_pasted_mirror_url_is_bad_input_and_its_password_never_echoed(lab: Lab) -> None:
    url = lab.good.url.replace("http://", "http://alice:pa55word@")
    for args in (["module", url], ["check", "--module", url]):
        result = gotui(*args, cwd=lab.workdir)
        assert result.returncode == 2, args
        assert "is a URL, not a module path" in result.stderr and "alice:***@" in result.stderr
        assert "pa55word" not in result.stdout + result.stderr
