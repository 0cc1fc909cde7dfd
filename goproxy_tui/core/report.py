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
from goproxy_tui.i18n import N_, _, ngettext, tr

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!~])")
_STATUS = {"pass": N_("ok"), "warn": N_("warning"), "fail": N_("FAIL"), "skip": N_("skipped")}
_SEVERITY = {"error": N_("ERROR"), "warning": N_("WARNING"), "info": N_("INFO")}
_SOURCE = {"os": N_("os"), "file": N_("file"), "default": N_("default")}


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
    out = ["## " + _("Environment"), ""]
    if env is None:
        out += [_("No usable `go` command: the settings below are what gotui could read."), ""]
        out += ["| {} | {} |".format(_("variable"), _("value")), "|---|---|"]
        out += [f"| {text(k)} | {code(v)} |" for k, v in diagnosis.settings.items()]
        return [*out, ""]
    out += [
        "- " + _("Go: {version} at {path} (GOROOT {goroot})").format(
            version=code(env.go.version), path=code(env.go.path), goroot=code(env.go.goroot)
        ),
        "- " + _("env file: {path}").format(path=code(env.envfile) if env.envfile else _("none (GOENV=off)")),
        "",
        "| {} | {} | {} | {} | {} |".format(_("variable"), _("effective"), _("source"), _("env file"), _("warnings")),
        "|---|---|---|---|---|",
    ]
    for var in env.vars:
        if not var.effective and var.file is None and not var.warnings:
            continue
        source = _(_SOURCE.get(var.source, var.source))
        if var.source == "os" and var.os_name and var.os_name != var.name:
            source += f" ({var.os_name})"
        file_value = code(var.file) if var.file is not None else ""
        warnings = "<br>".join(text(tr(w)) for w in var.warnings)
        out.append(f"| {text(var.name)} | {code(var.effective)} | {text(source)} | {file_value} | {warnings} |")
    return [*out, ""]


def _remedy(remedy: Remedy, label: str) -> list[str]:
    applicable = _("gotui can apply it") if remedy.applicable else _("for you to do")
    out = [f"- **{label}:** {text(tr(remedy.summary))} ({applicable})"]
    for step in remedy.instructions:
        out.append(f"  - {text(tr(step))}")
    if remedy.confirm:
        out.append("  - " + _("asks first: {question}").format(question=text(tr(remedy.confirm))))
    if remedy.commands:
        out += ["", *("  " + line for line in block((" ".join(c) for c in remedy.commands), "sh")), ""]
    return out


def _finding(finding: Finding) -> list[str]:
    out = [
        f"### {_(_SEVERITY[finding.severity])}: {text(tr(finding.title))}",
        "",
        f"`{finding.id}` " + _("(step {node})").format(node=text(finding.node)),
        "",
        text(tr(finding.detail)),
        "",
    ]
    if finding.evidence:
        out += [_("Evidence:"), "", *block(tr(line) for line in finding.evidence), ""]
    for index, remedy in enumerate(finding.remedies):
        out += _remedy(remedy, _("Remedy") if index == 0 else _("Or"))
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
        _("Go can download the module with these settings.")
        if diagnosis.ok
        else ngettext("{n} problem stops Go from downloading the module.",
                      "{n} problems stop Go from downloading the module.", errors).format(n=errors)
    )
    counts = (ngettext("{n} error", "{n} errors", errors).format(n=errors),
              ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
    generated = (_("generated: {time} by gotui {version}") if version else _("generated: {time}")).format(
        time=text(diagnosis.started_at), version=text(version)
    )
    out = [
        "# " + _("gotui diagnosis report"),
        "",
        "- " + _("module: {module}").format(module=code(diagnosis.target.text)),
        "- " + generated,
        "- " + _("result: **{verdict}**: {text} ({errors}, {warnings})").format(
            verdict=_("OK") if diagnosis.ok else _("PROBLEMS"), text=text(verdict), errors=counts[0], warnings=counts[1]
        ),
        "",
    ]
    if config_problems:
        out += [_("Config problems:"), "", *block(tr(problem) for problem in config_problems), ""]
    out += _environment(env, diagnosis)
    out += ["## " + _("Steps"), "",
            "| # | {} | {} | {} |".format(_("step"), _("outcome"), _("summary")), "|---|---|---|---|"]
    for result in diagnosis.results:
        outcome = f"{_(_STATUS[result.status])} ({result.outcome})"
        out.append(f"| {result.number} | {text(tr(result.title))} | {text(outcome)} | "
                   f"{text(tr(result.summary))} |")
    if diagnosis.skipped:
        out += ["", _("Not reached: {steps}.").format(steps=text(", ".join(diagnosis.skipped)))]
    out += ["", "## " + _("Findings"), ""]
    if not diagnosis.findings:
        out += [_("None."), ""]
    for finding in sorted(diagnosis.findings, key=lambda f: ("error", "warning", "info").index(f.severity)):
        out += _finding(finding)
    verify = diagnosis.result("verify")
    if verify is not None and verify.evidence.get("output"):
        out += ["## " + _("Verification output"), "", f"{code(verify.evidence.get('command', ''))}:", ""]
        out += [*block(verify.evidence["output"]), ""]  # type: ignore[arg-type]
    out += ["## " + _("Flowchart"), "", "```mermaid", to_mermaid(diagnosis).rstrip("\n"), "```", ""]
    return mask_secrets("\n".join(out))
