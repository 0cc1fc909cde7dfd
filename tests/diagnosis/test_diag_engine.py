"""The engine's contract with the wizard: events in flowchart order, nodes concurrent, every node bounded.

The first test walks the real graph with the real probes; the others plug in evaluators (the engine
takes them as a parameter) to pin down scheduling: concurrency, time limits, crashes, cancellation.
"""

from __future__ import annotations

import asyncio
import time

import diag_lab
from diag_lab import Lab

from goproxy_tui.core.diagnosis import (
    NODES,
    DiagnosisEngine,
    Node,
    NodeFinished,
    NodeStarted,
    WalkFinished,
)
from goproxy_tui.core.diagnosis.engine import ROUTE_NODES
from goproxy_tui.core.diagnosis.nodes.common import Evaluator
from goproxy_tui.core.diagnosis.results import Verdict

lab = diag_lab.lab
PATH = tuple(n.id for n in NODES)


async def test_a_healthy_walk_streams_every_step_in_order_and_ends_green(lab: Lab) -> None:
    ctx = await lab.context()
    events = [event async for event in DiagnosisEngine(ctx).run()]
    assert isinstance(events[-1], WalkFinished)
    steps = events[:-1]
    assert [type(e) for e in steps] == [NodeStarted, NodeFinished] * 13
    assert tuple(e.node.id for e in steps[::2]) == PATH
    assert [e.index for e in steps[1::2]] == list(range(13))
    diagnosis = events[-1].diagnosis
    assert diagnosis.ok and diagnosis.path == PATH and diagnosis.skipped == ()
    verify = diagnosis.result("verify")
    assert verify is not None and verify.outcome == "ok" and verify.next is None
    assert verify.evidence["Version"] == "v1.1.0" and '"Version": "v1.1.0",' in "\n".join(verify.evidence["output"])
    document = diagnosis.to_json()
    assert document["schema_version"] == 1 and document["ok"] is True
    assert [n["id"] for n in document["nodes"]] == list(PATH)


def fake(delay: float, seen: dict[str, str] | None = None) -> Evaluator:
    async def evaluate(ctx: object, node: Node) -> Verdict:
        try:
            await asyncio.sleep(delay)
        except asyncio.CancelledError:
            if seen is not None:
                seen[node.id] = "cancelled"
            raise
        return Verdict("ok" if any(o.id == "ok" for o in node.outcomes) else node.outcomes[0].id, f"{node.id} done")

    return evaluate


async def test_independent_nodes_run_concurrently_but_results_arrive_in_flowchart_order(lab: Lab) -> None:
    ctx = await lab.context()
    evaluators = {n.id: fake(0.4 if n.number % 2 else 0.1) for n in NODES}
    started = time.perf_counter()
    finished = [e.result.node async for e in DiagnosisEngine(ctx, evaluators).run() if isinstance(e, NodeFinished)]
    elapsed = time.perf_counter() - started
    assert finished == list(PATH)
    assert elapsed < 2.0, f"{elapsed:.2f} s: eleven prefetched nodes ran one after the other"  # serial: ≥ 3 s


async def test_a_node_that_never_answers_is_cut_at_its_limit_and_the_walk_goes_on(lab: Lab) -> None:
    ctx = await lab.context(timeout=0.05)
    evaluators = {n.id: fake(0.0) for n in NODES}
    evaluators["connectivity"] = fake(3600)
    limit = next(n for n in NODES if n.id == "connectivity").deadline(0.05)
    started = time.perf_counter()
    diagnosis = [e async for e in DiagnosisEngine(ctx, evaluators).run()][-1].diagnosis
    assert time.perf_counter() - started < limit + 1.0
    stuck = diagnosis.result("connectivity")
    assert stuck.outcome == "incomplete" and stuck.status == "warn" and stuck.next == "dns"
    assert stuck.findings[0].id == "connectivity.incomplete" and f"{limit:g} s" in stuck.findings[0].detail
    assert diagnosis.path == PATH


async def test_a_crashing_node_becomes_incomplete_not_a_traceback(lab: Lab) -> None:
    async def broken(ctx: object, node: Node) -> Verdict:
        raise RuntimeError("bug in https://user:hunter2@example.com handling")

    ctx = await lab.context()
    evaluators = {n.id: fake(0.0) for n in NODES} | {"tls": broken}
    diagnosis = [e async for e in DiagnosisEngine(ctx, evaluators).run()][-1].diagnosis
    result = diagnosis.result("tls")
    assert result.outcome == "incomplete" and "RuntimeError: bug in" in result.summary
    assert "hunter2" not in result.summary
    assert diagnosis.path == PATH


async def test_leaving_the_walk_early_cancels_the_nodes_still_running(lab: Lab) -> None:
    seen: dict[str, str] = {}
    ctx = await lab.context()
    evaluators = {n.id: fake(0.0 if n.id == "toolchain" else 30, seen) for n in NODES}
    walk = DiagnosisEngine(ctx, evaluators).run()
    async for event in walk:
        if isinstance(event, NodeFinished):
            break
    await walk.aclose()
    started_at_once = ROUTE_NODES - {"toolchain"}  # the rest wait for the module's resolution first
    assert started_at_once <= set(seen) <= {n.id for n in NODES if n.prefetch and n.id != "toolchain"}
