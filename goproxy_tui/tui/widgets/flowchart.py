"""The flowchart side panel: every node of the diagnosis graph, the path taken, the current node.

Drawn from the graph data (``core.diagnosis.graph.NODES``) so it can never disagree with the engine.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from goproxy_tui.core.diagnosis.graph import NODES
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.i18n import _

STATUS_MARK = {
    "pass": ("✔", "green"),
    "warn": ("⚠", "yellow"),
    "fail": ("✖", "bold red"),
    "skip": ("–", "dim"),
}


def render_flowchart(
    results: Mapping[str, NodeResult], running: str | None, selected: str | None, finished: bool
) -> Text:
    """One line per node: mark, number, title; the path's edges as ``↳ outcome`` under each visited node."""
    text = Text()
    for node in NODES:
        result = results.get(node.id)
        if result is not None:
            mark, style = STATUS_MARK.get(result.status, ("?", ""))
        elif node.id == running:
            mark, style = "▶", "bold cyan"
        else:
            mark, style = ("·", "dim") if not finished else (" ", "dim")
        line = Text(f"{mark} ", style=style)
        title_style = "dim" if result is None and node.id != running else ""
        line.append(f"{node.number:>2} {_(node.title)}", style=title_style)
        if node.id == selected:
            line.stylize("reverse")
        text.append_text(line)
        text.append("\n")
        if result is not None:
            text.append(f"     ↳ {result.outcome}\n", style="dim")
    return text


class FlowchartPanel(Static):
    """Static view of the walk; the wizard screen calls :meth:`show` after each event."""

    DEFAULT_CSS = """
    FlowchartPanel { width: 40; height: 1fr; padding: 0 1; border-left: solid $primary-darken-2; }
    """

    def show(
        self, results: Mapping[str, NodeResult], running: str | None, selected: str | None, finished: bool
    ) -> None:
        self.update(render_flowchart(results, running, selected, finished))
