"""Network and HTTP failures, provoked with the real ``go mod download`` on loopback, read by ``explain``.

Each test makes Go fail for one reason (a closed port, a blackhole, a bad certificate, an HTTP
status, an HTTP proxy that refuses) and asserts what ``explain`` makes of Go's actual stderr: the
kind, the node where the diagnosis starts and the fields parsed from the text.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import goerr_lab
import pytest
from goerr_lab import HELLO, GoLab
from loopnet.blackhole import Blackhole
from loopnet.connect_proxy import ConnectProxy
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import NAMES, TEST_HOST, TlsCertificates, server_context, tls_server

golab = goerr_lab.golab


@pytest.fixture
def certs(tmp_path: Path) -> TlsCertificates:
    return TlsCertificates.create(tmp_path)


def test_connection_refused(golab: GoLab, closed_port: int) -> None:
    found = golab.go("mod", "download", HELLO, GOPROXY=f"http://127.0.0.1:{closed_port}").only("connect-refused")
    assert (found.node, found.host, found.module, found.version) == ("tcp", "127.0.0.1", "example.com/hello", "v1.1.0")
    assert "connection refused" in found.line


def test_no_such_host(golab: GoLab) -> None:
    # an invalid DNS name: Go answers "no such host" without sending a query
    found = golab.go("mod", "download", HELLO, GOPROXY="http://-mirror.example").only("no-such-host")
    assert (found.node, found.host) == ("dns", "-mirror.example")


def test_dial_timeout_on_a_blackhole(golab: GoLab) -> None:
    """http.DefaultTransport gives up dialling after 30 s: Go says 'i/o timeout'."""
    with Blackhole() as hole:
        found = golab.go("mod", "download", HELLO, GOPROXY=hole.url(), timeout=90).only("connect-timeout")
    assert (found.node, found.host) == ("tcp", "127.0.0.1")
    assert found.line.endswith("i/o timeout")


def test_reset(golab: GoLab) -> None:
    proxy = golab.proxy()
    proxy.set_fault(FaultMode.RESET)
    assert golab.go("mod", "download", HELLO, GOPROXY=proxy.url).only("reset").node == "tcp"


@pytest.mark.parametrize(("status", "kind"), [(401, "unauthorized"), (403, "forbidden"), (404, "not-found"),
                                               (410, "gone"), (500, "server-error"), (503, "server-error")])
def test_http_status(golab: GoLab, status: int, kind: str) -> None:
    proxy = golab.proxy()
    proxy.set_fault(FaultMode.STATUS, status=status)
    found = golab.go("mod", "download", HELLO, GOPROXY=proxy.url).only(kind)
    assert (found.status, found.node, found.host) == (status, "goproxy", "127.0.0.1")
    assert (found.module, found.version) == ("example.com/hello", "v1.1.0")
    assert found.url == f"{proxy.url}/example.com/hello/@v/v1.1.0.info"


def test_gone_on_the_version_list(golab: GoLab) -> None:
    proxy = golab.proxy()
    proxy.set_fault(FaultMode.STATUS, status=410, path_contains="/@v/list")
    found = golab.go("mod", "download", "example.com/hello@latest", GOPROXY=proxy.url).only("gone")
    assert (found.status, found.module, found.version, found.host) == (410, "example.com/hello", None, "127.0.0.1")
    assert found.url is not None and found.url.endswith("/example.com/hello/@v/list")


def test_checksum_database_lookup_fails_through_the_proxy(golab: GoLab) -> None:
    """The module is not in GONOSUMDB: Go asks the proxy's /sumdb/… and gets a 404: the walk starts at sumdb."""
    proxy = golab.proxy()
    found = golab.go("mod", "download", HELLO, GOPROXY=proxy.url, GONOSUMDB="", GOSUMDB="sum.golang.org").only(
        "not-found")
    assert (found.node, found.sumdb, found.module, found.version) == ("sumdb", True, "example.com/hello", "v1.1.0")
    assert "/sumdb/sum.golang.org/lookup/" in (found.url or "")


def test_checksum_database_unreachable(golab: GoLab) -> None:
    proxy = golab.proxy(sumdb_supported=False)
    found = golab.go("mod", "download", HELLO, GOPROXY=proxy.url, GONOSUMDB="").only("connect-refused")
    assert (found.node, found.sumdb, found.host) == ("sumdb", True, "127.0.0.1")


