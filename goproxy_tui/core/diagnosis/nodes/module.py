"""Node 9: the module path and version by Go's rules, and whether that version is on the proxy."""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.modulecheck import ModuleCheck, check_module, matches_prefix
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import instructions
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.http import GoproxyProbeResult
from goproxy_tui.i18n import N_  # remedy summaries stay English (JSON); shown with _()


def target_check(ctx: DiagnosisContext) -> ModuleCheck:
    version = None if ctx.target.version == "latest" else ctx.target.version
    return check_module(ctx.target.path, version)


def _versions(results: tuple[GoproxyProbeResult | None, ...]) -> tuple[str, ...]:
    for result in results:
        if result is not None and result.versions:
            return result.versions
    return ()


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    mc = target_check(ctx)
    evidence: dict[str, object] = mc.to_json()
    if not mc.path_valid:
        finding = node.finding("invalid-path").make(
            node.id, f"{mc.path_error}.", evidence=[mc.path_error or ""],
            remedy=instructions(N_("fix the module path"), "copy the path from the module's go.mod 'module' line"),
        )
        return Verdict("invalid-path", mc.path_error or "invalid path", evidence, (finding,))
    if not mc.major_ok:
        finding = node.finding("major-mismatch").make(
            node.id,
            f"{mc.major_error}. From v2 on a module's path ends in /vN matching the version's major "
            "(module.CheckPathMajor).",
            evidence=[mc.major_error or "", *mc.notes],
            remedy=instructions(N_("use the path that matches the major version"), *[n for n in mc.notes if "module path" in n]),
        )
        return Verdict("major-mismatch", mc.major_error or "major version mismatch", evidence, (finding,))
    if ctx.matches("GONOPROXY"):
        return Verdict("ok", f"{ctx.target.text} is valid; private, so not looked up on the proxy", evidence)
    plist, results, walk = await ctx.chain()
    versions = _versions(results)
    evidence["versions"] = list(versions[-20:])
    findings: list[Finding] = []
    if mc.kind in ("prefix", "revision") or (mc.kind == "query" and mc.version not in (None, "latest")):
        findings.append(node.finding("version-query").make(node.id, "; ".join(mc.notes), evidence=list(mc.notes)))
    if walk.ending == "served":
        assert walk.deciding is not None
        served = results[walk.deciding]
        resolved = served.latest if served else None
        evidence["resolved"] = resolved
        if mc.kind == "prefix" and mc.version and not any(matches_prefix(v, mc.version) for v in versions):
            walk_found = False
        else:
            walk_found = True
        if walk_found:
            where = shown(plist.entries[walk.deciding].url)
            return Verdict("ok", f"{ctx.target.text} is valid and {where} has it" +
                           (f" ({resolved})" if resolved and resolved != mc.version else ""), evidence, tuple(findings))
    if walk.ending in ("served", "not-found") and versions:
        if mc.kind == "revision":
            finding = node.finding("invalid-version").make(
                node.id, f"{mc.version_error}, and no proxy resolves it as a branch, tag or commit.",
                evidence=[mc.version_error or ""],
                remedy=instructions(N_("use a released version"), f"available: {', '.join(versions[-10:])}"),
            )
            return Verdict("invalid-version", mc.version_error or "invalid version", evidence, (*findings, finding))
        finding = node.finding("version-not-found").make(
            node.id,
            f"{ctx.target.text} does not exist on the proxy; it lists {len(versions)} other version"
            f"{'s' if len(versions) != 1 else ''} of {ctx.target.path}.",
            title=f"{ctx.target.text} does not exist",
            evidence=[f"available: {', '.join(versions[-10:])}"],
            remedy=instructions(N_("pick an existing version"), f"e.g. {ctx.target.path}@{versions[-1]}, or @latest"),
        )
        return Verdict("not-found", f"{ctx.target.text} is not on the proxy", evidence, (*findings, finding))
    finding = node.finding("lookup-failed").make(
        node.id,
        f"The path is valid by Go's rules, but the chain gave no version list for {ctx.target.path} "
        "(see the GOPROXY and private-module steps).",
        evidence=list(mc.notes),
    )
    return Verdict("unknown", f"{ctx.target.path} is valid; its versions could not be looked up", evidence,
                   (*findings, finding))
