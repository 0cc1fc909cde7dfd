"""Findings for a failed proof that the network does not explain: the project's own files.

Each rule reads Go's own error text (cmd/go/internal/modload and modfetch) and names the fix that is
right for *this* project:

- ``checksum mismatch``: triaged (:mod:`goproxy_tui.core.diagnosis.checksums`): switch away from a
  mirror that serves other content, or repair a stale go.sum line; never "clean the cache" blindly;
- ``missing go.sum entry``: the command Go itself prints (``go mod download M``), applied with the
  user's go.sum backed up in the journal;
- ``inconsistent vendoring``: with no vendor/ at all, GOFLAGS' ``-mod=vendor`` is the fault;
  otherwise ``go mod vendor``;
- ``module declares its path as``: the requirement names the wrong path;
- ``requires go >=``: the project needs a newer Go than this run could use.
"""

from __future__ import annotations

import shlex

from goproxy_tui.core.diagnosis.checksums import Triage, parse_mismatches, triage
from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.operation import OperationRun
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_to
from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.i18n import Msg  # English for JSON; shown with tr()

_DECLARES = "module declares its path as: "
_REQUIRED = "but was required as: "


def _after(lines: list[str], index: int) -> str | None:
    """The tab-indented command Go prints on the line after "to add it:" / "to add:"."""
    if index + 1 < len(lines) and lines[index + 1].startswith("\t") and lines[index + 1].strip().startswith("go "):
        return lines[index + 1].strip()
    return None


def _project_dir(ctx: DiagnosisContext, run: OperationRun) -> str:
    return str(run.operation.cwd or ctx.workdir)


async def _checksum_findings(ctx: DiagnosisContext, node: Node, run: OperationRun) -> list[Finding]:
    mismatches = parse_mismatches(run.stderr)
    if not mismatches:
        return []
    candidates = [e.url for e in (ctx.proxy_list.entries if ctx.proxy_list.ok else ())
                  if e.kind == "proxy" and e.scheme in ("http", "https")]
    candidates += [m.url for m in ctx.catalog]
    found: list[Finding] = []
    for mismatch in mismatches[:3]:
        result = await triage(mismatch, candidates, environ=ctx.environ, timeout=max(ctx.timeout, 2.0))
        found.append(await _checksum_finding(ctx, node, result))
    return found


def _by_url(ctx: DiagnosisContext, url: str) -> Mirror | None:
    return next((m for m in ctx.catalog if m.url.rstrip("/") == url.rstrip("/")), None)


async def _checksum_finding(ctx: DiagnosisContext, node: Node, result: Triage) -> Finding:
    m = result.mismatch
    evidence = result.evidence()
    if result.side == "mirror":
        bad = ", ".join(result.differing) or Msg("the mirror Go used")
        good = next((mirror for url in result.honest if (mirror := _by_url(ctx, url)) is not None), None)
        report = Msg("report it to the operator of {bad}: it serves {module} with {h1}, while {source} records {rec}",
                     bad=bad, module=m.label, h1=m.downloaded, source=m.source, rec=m.recorded)
        detail = Msg("{bad} serves different content for {module} than {source} and {good} record. Go refused "
                     "it, rightly: do not work around the check.", bad=bad, module=m.label, source=m.source,
                     good=", ".join(result.honest) or m.source)
        if good is not None:
            stats = await ctx.catalog_stats()
            trusted = tuple(m for m in ctx.catalog if m.url.rstrip("/") not in result.differing)
            remedy = await switch_to(ctx, good, trusted, stats,
                                     Msg("it serves what {source} records", source=m.source))
            remedy = Remedy(remedy.kind, remedy.summary, remedy.env, remedy.commands,
                            (*remedy.instructions, report), remedy.mirror, remedy.confirm)
        else:
            remedy = instructions(Msg("stop using {bad}", bad=bad), report,
                                  Msg("put a mirror you trust first in GOPROXY"))
        return node.finding("checksum-mirror").make(node.id, detail, evidence=evidence, remedy=remedy)
    if result.side == "go.sum":
        detail = Msg("every mirror asked serves {module} as {h1}, but {source} records {rec}: the {source} line is "
                     "stale or was edited by hand", module=m.label, h1=m.downloaded, source=m.source, rec=m.recorded)
        remedy = instructions(
            Msg("repair the {module} line in {source}", module=m.label, source=m.source),
            Msg("if {source} was changed by mistake, restore it from version control (git checkout -- {source})",
                source=m.source),
            Msg("otherwise remove the lines for {module} {version} from {source} and run "
                "'go mod download {module}@{version}': Go verifies the new hash against the checksum database",
                module=m.module, version=m.version, source=m.source),
        )
        return node.finding("checksum-gosum").make(node.id, detail, evidence=evidence, remedy=remedy)
    detail = Msg("Go rejected {module}: it hashes to {h1}, {source} records {rec}; the mirrors' answers do not tell "
                 "which side is wrong", module=m.label, h1=m.downloaded, source=m.source, rec=m.recorded)
    remedy = instructions(Msg("find out who changed {module}", module=m.label),
                          Msg("compare with a colleague's go.sum and ask the mirror's operator"))
    return node.finding("checksum-mismatch").make(node.id, detail, evidence=evidence, remedy=remedy)


