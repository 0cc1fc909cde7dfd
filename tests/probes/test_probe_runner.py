"""Concurrent rounds: results stream as they arrive, a hanging mirror delays nobody, the round has a deadline."""

from __future__ import annotations

import asyncio
import time

from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import FaultMode, GoproxyServer

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, ProbeTimeouts
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.runner import Mirror, RoundItem, probe_mirrors, stream_round


async def test_one_stalled_mirror_does_not_delay_the_others(blackhole: Blackhole) -> None:
    fast = [GoproxyServer().start() for _ in range(3)]
    stalled = GoproxyServer().start()
    stalled.set_fault(FaultMode.STALL, path_contains="@v/list")
    seen: list[str] = []
    try:
        mirrors = [Mirror("stalled", stalled.url), Mirror("blackholed", blackhole.url())]
        mirrors += [Mirror(f"fast{i}", s.url) for i, s in enumerate(fast)]
        items: list[RoundItem[GoproxyProbeResult]] = []
        async for item in probe_mirrors(
            mirrors,
            deadline=5.0,
            timeouts=ProbeTimeouts.uniform(1.5),
            proxy_env=ProxyEnv(),
            on_result=lambda i: seen.append(i.mirror.name),
        ):
            items.append(item)
    finally:
        for server in [*fast, stalled]:
            server.stop()
    names = [i.mirror.name for i in items]
    assert sorted(names[:3]) == ["fast0", "fast1", "fast2"]  # first, although listed last
    assert all(i.result.fault is Fault.OK and i.elapsed_ms < 500 for i in items[:3])
    slow = {i.mirror.name: i for i in items[3:]}
    assert slow["stalled"].result.fault is Fault.READ_TIMEOUT
    assert slow["blackholed"].result.fault is Fault.CONNECT_TIMEOUT
    assert all(1400 < i.elapsed_ms < 2000 for i in slow.values())
    assert seen == names  # the callback saw the same stream in the same order


async def test_round_deadline_caps_probes_that_would_run_longer(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.STALL, path_contains="@v/list")
    start = time.perf_counter()
    items = [
        i
        async for i in probe_mirrors(
            [goproxy.url], deadline=0.8, timeouts=ProbeTimeouts.uniform(30), proxy_env=ProxyEnv()
        )
    ]
    assert time.perf_counter() - start < 0.8 * 1.1
    (item,) = items
    assert item.mirror == Mirror(goproxy.url, goproxy.url)
    assert item.result.fault is Fault.READ_TIMEOUT and not item.timed_out  # the probe itself said why
    assert "no complete answer within the probe's 0.76 s limit" in item.result.explanation


async def test_generic_round_reports_what_never_finished() -> None:
    async def probe(mirror: Mirror) -> str:
        if mirror.name == "hang":
            await asyncio.sleep(60)
        if mirror.name == "boom":
            raise RuntimeError("kaput at https://u:secret@x")
        return f"{mirror.name} ok"

    mirrors = [Mirror("hang", "h"), Mirror("boom", "b"), Mirror("fine", "f")]
    start = time.perf_counter()
    items = [
        i
        async for i in stream_round(
            mirrors, probe, deadline=0.3, on_missing=lambda m, why: f"{m.name}: {why}"
        )
    ]
    assert time.perf_counter() - start < 0.4
    assert [(i.mirror.name, i.result, i.timed_out) for i in items] == [
        ("boom", "boom: the probe failed: kaput at https://u:***@x", False),
        ("fine", "fine ok", False),
        ("hang", "hang: no result within the round's 0.3 s deadline", True),
    ]


async def test_concurrency_cap_and_early_exit_cancels_the_rest() -> None:
    running = peak = cancelled = started = 0

    async def probe(mirror: Mirror) -> int:
        nonlocal running, peak, cancelled, started
        started += 1
        running += 1
        peak = max(peak, running)
        try:
            await asyncio.sleep(0.05 if mirror.name != "slow" else 10)
        except asyncio.CancelledError:
            cancelled += 1
            raise
        finally:
            running -= 1
        return 1

    mirrors = [Mirror("slow", "s")] + [Mirror(str(n), str(n)) for n in range(6)]
    round_ = stream_round(mirrors, probe, deadline=5, on_missing=lambda m, why: 0, concurrency=2)
    got = 0
    async for _item in round_:
        got += 1
        if got == 3:
            break
    await round_.aclose()
    assert peak == 2 and running == 0
    assert (
        started <= 5 and cancelled == started - 3
    )  # the slow one (and any in flight) cancelled, rest never ran


async def test_a_hanging_probe_gives_its_slot_back_after_release_after() -> None:
    async def probe(mirror: Mirror) -> str:
        if mirror.name == "hang":
            await asyncio.sleep(60)
        return mirror.name

    mirrors = [Mirror("hang", "h"), Mirror("next", "n")]
    items = []
    async for item in stream_round(
        mirrors, probe, deadline=0.5, on_missing=lambda m, why: "missing", concurrency=1, release_after=0.05
    ):
        items.append(item)
    assert [(i.mirror.name, i.timed_out) for i in items] == [("next", False), ("hang", True)]
    assert 50 <= items[0].elapsed_ms < 150  # waited for the slot only release_after, not for "hang"
