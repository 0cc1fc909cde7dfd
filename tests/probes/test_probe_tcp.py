"""TCP probe against real loopback sockets: connected, refused, dropped SYNs, no route, DNS failures."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import time

import pytest
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import GoproxyServer
from probe_helpers import assert_within, make_resolver

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tcp import ResolveError, dial, probe_tcp


async def test_connect_ok_reports_time_per_address(goproxy: GoproxyServer) -> None:
    resolve = make_resolver({"mirror.test": ["127.0.0.2", "127.0.0.1"]})  # server listens on .1 only
    result = await probe_tcp("mirror.test", goproxy.port, timeout=1.0, resolve=resolve)
    assert result.fault is Fault.OK
    assert [a.address for a in result.attempts] == ["127.0.0.2", "127.0.0.1"]
    assert result.attempts[0].fault is Fault.CONNECT_REFUSED
    assert result.attempts[1].connect_ms is not None and result.connect_ms == result.attempts[1].connect_ms
    assert result.explanation.startswith(f"mirror.test:{goproxy.port}: TCP connect OK (DNS ")
    assert f"127.0.0.2:{goproxy.port} connect-refused" in result.explanation


async def test_refused(closed_port: int) -> None:
    result = await probe_tcp("127.0.0.1", closed_port, timeout=1.0)
    assert result.fault is Fault.CONNECT_REFUSED
    assert result.explanation == (
        f"127.0.0.1:{closed_port}: TCP connect failed (127.0.0.1:{closed_port}: Connection refused). "
        "The host actively refused the TCP connection: nothing listens on that port."
    )


async def test_blackhole_times_out_within_its_timeout(blackhole: Blackhole) -> None:
    start = time.perf_counter()
    result = await probe_tcp("127.0.0.1", blackhole.port, timeout=0.5)
    assert_within(time.perf_counter() - start, 0.5)
    assert result.fault is Fault.CONNECT_TIMEOUT
    assert f"127.0.0.1:{blackhole.port}: no TCP answer within 0.5 s" in result.explanation
    assert "packets are dropped" in result.explanation


async def test_dial_shares_the_budget_like_go_dial_serial(blackhole: Blackhole) -> None:
    """Two dead addresses: Go gives each at least 2 s if the budget allows, else splits what is left."""
    resolve = make_resolver({"two.test": ["127.0.0.1", "127.0.0.1"]})
    start = time.perf_counter()
    dialed = await dial("two.test", blackhole.port, timeout=0.6, resolve=resolve)
    assert_within(time.perf_counter() - start, 0.6)
    assert dialed.fault is Fault.CONNECT_TIMEOUT and dialed.writer is None
    assert len(dialed.attempts) == 1  # the first took all 0.6 s: min(2 s, remaining) wins over 0.3 s


async def test_dns_failure_and_timeout_come_from_the_injected_resolver() -> None:
    failed = await probe_tcp("nxdomain.test", 443, resolve=make_resolver({}))
    assert failed.fault is Fault.DNS_FAILURE
    assert failed.explanation.startswith("nxdomain.test:443: DNS lookup failed after ")
    assert "nxdomain.test: NXDOMAIN" in failed.explanation

    async def hanging(host: str) -> list[str]:
        await asyncio.sleep(30)
        return []

    start = time.perf_counter()
    slow = await probe_tcp("slow.test", 443, timeout=0.3, resolve=hanging)
    assert_within(time.perf_counter() - start, 0.3)
    assert slow.fault is Fault.DNS_TIMEOUT
    assert "no answer within 0.3 s" in slow.explanation

    async def poisoned(host: str) -> list[str]:
        raise ResolveError(Fault.DNS_POISONED, f"{host}: answers disagree")

    tampered = await probe_tcp("gfw.test", 443, resolve=poisoned)
    assert tampered.fault is Fault.DNS_POISONED
    assert tampered.explanation.startswith("gfw.test:443: DNS lookup failed after ")
    assert "(gfw.test: answers disagree). The system resolver's answer disagrees" in tampered.explanation


_UNREACHABLE_SCRIPT = """
import asyncio, json
from goproxy_tui.core.probes.tcp import probe_tcp
r = asyncio.run(probe_tcp("127.0.0.1", 443, timeout=1.0))
print(json.dumps({"fault": r.fault.value, "explanation": r.explanation}))
"""


def test_unreachable_in_a_network_namespace_without_routes() -> None:
    """``unshare -rn`` gives a namespace whose loopback is down: connect() fails with ENETUNREACH."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare(1) not available")
    probe = subprocess.run([unshare, "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unprivileged network namespaces are not allowed here")
    result = subprocess.run(
        [unshare, "-rn", sys.executable, "-c", _UNREACHABLE_SCRIPT],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["fault"] == "connect-unreachable"
    assert "Network is unreachable" in data["explanation"]
    assert "no route to the host" in data["explanation"]
