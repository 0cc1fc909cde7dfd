"""The Markdown diagnosis report (``gotui report``): environment, path taken, findings, evidence, remedies.

Meant to be pasted into an issue or sent to IT, so it is self-contained and safe to share: every
credential in a URL is masked (``mask_secrets``, applied to each value and once more to the whole
text), control characters are made visible, and untrusted text (server answers, environment values)
is either escaped or placed in fenced blocks so it can never turn into Markdown markup or links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from goproxy_tui.core.diagnosis.engine import Diagnosis
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.mermaid import to_mermaid
from goproxy_tui.core.goenv import GoEnvironment
from goproxy_tui.core.redact import mask_secrets, printable

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
_STATUS = {"pass": "ok", "warn": "warning", "fail": "FAIL", "skip": "skipped"}
_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def text(value: object) -> str:
    """Untrusted text for a Markdown paragraph or table cell: masked, visible controls, markup escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(str(value)).replace("\n", " "))


def code(value: object) -> str:
    """An inline code span that no backtick inside ``value`` can close early."""
    shown = printable(str(value)).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown.startswith("`") or shown.endswith("`") or not shown else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def block(lines: Iterable[str], info: str = "text") -> list[str]:
    """A fenced block whose fence is longer than any tilde run inside (content stays literal)."""
    body = [printable(str(line)) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"~+", line)), default=0)
    fence = "~" * max(4, longest + 1)
    return [f"{fence}{info}", *body, fence]


def _environment(env: GoEnvironment | None, diagnosis: Diagnosis) -> list[str]:
    out = ["## Environment", ""]
    if env is None:
        out += ["No usable `go` command: the settings below are what gotui could read.", ""]
        out += ["| variable | value |", "|---|---|"]
        out += [f"| {text(k)} | {code(v)} |" for k, v in diagnosis.settings.items()]
        return [*out, ""]
    out += [
        f"- Go: {code(env.go.version)} at {code(env.go.path)} (GOROOT {code(env.go.goroot)})",
        f"- env file: {code(env.envfile) if env.envfile else 'none (GOENV=off)'}",
        "",
        "| variable | effective | source | env file | warnings |",
        "|---|---|---|---|---|",
    ]
    for var in env.vars:
        if not var.effective and var.file is None and not var.warnings:
            continue
        source = f"os ({var.os_name})" if var.source == "os" and var.os_name and var.os_name != var.name else var.source
        file_value = code(var.file) if var.file is not None else ""
        warnings = "<br>".join(text(w) for w in var.warnings)
        out.append(f"| {text(var.name)} | {code(var.effective)} | {text(source)} | {file_value} | {warnings} |")
    return [*out, ""]


def _remedy(remedy: Remedy, label: str) -> list[str]:
    applicable = "gotui can apply it" if remedy.applicable else "for you to do"
    out = [f"- **{label}:** {text(remedy.summary)} ({applicable})"]
    for step in remedy.instructions:
        out.append(f"  - {text(step)}")
    if remedy.confirm:
        out.append(f"  - asks first: {text(remedy.confirm)}")
    if remedy.commands:
        out += ["", *("  " + line for line in block((" ".join(c) for c in remedy.commands), "sh")), ""]
    return out


def _finding(finding: Finding) -> list[str]:
    out = [
        f"### {_SEVERITY[finding.severity]}: {text(finding.title)}",
        "",
        f"`{finding.id}` (step {text(finding.node)})",
        "",
        text(finding.detail),
        "",
    ]
    if finding.evidence:
        out += ["Evidence:", "", *block(finding.evidence), ""]
    for index, remedy in enumerate(finding.remedies):
        out += _remedy(remedy, "Remedy" if index == 0 else "Or")
    return [*out, ""]


def render_markdown(
    diagnosis: Diagnosis,
    env: GoEnvironment | None = None,
    *,
    config_problems: Sequence[str] = (),
    version: str = "",
) -> str:
    """The whole report as Markdown text (secrets masked)."""
    errors, warnings = diagnosis.count("error"), diagnosis.count("warning")
    verdict = (
        "Go can download the module with these settings."
        if diagnosis.ok
        else f"{errors} problem{'s' if errors != 1 else ''} stop Go from downloading the module."
    )
    out = [
        "# gotui diagnosis report",
        "",
        f"- module: {code(diagnosis.target.text)}",
        f"- generated: {text(diagnosis.started_at)}" + (f" by gotui {text(version)}" if version else ""),
        f"- result: **{'OK' if diagnosis.ok else 'PROBLEMS'}**: {text(verdict)} "
        f"({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''})",
        "",
    ]
    if config_problems:
        out += ["Config problems:", "", *block(config_problems), ""]
    out += _environment(env, diagnosis)
    out += ["## Steps", "", "| # | step | outcome | summary |", "|---|---|---|---|"]
    for result in diagnosis.results:
        outcome = f"{_STATUS[result.status]} ({result.outcome})"
        out.append(f"| {result.number} | {text(result.title)} | {text(outcome)} | {text(result.summary)} |")
    if diagnosis.skipped:
        out += ["", f"Not reached: {text(', '.join(diagnosis.skipped))}."]
    out += ["", "## Findings", ""]
    if not diagnosis.findings:
        out += ["None.", ""]
    for finding in sorted(diagnosis.findings, key=lambda f: ("error", "warning", "info").index(f.severity)):
        out += _finding(finding)
    verify = diagnosis.result("verify")
    if verify is not None and verify.evidence.get("output"):
        out += ["## Verification output", "", f"{code(verify.evidence.get('command', ''))}:", ""]
        out += [*block(verify.evidence["output"]), ""]  # type: ignore[arg-type]
    out += ["## Flowchart", "", "```mermaid", to_mermaid(diagnosis).rstrip("\n"), "```", ""]
    return mask_secrets("\n".join(out))
