"""The engine: walks the flowchart, running independent nodes concurrently, every node time-bounded.

Streaming API (what the wizard screen follows)::

    ctx = await build_context(module="github.com/gin-gonic/gin@latest")
    async for event in DiagnosisEngine(ctx).run():
        match event:
            case NodeStarted(node, index): ...     # the walk arrived at this node
            case NodeFinished(result, index): ...  # its outcome, evidence and findings
            case WalkFinished(diagnosis): ...      # the whole result (also JSON / Markdown)

Every node marked ``prefetch`` starts at once (their probes are independent and shared through the
context), so the walk takes about as long as its slowest node, while events still arrive in flowchart
order: a node's result is yielded when it and every node before it on the path are done. The final
verification starts only when the walk reaches it, because it runs a real download and uses what the
walk found (a predicted hang shortens its time limit). Leaving the iteration early cancels everything.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from goproxy_tui.core.diagnosis.context import CheckTarget, DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding, masked
from goproxy_tui.core.diagnosis.graph import INCOMPLETE, NODE_BY_ID, NODES, START, Node
from goproxy_tui.core.diagnosis.nodes import EVALUATORS
from goproxy_tui.core.diagnosis.nodes.common import Evaluator
from goproxy_tui.core.diagnosis.nodes.verify import verification_timeout
from goproxy_tui.core.diagnosis.resolve import resolve_target
from goproxy_tui.core.diagnosis.results import NodeResult, Verdict
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class NodeStarted:
    node: Node
    index: int  # position on the path, from 0


@dataclass(frozen=True)
class NodeFinished:
    result: NodeResult
    index: int


@dataclass(frozen=True)
class Diagnosis:
    """The whole walk: results along the path taken, the nodes not reached, and every finding."""

    target: CheckTarget
    results: tuple[NodeResult, ...]
    skipped: tuple[str, ...]
    started_at: str
    duration_ms: float
    go: Mapping[str, str] | None
    settings: Mapping[str, str]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(r.node for r in self.results)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.results for f in r.findings)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def ok(self) -> bool:
        """No error finding: Go can download the module with these settings."""
        return self.count("error") == 0

    def result(self, node_id: str) -> NodeResult | None:
        return next((r for r in self.results if r.node == node_id), None)

    def to_json(self) -> dict[str, Any]:
        """The ``check`` JSON contract (DESIGN §2), secrets masked."""
        nodes = [r.to_json() for r in self.results]
        nodes += [
            {"id": n, "number": NODE_BY_ID[n].number, "title": NODE_BY_ID[n].title, "outcome": "not-reached",
             "status": "skip", "summary": "", "evidence": {}, "findings": [], "next": None, "duration_ms": 0.0}
            for n in self.skipped
        ]
        return {
            "schema_version": SCHEMA_VERSION,
            "ok": self.ok,
            "module": self.target.text,
            "started_at": self.started_at,
            "duration_ms": round(self.duration_ms, 1),
            "go": masked(dict(self.go)) if self.go else None,
            "settings": masked(dict(self.settings)),
            "path": list(self.path),
            "summary": {s: self.count(s) for s in ("error", "warning", "info")},
            "nodes": nodes,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class WalkFinished:
    diagnosis: Diagnosis


Event = NodeStarted | NodeFinished | WalkFinished

SETTINGS_SHOWN = ("GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOFLAGS", "GOTOOLCHAIN",
                  "GOMODCACHE", "HTTPS_PROXY", "NO_PROXY")


class DiagnosisEngine:
    """Walks :data:`~goproxy_tui.core.diagnosis.graph.NODES` for one context (one walk per engine)."""

    def __init__(self, ctx: DiagnosisContext, evaluators: Mapping[str, Evaluator] | None = None) -> None:
        self.ctx = ctx
        self.evaluators = dict(EVALUATORS if evaluators is None else evaluators)

    def deadline(self, node: Node) -> float:
        if node.id == "verify":
            return verification_timeout(self.ctx) + 15.0
        return node.deadline(self.ctx.timeout)

    async def run_node(self, node_id: str) -> NodeResult:
        """Evaluate one node now (bounded by its time limit). Never raises for a failing evaluation."""
        node = NODE_BY_ID[node_id]
        started = time.perf_counter()
        limit = self.deadline(node)
        try:
            verdict = await asyncio.wait_for(self.evaluators[node.id](self.ctx, node), limit)
            node.outcome(verdict.outcome)  # an evaluator bug must surface as "incomplete", not a crash
        except (asyncio.TimeoutError, TimeoutError):
            verdict = self._incomplete(node, Msg("no answer within {seconds:g} s", seconds=limit))
        except Exception as exc:  # a bug in one node must not end the walk
            verdict = self._incomplete(node, f"{type(exc).__name__}: {mask_secrets(str(exc))}")
        outcome = node.outcome(verdict.outcome)
        return NodeResult(
            node=node.id,
            number=node.number,
            title=node.title,
            outcome=outcome.id,
            status=outcome.status,
            summary=verdict.summary,
            evidence=verdict.evidence,
            findings=verdict.findings,
            next=outcome.next,
            duration_ms=(time.perf_counter() - started) * 1000.0,
        )

    def _incomplete(self, node: Node, why: str) -> Verdict:
        finding = node.finding(INCOMPLETE).make(
            node.id,
            Msg("{step}: {why}; the walk went on without this step's answer.", step=node.title, why=why),
            evidence=[why],
        )
        return Verdict(INCOMPLETE, Msg("incomplete: {why}", why=why), {"error": why}, (finding,))

    async def run(self) -> AsyncIterator[Event]:
        """Walk the graph from :data:`START`, yielding events in flowchart order (see the module doc)."""
        ctx = self.ctx
        ctx.results.clear()
        wall = datetime.now(timezone.utc).isoformat(timespec="seconds")
        started = time.perf_counter()
        await resolve_target(ctx)  # a package path → its module root, before any node asks about it
        tasks: dict[str, asyncio.Task[NodeResult]] = {
            n.id: asyncio.ensure_future(self.run_node(n.id)) for n in NODES if n.prefetch
        }
        results: list[NodeResult] = []
        try:
            current: str | None = START
            while current is not None and current not in ctx.results:
                node = NODE_BY_ID[current]
                index = len(results)
                yield NodeStarted(node, index)
                task = tasks.get(current)
                if task is None:
                    task = tasks[current] = asyncio.ensure_future(self.run_node(current))
                result = await task
                ctx.results[current] = result
                results.append(result)
                yield NodeFinished(result, index)
                current = result.next
            visited = {r.node for r in results}
            go = None
            if ctx.env is not None:
                go = {"version": ctx.env.go.version, "path": str(ctx.env.go.path), "goroot": ctx.env.go.goroot}
            diagnosis = Diagnosis(
                target=ctx.target,
                results=tuple(results),
                skipped=tuple(n.id for n in NODES if n.id not in visited),
                started_at=wall,
                duration_ms=(time.perf_counter() - started) * 1000.0,
                go=go,
                settings={name: ctx.value(name) for name in SETTINGS_SHOWN if ctx.value(name)},
            )
            yield WalkFinished(diagnosis)
        finally:
            for task in tasks.values():
                task.cancel()
            await asyncio.gather(*tasks.values(), return_exceptions=True)
            await ctx.close()


async def diagnose(ctx: DiagnosisContext, on_event: Callable[[Event], None] | None = None) -> Diagnosis:
    """Run the whole walk; ``on_event`` sees every event as it happens."""
    final: Diagnosis | None = None
    async for event in DiagnosisEngine(ctx).run():
        if on_event is not None:
            on_event(event)
        if isinstance(event, WalkFinished):
            final = event.diagnosis
    assert final is not None
    return final
