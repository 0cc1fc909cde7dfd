"""Bad input ends in one clear line (exit 2 for bad input), never in a traceback, a hang or 3 GB of memory
(issue #15: "Unbounded input files", "GOENV pointing at a directory", "Bad input that passes").

Real ``go`` is the oracle where it has an opinion: ``go get PATH@`` says "invalid module version
syntax", ``go env -w CGO_ENABLED=maybe`` is stored but ``go env CGO_ENABLED`` then prints the default.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import go, gotui

MEMORY_CAP = 1 << 30  # a run that tries to read /dev/zero whole dies here instead of taking the machine


def capped_gotui(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP * 2, MEMORY_CAP * 2))

    return subprocess.run([sys.executable, "-m", "goproxy_tui", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=limit, stdin=subprocess.DEVNULL, check=False)


def one_error(stderr: str) -> str:
    """The error line; asserts it is one line (plus an optional hint) and no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("gotui: error: ")]
    assert len(errors) == 1, stderr
    assert all(line.startswith(("gotui: ", "  hint: ")) for line in lines), stderr
    assert len(errors[0]) < 400, f"{len(errors[0])} characters"
    return errors[0]


# -- files behind a symlink to /dev/zero ---------------------------------------------------------------

def test_config_symlinked_to_dev_zero_is_refused_with_a_warning(go_env) -> None:
    go_env.config.unlink(missing_ok=True)
    go_env.config.symlink_to("/dev/zero")
    go("env", "-w", "GOPROXY=off")
    result = capped_gotui("module", "example.com/hello@v1.0.0")
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    warning = [line for line in result.stderr.splitlines() if "config.toml" in line]
    assert warning and "larger than 1 MiB" in warning[0] and "defaults used" in warning[0], result.stderr
    assert "path       example.com/hello  valid" in result.stdout  # and the command still did its job


def test_profile_symlinked_to_dev_zero_is_refused(go_env, tmp_path: Path) -> None:
    profile = tmp_path / "team.toml"
    profile.symlink_to("/dev/zero")
    before = go_env.env_bytes()
    result = capped_gotui("apply", str(profile), "--yes")
    assert result.returncode == 2, result.stderr
    assert "larger than 1 MiB" in one_error(result.stderr)
    assert go_env.env_bytes() == before


def test_journal_symlinked_to_dev_zero_is_refused(go_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = tmp_path / "journal.toml"
    journal.symlink_to("/dev/zero")
    monkeypatch.setenv("GOTUI_JOURNAL", str(journal))
    result = capped_gotui("history")
    assert result.returncode == 1
    assert "larger than 64 MiB" in one_error(result.stderr)


def test_an_oversized_env_file_is_refused_not_read_whole(go_env) -> None:
    from goproxy_tui.core.journal import EnvFileError, read_bytes_or_none

    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(b"GOPROXY=off\n" + b"#" * (2 << 20))
    with pytest.raises(EnvFileError) as caught:
        read_bytes_or_none(go_env.envfile)
    assert "larger than 1 MiB" in str(caught.value)


# -- GOENV names a directory ----------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["env"], ["env", "--json"], ["set", "GOPROXY=https://goproxy.cn"],
                                  ["unset", "GOPROXY"], ["use", "https://goproxy.cn"], ["profile", "export"]])
def test_goenv_pointing_at_a_directory_is_one_line_exit_2(go_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          argv: list[str]) -> None:
    folder = tmp_path / "a-directory"
    folder.mkdir()
    monkeypatch.setenv("GOENV", str(folder))
    assert go("env", "-w", "GOPROXY=off").returncode != 0  # Go cannot write there either
    result = gotui(*argv)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"GOENV={folder} is a directory" in one_error(result.stderr)
    assert "hint: point GOENV at a file" in result.stderr
    assert list(folder.iterdir()) == []


# -- module arguments -------------------------------------------------------------------------------------

