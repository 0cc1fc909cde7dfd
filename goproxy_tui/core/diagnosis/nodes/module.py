"""Node 10: the module path and version by Go's rules, and whether that version is on the proxy."""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.modulecheck import ModuleCheck, check_module, matches_prefix
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import instructions
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.http import GoproxyProbeResult
from goproxy_tui.i18n import N_, Joined, Msg  # English for JSON; shown with tr()


def target_check(ctx: DiagnosisContext) -> ModuleCheck:
    version = None if ctx.target.version == "latest" else ctx.target.version
    return check_module(ctx.target.path, version)


def _available(versions: tuple[str, ...]) -> str:
    return Msg("available: {versions}", versions=", ".join(versions[-10:]))


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
            node.id, (mc.path_error or "") + ".", evidence=[mc.path_error or ""],
            remedy=instructions(N_("fix the module path"), Msg("copy the path from the module's go.mod 'module' line")),
        )
        return Verdict("invalid-path", mc.path_error or Msg("invalid path"), evidence, (finding,))
    if not mc.major_ok:
        finding = node.finding("major-mismatch").make(
            node.id,
            Msg("{error}. From v2 on a module's path ends in /vN matching the version's major "
                "(module.CheckPathMajor).", error=mc.major_error or ""),
            evidence=[mc.major_error or "", *mc.notes],
            remedy=instructions(N_("use the path that matches the major version"), *[n for n in mc.notes if "module path" in n]),
        )
        return Verdict("major-mismatch", mc.major_error or Msg("major version mismatch"), evidence, (finding,))
    if ctx.matches("GONOPROXY"):
        return Verdict("ok", Msg("{module} is valid; private, so not looked up on the proxy", module=ctx.target.text),
                       evidence)
    plist, results, walk = await ctx.chain()
    versions = _versions(results)
    evidence["versions"] = list(versions[-20:])
    findings: list[Finding] = []
    if mc.kind in ("prefix", "revision") or (mc.kind == "query" and mc.version not in (None, "latest")):
        findings.append(node.finding("version-query").make(node.id, Joined("; ", mc.notes), evidence=list(mc.notes)))
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
            summary: str = Msg("{module} is valid and {proxy} has it", module=ctx.target.text, proxy=where)
            if resolved and resolved != mc.version:
                summary += f" ({resolved})"
            return Verdict("ok", summary, evidence, tuple(findings))
    if walk.ending in ("served", "not-found") and versions:
        if mc.kind == "revision":
            finding = node.finding("invalid-version").make(
                node.id,
                Msg("{error}, and no proxy resolves it as a branch, tag or commit.", error=mc.version_error or ""),
                evidence=[mc.version_error or ""],
                remedy=instructions(N_("use a released version"), _available(versions)),
            )
            return Verdict("invalid-version", mc.version_error or Msg("invalid version"), evidence,
                           (*findings, finding))
        if len(versions) == 1:
            detail = Msg("{module} does not exist on the proxy; it lists 1 other version of {path}.",
                         module=ctx.target.text, path=ctx.target.path)
        else:
            detail = Msg("{module} does not exist on the proxy; it lists {count} other versions of {path}.",
                         module=ctx.target.text, count=len(versions), path=ctx.target.path)
        finding = node.finding("version-not-found").make(
            node.id,
            detail,
            title=Msg("{module} does not exist", module=ctx.target.text),
            evidence=[_available(versions)],
            remedy=instructions(N_("pick an existing version"),
                                Msg("e.g. {module}@{version}, or @latest", module=ctx.target.path,
                                    version=versions[-1])),
        )
        return Verdict("not-found", Msg("{module} is not on the proxy", module=ctx.target.text), evidence,
                       (*findings, finding))
    finding = node.finding("lookup-failed").make(
        node.id,
        Msg("The path is valid by Go's rules, but the chain gave no version list for {path} "
            "(see the GOPROXY and private-module steps).", path=ctx.target.path),
        evidence=list(mc.notes),
    )
    return Verdict("unknown", Msg("{path} is valid; its versions could not be looked up", path=ctx.target.path),
                   evidence, (*findings, finding))