def _gosum_finding(ctx: DiagnosisContext, node: Node, run: OperationRun, lines: list[str], index: int) -> Finding:
    line = lines[index]
    suggested = _after(lines, index)
    command = tuple(shlex.split(suggested)) if suggested else ()
    detail = Msg("{error}: Go never adds go.sum lines on its own during a build; the line must be added once "
                 "(and committed)", error=line.strip().removeprefix("go: "))
    if command[:3] == ("go", "mod", "download") or command[:2] == ("go", "get"):
        remedy = Remedy("go-command", Msg("run '{command}' in {dir} (adds the verified go.sum lines)",
                                          command=" ".join(command), dir=_project_dir(ctx, run)),
                        commands=(command,), cwd=_project_dir(ctx, run), writes=("go.mod", "go.sum"))
    else:
        remedy = instructions(Msg("add the missing go.sum lines"), Msg("run 'go mod tidy' in {dir}",
                                                                       dir=_project_dir(ctx, run)))
    return node.finding("gosum-missing").make(node.id, detail, evidence=lines[index:index + 2], remedy=remedy)


def _vendor_finding(ctx: DiagnosisContext, node: Node, run: OperationRun, lines: list[str], index: int) -> Finding:
    directory = _project_dir(ctx, run)
    gomod = run.operation.gomod
    vendor = gomod.parent / "vendor" / "modules.txt" if gomod is not None else None
    goflags = ctx.value("GOFLAGS")
    words = goflags.split()
    if vendor is not None and not vendor.is_file() and any(w in ("-mod=vendor", "--mod=vendor") for w in words):
        kept = " ".join(w for w in words if w not in ("-mod=vendor", "--mod=vendor"))
        detail = Msg("GOFLAGS={goflags} makes Go build from vendor/, but {dir} has no vendor/modules.txt",
                     goflags=goflags, dir=directory)
        remedy = env_remedy(ctx, Msg("drop -mod=vendor from GOFLAGS"), {"GOFLAGS": kept or None},
                            instructions=[Msg("or create vendor/ with 'go mod vendor' if the project vendors")])
        return node.finding("vendor-missing").make(node.id, detail, evidence=lines[index:index + 3], remedy=remedy)
    detail = Msg("vendor/modules.txt in {dir} does not match go.mod", dir=directory)
    remedy = instructions(Msg("re-create vendor/ with 'go mod vendor'"),
                          Msg("run 'go mod vendor' in {dir} and commit the result", dir=directory),
                          commands=[("go", "mod", "vendor")])
    return node.finding("vendor-inconsistent").make(node.id, detail, evidence=lines[index:index + 3], remedy=remedy)


def _path_finding(node: Node, lines: list[str], index: int) -> Finding:
    declared = lines[index].split(_DECLARES, 1)[1].strip()
    required = next((line.split(_REQUIRED, 1)[1].strip() for line in lines[index:index + 2] if _REQUIRED in line), "")
    detail = Msg("the module's go.mod says it is {declared}, but it is required as {required}: Go treats them as "
                 "different modules", declared=declared, required=required)
    remedy = instructions(
        Msg("require {declared} instead of {required}", declared=declared, required=required),
        Msg("change the import paths and the require line to {declared} (it may have been renamed or moved)",
            declared=declared),
        Msg("or, for a fork, keep {required} in imports and add: replace {required} => {declared} VERSION",
            declared=declared, required=required),
    )
    evidence = lines[max(index - 1, 0):index + 2]
    return node.finding("path-mismatch").make(node.id, detail, evidence=evidence, remedy=remedy)


def _toolchain_finding(ctx: DiagnosisContext, node: Node, lines: list[str], index: int) -> Finding:
    line = lines[index].strip().removeprefix("go: ")
    detail = Msg("{error}: the project cannot be built with the Go this run could use", error=line)
    remedy = instructions(
        Msg("install the Go the project needs"),
        Msg("download it from https://golang.google.cn/dl/ (or https://go.dev/dl/), or let Go fetch it: "
            "GOTOOLCHAIN=auto with a GOPROXY that serves golang.org/toolchain"),
    )
    return node.finding("toolchain-needed").make(node.id, detail, evidence=lines[index:index + 2], remedy=remedy)


async def project_findings(ctx: DiagnosisContext, node: Node, run: OperationRun) -> list[Finding]:
    """What Go's output says about the project, most specific first; [] leaves it to the network rules."""
    if run.timed_out:
        return []
    found = await _checksum_findings(ctx, node, run)
    if found:
        return found
    lines = run.stderr.splitlines()
    for index, line in enumerate(lines):
        if "missing go.sum entry" in line:
            return [_gosum_finding(ctx, node, run, lines, index)]
        if "inconsistent vendoring" in line:
            return [_vendor_finding(ctx, node, run, lines, index)]
        if _DECLARES in line:
            return [_path_finding(node, lines, index)]
        if "requires go >= " in line or "toolchain not available" in line:
            return [_toolchain_finding(ctx, node, lines, index)]
    return []
