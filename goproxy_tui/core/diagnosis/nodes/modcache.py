"""Node 12: the module cache. Its size, and evidence of corruption that justifies ``go clean -modcache``."""

from __future__ import annotations

import asyncio

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.remedies import clean_modcache_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.modcache import check_module, scan_cache
from goproxy_tui.i18n import Msg, Plural


def modcache_root(ctx: DiagnosisContext) -> str:
    root = ctx.value("GOMODCACHE")
    if not root and ctx.value("GOPATH"):
        root = ctx.value("GOPATH").split(":")[0] + "/pkg/mod"
    return root


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    root = modcache_root(ctx)
    if not root:
        return Verdict("ok", Msg("no module cache configured (GOMODCACHE and GOPATH are empty)"), {})
    scan = await asyncio.to_thread(scan_cache, root, budget=max(1.0, node.deadline(ctx.timeout) / 3))
    checked, problems = await asyncio.to_thread(check_module, root, ctx.target.path)
    evidence: dict[str, object] = {
        "GOMODCACHE": root,
        "exists": scan.exists,
        "size": scan.size_text,
        "bytes": scan.size,
        "files": scan.files,
        "checked": [f"{ctx.target.path}@{v}" for v in checked],
        "problems": [f"{p.kind}: " + p.detail + f" ({p.path})" for p in (*problems, *scan.leftovers)],
    }
    if not scan.exists:
        return Verdict("ok", Msg("{root} does not exist yet (nothing cached)", root=root), evidence)
    remedy = clean_modcache_remedy(root, scan.size_text)
    findings: list[Finding] = []
    corrupt = [p for p in problems if p.corrupt]
    if corrupt:
        if len(corrupt) == 1:
            detail = Msg("1 cached file of {module} no longer matches what Go recorded: Go stops with 'checksum "
                         "mismatch' or 'zip: not a valid zip file' instead of downloading again.",
                         module=ctx.target.path)
        else:
            detail = Msg("{count} cached files of {module} no longer match what Go recorded: Go stops with "
                         "'checksum mismatch' or 'zip: not a valid zip file' instead of downloading again.",
                         count=len(corrupt), module=ctx.target.path)
        findings.append(
            node.finding("corrupt").make(
                node.id,
                detail,
                evidence=[p.detail for p in corrupt],
                remedy=remedy,
            )
        )
    if scan.leftovers:
        findings.append(
            node.finding("leftovers").make(
                node.id,
                Plural("{count} leftover file of an interrupted download or extraction; Go normally "
                       "recovers from it, so clean the cache only if downloads keep failing.",
                       "{count} leftover files of interrupted downloads or extractions; Go normally "
                       "recovers from them, so clean the cache only if downloads keep failing.",
                       len(scan.leftovers), count=len(scan.leftovers)),
                evidence=[f"{p.path}: " + p.detail for p in scan.leftovers],
                remedy=remedy,
            )
        )
    summary = Msg("{root}: {size} in {files} files", root=root, size=scan.size_text, files=scan.files)
    if corrupt:
        return Verdict("corrupt", summary + "; " + Msg("{count} corrupt", count=len(corrupt)), evidence,
                       tuple(findings))
    if scan.leftovers:
        return Verdict("leftovers", summary + "; " + Msg("{count} leftovers", count=len(scan.leftovers)), evidence,
                       tuple(findings))
    return Verdict("ok", summary, evidence)
