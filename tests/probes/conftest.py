"""Fixtures for the probe tests: loopback Go proxies (plain and TLS), a blackhole, a CONNECT proxy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence

import pytest
from loopnet.connect_proxy import ConnectProxy
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TEST_HOST, TlsCertificates
from probe_helpers import make_resolver

from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.trust import go_trust_store


@pytest.fixture(scope="session")
def tls_certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_servers(tls_certs: TlsCertificates) -> Iterator[dict[str, GoproxyServer]]:
    """HTTPS Go proxies keyed by certificate flavour: valid, untrusted, expired, wrong_host."""
    servers = {
        flavour: GoproxyServer(ssl_context=getattr(tls_certs, flavour)).start()
        for flavour in ("valid", "untrusted", "expired", "wrong_host")
    }
    yield servers
    for server in servers.values():
        server.stop()


@pytest.fixture
def connect_proxy() -> Iterator[ConnectProxy]:
    """An HTTP CONNECT proxy that resolves TEST_HOST to 127.0.0.1 (switch ``mode`` per test)."""
    with ConnectProxy(hosts={TEST_HOST: "127.0.0.1"}) as proxy:
        yield proxy


@pytest.fixture
def no_proxy_env() -> ProxyEnv:
    """No HTTPS_PROXY/HTTP_PROXY whatever the developer's shell has."""
    return ProxyEnv()


@pytest.fixture
def loopback_resolve() -> Callable[[str], Awaitable[Sequence[str]]]:
    return make_resolver({TEST_HOST: ["127.0.0.1"]})


@pytest.fixture
def ca_file(tls_certs: TlsCertificates) -> str:
    return str(tls_certs.ca_file)


@pytest.fixture(scope="session", autouse=True)
def _warm_trust_store() -> None:
    """Read the system roots once (~0.1 s) so no timing assertion pays for the first, cold read."""
    go_trust_store()
