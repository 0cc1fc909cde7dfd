"""Provoke real Go errors on loopback and read them back with ``explain``.

Not a conftest.py (see tests/dns/dns_fixtures.py): test modules bind the ``golab`` fixture by name.

Every run keeps Go on 127.0.0.1: GONOSUMDB covers the served modules (no checksum database needed),
and as a safety net GOSUMDB names sum.golang.org at a closed loopback port, so a lookup that
slipped through fails on loopback instead of leaving the machine. Host names that must not resolve
are invalid DNS names (``-mirror.example``): Go's resolver rejects them without sending a query
(net/dnsclient_unix.go, isDomainName), and GODEBUG=netdns=go keeps the cgo resolver out. git never
runs ssh (GIT_SSH_COMMAND=false): Go probes ssh:// too, and ssh would resolve the repository's host.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from loopnet.goproxy_server import GoproxyServer
from loopnet.modules import Module, default_modules

from goproxy_tui.core.goerrors import GoFailure, explain

SERVED = "example.com,github.com/gin-gonic,github.com/BurntSushi"
HELLO = "example.com/hello@v1.1.0"
SAFE_SUMDB = "sum.golang.org http://127.0.0.1:9"


@dataclass
class GoRun:
    returncode: int
    stderr: str
    failures: list[GoFailure]

    def only(self, kind: str) -> GoFailure:
        """The first failure, which must be ``kind`` (the test shows Go's text when it is not)."""
        assert self.returncode != 0, "go succeeded"
        assert self.failures, f"nothing recognised in:\n{self.stderr}"
        first = self.failures[0]
        assert first.kind == kind, f"{[f.kind for f in self.failures]} for:\n{self.stderr}"
        return first


class GoLab:
    def __init__(self, go_env: Any, tmp_path: Path) -> None:
        self.go_env = go_env
        self.tmp = tmp_path
        self.work = tmp_path / "work"
        self.work.mkdir()
        self._servers: list[Any] = []

    def keep(self, server: Any) -> Any:
        self._servers.append(server)
        return server

    def proxy(self, modules: dict[str, Module] | None = None, **options: Any) -> GoproxyServer:
        return self.keep(GoproxyServer(modules=modules, **options).start())

    def close(self) -> None:
        for server in reversed(self._servers):
            server.stop()

    def env(self, **values: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(GONOSUMDB=SERVED, GOSUMDB=SAFE_SUMDB, GOFLAGS="-mod=mod", GODEBUG="netdns=go",
                   GONOPROXY="", GOPRIVATE="", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                   GIT_SSH_COMMAND="false")  # Go also tries ssh:// for a repository: never resolve its host
        env["GOMODCACHE"] = str(self.tmp / "modcache" / uuid.uuid4().hex)  # nothing served from an earlier run
        env.update(values)
        return env

    def go(self, *args: str, cwd: Path | None = None, timeout: float = 60, **env: str) -> GoRun:
        """Run the real ``go``; its stderr goes through ``explain``."""
        done = subprocess.run(["go", *args], cwd=cwd or self.work, env=self.env(**env), capture_output=True,
                              text=True, timeout=timeout, check=False)
        return GoRun(done.returncode, done.stderr, explain(done.stderr))

    def project(self, name: str, gomod: str, files: dict[str, str] | None = None, gosum: str = "") -> Path:
        """A module directory with go.mod, go.sum and ``files``."""
        root = self.tmp / name
        root.mkdir()
        (root / "go.mod").write_text(gomod, encoding="utf-8")
        (root / "go.sum").write_text(gosum, encoding="utf-8")
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    def sums(self, proxy_url: str, *targets: str) -> str:
        """go.sum lines for ``targets`` as the honest proxy serves them (``go mod download -json``)."""
        done = subprocess.run(["go", "mod", "download", "-json", *targets], cwd=self.work,
                              env=self.env(GOPROXY=proxy_url), capture_output=True, text=True, timeout=60,
                              check=True)
        decoder, text, at, lines = json.JSONDecoder(), done.stdout, 0, []
        while text[at:].strip():
            info, at = decoder.raw_decode(text, at + len(text[at:]) - len(text[at:].lstrip()))
            lines.append(f"{info['Path']} {info['Version']} {info['Sum']}\n")
            lines.append(f"{info['Path']} {info['Version']}/go.mod {info['GoModSum']}\n")
        return "".join(lines)


@pytest.fixture
def golab(go_env: Any, tmp_path: Path) -> Iterator[GoLab]:
    lab = GoLab(go_env, tmp_path)
    try:
        yield lab
    finally:
        lab.close()


def modules(*extra: Module) -> dict[str, Module]:
    """The loopback proxy's default modules plus ``extra``."""
    served = default_modules()
    served.update({m.escaped: m for m in extra})
    return served


IMPORTS_HELLO = 'package main\n\nimport _ "example.com/hello"\n\nfunc main() {}\n'
GOMOD_HELLO = "module example.com/project\n\ngo 1.21\n\nrequire example.com/hello v1.1.0\n"
