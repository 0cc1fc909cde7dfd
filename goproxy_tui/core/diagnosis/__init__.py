"""The fault-diagnosis flowchart (data) and the engine that walks it (headless; shared by the wizard
and ``gotui check``). See ``engine.py`` for the streaming API."""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import (
    CheckTarget,
    DiagnosisContext,
    TargetError,
    build_context,
    parse_target,
)
from goproxy_tui.core.diagnosis.engine import (
    Diagnosis,
    DiagnosisEngine,
    Event,
    NodeFinished,
    NodeStarted,
    WalkFinished,
    diagnose,
)
from goproxy_tui.core.diagnosis.findings import Finding, FindingSpec, Remedy, Severity
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID, NODES, START, Node, Outcome
from goproxy_tui.core.diagnosis.mermaid import to_mermaid
from goproxy_tui.core.diagnosis.modulecheck import ModuleCheck, check_module
from goproxy_tui.core.diagnosis.nodes.verify import run_verification
from goproxy_tui.core.diagnosis.operation import OperationRun
from goproxy_tui.core.diagnosis.remedies import RemedyResult, apply_remedy
from goproxy_tui.core.diagnosis.results import NodeResult

__all__ = [
    "NODES",
    "NODE_BY_ID",
    "START",
    "CheckTarget",
    "Diagnosis",
    "DiagnosisContext",
    "DiagnosisEngine",
    "Event",
    "Finding",
    "FindingSpec",
    "ModuleCheck",
    "Node",
    "NodeFinished",
    "NodeResult",
    "NodeStarted",
    "OperationRun",
    "Outcome",
    "Remedy",
    "RemedyResult",
    "Severity",
    "TargetError",
    "WalkFinished",
    "apply_remedy",
    "build_context",
    "check_module",
    "diagnose",
    "parse_target",
    "run_verification",
    "to_mermaid",
]
