"""``gotui report``: a shareable Markdown report — credentials masked, untrusted text inert."""

from __future__ import annotations

import diag_lab
from diag_lab import Lab
from helpers import gotui

lab = diag_lab.lab


def test_report_has_every_section_and_masks_every_credential(lab: Lab) -> None:
    with_password = lab.good.url.replace("http://", "http://deploy:hunter2@")
    lab.goenv(GOPROXY=f"{with_password}|http://TOKEN123@127.0.0.1:1")
    lab.os_env(HTTPS_PROXY="http://bob:s3cret@127.0.0.1:3128", GOPRIVATE="\x1b[31mcorp.example")
    out = lab.tmp / "report.md"
    result = gotui("report", "-o", str(out), "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"report written to {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    for secret in ("hunter2", "s3cret", "TOKEN123"):
        assert secret not in text, secret
    assert "deploy:***@127.0.0.1" in text and "bob:***@127.0.0.1:3128" in text
    for heading in ("# gotui diagnosis report", "## Environment", "## Steps", "## Findings",
                    "## Verification output", "## Flowchart", "```mermaid"):
        assert heading in text, heading
    assert "| GOPRIVATE | `\\x1b[31mcorp.example` | os |" in text and "\x1b" not in text
    # Go refuses credentials over http (cmd/go/internal/web): gotui predicts it, and Go's own output agrees
    assert "### ERROR: Go refuses to send GOPROXY credentials over plain http" in text
    assert "| 13 | Verification | FAIL (failed) |" in text
    assert "refusing to pass credentials to insecure URL: http://***@127.0.0.1:1/" in text


def test_report_to_stdout_names_the_problem_and_its_remedy(lab: Lab) -> None:
    lab.goenv(GOPROXY="off")
    result = gotui("report", "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert result.returncode == 0  # the report was written; what it found is inside
    assert "result: **PROBLEMS**" in result.stdout
    assert "### ERROR: GOPROXY=off: Go downloads nothing" in result.stdout
    assert f"- **Remedy:** switch to good ({lab.good.url}) (gotui can apply it)" in result.stdout
    assert f"go env -w GOPROXY={lab.good.url}|direct" in result.stdout


def test_unwritable_output_is_one_line_exit_1(lab: Lab) -> None:
    result = gotui("report", "-o", str(lab.tmp / "missing-dir" / "r.md"), cwd=lab.workdir)
    assert result.returncode == 1
    assert result.stderr.startswith("gotui: error: cannot write") and "Traceback" not in result.stderr
