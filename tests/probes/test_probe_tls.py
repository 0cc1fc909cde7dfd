"""TLS probe against trustme-certified loopback servers: the verdict, and who issued what was presented."""

from __future__ import annotations

import ssl
import time
from collections.abc import Awaitable, Callable, Sequence

from loopnet.connect_proxy import ConnectProxy
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import INTERCEPTION_CA_NAME, ROOT_CA_NAME, TEST_HOST
from probe_helpers import assert_within

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tls import probe_tls

Resolver = Callable[[str], Awaitable[Sequence[str]]]


async def test_valid_certificate(
    tls_servers: dict[str, GoproxyServer], ca_file: str, loopback_resolve: Resolver
) -> None:
    port = tls_servers["valid"].port
    result = await probe_tls(TEST_HOST, port, ca_file=ca_file, resolve=loopback_resolve, timeout=2)
    assert result.fault is Fault.OK
    assert result.protocol in ("TLSv1.2", "TLSv1.3")
    assert result.handshake_ms is not None and result.dns_ms is not None and result.connect_ms is not None
    assert result.address == "127.0.0.1"
    assert result.chain[0].issuer_name == ROOT_CA_NAME and TEST_HOST in result.chain[0].alt_names
    assert result.explanation.startswith(f"{TEST_HOST}:{port}: TLS handshake OK in ")
    assert f"certificate for {TEST_HOST} issued by '{ROOT_CA_NAME}'" in result.explanation


async def test_unknown_issuer_is_named_as_likely_interception(
    tls_servers: dict[str, GoproxyServer], ca_file: str, loopback_resolve: Resolver
) -> None:
    port = tls_servers["untrusted"].port
    result = await probe_tls(TEST_HOST, port, ca_file=ca_file, resolve=loopback_resolve, timeout=2)
    assert result.fault is Fault.TLS_UNTRUSTED
    assert result.issuer == INTERCEPTION_CA_NAME  # read from the failed verifying handshake itself
    assert result.verify_message == "unable to get local issuer certificate"
    assert result.explanation == (
        f"{TEST_HOST}:{port}: the certificate for {TEST_HOST} is issued by '{INTERCEPTION_CA_NAME}', which "
        f"this machine does not trust (CA file {ca_file}): likely TLS interception by a corporate proxy. "
        f"If '{INTERCEPTION_CA_NAME}' is your company's CA, add it to the system store or SSL_CERT_FILE; "
        "never turn verification off."
    )


async def test_expired(
    tls_servers: dict[str, GoproxyServer], ca_file: str, loopback_resolve: Resolver
) -> None:
    result = await probe_tls(
        TEST_HOST, tls_servers["expired"].port, ca_file=ca_file, resolve=loopback_resolve
    )
    assert result.fault is Fault.TLS_EXPIRED
    leaf = result.chain[0]
    assert (
        f"(issued by '{ROOT_CA_NAME}') expired on {leaf.not_after:%Y-%m-%d %H:%M} UTC" in result.explanation
    )
    assert "this machine's clock says" in result.explanation


async def test_wrong_host(
    tls_servers: dict[str, GoproxyServer], ca_file: str, loopback_resolve: Resolver
) -> None:
    result = await probe_tls(
        TEST_HOST, tls_servers["wrong_host"].port, ca_file=ca_file, resolve=loopback_resolve
    )
    assert result.fault is Fault.TLS_HOSTNAME
    assert f"is valid for wrong.example, not for {TEST_HOST}." in result.explanation


async def test_handshake_timeout_when_the_server_accepts_and_says_nothing(
    goproxy: GoproxyServer, ca_file: str
) -> None:
    goproxy.set_fault(FaultMode.STALL)
    start = time.perf_counter()
    result = await probe_tls("127.0.0.1", goproxy.port, ca_file=ca_file, timeout=0.5)
    assert_within(time.perf_counter() - start, 0.5)
    assert result.fault is Fault.TLS_HANDSHAKE_TIMEOUT
    assert result.connect_ms is not None
    assert result.explanation == (
        f"127.0.0.1:{goproxy.port}: the TCP connection opened but the TLS handshake did not complete within "
        f"0.5 s. {Fault.TLS_HANDSHAKE_TIMEOUT.explanation}"
    )


async def test_plain_http_port_is_a_tls_error(goproxy: GoproxyServer, ca_file: str) -> None:
    result = await probe_tls("127.0.0.1", goproxy.port, ca_file=ca_file, timeout=2)
    assert result.fault is Fault.TLS_ERROR
    assert result.explanation.startswith(f"127.0.0.1:{goproxy.port}: The TLS handshake failed. (")


async def test_through_a_connect_proxy(
    tls_servers: dict[str, GoproxyServer], ca_file: str, connect_proxy: ConnectProxy
) -> None:
    port = tls_servers["untrusted"].port
    result = await probe_tls(TEST_HOST, port, ca_file=ca_file, proxy=connect_proxy.url_with_credentials)
    assert connect_proxy.seen == [f"CONNECT {TEST_HOST}:{port}"]  # the proxy resolved the name, not us
    assert result.fault is Fault.TLS_UNTRUSTED and result.issuer == INTERCEPTION_CA_NAME
    assert result.via == f"http://alice:***@127.0.0.1:{connect_proxy.port}"
    assert "s3cret" not in result.explanation

    connect_proxy.mode = "auth"
    denied = await probe_tls(TEST_HOST, port, ca_file=ca_file, proxy=connect_proxy.url)
    assert denied.fault is Fault.PROXY_AUTH_REQUIRED
    assert "answered 'HTTP/1.1 407 Proxy Authentication Required'" in denied.explanation

    connect_proxy.mode = "refuse"
    refused = await probe_tls(TEST_HOST, port, ca_file=ca_file, proxy=connect_proxy.url)
    assert refused.fault is Fault.PROXY_REFUSED
    assert f"refused CONNECT {TEST_HOST}:{port}: 'HTTP/1.1 403 Forbidden'" in refused.explanation


async def test_refuses_a_context_that_does_not_verify(goproxy: GoproxyServer) -> None:
    lax = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    lax.check_hostname = False
    lax.verify_mode = ssl.CERT_NONE
    result = await probe_tls("127.0.0.1", goproxy.port, ssl_context=lax)
    assert result.fault is Fault.TLS_ERROR
    assert "refusing to probe with a context that does not verify" in result.explanation
    assert goproxy.requests == []
