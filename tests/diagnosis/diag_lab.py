"""A loopback laboratory for the diagnosis tests: Go isolated, mirrors, DNS and config on 127.0.0.1.

Not a conftest.py (see tests/dns/dns_fixtures.py): test modules bind the ``lab`` fixture by name.

Every scenario keeps Go and the engine on loopback: the mirror catalog lists loopback proxies only,
``[dns] resolvers`` is a loopback DNS server, GONOSUMDB covers the served modules (so neither the
engine nor a real ``go`` ever needs sum.golang.org) and GOPROXY never contains ``direct``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopnet.dns_server import DnsServer
from loopnet.goproxy_server import GoproxyServer

from goproxy_tui.core.config import load_config
from goproxy_tui.core.diagnosis.context import DiagnosisContext, build_context
from goproxy_tui.core.diagnosis.engine import Diagnosis, DiagnosisEngine, diagnose
from goproxy_tui.core.diagnosis.results import NodeResult

SERVED = "example.com,github.com/gin-gonic,github.com/BurntSushi"
TEST_HOST = "goproxy.loopback.test"


class Lab:
    def __init__(self, go_env: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.go_env = go_env
        self.monkeypatch = monkeypatch
        self.tmp = tmp_path
        self.workdir = tmp_path / "work"
        self.workdir.mkdir()
        self._servers: list[Any] = []
        self.dns = self.keep(DnsServer({TEST_HOST: ["127.0.0.1"]}).start())
        self.good = self.proxy()
        monkeypatch.setenv("GONOSUMDB", SERVED)
        monkeypatch.setenv("GOFLAGS", "-mod=mod")
        self.goenv(GOPROXY=self.good.url)
        self.config()

    # ---------------------------------------------------------------- servers
    def keep(self, server: Any) -> Any:
        self._servers.append(server)
        return server

    def proxy(self, **options: Any) -> GoproxyServer:
        return self.keep(GoproxyServer(**options).start())

    def close(self) -> None:
        for server in reversed(self._servers):
            server.stop() if hasattr(server, "stop") else server.close()

    # ---------------------------------------------------------------- settings
    def config(
        self,
        *,
        mirrors: dict[str, str] | None = None,
        resolvers: list[str] | None = None,
        timeout: float = 0.5,
        verify_timeout: float = 20.0,
        resolv_conf: Path | None = None,
        resolv_conf_port: int = 53,
        module: str = "example.com/hello",
        chain: str = "resilient",
    ) -> Path:
        mirrors = {"good": self.good.url} if mirrors is None else mirrors
        resolvers = [self.dns.entry] if resolvers is None else resolvers
        lines = [
            "[catalog]", "include_builtin = false", "",
            "[probe]", f'module = "{module}"', f"timeout = {timeout}", "",
            "[dns]", "resolvers = [" + ", ".join(f'"{r}"' for r in resolvers) + "]",
        ]
        if resolv_conf is not None:
            lines += [f'resolv_conf = "{resolv_conf}"', f"resolv_conf_port = {resolv_conf_port}"]
        lines += ["", "[check]", f"verify_timeout = {verify_timeout}", "", "[switch]", f'chain = "{chain}"', ""]
        for name, url in mirrors.items():
            lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"', ""]
        self.go_env.config.write_text("\n".join(lines), encoding="utf-8")
        return self.go_env.config

    def goenv(self, **values: str) -> None:
        """Replace the go env file (what ``go env -w`` writes) with exactly these settings."""
        self.go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
        self.go_env.envfile.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")

    def os_env(self, **values: str | None) -> None:
        for key, value in values.items():
            if value is None:
                self.monkeypatch.delenv(key, raising=False)
            else:
                self.monkeypatch.setenv(key, value)

    def resolv_conf(self, server: DnsServer) -> Path:
        path = self.tmp / "resolv.conf"
        path.write_text(f"# test system resolver\nnameserver {server.host}\n", encoding="utf-8")
        return path

    # ---------------------------------------------------------------- running
    async def context(self, module: str | None = "example.com/hello@v1.1.0", **options: Any) -> DiagnosisContext:
        options.setdefault("environ", dict(os.environ))
        return await build_context(module=module, workdir=self.workdir, loaded=load_config(self.go_env.config),
                                   **options)

    async def node(self, node_id: str, module: str | None = "example.com/hello@v1.1.0") -> NodeResult:
        ctx = await self.context(module)
        try:
            return await DiagnosisEngine(ctx).run_node(node_id)
        finally:
            await ctx.close()

    async def walk(self, module: str | None = "example.com/hello@v1.1.0") -> Diagnosis:
        return await diagnose(await self.context(module))


@pytest.fixture
def lab(go_env: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Lab]:
    laboratory = Lab(go_env, monkeypatch, tmp_path)
    try:
        yield laboratory
    finally:
        laboratory.close()


def finding(result: NodeResult | Diagnosis, finding_id: str) -> Any:
    """The finding with ``finding_id`` (fails the test with the ids present when it is missing)."""
    found = [f for f in result.findings if f.id == finding_id]
    assert found, f"no {finding_id}; found {[f.id for f in result.findings]}"
    return found[0]