def test_redirect_loop(golab: GoLab) -> None:
    proxy = golab.proxy()
    proxy.set_fault(FaultMode.REDIRECT_LOOP)
    assert golab.go("mod", "download", HELLO, GOPROXY=proxy.url).only("redirect-loop").node == "goproxy"


@pytest.mark.parametrize("fault", [FaultMode.HTML_LOGIN, FaultMode.GARBAGE])
def test_not_a_module_proxy(golab: GoLab, fault: FaultMode) -> None:
    proxy = golab.proxy()
    proxy.set_fault(fault)
    assert golab.go("mod", "download", HELLO, GOPROXY=proxy.url).only("bad-response").node == "goproxy"


@pytest.mark.parametrize(("goproxy", "kind"), [("ftp://mirror.example", "goproxy-invalid"), ("off", "goproxy-off")])
def test_goproxy_setting(golab: GoLab, goproxy: str, kind: str) -> None:
    assert golab.go("mod", "download", HELLO, GOPROXY=goproxy).only(kind).node == "goproxy"


@pytest.mark.parametrize(("flavour", "kind"), [("untrusted", "tls-untrusted"), ("expired", "tls-expired"),
                                                ("wrong_host", "tls-hostname")])
def test_certificate(golab: GoLab, certs: TlsCertificates, flavour: str, kind: str) -> None:
    server = golab.keep(tls_server(certs, flavour))
    found = golab.go("mod", "download", HELLO, GOPROXY=server.url, SSL_CERT_FILE=str(certs.ca_file)).only(kind)
    assert (found.node, found.host, found.module) == ("tls", "127.0.0.1", "example.com/hello")


def test_certificate_not_yet_valid(golab: GoLab, certs: TlsCertificates) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    future = certs.root.issue_cert(*NAMES, not_before=now + dt.timedelta(days=30), not_after=now + dt.timedelta(days=60))
    server = golab.keep(GoproxyServer(ssl_context=server_context(future)).start())
    found = golab.go("mod", "download", HELLO, GOPROXY=server.url, SSL_CERT_FILE=str(certs.ca_file)).only(
        "tls-not-yet-valid")
    assert found.node == "tls"
    assert " is before " in found.line


def test_tls_handshake_timeout(golab: GoLab, certs: TlsCertificates) -> None:
    """A server that accepts and never speaks: http.DefaultTransport's 10 s TLS handshake timeout."""
    server = golab.keep(tls_server(certs, "valid"))
    server.set_fault(FaultMode.STALL)
    start = time.monotonic()
    found = golab.go("mod", "download", HELLO, GOPROXY=server.url, SSL_CERT_FILE=str(certs.ca_file)).only(
        "tls-handshake-timeout")
    assert time.monotonic() - start >= 9
    assert (found.node, found.host) == ("tls", "127.0.0.1")


def test_http_proxy_down(golab: GoLab, closed_port: int) -> None:
    found = golab.go("mod", "download", HELLO, GOPROXY=f"https://{TEST_HOST}",
                     HTTPS_PROXY=f"http://127.0.0.1:{closed_port}").only("proxyconnect")
    assert (found.node, found.host) == ("tcp", "127.0.0.1")  # the proxy, not the mirror behind it


def test_http_proxy_wants_credentials(golab: GoLab, certs: TlsCertificates) -> None:
    mirror = golab.keep(tls_server(certs, "valid"))
    proxy = golab.keep(ConnectProxy("auth", hosts={TEST_HOST: "127.0.0.1"}).start())
    found = golab.go("mod", "download", HELLO, GOPROXY=f"https://{TEST_HOST}:{mirror.port}",
                     HTTPS_PROXY=f"http://alice:wrong@127.0.0.1:{proxy.port}",
                     SSL_CERT_FILE=str(certs.ca_file)).only("proxy-auth-required")
    assert (found.status, found.node, found.host) == (407, "tls", TEST_HOST)


def test_http_proxy_refuses(golab: GoLab, certs: TlsCertificates) -> None:
    mirror = golab.keep(tls_server(certs, "valid"))
    proxy = golab.keep(ConnectProxy("refuse", hosts={TEST_HOST: "127.0.0.1"}).start())
    found = golab.go("mod", "download", HELLO, GOPROXY=f"https://{TEST_HOST}:{mirror.port}",
                     HTTPS_PROXY=proxy.url, SSL_CERT_FILE=str(certs.ca_file)).only("proxy-refused")
    assert (found.status, found.node) == (403, "tls")
