"""What the diagnosis tells the user: findings, and the remedies that fix them.

A :class:`Remedy` is either something gotui can apply itself (``env``: ``go env -w/-u`` through the
journal; ``switch-mirror``: the same switch plan as ``gotui use``; ``clean-modcache``: ``go clean
-modcache`` after an explicit confirmation; ``go-command``: a go command Go itself suggested, run in
the project with the files it writes journaled first) or exact instructions for what only the user can do
(edit resolv.conf, install a CA, remove a shell export). Never "turn verification off".

Strings may carry untrusted text (server answers, environment values): they are kept as plain text
here and masked (:func:`~goproxy_tui.core.redact.mask_secrets`) whenever they leave as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from goproxy_tui.core.redact import mask_secrets

Severity = Literal["error", "warning", "info"]
RemedyKind = Literal["env", "switch-mirror", "clean-modcache", "go-command", "instructions"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def masked(value: Any) -> Any:
    """``value`` with every string masked, recursively (for JSON and reports)."""
    if isinstance(value, str):
        return mask_secrets(value)
    if isinstance(value, Mapping):
        return {str(k): masked(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(v) for v in value]
    return value


@dataclass(frozen=True)
class Remedy:
    """One way to fix a finding.

    ``env``: the ``go env`` changes to apply (``None`` = ``go env -u``); ``commands``: the argv lists
    a user could run instead; ``instructions``: steps only the user can take; ``confirm``: the
    question that must be answered yes before applying (``clean-modcache``).
    """

    kind: RemedyKind
    summary: str
    env: Mapping[str, str | None] = field(default_factory=dict)
    commands: tuple[tuple[str, ...], ...] = ()
    instructions: tuple[str, ...] = ()
    mirror: str | None = None
    confirm: str | None = None
    cwd: str | None = None  # go-command: the project directory it runs in
    writes: tuple[str, ...] = ()  # go-command: the project files it may change (journaled first)

    @property
    def applicable(self) -> bool:
        """Can :func:`~goproxy_tui.core.diagnosis.remedies.apply_remedy` carry it out?"""
        return self.kind != "instructions"

    def to_json(self) -> dict[str, Any]:
        return masked(
            {
                "kind": self.kind,
                "summary": self.summary,
                "commands": [list(c) for c in self.commands],
                "env": dict(self.env),
                "instructions": list(self.instructions),
                "mirror": self.mirror,
                "confirm": self.confirm,
                "cwd": self.cwd,
                "applicable": self.applicable,
            }
        )


@dataclass(frozen=True)
class Finding:
    """A problem (or a note) one node found: ``id`` is ``<node>.<kind>``, stable for scripts."""

    id: str
    node: str
    severity: Severity
    title: str
    detail: str
    evidence: tuple[str, ...] = ()
    remedy: Remedy | None = None
    alternatives: tuple[Remedy, ...] = ()

    @property
    def remedies(self) -> tuple[Remedy, ...]:
        return ((self.remedy,) if self.remedy else ()) + self.alternatives

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "node": self.node,
            "severity": self.severity,
            "title": mask_secrets(self.title),
            "detail": mask_secrets(self.detail),
            "evidence": masked(list(self.evidence)),
            "remedy": self.remedy.to_json() if self.remedy else None,
            "alternatives": [r.to_json() for r in self.alternatives],
        }


@dataclass(frozen=True)
class FindingSpec:
    """A finding a node may raise, declared in the graph so ids and severities are data, not code."""

    kind: str
    severity: Severity
    title: str

    def make(
        self,
        node: str,
        detail: str,
        *,
        title: str | None = None,
        evidence: tuple[str, ...] | list[str] = (),
        remedy: Remedy | None = None,
        alternatives: tuple[Remedy, ...] | list[Remedy] = (),
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            id=f"{node}.{self.kind}",
            node=node,
            severity=severity or self.severity,
            title=title or self.title,
            detail=detail,
            evidence=tuple(evidence),
            remedy=remedy,
            alternatives=tuple(alternatives),
        )
