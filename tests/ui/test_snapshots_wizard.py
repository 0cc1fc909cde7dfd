"""Snapshots of the diagnosis wizard. Results are injected at the result level (fixed timings and
addresses), so the SVG is the same on every machine; the engine itself is tested on loopback elsewhere."""

from __future__ import annotations

from textual.app import App

from goproxy_tui.core.diagnosis.engine import NodeFinished, NodeStarted
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.tui.screens.wizard import WalkEvent, WizardScreen

BLACKHOLE = "http://127.0.0.1:41999"
GOOD = "https://goproxy.cn"


class WizardHost(App[None]):
    """Only the wizard: no env loading, no mirror probing behind it."""

    def on_mount(self) -> None:
        self.push_screen(WizardScreen("example.com/hello@v1.1.0"))


def _result(node_id: str, outcome: str, summary: str, evidence: dict, findings: tuple = ()) -> NodeResult:
    node = NODE_BY_ID[node_id]
    chosen = node.outcome(outcome)
    return NodeResult(
        node_id,
        node.number,
        node.title,
        chosen.id,
        chosen.status,
        summary,
        evidence,
        findings,
        chosen.next,
        12.0,
    )


def _walk() -> list[NodeResult]:
    tcp = NODE_BY_ID["tcp"]
    timeout = tcp.finding("connect-timeout").make(
        "tcp",
        f"{BLACKHOLE} never answered the TCP handshake (connect-timeout after 5.0 s): packets are dropped.",
        title=f"{BLACKHOLE} does not accept connections",
        evidence=[f"{BLACKHOLE}: connect-timeout after 5000 ms"],
        remedy=Remedy(
            "switch-mirror",
            f"switch to goproxy.cn ({GOOD})",
            env={"GOPROXY": f"{GOOD}|direct"},
            commands=(("go", "env", "-w", f"GOPROXY={GOOD}|direct"),),
            mirror="goproxy.cn",
        ),
    )
    return [
        _result(
            "toolchain",
            "ok",
            "go1.27.3 at /usr/local/go/bin/go, module mode on",
            {"go": "go1.27.3", "GO111MODULE": "(default: on)"},
        ),
        _result("connectivity", "ok", "223.5.5.5:53 answered in 9 ms", {"223.5.5.5:53": "9 ms"}),
        _result("dns", "ok", "127.0.0.1 needs no lookup", {"hosts": []}),
        _result(
            "tcp",
            "all-failed",
            f"{BLACKHOLE}: connect-timeout",
            {BLACKHOLE: "connect-timeout after 5000 ms"},
            (timeout,),
        ),
    ]


def test_wizard_step_with_finding_and_flowchart(snap_compare) -> None:
    """Reviewer: 'Step 4 of 13 · node 4: TCP to each GOPROXY entry' with a red ✖ all-failed, the
    evidence line for the blackholed proxy, the finding with 'fix: switch to goproxy.cn … [f] apply' and
    the go env -w command, and the same fix in the bar above the footer; on the right the flowchart: nodes 1–3 ✔
    with their outcomes, node 4 ✖ and highlighted, the rest dotted (not reached yet), node 9 "git for direct
    fetches" among them."""

    async def show_walk(pilot) -> None:
        wizard = pilot.app.screen
        assert isinstance(wizard, WizardScreen)
        for index, result in enumerate(_walk()):
            wizard.post_message(WalkEvent(NodeStarted(NODE_BY_ID[result.node], index)))
            wizard.post_message(WalkEvent(NodeFinished(result, index)))
        await pilot.pause()
        wizard.query_one("#step-scroll").focus()
        await pilot.pause()

    assert snap_compare(WizardHost(), terminal_size=(130, 40), run_before=show_walk)
