"""Event-loop stalls while probing 50 loopback mirrors, 10 of them blackholed.

A TUI shares the loop with the probes, so the worst stall is the longest freeze a user could see.
The servers run in a child process so only the probes' own work is on the measured loop.
Prints the worst and 99th-percentile lateness of a 1 ms ticker over a few rounds (target: worst
≤ 20 ms), with the runner's default start cap and without it. Other load on the machine shows up
as extra lateness.
Run: python benchmarks/probe_loop_stall.py
"""

from __future__ import annotations

import asyncio
import time

import _util

from goproxy_tui.core.probes.http import ProbeTimeouts
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.runner import Mirror, probe_mirrors

HEALTHY = 40
BLACKHOLED = 10
CONNECT_TIMEOUT = 1.0
ROUNDS = 3


class TickerStats(_util.StallMeter):
    """The stall meter, keeping every lateness sample, and the loop thread's own CPU time during the
    worst one: lateness without CPU is the OS running something else (other load on the machine)."""

    def __init__(self) -> None:
        super().__init__(0.001)
        self.lateness: list[float] = []
        self.worst_cpu = 0.0

    async def _run(self) -> None:
        while True:
            start, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(self.interval)
            late = time.perf_counter() - start - self.interval
            self.lateness.append(late)
            if late > self.worst:
                self.worst, self.worst_cpu = late, time.thread_time() - cpu


async def one_round(
    mirrors: list[Mirror], concurrency: int | None
) -> tuple[float, dict[str, int], TickerStats]:
    timeouts = ProbeTimeouts(connect=CONNECT_TIMEOUT, read=2, write=2, pool=2, total=5)
    faults: dict[str, int] = {}
    start = time.perf_counter()
    async with TickerStats() as ticker:
        async for item in probe_mirrors(
            mirrors, deadline=10, timeouts=timeouts, proxy_env=ProxyEnv(), concurrency=concurrency
        ):
            faults[item.result.fault.value] = faults.get(item.result.fault.value, 0) + 1
    return time.perf_counter() - start, faults, ticker


async def main() -> None:
    spec: list[tuple[str, str, dict[str, object]]] = [("goproxy", "none", {})] * HEALTHY
    spec += [("blackhole", "", {})] * BLACKHOLED
    print(
        f"probe_loop_stall: {HEALTHY + BLACKHOLED} loopback mirrors ({BLACKHOLED} blackholed, connect timeout "
        f"{CONNECT_TIMEOUT:g} s), servers in a child process, a 1 ms ticker on the probing loop"
    )
    with _util.ServersProcess(spec) as servers:
        mirrors = [Mirror(f"m{i}", url) for i, url in enumerate(servers.urls)]
        await one_round(mirrors[:2], None)  # warm-up: imports, trust store
        for label, concurrency in (("default (8 starting at once)", 8), ("uncapped (all 50 at once)", None)):
            walls, worst, p99s, busy = [], [], [], []
            for _ in range(ROUNDS):
                wall, faults, ticker = await one_round(mirrors, concurrency)
                lateness = sorted(ticker.lateness)
                walls.append(wall)
                worst.append(ticker.worst)
                busy.append(ticker.worst_cpu)
                p99s.append(lateness[int(len(lateness) * 0.99)] if lateness else float("nan"))
            print(f" {label}, {ROUNDS} rounds:")
            _util.row("round wall time (median)", f"{_util.median(walls) * 1000:.0f} ms")
            _util.row("results (last round)", ", ".join(f"{k}={v}" for k, v in sorted(faults.items())))
            _util.row("p99 loop lateness (median)", f"{_util.median(p99s) * 1000:.2f} ms")
            _util.row(
                "worst loop stall (median of rounds)",
                f"{_util.median(worst) * 1000:.2f} ms",
                "target <= 20 ms",
            )
            _util.row("worst loop stall (max of rounds)", f"{max(worst) * 1000:.2f} ms")
            _util.row(
                "loop-thread CPU inside each worst stall", " / ".join(f"{b * 1000:.1f}" for b in busy) + " ms"
            )


if __name__ == "__main__":
    asyncio.run(main())
