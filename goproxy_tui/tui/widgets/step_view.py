"""One step of the diagnosis: the question, the live result, evidence, explanation and remedy.

Everything shown here can come from servers or the environment, so it is rendered from plain strings
into ``rich.text.Text`` (never markup), secrets masked and control characters made visible.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import Static

from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import _, localized, tr

SEVERITY_MARK = {"error": ("✖", "bold red"), "warning": ("⚠", "bold yellow"), "info": ("ℹ", "cyan")}
STATUS_LINE = {
    "pass": ("✔", "bold green"),
    "warn": ("⚠", "bold yellow"),
    "fail": ("✖", "bold red"),
    "skip": ("–", "dim"),
}
MAX_EVIDENCE_CHARS = 300


def _value(value: Any) -> str:
    value = localized(value)  # text the core built for people is translated; data is shown as it is
    if isinstance(value, str):
        shown = value
    else:
        try:
            shown = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            shown = repr(value)
    shown = printable(shown)
    return shown if len(shown) <= MAX_EVIDENCE_CHARS else shown[: MAX_EVIDENCE_CHARS - 1] + "…"


def render_evidence(evidence: Mapping[str, Any]) -> Text:
    text = Text()
    for key, value in evidence.items():
        text.append(f"  {printable(_(str(key)))}: ", style="dim")  # word keys: results.EVIDENCE_LABELS
        text.append(_value(value) + "\n")
    return text


def render_remedy(remedy: Remedy, first: bool) -> Text:
    label = _("fix") if first else _("or")
    text = Text(f"    {label}: " if first else f"    {label}:  ", style="bold" if first else "dim")
    text.append(printable(tr(remedy.summary)))
    if first and remedy.applicable:
        text.append("   [f] " + _("apply"), style="bold cyan")
    text.append("\n")
    for command in remedy.commands:
        text.append("      $ " + printable(" ".join(command)) + "\n", style="green")
    for step in remedy.instructions:
        text.append("      • " + printable(tr(step)) + "\n")
    return text


def render_finding(finding: Finding) -> Text:
    mark, style = SEVERITY_MARK[finding.severity]
    text = Text(f"{mark} ", style=style)
    text.append(printable(tr(finding.title)) + "\n", style="bold")
    text.append("  " + printable(tr(finding.detail)) + "\n")
    for line in finding.evidence:
        text.append("  · " + printable(tr(line)) + "\n", style="dim")
    for index, remedy in enumerate(finding.remedies):
        text.append_text(render_remedy(remedy, index == 0))
    return text


def render_step(node: Node, result: NodeResult | None, index: int, total: int) -> Text:
    text = Text()
    text.append(_("Step {number} of {total}").format(number=index + 1, total=total), style="bold")
    text.append("  ·  " + _("node {number}: {title}").format(number=node.number, title=_(node.title)) + "\n",
                style="dim")
    text.append(_(node.question) + "\n\n")
    if result is None:
        text.append("⋯ " + _("checking: {probes}").format(probes=", ".join(_(p) for p in node.probes)) + "\n", style="cyan")
        return text
    mark, style = STATUS_LINE.get(result.status, ("?", ""))
    text.append(f"{mark} {result.outcome}", style=style)
    text.append(f"  ({result.duration_ms:.0f} ms)\n", style="dim")
    text.append(printable(tr(result.summary)) + "\n")
    if result.evidence:
        text.append("\n" + _("Evidence") + "\n", style="bold underline")
        text.append_text(render_evidence(result.evidence))
    if result.findings:
        text.append("\n" + _("Findings") + "\n", style="bold underline")
        for finding in result.findings:
            text.append_text(render_finding(finding))
    return text


class StepView(Static):
    DEFAULT_CSS = """
    StepView { height: auto; padding: 0 1; }
    """

    def show(self, node: Node, result: NodeResult | None, index: int, total: int) -> None:
        self.update(render_step(node, result, index, total))
