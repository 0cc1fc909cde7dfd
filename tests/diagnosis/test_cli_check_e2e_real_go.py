"""The acceptance run, with real processes only: real ``go``, real ``gotui``, loopback servers.

1. GOPROXY (in the go env file) is a blackholed loopback proxy: ``go mod download`` of a test module
   hangs (Go sets no client timeout), so it is killed after a few seconds — the failure.
2. ``gotui check`` exits 1, names the timeout on that proxy and offers "switch to good".
3. ``gotui use --best`` applies the switch (journaled), and the very same ``go mod download`` succeeds.
``gotui check --fix`` applies the engine's own remedy the same way (second test).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import diag_lab
import pytest
from diag_lab import Lab
from helpers import gotui
from loopnet.blackhole import Blackhole

lab = diag_lab.lab
MODULE = "example.com/hello@v1.1.0"


def go_mod_download(lab: Lab, timeout: float) -> subprocess.CompletedProcess[str]:
    """The user's own command, in their module, with whatever GOPROXY the env file holds."""
    module_dir = lab.tmp / "app"
    module_dir.mkdir(exist_ok=True)
    (module_dir / "go.mod").write_text("module example.com/app\n\ngo 1.21\n", encoding="utf-8")
    return subprocess.run(
        ["go", "mod", "download", "-json", MODULE],
        cwd=module_dir, env=dict(os.environ), capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def hole(lab: Lab) -> Blackhole:
    hole = lab.keep(Blackhole())
    lab.goenv(GOPROXY=hole.url())
    lab.config(mirrors={"good": lab.good.url}, timeout=0.5)
    return hole


def test_blackholed_proxy_is_diagnosed_switched_and_go_then_downloads(lab: Lab, hole: Blackhole) -> None:
    with pytest.raises(subprocess.TimeoutExpired):
        go_mod_download(lab, timeout=3)
    assert not (lab.go_env.modcache / "example.com" / "hello@v1.1.0").exists()

    checked = gotui("check", "--json", "--module", MODULE, cwd=lab.workdir)
    assert checked.returncode == 1, checked.stderr
    report: dict[str, Any] = json.loads(checked.stdout)
    assert report["schema_version"] == 1 and report["ok"] is False
    outcomes = {node["id"]: node["outcome"] for node in report["nodes"]}
    assert outcomes["tcp"] == "all-failed" and outcomes["goproxy"] == "hang" and outcomes["verify"] == "timeout"
    by_id = {f["id"]: f for f in report["findings"]}
    timeout = by_id["tcp.connect-timeout"]
    assert hole.url() in timeout["title"] and "connect-timeout" in timeout["detail"]
    assert timeout["remedy"]["summary"] == f"switch to good ({lab.good.url})"
    assert timeout["remedy"]["env"]["GOPROXY"].startswith(lab.good.url)
    hang = by_id["goproxy.hang"]
    assert hole.url() in hang["detail"] and "hangs" in hang["title"]
    assert hang["remedy"]["summary"] == f"switch to good ({lab.good.url})"
    stuck = by_id["verify.download-timeout"]  # the hang is proven once: not waited for a second time
    assert "not run into the hang again" in stuck["detail"] and hole.url() in stuck["detail"]
    assert stuck["remedy"]["summary"] == f"switch to good ({lab.good.url})"

    used = gotui("use", "--best")
    assert used.returncode == 0, used.stderr
    assert f"GOPROXY={lab.good.url}" in lab.go_env.envfile.read_text()

    downloaded = go_mod_download(lab, timeout=60)
    assert downloaded.returncode == 0, downloaded.stderr
    info = json.loads(downloaded.stdout)
    assert (info["Path"], info["Version"]) == ("example.com/hello", "v1.1.0")
    assert Path(info["Dir"]).is_dir()


def test_check_fix_applies_the_engines_switch_and_verifies_again(lab: Lab, hole: Blackhole) -> None:
    fixed = gotui("check", "--fix", "--module", MODULE, cwd=lab.workdir)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert f"--fix: applied: switch to good ({lab.good.url})" in fixed.stdout
    assert "--fix: go mod download -json example.com/hello@v1.1.0 works now" in fixed.stdout
    assert lab.go_env.envfile.read_text().startswith(f"GOPROXY={lab.good.url}")
    assert gotui("undo").returncode == 0
    assert lab.go_env.envfile.read_text() == f"GOPROXY={hole.url()}\n"
