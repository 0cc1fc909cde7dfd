"""`gotui env/set/unset/undo/history` against the real go, in an isolated Go environment."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from helpers import go, gotui

SEED = b"# kept by hand: my team's settings\nGOPRIVATE=git.corp.example.com\nGOFLAGS=-mod=mod\n"


def test_env_json_agrees_with_go_env_json(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    assert go("env", "-w", "GOPROXY=https://goproxy.cn,direct", "GONOSUMDB=corp.example.com").returncode == 0
    monkeypatch.setenv("GOFLAGS", "-mod=mod")
    result = gotui("env", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    truth = json.loads(go("env", "-json").stdout)
    by_name = {var["name"]: var for var in report["vars"]}
    compared = 0
    for name, var in by_name.items():
        if name in truth:
            assert var["effective"] == truth[name], name
            compared += 1
    assert compared >= 15
    assert by_name["GOPROXY"]["source"] == "file"
    assert by_name["GOPROXY"]["file"] == "https://goproxy.cn,direct"
    assert by_name["GOPROXY"]["default"] == "https://proxy.golang.org,direct"
    assert by_name["GOFLAGS"]["source"] == "os"
    assert by_name["GOSUMDB"]["source"] == "default"
    assert by_name["GOENV"]["effective"] == str(go_env.envfile)


def test_env_reports_proxy_variables_from_either_case(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("https_proxy", "http://bob:hunter2@127.0.0.1:3128")
    report = json.loads(gotui("env", "--json").stdout)
    var = next(v for v in report["vars"] if v["name"] == "HTTPS_PROXY")
    assert var["source"] == "os" and var["os_name"] == "https_proxy"
    assert var["effective"] == "http://bob:***@127.0.0.1:3128"
    assert "hunter2" not in gotui("env").stdout


def test_set_garbage_goproxy_exits_2_and_leaves_file_untouched(go_env) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(SEED)
    result = gotui("set", "GOPROXY=garbage value")
    assert result.returncode == 2
    assert "GOPROXY" in result.stderr and "hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert go_env.envfile.read_bytes() == SEED


def test_set_then_undo_restores_env_file_byte_for_byte(go_env) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(SEED)
    result = gotui("set", "GOPROXY=https://goproxy.cn,direct")
    assert result.returncode == 0, result.stderr
    assert go("env", "GOPROXY").stdout.strip() == "https://goproxy.cn,direct"
    assert go_env.envfile.read_bytes() != SEED
    undo = gotui("undo")
    assert undo.returncode == 0, undo.stderr
    assert go_env.envfile.read_bytes() == SEED


def test_undo_of_first_write_removes_the_file_go_created(go_env) -> None:
    assert not go_env.envfile.exists()
    assert gotui("set", "GOSUMDB=sum.golang.google.cn").returncode == 0
    assert go_env.envfile.exists()
    assert gotui("undo").returncode == 0
    assert not go_env.envfile.exists()
    nothing = gotui("undo")
    assert nothing.returncode == 1 and "nothing to undo" in nothing.stderr


def test_os_environment_conflict_exits_1_and_names_it(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    (go_env.home / ".bashrc").write_text("# go\nexport GOPROXY=https://goproxy.io\n")
    monkeypatch.setenv("GOPROXY", "https://goproxy.io")
    result = gotui("set", "GOPROXY=https://goproxy.cn,direct")
    assert result.returncode == 1
    assert "GOPROXY is set in the OS environment" in result.stderr
    assert f"{go_env.home / '.bashrc'}:2" in result.stderr
    assert not go_env.envfile.exists(), "a refused write must not touch the env file"
    forced = gotui("set", "--force", "GOPROXY=https://goproxy.cn,direct")
    assert forced.returncode == 0
    assert b"GOPROXY=https://goproxy.cn,direct" in go_env.envfile.read_bytes()
    env = json.loads(gotui("env", "--json").stdout)
    goproxy = next(v for v in env["vars"] if v["name"] == "GOPROXY")
    assert goproxy["source"] == "os" and goproxy["conflict"]


def test_unset_and_history_mask_credentials(go_env) -> None:
    assert gotui("set", "GOPROXY=https://alice:pa55word@goproxy.corp.example.com|direct").returncode == 0
    assert gotui("unset", "goproxy").returncode == 0
    assert go("env", "GOPROXY").stdout.strip() == "https://proxy.golang.org,direct"
    history = gotui("history")
    assert history.returncode == 0
    assert "pa55word" not in history.stdout
    lines = history.stdout.splitlines()
    assert lines[0].startswith("#2") and "unset" in lines[0]
    assert "https://alice:***@goproxy.corp.example.com|direct" in lines[1]
    as_json = json.loads(gotui("history", "--json").stdout)
    assert [c["id"] for c in as_json["changes"]] == [1, 2]
    assert "pa55word" not in json.dumps(as_json)


def test_unwritable_env_file_fails_cleanly(go_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("GOENV", str(blocker / "env"))
    result = gotui("set", "GOPROXY=https://goproxy.cn,direct")
    assert result.returncode == 1
    assert result.stderr.startswith("gotui: error:") and "Traceback" not in result.stderr
    assert "hint:" in result.stderr
    assert gotui("history").stdout.strip() == "no changes yet"


def test_undo_refuses_when_file_changed_since(go_env) -> None:
    assert gotui("set", "GOPROXY=https://goproxy.cn,direct").returncode == 0
    assert go("env", "-w", "GOPRIVATE=git.corp.example.com").returncode == 0
    refused = gotui("undo")
    assert refused.returncode == 1 and "changed since gotui wrote it" in refused.stderr
    assert gotui("undo", "--force").returncode == 0
    assert not go_env.envfile.exists()


def test_bad_usage_exits_2(go_env) -> None:
    result = gotui("set", "GOPROXY")
    assert result.returncode == 2 and "expected KEY=VALUE" in result.stderr
    assert gotui("set", "GOVERSION=go1.99").returncode == 2
    assert gotui("frobnicate").returncode == 2


def test_missing_go_is_a_clear_message(go_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    env = dict(os.environ)
    result = gotui("env", env=env)
    assert result.returncode == 1
    assert "go command not found" in result.stderr
    assert "https://golang.google.cn/dl/" in result.stderr
    assert "Traceback" not in result.stderr


def test_too_old_go_is_refused(go_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    old_go = tmp_path / "go"
    old_go.write_text("#!/bin/sh\necho 'go version go1.12.17 linux/amd64'\n")
    old_go.chmod(old_go.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("GOTUI_GO", str(old_go))
    result = gotui("env")
    assert result.returncode == 1
    assert "needs Go 1.13 or newer" in result.stderr


def test_env_inside_a_module_that_wants_a_newer_go_does_not_download_a_toolchain(
    go_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With GOTOOLCHAIN=auto, any go command run inside this module would try to fetch go1.99.0."""
    module = tmp_path / "app"
    module.mkdir()
    (module / "go.mod").write_text("module example.com/app\n\ngo 1.99\n\ntoolchain go1.99.0\n")
    monkeypatch.delenv("GOTOOLCHAIN")
    monkeypatch.setenv("GOPROXY", "off")  # a download attempt fails at once instead of leaving loopback
    assert "go1.99" in go("version", cwd=module).stderr, "precondition: go itself would switch here"
    result = gotui("env", "--json", cwd=module)
    assert result.returncode == 0, result.stderr
    toolchain = next(v for v in json.loads(result.stdout)["vars"] if v["name"] == "GOTOOLCHAIN")
    assert toolchain["effective"] == "auto"
    assert gotui("set", "GOSUMDB=sum.golang.google.cn", cwd=module).returncode == 0


async def test_a_cancelled_go_call_does_not_leave_go_running(tmp_path: Path) -> None:
    """Quitting the app while `go env` hangs cancels the worker: the child must be killed and reaped."""
    import asyncio

    from goproxy_tui.core.gotool import run_go

    pidfile = tmp_path / "pid"
    hanging = tmp_path / "go"
    hanging.write_text(f"#!/bin/sh\necho $$ > {pidfile}\nexec sleep 30\n")
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    task = asyncio.ensure_future(run_go(hanging, ["env"], timeout=60))
    for _ in range(200):
        if pidfile.exists() and pidfile.read_text().strip():
            break
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
