"""What one node of the walk produced: its outcome, a one-line summary, evidence and findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goproxy_tui.core.diagnosis.findings import Finding, masked
from goproxy_tui.core.diagnosis.graph import Status
from goproxy_tui.i18n import N_

# The evidence keys that are words: they stay English in JSON; the wizard shows them with _().
EVIDENCE_LABELS = (
    N_("command"), N_("exit"), N_("seconds"), N_("output"), N_("zip size"), N_("targets"), N_("routes"),
    N_("handshakes"), N_("supported"), N_("direct"), N_("versions"), N_("resolved"), N_("chain"),
    N_("module"), N_("entries"), N_("entry"), N_("hosts"), N_("system resolver"), N_("public resolvers"),
    N_("connects to"), N_("via"), N_("role"), N_("fault"), N_("explanation"), N_("checked"), N_("files"),
    N_("bytes"), N_("size"), N_("exists"), N_("problems"), N_("replace"), N_("toolchain"), N_("version"),
    N_("workdir"), N_("matches GONOPROXY"), N_("matches GONOSUMDB"), N_("go.mod error"), N_("notes"),
    N_("path"), N_("canonical"), N_("fetched"), N_("proxies"), N_("private"), N_("mirror"), N_("requests"),
    N_("vendor"), N_("alternatives"),
)


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
