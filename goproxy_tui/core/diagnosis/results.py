"""What one node of the walk produced: its outcome, a one-line summary, evidence and findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goproxy_tui.core.diagnosis.findings import Finding, masked
from goproxy_tui.core.diagnosis.graph import Status


@dataclass(frozen=True)
class Verdict:
    """What a node evaluator returns; the engine turns it into a :class:`NodeResult`."""

    outcome: str
    summary: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class NodeResult:
    """One node as the walk met it. ``evidence`` holds JSON-able values (masked when serialised)."""

    node: str
    number: int
    title: str
    outcome: str
    status: Status
    summary: str
    evidence: Mapping[str, Any]
    findings: tuple[Finding, ...]
    next: str | None
    duration_ms: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.node,
            "number": self.number,
            "title": self.title,
            "outcome": self.outcome,
            "status": self.status,
            "summary": masked(self.summary),
            "evidence": masked(dict(self.evidence)),
            "findings": [f.id for f in self.findings],
            "next": self.next,
            "duration_ms": round(self.duration_ms, 1),
        }
