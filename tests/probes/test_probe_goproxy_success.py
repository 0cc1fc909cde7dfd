"""The GOPROXY probe against healthy loopback mirrors: what it asks, what it measures, which path it takes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from loopnet.connect_proxy import ConnectProxy
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.modules import big_module, default_modules
from loopnet.tls_servers import TEST_HOST, TlsCertificates

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv

Resolver = Callable[[str], Awaitable[Sequence[str]]]


async def probe(url: str, **kwargs: Any) -> GoproxyProbeResult:
    kwargs.setdefault("proxy_env", ProxyEnv())
    kwargs.setdefault("timeouts", ProbeTimeouts.uniform(2.0))
    return await probe_goproxy(url, **kwargs)


async def test_healthy_mirror(goproxy: GoproxyServer) -> None:
    result = await probe(goproxy.url)
    assert result.fault is Fault.OK and result.status == "ok"
    assert (result.versions, result.latest, result.sumdb) == (("v1.9.1", "v1.10.0"), "v1.10.0", True)
    assert goproxy.requests == [
        "/github.com/gin-gonic/gin/@v/list",
        "/github.com/gin-gonic/gin/@latest",
        "/sumdb/sum.golang.org/supported",
    ]
    assert result.explanation.startswith(
        f"127.0.0.1:{goproxy.port} answered as a Go module proxy: 2 versions of github.com/gin-gonic/gin, "
        "latest v1.10.0; proxies sum.golang.org. [TCP "
    )
    t = result.timings
    assert t.dns_ms is None and t.tls_ms is None  # an IP literal over plain HTTP
    assert t.tcp_ms is not None and t.ttfb_ms is not None and t.total_ms is not None
    assert t.tcp_ms <= t.ttfb_ms <= t.total_ms
    assert result.to_json()["fault"] == "ok" and result.to_json()["sumdb"] is True


async def test_phase_timings_over_tls_with_a_name(
    tls_servers: dict[str, GoproxyServer], ca_file: str, loopback_resolve: Resolver
) -> None:
    """DNS comes from the injectable resolver (guards the resolving backend installed into httpcore)."""
    server = tls_servers["valid"]
    server.set_fault(FaultMode.DELAY, delay=0.3, path_contains="@v/list")
    result = await probe(f"https://{TEST_HOST}:{server.port}", ca_file=ca_file, resolve=loopback_resolve)
    assert result.fault is Fault.OK
    t = result.timings
    assert t.dns_ms is not None and t.tcp_ms is not None and t.tls_ms is not None
    assert t.wait_ms is not None and 300 <= t.wait_ms < 450
    assert t.ttfb_ms is not None and t.ttfb_ms >= t.dns_ms + t.tcp_ms + t.tls_ms + t.wait_ms - 1
    assert "[DNS " in result.explanation and ", TLS " in result.explanation


async def test_explicit_version_asks_for_its_info(goproxy: GoproxyServer) -> None:
    result = await probe(goproxy.url, module="example.com/hello", version="v1.0.0", check_sumdb=False)
    assert result.fault is Fault.OK and result.latest == "v1.0.0"
    assert goproxy.requests == ["/example.com/hello/@v/list", "/example.com/hello/@v/v1.0.0.info"]


async def test_upper_case_module_path_is_escaped(goproxy: GoproxyServer) -> None:
    result = await probe(goproxy.url, module="github.com/BurntSushi/toml", check_sumdb=False)
    assert result.fault is Fault.OK and result.versions == ("v1.3.2",)
    assert goproxy.requests[0] == "/github.com/!burnt!sushi/toml/@v/list"


async def test_base_url_with_a_path_like_aliyun() -> None:
    with GoproxyServer(prefix="goproxy") as server:
        result = await probe(f"http://127.0.0.1:{server.port}/goproxy/")
        assert result.fault is Fault.OK and result.sumdb is True
        assert server.requests[0] == "/goproxy/github.com/gin-gonic/gin/@v/list"
        assert server.requests[-1] == "/goproxy/sumdb/sum.golang.org/supported"


async def test_sumdb_not_proxied_is_a_warning() -> None:
    with GoproxyServer(sumdb_supported=False) as server:
        result = await probe(server.url)
    assert result.fault is Fault.OK and result.sumdb is False and result.status == "warning"
    assert "; does not proxy sum.golang.org." in result.explanation


async def test_toolchain_list_and_throughput() -> None:
    modules = default_modules()
    big = big_module(1 << 20)
    modules[big.escaped] = big
    with GoproxyServer(modules) as server:
        result = await probe(server.url, module="example.com/big", check_toolchain=True, throughput=True)
    assert result.fault is Fault.OK and result.toolchain is True
    assert result.throughput_bps is not None and result.throughput_bps > 1e6
    zip_step = result.steps[-1]
    assert zip_step.name == "zip" and zip_step.size == len(big.versions[0].zip_bytes)


async def test_credentials_in_the_mirror_url_are_masked(goproxy: GoproxyServer) -> None:
    url = f"http://builder:t0ken@127.0.0.1:{goproxy.port}"
    goproxy.set_fault(FaultMode.STATUS, status=401)
    result = await probe(url)
    assert result.fault is Fault.AUTH_REQUIRED
    assert result.base_url == f"http://builder:***@127.0.0.1:{goproxy.port}"
    assert "t0ken" not in result.explanation and "builder:***@" in result.explanation


async def test_via_https_proxy_and_back_to_direct_with_no_proxy(
    tls_servers: dict[str, GoproxyServer],
    ca_file: str,
    connect_proxy: ConnectProxy,
    loopback_resolve: Resolver,
) -> None:
    url = f"https://{TEST_HOST}:{tls_servers['valid'].port}"
    env = ProxyEnv(https_proxy=connect_proxy.url, https_proxy_var="HTTPS_PROXY")
    via = await probe(url, ca_file=ca_file, proxy_env=env)
    assert via.fault is Fault.OK
    assert via.route is not None and via.route.describe() == f"via {connect_proxy.url} (HTTPS_PROXY)"
    assert f", via {connect_proxy.url} (HTTPS_PROXY): 2 versions" in via.explanation
    assert connect_proxy.seen == [f"CONNECT {TEST_HOST}:{tls_servers['valid'].port}"]

    excluded = ProxyEnv(
        https_proxy=connect_proxy.url,
        https_proxy_var="HTTPS_PROXY",
        no_proxy=".test",
        no_proxy_var="NO_PROXY",
    )
    direct = await probe(url, ca_file=ca_file, proxy_env=excluded, resolve=loopback_resolve)
    assert direct.fault is Fault.OK and direct.route is not None and direct.route.direct
    assert direct.route.describe() == "direct (NO_PROXY entry '.test' matches)"
    assert len(connect_proxy.seen) == 1


async def test_loopback_is_never_proxied(goproxy: GoproxyServer, closed_port: int) -> None:
    env = ProxyEnv(http_proxy=f"http://127.0.0.1:{closed_port}", http_proxy_var="HTTP_PROXY")
    result = await probe(goproxy.url, proxy_env=env)
    assert result.fault is Fault.OK
    assert (
        result.route is not None
        and result.route.describe() == "direct (loopback addresses are never proxied)"
    )


async def test_plain_http_through_a_forwarding_proxy(
    goproxy: GoproxyServer, connect_proxy: ConnectProxy
) -> None:
    url = f"http://{TEST_HOST}:{goproxy.port}"
    env = ProxyEnv(http_proxy=connect_proxy.url, http_proxy_var="HTTP_PROXY")
    result = await probe(url, proxy_env=env, check_sumdb=False)
    assert result.fault is Fault.OK
    assert connect_proxy.seen[0] == f"GET {url}/github.com/gin-gonic/gin/@v/list"


async def test_https_proxy_is_verified_with_the_same_trust_store(
    tls_servers: dict[str, GoproxyServer], tls_certs: TlsCertificates, ca_file: str
) -> None:
    """TLS to the proxy, then TLS to the mirror through the tunnel: both checked against ``ca_file``."""
    url = f"https://{TEST_HOST}:{tls_servers['valid'].port}"
    with ConnectProxy(hosts={TEST_HOST: "127.0.0.1"}, ssl_context=tls_certs.valid) as proxy:
        env = ProxyEnv(https_proxy=proxy.url, https_proxy_var="HTTPS_PROXY")
        result = await probe(url, ca_file=ca_file, proxy_env=env)
        assert proxy.url.startswith("https://")
        assert result.fault is Fault.OK, result.explanation
        assert proxy.seen == [f"CONNECT {TEST_HOST}:{tls_servers['valid'].port}"]
