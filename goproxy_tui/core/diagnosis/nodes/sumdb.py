"""Node 7: would Go reach a checksum database for this module and chain (proxied, or direct)?

Go asks each GOPROXY entry for ``/sumdb/<name>/supported`` first (``gochain.sumdb_walk``); an explicit
URL in GOSUMDB bypasses the proxies. When the database cannot be reached the fixes are the mainland
alias ``sum.golang.google.cn`` or a mirror that proxies it — never ``GOSUMDB=off``.
"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.sumdb import CN_ALIAS, CN_URL, SUMDB_NAME
from goproxy_tui.core.rules.sumdb import SumDB
from goproxy_tui.core.switch import healthy_ranked
from goproxy_tui.i18n import N_  # remedy summaries stay English (JSON); shown with _()


async def sumdb_remedies(ctx: DiagnosisContext, db: SumDB) -> list[Remedy]:
    """Ways to reach the database again, best first (probed where possible)."""
    if db.name != SUMDB_NAME:
        return [instructions(
            f"make the checksum database {db.name} reachable",
            f"{shown(db.direct_url or db.name or '')} must answer from this machine; ask whoever runs it",
        )]
    remedies: list[Remedy] = []
    alias_probed = False
    if db.url is None:  # the default route: the alias is worth a real probe
        alias = await ctx.reach(CN_URL)
        alias_probed = alias.reachable
        if alias.reachable:
            remedies.append(env_remedy(
                ctx, f"use the mainland alias {CN_ALIAS} ({alias.describe()})", {"GOSUMDB": CN_ALIAS}))
    stats = await ctx.catalog_stats()
    for mirror in healthy_ranked(tuple(ctx.catalog), stats):
        if stats[mirror.name].sumdb is True:
            value = f"{SUMDB_NAME} {mirror.url.rstrip('/')}/sumdb/{SUMDB_NAME}"
            remedies.append(env_remedy(
                ctx, f"check sums through {mirror.name}, which proxies {SUMDB_NAME}", {"GOSUMDB": value},
                mirror=mirror.name))
            break
    if not alias_probed:
        remedies.append(env_remedy(
            ctx, f"use the mainland alias {CN_ALIAS} (if it answers from here)", {"GOSUMDB": CN_ALIAS}))
    return remedies


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    value = ctx.value("GOSUMDB")
    db = ctx.gosumdb
    evidence: dict[str, object] = {"GOSUMDB": value, "module": ctx.target.text}
    if db.off:
        finding = node.finding("off").make(
            node.id,
            "GOSUMDB=off: Go verifies no download against the checksum database, so a compromised mirror or "
            "network could hand out altered code unnoticed (toolchain downloads fail outright).",
            evidence=[f"GOSUMDB=off ({ctx.var('GOSUMDB').source if ctx.var('GOSUMDB') else 'os'})"],
            remedy=env_remedy(ctx, N_("verify downloads again (unset GOSUMDB: sum.golang.org)"), {"GOSUMDB": None}),
            alternatives=[env_remedy(ctx, f"verify through the mainland alias {CN_ALIAS}", {"GOSUMDB": CN_ALIAS})],
        )
        return Verdict("off", "GOSUMDB=off: checksums are not verified", evidence, (finding,))
    if not db.ok:
        finding = node.finding("invalid").make(
            node.id,
            f"GOSUMDB={value!r}: {db.error}. Go reports it only when it first needs the database, mid-download.",
            evidence=[f"GOSUMDB={value}"],
            remedy=env_remedy(ctx, N_("go back to the default checksum database"), {"GOSUMDB": None}),
        )
        return Verdict("invalid", f"GOSUMDB is malformed: {db.error}", evidence, (finding,))
    if not ctx.sumdb_needed():
        pattern = ctx.value("GONOSUMDB") or ctx.value("GOPRIVATE")
        evidence["GONOSUMDB"] = pattern
        return Verdict(
            "not-needed",
            f"{ctx.target.path} matches GONOSUMDB/GOPRIVATE ({pattern}): not checked against {db.name}",
            evidence,
        )
    db, route, lines = await ctx.sumdb_route()
    evidence["supported"] = list(lines)
    findings: list[Finding] = []
    if route is not None and route.ending == "proxied":
        assert route.deciding is not None
        entry = ctx.proxy_list.entries[route.deciding]
        return Verdict("ok", f"{db.name} is proxied by {shown(entry.url)}", evidence)
    if route is not None and route.ending in ("hang", "unavailable"):
        assert route.deciding is not None
        entry = ctx.proxy_list.entries[route.deciding]
        kind = "hang" if route.ending == "hang" else "unreachable"
        said = lines[-1] if lines else ""
        detail = (
            f"Go asks {shown(entry.url)} for /sumdb/{db.name}/supported first and it does not answer: "
            "checksum lookups hang." if kind == "hang" else
            f"{shown(entry.url)} answers /sumdb/{db.name}/supported with neither 200 nor 404/410 ({said}): Go treats "
            "the checksum database as unavailable and every download that needs it fails."
        )
        switch = await switch_remedy(ctx, avoid=[entry.url], why=f"{shown(entry.url)} breaks checksum lookups")
        remedies = await sumdb_remedies(ctx, db)
        findings.append(node.finding(kind).make(node.id, detail, evidence=list(lines), remedy=switch,
                                                alternatives=remedies))
        return Verdict("unreachable", f"checksum lookups fail on {shown(entry.url)}", evidence, tuple(findings))
    url = db.url or db.direct_url or ""
    reach = await ctx.reach(url)
    evidence["direct"] = reach.describe()
    if reach.reachable:
        how = "explicit GOSUMDB URL" if db.url else "no GOPROXY entry proxies it, Go connects directly"
        return Verdict("ok", f"{reach.describe()} ({how})", evidence)
    why = "" if db.url else "no GOPROXY entry proxies it, so Go connects to it directly, and "
    remedies = await sumdb_remedies(ctx, db)
    findings.append(
        node.finding("unreachable").make(
            node.id,
            f"The checksum database {db.name} is needed for {ctx.target.path}: {why}{reach.describe()}.",
            title=f"The checksum database cannot be reached: {shown(url)}",
            evidence=[*lines, reach.describe()],
            remedy=remedies[0] if remedies else None,
            alternatives=remedies[1:],
        )
    )
    return Verdict("unreachable", f"{shown(url)} is unreachable ({reach.fault.value})", evidence, tuple(findings))
