"""`gotui apply` / `gotui profile export` against the real go, in an isolated Go environment."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import go, gotui, run_on_a_terminal

from goproxy_tui.core.profile import PROFILE_KEYS

SEED = b"# my own settings, by hand\nGONOSUMDB=old.example.com\nGOINSECURE=legacy.example.com\n"
TEAM = """\
# team.toml
[go]
mirror = ["goproxy.cn", "corp"]
GOSUMDB = "sum.golang.google.cn"
GOPRIVATE = "git.corp.example.com"
GOFLAGS = "-mod=mod"
GOTOOLCHAIN = "local"
unset = ["GONOSUMDB"]

[[mirrors]]
name = "corp"
url = "https://goproxy.corp.example.com"

[verify]
module = "git.corp.example.com/platform/sdk@latest"
"""
TEAM_VALUES = {
    "GOPROXY": "https://goproxy.cn|https://goproxy.corp.example.com|direct",
    "GOSUMDB": "sum.golang.google.cn",
    "GOPRIVATE": "git.corp.example.com",
    "GOFLAGS": "-mod=mod",
    "GOTOOLCHAIN": "local",
}


def go_env_json() -> dict[str, str]:
    """Every variable ``go env`` reports, minus GOGCCFLAGS (it names a fresh temporary directory each run)."""
    result = go("env", "-json")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values.pop("GOGCCFLAGS", None)
    return values


def seed(go_env, data: bytes = SEED) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(data)


def write_team(go_env, text: str = TEAM) -> Path:
    path = go_env.root / "repo" / "team.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_apply_sets_exactly_the_profile_values_and_one_undo_restores_the_file(
    go_env, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOTOOLCHAIN")  # the profile sets it in the env file; no OS value may override it
    seed(go_env)
    team = write_team(go_env)
    before = go_env_json()

    result = gotui("apply", str(team), "--yes", cwd=go_env.home)

    assert result.returncode == 0, result.stderr
    assert "GOPROXY: https://proxy.golang.org,direct (default) → https://goproxy.cn|https://goproxy.corp.example.com|direct" in result.stdout
    assert "GONOSUMDB: old.example.com → (unset: Go's default)" in result.stdout
    assert "'gotui undo' reverts them all" in result.stdout
    assert "not part of the Go env journal" in result.stdout
    after = go_env_json()
    # Every other variable keeps its value, except the two Go derives from GOPRIVATE when they are unset.
    expected = {**before, **TEAM_VALUES, "GONOPROXY": "git.corp.example.com", "GONOSUMDB": "git.corp.example.com"}
    assert after == expected
    assert b"GOINSECURE=legacy.example.com\n" in go_env.envfile.read_bytes()
    assert 'name = "corp"' in go_env.config.read_text()

    history = json.loads(gotui("history", "--json").stdout)["changes"]
    assert [(c["action"], c["undone"]) for c in history] == [("apply", False)]

    undo = gotui("undo")
    assert undo.returncode == 0, undo.stderr
    assert go_env.envfile.read_bytes() == SEED
    assert go_env_json() == before
    assert 'name = "corp"' in go_env.config.read_text(), "the config mirror is not part of the journal"


def test_applying_again_changes_nothing(go_env) -> None:
    team = write_team(go_env)  # GOTOOLCHAIN=local already comes from the OS: unchanged, not a conflict
    assert gotui("apply", str(team), "--yes").returncode == 0
    written = go_env.envfile.read_bytes()
    again = gotui("apply", str(team), "--yes")
    assert again.returncode == 0, again.stderr
    assert "nothing to change" in again.stdout
    assert "= mirror corp: skipped, already in your catalog" in again.stdout
    assert go_env.envfile.read_bytes() == written
    assert len(json.loads(gotui("history", "--json").stdout)["changes"]) == 1


INVALID = {
    "syntax error": ('[go]\nGOPROXY = "https://goproxy.cn\n', "team.toml:2: TOML syntax error"),
    "unknown key": ('[go]\nGOSUMDB = "sum.golang.google.cn"\nGOPROXI = "https://goproxy.cn"\n',
                    "team.toml:3: [go] GOPROXI: unknown go command variable GOPROXI"),
    "bad GOPROXY": ('[go]\nGOSUMDB = "sum.golang.google.cn"\n\nGOPROXY = "goproxy cn"\n',
                    "team.toml:4: [go] GOPROXY: invalid proxy URL"),
    "refused key": ('[go]\nGOSUMDB = "sum.golang.google.cn"\nGOROOT = "/usr/local/go"\n',
                    "team.toml:3: [go] GOROOT: GOROOT cannot be modified"),
    "unknown mirror": ('[go]\nGOSUMDB = "sum.golang.google.cn"\nmirror = "tuna"\n',
                       "team.toml:3: [go] mirror: no mirror named 'tuna' in the catalog"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_profile_exits_2_with_file_line_and_writes_nothing(go_env, case: str) -> None:
    seed(go_env)
    text, expected = INVALID[case]
    team = write_team(go_env, text + '[[mirrors]]\nname = "corp"\nurl = "https://goproxy.corp.example.com"\n')
    result = gotui("apply", str(team), "--yes")
    assert result.returncode == 2
    assert f"gotui: error: {team.parent}/{expected}" in result.stderr
    assert "refused" in result.stderr and "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert go_env.envfile.read_bytes() == SEED
    assert not go_env.config.exists()
    assert gotui("history").stdout.strip() == "no changes yet"


def test_declined_prompt_writes_nothing(go_env) -> None:
    seed(go_env)
    team = write_team(go_env)
    result = run_on_a_terminal(["apply", str(team)], b"n\n")
    assert result.returncode == 1
    # 5 Go settings (GOTOOLCHAIN=local already comes from the OS) + 1 mirror
    assert b"Apply these 6 changes? [y/N]" in result.stdout
    assert b"declined: nothing was written" in result.stdout
    assert go_env.envfile.read_bytes() == SEED
    assert not go_env.config.exists()


def test_accepted_prompt_applies(go_env) -> None:
    team = write_team(go_env)
    result = run_on_a_terminal(["apply", str(team)], b"y\n")
    assert result.returncode == 0, result.stderr
    assert go_env_json()["GOSUMDB"] == "sum.golang.google.cn"


def test_no_terminal_and_no_yes_refuses_with_a_hint(go_env) -> None:
    seed(go_env)
    team = write_team(go_env)
    result = subprocess.run([sys.executable, "-m", "goproxy_tui", "apply", str(team)],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "not asking without a terminal" in result.stderr and "--yes" in result.stderr
    assert go_env.envfile.read_bytes() == SEED


def test_dry_run_shows_the_diff_only(go_env) -> None:
    seed(go_env)
    team = write_team(go_env)
    result = gotui("apply", str(team), "--dry-run")
    assert result.returncode == 0
    assert "GOSUMDB: sum.golang.org (default) → sum.golang.google.cn" in result.stdout
    assert "unchanged: GOTOOLCHAIN" in result.stdout
    assert "dry run: 6 changes not applied" in result.stdout
    assert go_env.envfile.read_bytes() == SEED
    assert not go_env.config.exists()


def test_os_environment_conflict_is_refused_before_asking(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    (go_env.home / ".profile").write_text("export GOSUMDB=sum.golang.org\n")
    monkeypatch.setenv("GOSUMDB", "sum.golang.org")
    seed(go_env)
    team = write_team(go_env)
    result = gotui("apply", str(team), "--yes")
    assert result.returncode == 1
    assert "GOSUMDB is set in the OS environment" in result.stderr
    assert f"{go_env.home / '.profile'}:1" in result.stderr
    assert go_env.envfile.read_bytes() == SEED
    assert not go_env.config.exists()


def test_export_masks_secrets_unless_asked(go_env) -> None:
    assert go("env", "-w", "GOPROXY=https://alice:pa55word@goproxy.corp.example.com|direct",
              "GOPRIVATE=git.corp.example.com").returncode == 0
    go_env.config.write_text('[[mirrors]]\nname = "corp"\nurl = "https://bob:hunter2@athens.corp.example.com"\n')
    masked = gotui("profile", "export")
    assert masked.returncode == 0, masked.stderr
    assert "pa55word" not in masked.stdout and "hunter2" not in masked.stdout
    assert 'GOPROXY = "https://alice:***@goproxy.corp.example.com|direct"' in masked.stdout
    assert 'url = "https://bob:***@athens.corp.example.com"' in masked.stdout
    assert "credentials are masked" in masked.stderr
    first = masked.stdout.splitlines()[0]
    assert first.startswith("# gotui team profile, exported ") and go("env", "GOVERSION").stdout.strip() in first
    assert "GOSUMDB" not in masked.stdout.split("[go]")[1].split("\n#")[0], "defaults are not exported"

    out = go_env.root / "team.toml"
    refused = gotui("profile", "export", "-o", str(out))
    assert refused.returncode == 0
    applied = gotui("apply", str(out), "--yes")
    assert applied.returncode == 2 and "masked credential" in applied.stderr

    secret = gotui("profile", "export", "--include-secrets")
    assert "pa55word" in secret.stdout and "hunter2" in secret.stdout
    assert secret.stdout.endswith("\n")


def test_export_then_apply_on_a_fresh_env_sets_the_same_values(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    assert go("env", "-w", "GOPROXY=https://alice:pa55word@goproxy.corp.example.com|https://goproxy.cn|direct",
              "GOSUMDB=sum.golang.google.cn", "GOPRIVATE=*.corp.example.com,git.example.org/team",
              "GONOPROXY=none", "GOFLAGS=-mod=mod -trimpath", "GO111MODULE=on").returncode == 0
    go_env.config.write_text('[[mirrors]]\nname = "corp"\nurl = "https://goproxy.corp.example.com"\n')
    exported = go_env_json()
    team = go_env.root / "team.toml"
    result = gotui("profile", "export", "--include-secrets", "-o", str(team))
    assert result.returncode == 0, result.stderr

    fresh_envfile = go_env.root / "fresh" / "go" / "env"
    fresh_config = go_env.root / "fresh" / "gotui.toml"
    monkeypatch.setenv("GOENV", str(fresh_envfile))
    monkeypatch.setenv("GOTUI_CONFIG", str(fresh_config))
    assert go_env_json()["GOPROXY"] == "https://proxy.golang.org,direct"
    applied = gotui("apply", str(team), "--yes")
    assert applied.returncode == 0, applied.stderr
    assert "https://alice:***@goproxy.corp.example.com|https://goproxy.cn|direct" in applied.stdout
    assert "pa55word" not in applied.stdout + applied.stderr
    now = go_env_json()
    assert {k: now[k] for k in PROFILE_KEYS} == {k: exported[k] for k in PROFILE_KEYS}
    assert "https://goproxy.corp.example.com" in fresh_config.read_text()


def test_profile_mirrors_already_in_the_catalog_are_skipped(go_env) -> None:
    config = b'[[mirrors]]\nname = "corp"\nurl = "https://athens.corp.example.com"  # ours\n'
    go_env.config.write_bytes(config)
    team = write_team(go_env, '[go]\nGOSUMDB = "sum.golang.google.cn"\n'
                              '[[mirrors]]\nname = "corp"\nurl = "https://goproxy.corp.example.com"\n'
                              '[[mirrors]]\nname = "qiniu"\nurl = "https://GOPROXY.cn/"\n')
    result = gotui("apply", str(team), "--yes")
    assert result.returncode == 0, result.stderr
    assert ("= mirror corp: skipped, your catalog already has a mirror named 'corp' "
            "(https://athens.corp.example.com)") in result.stdout
    assert "= mirror qiniu: skipped, already in your catalog as 'goproxy.cn'" in result.stdout
    assert "added mirror" not in result.stdout
    assert go_env.config.read_bytes() == config
    assert go_env_json()["GOSUMDB"] == "sum.golang.google.cn"
