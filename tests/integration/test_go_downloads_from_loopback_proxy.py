"""The real ``go mod download`` against the loopback Go proxy: it works, and hangs on a blackholed one.

``go_env`` (tests/conftest.py) isolates Go: temporary GOPATH/GOMODCACHE/GOCACHE/GOENV, GOTOOLCHAIN=local.

Checksums: GONOSUMDB covers the served modules, so Go never asks sum.golang.org (there is no internet
here anyway, and the sumdb would not know these stand-in modules).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import GoproxyServer

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.trust import load_trust_store

SERVED = "example.com,github.com/gin-gonic,github.com/BurntSushi"


def go_mod_download(
    go_env: Any, goproxy: str, module: str, timeout: float
) -> subprocess.CompletedProcess[str]:
    go = shutil.which("go", path=os.environ["PATH"])
    assert go is not None
    env = dict(os.environ, GOPROXY=goproxy, GONOSUMDB=SERVED, GOFLAGS="-mod=mod", GONOPROXY="", GOPRIVATE="")
    workdir = Path(go_env.root) / "work"
    workdir.mkdir(exist_ok=True)
    return subprocess.run(
        [go, "mod", "download", "-json", module],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    ("module", "cached_dir"),
    [
        ("example.com/hello@v1.1.0", "example.com/hello@v1.1.0"),
        ("github.com/BurntSushi/toml@v1.3.2", "github.com/!burnt!sushi/toml@v1.3.2"),
    ],
)
def test_go_downloads_a_served_module(go_env: Any, module: str, cached_dir: str) -> None:
    with GoproxyServer() as server:
        result = go_mod_download(go_env, server.url, module, timeout=120)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    path, version = module.split("@")
    assert (info["Path"], info["Version"]) == (path, version)
    assert info["Sum"].startswith("h1:")
    extracted = go_env.modcache / cached_dir
    assert Path(info["Dir"]) == extracted
    assert (extracted / "go.mod").read_text() == f"module {path}\n\ngo 1.21\n"
    assert Path(info["Zip"]).is_file() and Path(info["Zip"]).is_relative_to(
        go_env.modcache / "cache" / "download"
    )
    escaped = cached_dir.replace("@", "/@v/")
    assert server.requests == [f"/{escaped}.info", f"/{escaped}.mod", f"/{escaped}.zip"]


async def test_go_hangs_on_a_blackholed_proxy_while_the_probe_answers_in_time(go_env: Any) -> None:
    with Blackhole() as hole:
        start = time.perf_counter()
        with pytest.raises(subprocess.TimeoutExpired):  # cmd/go sets no client timeout: killed after 3 s
            go_mod_download(go_env, hole.url(), "example.com/hello@v1.1.0", timeout=3)
        assert time.perf_counter() - start >= 3
        assert not (go_env.modcache / "example.com").exists()

        await load_trust_store()  # read once per process (~0.1 s); not part of the probe's time
        start = time.perf_counter()
        result = await probe_goproxy(hole.url(), proxy_env=ProxyEnv(), timeouts=ProbeTimeouts.uniform(0.5))
        assert time.perf_counter() - start < 0.5 * 1.1
        assert result.fault is Fault.CONNECT_TIMEOUT
