"""The flowchart as Mermaid, with the path a walk took highlighted (``gotui check --mermaid``).

Labels come from the graph (static text, shown in the user's language: the diagram is for people;
outcome ids stay identifiers); outcomes between the same two nodes share one edge. With a diagnosis,
visited nodes are coloured by status and the edges taken are drawn thick.
"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.engine import Diagnosis
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID, NODES, edges
from goproxy_tui.i18n import N_, tr

END_ID = "finish"
_CLASSES = {
    "pass": "fill:#d4edda,stroke:#2e7d32,color:#1b5e20",
    "warn": "fill:#fff3cd,stroke:#b8860b,color:#5d4037",
    "fail": "fill:#f8d7da,stroke:#c62828,color:#b71c1c",
    "skip": "fill:#eceff1,stroke:#78909c,color:#37474f",
}


def _text(value: str) -> str:
    """Mermaid label text: quotes and angle brackets as entity codes so nothing is parsed as markup."""
    return value.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(diagnosis: Diagnosis | None = None) -> str:
    lines = ["flowchart TD"]
    for node in NODES:
        label = f"{node.number}. {tr(node.title)}"
        if diagnosis is not None and (result := diagnosis.result(node.id)) is not None:
            label += f"<br/>{result.outcome}"
            lines.append(f'    {node.id}["{_text(label).replace("#lt;br/#gt;", "<br/>")}"]')
        else:
            lines.append(f'    {node.id}["{_text(label)}"]')
    verdict = N_("end")
    if diagnosis is not None:
        verdict = N_("end: ok") if diagnosis.ok else N_("end: problems found")
    lines.append(f'    {END_ID}(["{_text(tr(verdict))}"])')
    taken: set[tuple[str, str | None]] = set()
    if diagnosis is not None:
        taken = {(r.node, r.next) for r in diagnosis.results}
    thick: list[int] = []
    for index, (source, target, outcomes) in enumerate(edges()):
        label = " / ".join(outcomes)
        lines.append(f'    {source} -->|"{_text(label)}"| {target or END_ID}')
        if (source, target) in taken:
            thick.append(index)
    if diagnosis is not None:
        for status, style in _CLASSES.items():
            lines.append(f"    classDef {status} {style}")
        for result in diagnosis.results:
            lines.append(f"    class {result.node} {result.status}")
        lines.append(f"    class {END_ID} {'pass' if diagnosis.ok else 'fail'}")
        if thick:
            lines.append(f"    linkStyle {','.join(str(i) for i in thick)} stroke-width:4px,stroke:#1565c0")
    return "\n".join(lines) + "\n"


__all__ = ["NODE_BY_ID", "to_mermaid"]