def test_module_with_an_empty_version_is_go_s_syntax_error(go_env, tmp_path: Path) -> None:
    scratch = tmp_path / "m"
    scratch.mkdir()
    assert go("mod", "init", "example.com/m", cwd=scratch).returncode == 0
    oracle = subprocess.run(["go", "get", "example.com/hello@"], cwd=scratch, capture_output=True, text=True,
                            env={**os.environ, "GOPROXY": "off"}, timeout=60, check=False)
    assert oracle.returncode != 0 and 'invalid module version syntax "example.com/hello@"' in oracle.stderr
    for argv in (["module", "example.com/hello@"], ["module", "--json", "example.com/hello@v1@v2"],
                 ["check", "--module", "example.com/hello@"]):
        result = gotui(*argv)
        assert result.returncode == 2, (argv, result.stdout, result.stderr)
        assert "invalid module version syntax" in one_error(result.stderr)
        assert "hint: give PATH or PATH@VERSION" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize(("target", "says"), [
    ("example.com/" + "a" * 100_000, "the module path is 100012 bytes long"),
    ("example.com/" + "a/" * 3000 + "x", "the module path is 6013 bytes long"),
    ("example.com/" + "A" * 200, "a module path element is 400 bytes long"),  # escaped: !a per letter
    ("example.com/x@v1.0.0-" + "1" * 300, "the version is 307 bytes long"),
], ids=["100k-path", "6k-path", "long-element", "long-version"])
def test_oversized_module_arguments_are_refused_at_once(go_env, target: str, says: str) -> None:
    started = time.process_time()
    result = gotui("module", target)
    assert result.returncode == 2, result.stdout[:300]
    assert says in one_error(result.stderr)
    assert "hint: a module path has at most 4096 bytes" in result.stderr
    assert time.process_time() - started < 5


def test_oversized_probe_module_in_the_config_is_refused(go_env) -> None:
    from goproxy_tui.core.config import load_config

    go_env.config.write_text(f'[probe]\nmodule = "example.com/{"a" * 200_000}"\n')
    loaded = load_config()
    assert loaded.config.probe.module == "github.com/gin-gonic/gin"
    (problem,) = loaded.problems
    shown = problem.format()
    assert "the module path is 200012 bytes long" in shown and len(shown) < 300


# -- check --dir, GOOS, CGO_ENABLED ----------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "report"])
def test_check_dir_that_does_not_exist_is_bad_input(go_env, tmp_path: Path, command: str) -> None:
    started = time.monotonic()
    result = gotui(command, "--dir", str(tmp_path / "nonexistent"))
    assert result.returncode == 2, result.stdout[-500:]
    assert "no such directory" in one_error(result.stderr)
    assert result.stdout == ""
    assert time.monotonic() - started < 20  # refused before any probe (the walk takes far longer)


def test_unsupported_goos_hint_names_the_valid_values_not_permissions(go_env) -> None:
    oracle = go("env", "-w", "GOOS=plan10")
    assert oracle.returncode != 0 and "unsupported GOOS/GOARCH pair plan10/" in oracle.stderr
    before = go_env.env_bytes()
    result = gotui("set", "GOOS=plan10")
    assert result.returncode != 0
    assert "unsupported GOOS/GOARCH pair plan10/" in one_error(result.stderr)
    assert "hint: see the valid GOOS/GOARCH pairs with 'go tool dist list'" in result.stderr
    assert "writable" not in result.stderr
    assert go_env.env_bytes() == before


def test_cgo_enabled_other_than_0_or_1_is_refused(go_env) -> None:
    # Go stores it, then ignores it: `go env CGO_ENABLED` prints the default, not "maybe"
    assert go("env", "-w", "CGO_ENABLED=maybe").returncode == 0
    assert go("env", "CGO_ENABLED").stdout.strip() in ("0", "1")
    assert go("env", "-u", "CGO_ENABLED").returncode == 0
    before = go_env.env_bytes()
    result = gotui("set", "CGO_ENABLED=maybe")
    assert result.returncode == 2
    assert 'invalid CGO_ENABLED value "maybe"' in one_error(result.stderr)
    assert "hint: use 0 (no cgo) or 1" in result.stderr
    assert go_env.env_bytes() == before
    assert gotui("set", "CGO_ENABLED=0").returncode == 0
    assert go("env", "CGO_ENABLED").stdout.strip() == "0"
