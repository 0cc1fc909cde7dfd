"""The checksum-database probes the switch relies on, against real loopback servers."""

from __future__ import annotations

import time

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.sumdb import probe_proxy_sumdb, probe_sumdb


async def test_reachable_database_answers_a_tree_note(sumdb_server) -> None:
    db = sumdb_server()
    result = await probe_sumdb(db.url, timeout=1.0, environ={})
    assert result.reachable and result.latency_ms is not None
    assert "answered" in result.describe()


async def test_blackholed_database_is_a_connect_timeout_within_the_timeout(blackhole) -> None:
    start = time.monotonic()
    result = await probe_sumdb(blackhole.url(), timeout=0.5, environ={})
    assert result.fault is Fault.CONNECT_TIMEOUT
    assert time.monotonic() - start < 1.5


async def test_https_goes_through_https_proxy_as_go_would(refused_url) -> None:
    """sum.golang.org via a dead corporate proxy: no lookup of the real host, the proxy refuses."""
    result = await probe_sumdb("https://sum.golang.org", timeout=1.0, environ={"HTTPS_PROXY": refused_url})
    assert result.fault is Fault.PROXY_REFUSED
    assert "unreachable: proxy-refused" in result.describe()


async def test_server_error_is_not_reachable(sumdb_server) -> None:
    db = sumdb_server(status=503)
    result = await probe_sumdb(db.url, timeout=1.0, environ={})
    assert result.fault is Fault.HTTP_5XX and result.detail == "HTTP 503"


async def test_proxy_supported_endpoint_on_and_off(start_proxy) -> None:
    on = await probe_proxy_sumdb(start_proxy().url, timeout=1.0, environ={})
    off = await probe_proxy_sumdb(start_proxy(sumdb_supported=False).url, timeout=1.0, environ={})
    assert (on.supported, off.supported) == (True, False)
    assert off.fault is Fault.HTTP_404


async def test_unclear_answer_is_unknown(refused_url) -> None:
    result = await probe_proxy_sumdb(refused_url, timeout=1.0, environ={})
    assert result.supported is None and result.fault is Fault.CONNECT_REFUSED
