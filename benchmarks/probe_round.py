"""One probe round over 8 loopback mirrors that each answer after an injected 300 ms.

Prints the round's wall time against the slowest single probe, each mirror probed alone first
(target ≤ 1.15: a concurrent round costs about as much as its slowest member, not the sum).
Run: python benchmarks/probe_round.py
"""

from __future__ import annotations

import asyncio
import time

import _util
from loopnet.goproxy_server import FaultMode, GoproxyServer

from goproxy_tui.core.probes.http import ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.runner import Mirror, probe_mirrors

MIRRORS = 8
DELAY = 0.3
ROUNDS = 5


async def main() -> None:
    servers = [GoproxyServer().start() for _ in range(MIRRORS)]
    for server in servers:
        server.set_fault(FaultMode.DELAY, delay=DELAY)
    mirrors = [Mirror(f"m{i}", s.url) for i, s in enumerate(servers)]
    timeouts = ProbeTimeouts.uniform(5.0)
    env = ProxyEnv()
    try:
        await probe_goproxy(
            servers[0].url, proxy_env=env, timeouts=timeouts
        )  # warm-up (imports, trust store)
        alone = []
        for server in servers:  # every mirror on its own, one after another
            start = time.perf_counter()
            await probe_goproxy(server.url, proxy_env=env, timeouts=timeouts)
            alone.append(time.perf_counter() - start)
        slowest_alone = max(alone)
        walls, slowest_list = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            slowest = 0.0
            async with _util.StallMeter() as meter:
                async for item in probe_mirrors(mirrors, deadline=10, timeouts=timeouts, proxy_env=env):
                    assert item.result.ok, item.result.explanation
                    # a probe's own duration: from the round start to its result (all start together)
                    slowest = max(slowest, item.elapsed_ms / 1000)
            wall = time.perf_counter() - start
            walls.append(wall)
            slowest_list.append(slowest)
        requests = 3  # @v/list, @latest, /sumdb/.../supported: each delayed by DELAY
        print(
            f"probe_round: {MIRRORS} loopback mirrors, {DELAY * 1000:.0f} ms injected per request "
            f"({requests} requests per probe), {ROUNDS} rounds"
        )
        wall = _util.median(walls)
        _util.row(
            "slowest single probe, run alone",
            f"{slowest_alone * 1000:.0f} ms",
            f"(fastest {min(alone) * 1000:.0f} ms, sum {sum(alone) * 1000:.0f} ms)",
        )
        _util.row("slowest probe inside a round (median)", f"{_util.median(slowest_list) * 1000:.0f} ms")
        _util.row("round wall time (median)", f"{wall * 1000:.0f} ms")
        _util.row("round wall / slowest single probe", f"{wall / slowest_alone:.3f}", "target <= 1.15")
        _util.row("round wall / sum of single probes", f"{wall / sum(alone):.3f}", "sequential would be 1.0")
        _util.row("worst event-loop stall (last round)", f"{meter.worst * 1000:.1f} ms")
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
