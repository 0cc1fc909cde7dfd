"""The flowchart is data: its invariants, and the Mermaid export a user pastes into an issue."""

from __future__ import annotations

import re

from goproxy_tui.core.diagnosis.graph import INCOMPLETE, NODE_BY_ID, NODES, START, edges
from goproxy_tui.core.diagnosis.mermaid import to_mermaid
from goproxy_tui.core.diagnosis.nodes import EVALUATORS

ISSUE_ORDER = ["toolchain", "connectivity", "dns", "tcp", "tls", "goproxy", "sumdb", "private", "git",
               "module", "gomod", "modcache", "verify"]


def test_the_nodes_of_the_issues_in_order_each_with_an_evaluator() -> None:
    assert [n.id for n in NODES] == ISSUE_ORDER
    assert [n.number for n in NODES] == list(range(1, 14))
    assert START == "toolchain"
    assert set(EVALUATORS) == set(NODE_BY_ID)
    assert all(n.question.endswith("?") and n.probes for n in NODES)


def test_every_outcome_leads_somewhere_and_every_walk_ends_at_verification_or_earlier() -> None:
    for node in NODES:
        ids = [o.id for o in node.outcomes]
        assert len(ids) == len(set(ids)), node.id
        assert INCOMPLETE in ids
        for outcome in node.outcomes:
            assert outcome.next is None or outcome.next in NODE_BY_ID, (node.id, outcome.id)
            if outcome.next is not None:
                assert NODE_BY_ID[outcome.next].number > node.number, "the graph must not loop"
    assert all(o.next is None for o in NODE_BY_ID["verify"].outcomes)
    assert NODE_BY_ID["toolchain"].outcome("go-missing").next is None
    assert NODE_BY_ID["tcp"].outcome("all-failed").next == "goproxy"  # no TLS without TCP


def test_each_failing_node_declares_error_findings_and_ids_are_unique() -> None:
    for node in NODES:
        kinds = [f.kind for f in node.findings]
        assert len(kinds) == len(set(kinds)), node.id
        if any(o.status == "fail" for o in node.outcomes):
            assert any(f.severity == "error" for f in node.findings), node.id
        assert node.finding(INCOMPLETE).severity == "warning"


def test_static_mermaid_has_every_node_and_every_merged_edge() -> None:
    text = to_mermaid()
    assert text.startswith("flowchart TD\n")
    for node in NODES:
        assert f'    {node.id}["{node.number}. ' in text
    arrows = re.findall(r"^    (\w+) -->\|\"([^\"]*)\"\| (\w+)$", text, flags=re.M)
    assert len(arrows) == len(edges())
    assert ("goproxy", "off / invalid", "private") in arrows
    assert ("toolchain", "go-missing", "finish") in arrows
    assert "classDef" not in text and "linkStyle" not in text  # nothing highlighted without a walk
