"""``gotui check``: the JSON contract, exit codes, Mermaid with the path taken, and safe text output."""

from __future__ import annotations

import json

import diag_lab
from diag_lab import Lab
from helpers import gotui
from loopnet.goproxy_server import FaultMode

lab = diag_lab.lab


def test_json_contract_and_exit_1_for_a_comma_after_a_failing_mirror(lab: Lab) -> None:
    broken = lab.proxy()
    broken.set_fault(FaultMode.STATUS, status=503)
    lab.goenv(GOPROXY=f"{broken.url},{lab.good.url}")
    result = gotui("check", "--json", "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1 and document["ok"] is False
    assert document["module"] == "example.com/hello@v1.1.0"
    for node in document["nodes"]:
        assert {"id", "outcome", "status", "evidence", "summary"} <= set(node)
        assert isinstance(node["evidence"], dict)
    outcomes = {n["id"]: n["outcome"] for n in document["nodes"]}
    assert outcomes["goproxy"] == "fails" and outcomes["verify"] == "failed"
    assert document["path"] == [n["id"] for n in document["nodes"]]
    for item in document["findings"]:
        assert {"id", "node", "severity", "title", "detail", "remedy"} <= set(item)
        assert item["severity"] in ("error", "warning", "info")
    fatal = next(f for f in document["findings"] if f["id"] == "goproxy.comma-fatal")
    remedy = fatal["remedy"]
    assert remedy["summary"] == f"switch to good ({lab.good.url})"
    assert remedy["commands"] == [["go", "env", "-w", f"GOPROXY={lab.good.url}|direct"]]
    assert remedy["env"] == {"GOPROXY": f"{lab.good.url}|direct"}
    assert fatal["alternatives"][0]["env"] == {"GOPROXY": f"{broken.url}|{lab.good.url}"}
    verify = next(f for f in document["findings"] if f["id"] == "verify.download-failed")
    assert any("503 Service Unavailable" in line for line in verify["evidence"])  # Go's own words


def test_healthy_text_output_streams_each_step_and_exits_0(lab: Lab) -> None:
    result = gotui("check", "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:13]] == [str(n) for n in range(1, 14)]
    assert lines[12].startswith(" 13 ok    Verification: go mod download example.com/hello@v1.1.0 worked")
    assert lines[-1] == "Result: OK: Go can download the module with these settings."


def test_mermaid_shows_the_path_taken(lab: Lab) -> None:
    lab.goenv(GOPROXY="off")
    result = gotui("check", "--mermaid", "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert result.returncode == 1
    text = result.stdout
    assert text.startswith("flowchart TD\n")
    assert 'goproxy["6. GOPROXY protocol<br/>off"]' in text
    assert "class goproxy fail" in text and "class finish fail" in text
    assert "class sumdb" not in text  # not on the path: GOPROXY=off leads straight to private modules
    edges = [line for line in text.splitlines() if "-->" in line]
    taken = text.split("linkStyle ", 1)[1].split(" ", 1)[0].split(",")
    assert any('goproxy -->|"off / invalid"| private' in edges[int(i)] for i in taken)


def test_bad_module_is_exit_2_with_one_line_and_no_raw_control_characters(lab: Lab) -> None:
    result = gotui("check", "--module", "example.com/\x1b[2Jhello", cwd=lab.workdir)
    assert result.returncode == 2
    assert result.stderr.startswith('gotui: error: malformed module path "example.com/\\x1b[2Jhello"')
    assert "\x1b" not in result.stderr and "Traceback" not in result.stderr
    assert gotui("check", "--module", "example.com/hello@", cwd=lab.workdir).returncode == 2
