"""Every fault class of the GOPROXY probe, produced by a real loopback server (httpx is never mocked).

Each case asserts the class AND what the user reads: the explanation names host:port and the request,
says what happened and carries the fault's own explanation.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest
from loopnet.blackhole import Blackhole
from loopnet.connect_proxy import ConnectProxy
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import INTERCEPTION_CA_NAME, ROOT_CA_NAME, TEST_HOST
from probe_helpers import assert_within, make_resolver

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv

Resolver = Callable[[str], Awaitable[Sequence[str]]]
FAST = ProbeTimeouts(connect=0.5, read=0.5, write=0.5, pool=0.5, total=3.0)
LIST = "github.com/gin-gonic/gin/@v/list"


async def probe(url: str, **kwargs: Any) -> GoproxyProbeResult:
    kwargs.setdefault("proxy_env", ProxyEnv())
    kwargs.setdefault("timeouts", FAST)
    return await probe_goproxy(url, **kwargs)


def where(server: GoproxyServer) -> str:
    return f"127.0.0.1:{server.port}: GET {server.url}/{LIST}: "


@pytest.mark.parametrize(
    ("mode", "params", "fault", "detail"),
    [
        (FaultMode.RESET, {}, Fault.RESET, "Connection reset by peer"),
        (FaultMode.CLOSE, {}, Fault.RESET, "Server disconnected without sending a response"),
        (FaultMode.STATUS, {"status": 404}, Fault.HTTP_404, "HTTP 404 Not Found"),
        (FaultMode.STATUS, {"status": 410}, Fault.HTTP_410, "HTTP 410 Gone"),
        (FaultMode.STATUS, {"status": 503}, Fault.HTTP_5XX, "HTTP 503 Service Unavailable"),
        (FaultMode.STATUS, {"status": 403}, Fault.AUTH_DENIED, "HTTP 403 Forbidden"),
        (FaultMode.STATUS, {"status": 401}, Fault.AUTH_REQUIRED, "HTTP 401 Unauthorized"),
        (FaultMode.STATUS, {"status": 502}, Fault.HTTP_5XX, "HTTP 502 Bad Gateway"),
        (FaultMode.GARBAGE, {}, Fault.BAD_RESPONSE, "illegal status line"),
        (FaultMode.HTML_LOGIN, {}, Fault.BAD_RESPONSE, "an HTML page titled"),
        (FaultMode.WRONG_CONTENT, {}, Fault.BAD_RESPONSE, "line 1 is 'hello world', not a version"),
        (
            FaultMode.HUGE_BODY,
            {},
            Fault.TOO_LARGE,
            "Content-Length 10,737,418,240 bytes exceeds the 1,048,576-byte",
        ),
        (FaultMode.ENDLESS_CHUNKED, {}, Fault.TOO_LARGE, "the body exceeds the 1,048,576-byte limit"),
        (FaultMode.REDIRECT_LOOP, {}, Fault.REDIRECT_LOOP, "more than 10 redirects"),
    ],
    ids=lambda v: v.value if isinstance(v, (FaultMode, Fault)) else None,
)
async def test_server_faults(
    goproxy: GoproxyServer, mode: FaultMode, params: dict[str, Any], fault: Fault, detail: str
) -> None:
    goproxy.set_fault(mode, **params)
    result = await probe(goproxy.url)
    assert result.fault is fault
    assert result.explanation.startswith(where(goproxy) + detail)
    assert fault.explanation in result.explanation
    assert result.status == "failing"
    if fault.value.startswith("http-"):
        assert result.status_code == params["status"]
        assert fault.go_falls_back_after_comma == (fault in (Fault.HTTP_404, Fault.HTTP_410))


async def test_info_without_version_is_a_bad_response(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.WRONG_CONTENT, path_contains="@latest")
    result = await probe(goproxy.url)
    assert result.fault is Fault.BAD_RESPONSE
    assert result.versions == ("v1.9.1", "v1.10.0")  # the list was fine; .info was not
    assert f"GET {goproxy.url}/github.com/gin-gonic/gin/@latest: not JSON: 'hello world" in result.explanation


async def test_html_login_page_is_named(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.HTML_LOGIN)
    result = await probe(goproxy.url)
    assert result.explanation.startswith(
        where(goproxy) + "an HTML page titled 'Sign in - Contoso Web Gateway' instead of a version list: "
        "a login or captive portal? The answer is not the Go module proxy protocol"
    )


async def test_connect_refused(closed_port: int) -> None:
    result = await probe(f"http://127.0.0.1:{closed_port}")
    assert result.fault is Fault.CONNECT_REFUSED
    assert result.explanation.startswith(
        f"127.0.0.1:{closed_port}: GET http://127.0.0.1:{closed_port}/{LIST}: Connection refused. "
        "The host actively refused the TCP connection"
    )


async def test_connect_timeout_on_a_blackhole_within_the_connect_timeout(blackhole: Blackhole) -> None:
    start = time.perf_counter()
    result = await probe(
        blackhole.url(), timeouts=ProbeTimeouts(connect=0.6, read=5, write=5, pool=5, total=10)
    )
    assert_within(time.perf_counter() - start, 0.6)
    assert result.fault is Fault.CONNECT_TIMEOUT
    assert f"127.0.0.1:{blackhole.port}: GET {blackhole.url()}/{LIST}: no TCP answer within 0.6 s." in (
        result.explanation
    )
    assert "packets are dropped on the way" in result.explanation


async def test_blackhole_switched_on_for_a_running_server(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.BLACKHOLE)
    assert (await probe(goproxy.url)).fault is Fault.CONNECT_TIMEOUT
    goproxy.clear_fault()
    assert (await probe(goproxy.url)).fault is Fault.OK


async def test_read_timeout_when_accepted_but_never_answered(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.STALL, path_contains="@v/list")
    start = time.perf_counter()
    result = await probe(goproxy.url)
    assert_within(time.perf_counter() - start, 0.5)
    assert result.fault is Fault.READ_TIMEOUT
    assert result.explanation.startswith(
        where(goproxy) + "connected and sent the request, no answer within 0.5 s."
    )
    assert result.timings.tcp_ms is not None and result.timings.ttfb_ms is None


async def test_slow_drip_hits_the_probe_deadline(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.SLOW_DRIP, interval=0.2)  # each byte within the read timeout
    timeouts = ProbeTimeouts(connect=0.5, read=0.5, write=0.5, pool=0.5, total=1.0)
    start = time.perf_counter()
    result = await probe(goproxy.url, timeouts=timeouts)
    assert_within(time.perf_counter() - start, 1.0)
    assert result.fault is Fault.READ_TIMEOUT
    assert result.explanation.startswith(where(goproxy) + "the body was still trickling in after 1 s.")


async def test_write_timeout_when_the_server_never_reads(goproxy: GoproxyServer) -> None:
    """A 32 MiB token header cannot fit in the socket buffers of a peer that never reads."""
    goproxy.set_fault(FaultMode.STALL)
    result = await probe(goproxy.url, headers={"Authorization": "Bearer " + "x" * (32 << 20)})
    assert result.fault is Fault.WRITE_TIMEOUT
    assert result.explanation.startswith(where(goproxy) + "the request could not be sent within 0.5 s.")


async def test_tls_handshake_timeout(goproxy: GoproxyServer, ca_file: str) -> None:
    goproxy.set_fault(FaultMode.STALL)
    url = f"https://127.0.0.1:{goproxy.port}"
    start = time.perf_counter()
    result = await probe(url, ca_file=ca_file)
    assert_within(time.perf_counter() - start, 0.5)
    assert result.fault is Fault.TLS_HANDSHAKE_TIMEOUT
    assert result.explanation.startswith(
        f"127.0.0.1:{goproxy.port}: GET {url}/{LIST}: TCP connected, TLS handshake not done within 0.5 s."
    )


async def test_tls_error_on_a_plain_http_port(goproxy: GoproxyServer, ca_file: str) -> None:
    result = await probe(f"https://127.0.0.1:{goproxy.port}", ca_file=ca_file)
    assert result.fault is Fault.TLS_ERROR
    assert result.tls is not None and result.tls.fault is Fault.TLS_ERROR
    assert "The TLS handshake failed." in result.explanation


@pytest.mark.parametrize(
    ("flavour", "fault", "says"),
    [
        (
            "untrusted",
            Fault.TLS_UNTRUSTED,
            f"is issued by '{INTERCEPTION_CA_NAME}', which this machine does not trust (CA file {{ca}}): "
            "likely TLS interception by a corporate proxy.",
        ),
        ("expired", Fault.TLS_EXPIRED, f"(issued by '{ROOT_CA_NAME}') expired on "),
        ("wrong_host", Fault.TLS_HOSTNAME, f"is valid for wrong.example, not for {TEST_HOST}."),
    ],
)
async def test_tls_verdicts_name_the_issuer(
    tls_servers: dict[str, GoproxyServer],
    ca_file: str,
    loopback_resolve: Resolver,
    flavour: str,
    fault: Fault,
    says: str,
) -> None:
    port = tls_servers[flavour].port
    result = await probe(f"https://{TEST_HOST}:{port}", ca_file=ca_file, resolve=loopback_resolve)
    assert result.fault is fault
    assert result.explanation.startswith(f"{TEST_HOST}:{port}: the certificate ")
    assert says.format(ca=ca_file) in result.explanation
    assert tls_servers[flavour].requests == []  # nothing was sent over an unverified connection


async def test_dns_failure_from_the_injected_resolver() -> None:
    result = await probe("https://nowhere.test", resolve=make_resolver({}))
    assert result.fault is Fault.DNS_FAILURE
    assert result.explanation.startswith(
        f"nowhere.test:443: GET https://nowhere.test/{LIST}: nowhere.test: NXDOMAIN."
    )


async def test_proxy_auth_required_and_credentials_masked(
    tls_servers: dict[str, GoproxyServer], ca_file: str, connect_proxy: ConnectProxy
) -> None:
    connect_proxy.mode = "auth"
    url = f"https://{TEST_HOST}:{tls_servers['valid'].port}"
    env = ProxyEnv(
        https_proxy=f"http://alice:wrong@127.0.0.1:{connect_proxy.port}", https_proxy_var="HTTPS_PROXY"
    )
    result = await probe(url, ca_file=ca_file, proxy_env=env)
    assert result.fault is Fault.PROXY_AUTH_REQUIRED
    assert result.explanation.startswith(
        f"{TEST_HOST}:{tls_servers['valid'].port}, via http://alice:***@127.0.0.1:{connect_proxy.port} "
        f"(HTTPS_PROXY): GET {url}/{LIST}: 407 Proxy Authentication Required."
    )
    assert "wrong" not in result.explanation and "wrong" not in (result.error or "")


async def test_proxy_refused_tunnel_and_refused_tcp(
    tls_servers: dict[str, GoproxyServer], ca_file: str, connect_proxy: ConnectProxy, closed_port: int
) -> None:
    connect_proxy.mode = "refuse"
    url = f"https://{TEST_HOST}:{tls_servers['valid'].port}"
    env = ProxyEnv(https_proxy=connect_proxy.url, https_proxy_var="https_proxy")
    result = await probe(url, ca_file=ca_file, proxy_env=env)
    assert result.fault is Fault.PROXY_REFUSED
    assert f"(https_proxy): GET {url}/{LIST}: 403 Forbidden. The HTTP proxy" in result.explanation

    dead = ProxyEnv(https_proxy=f"127.0.0.1:{closed_port}", https_proxy_var="HTTPS_PROXY")
    result = await probe(url, ca_file=ca_file, proxy_env=dead)
    assert result.fault is Fault.PROXY_REFUSED
    assert f"via http://127.0.0.1:{closed_port} (HTTPS_PROXY)" in result.explanation
    assert ": Connection refused. The HTTP proxy" in result.explanation


async def test_proxy_that_never_answers_connect_is_a_read_timeout(
    ca_file: str, goproxy: GoproxyServer
) -> None:
    goproxy.set_fault(FaultMode.STALL)  # acting as an HTTP proxy that accepts and goes silent
    env = ProxyEnv(https_proxy=goproxy.url, https_proxy_var="HTTPS_PROXY")
    result = await probe(f"https://{TEST_HOST}", ca_file=ca_file, proxy_env=env)
    assert result.fault is Fault.READ_TIMEOUT
    assert "the proxy did not answer CONNECT within 0.5 s" in result.explanation


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("direct", "'direct' is a GOPROXY keyword, not a mirror URL."),
        ("file:///srv/goproxy", "file:///srv/goproxy is a file:// proxy: Go reads it from disk"),
        (
            "ftp://mirror.example",
            "invalid mirror URL ftp://mirror.example: the scheme must be https or http.",
        ),
        ("https://u:pw@host:99999", "invalid mirror URL https://u:***@host:99999: Port out of range"),
    ],
)
async def test_bad_url_is_a_one_line_error(entry: str, error: str) -> None:
    result = await probe(entry)
    assert result.fault is Fault.BAD_URL
    assert result.explanation.startswith(error)
    assert "\n" not in result.explanation and "pw" not in result.explanation


async def test_unusable_proxy_url_is_explained_not_raised() -> None:
    if importlib.util.find_spec("socksio") is not None:
        pytest.skip("socksio is installed: SOCKS proxies are usable")
    env = ProxyEnv(https_proxy="socks5://u:pw@127.0.0.1:1080", https_proxy_var="HTTPS_PROXY")
    result = await probe("https://mirror.test", proxy_env=env)
    assert result.fault is Fault.BAD_URL
    assert result.explanation.startswith(
        "cannot use the proxy socks5://u:***@127.0.0.1:1080 (HTTPS_PROXY): Using SOCKS proxy, but the 'socksio' "
        "package is not installed."
    )
