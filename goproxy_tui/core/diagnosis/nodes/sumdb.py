"""Node 7: would Go reach a checksum database for this module and chain (proxied, or direct)?

Go asks each GOPROXY entry for ``/sumdb/<name>/supported`` first (``gochain.sumdb_walk``); an explicit
URL in GOSUMDB bypasses the proxies. When the database cannot be reached the fixes are the mainland
alias ``sum.golang.google.cn`` or a mirror that proxies it — never ``GOSUMDB=off``.
"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import labelled, shown
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.sumdb import CN_ALIAS, CN_URL, SUMDB_NAME
from goproxy_tui.core.rules.sumdb import SumDB
from goproxy_tui.core.switch import healthy_ranked
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()


async def sumdb_remedies(ctx: DiagnosisContext, db: SumDB) -> list[Remedy]:
    """Ways to reach the database again, best first (probed where possible)."""
    if db.name != SUMDB_NAME:
        return [instructions(
            Msg("make the checksum database {name} reachable", name=db.name),
            Msg("{where} must answer from this machine; ask whoever runs it",
                where=shown(db.direct_url or db.name or "")),
        )]
    remedies: list[Remedy] = []
    alias_probed = False
    if db.url is None:  # the default route: the alias is worth a real probe
        alias = await ctx.reach(CN_URL)
        alias_probed = True  # unreachable just now: never offered (it would fail the same way)
        if alias.reachable:
            remedies.append(env_remedy(
                ctx, Msg("use the mainland alias {alias} ({reach})", alias=CN_ALIAS, reach=alias.describe()),
                {"GOSUMDB": CN_ALIAS}))
    stats = await ctx.catalog_stats()
    for mirror in healthy_ranked(tuple(ctx.catalog), stats):
        if stats[mirror.name].sumdb is True:
            value = f"{SUMDB_NAME} {mirror.url.rstrip('/')}/sumdb/{SUMDB_NAME}"
            remedies.append(env_remedy(
                ctx, Msg("check sums through {mirror}, which proxies {name}", mirror=mirror.name, name=SUMDB_NAME),
                {"GOSUMDB": value},
                mirror=mirror.name))
            break
    if not alias_probed:  # not probed: for the user to try, not for --fix to write blind
        remedies.append(instructions(
            Msg("use the mainland alias {alias} (if it answers from here)", alias=CN_ALIAS),
            commands=[("go", "env", "-w", f"GOSUMDB={CN_ALIAS}")]))
    return remedies


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    value = ctx.value("GOSUMDB")
    db = ctx.gosumdb
    evidence: dict[str, object] = {"GOSUMDB": value, "module": ctx.target.text}
    if db.off:
        finding = node.finding("off").make(
            node.id,
            N_("GOSUMDB=off: Go verifies no download against the checksum database, so a compromised mirror or "
               "network could hand out altered code unnoticed (toolchain downloads fail outright)."),
            evidence=[f"GOSUMDB=off ({ctx.var('GOSUMDB').source if ctx.var('GOSUMDB') else 'os'})"],
            remedy=env_remedy(ctx, N_("verify downloads again (unset GOSUMDB: sum.golang.org)"), {"GOSUMDB": None}),
            alternatives=[env_remedy(ctx, Msg("verify through the mainland alias {alias}", alias=CN_ALIAS),
                                     {"GOSUMDB": CN_ALIAS})],
        )
        return Verdict("off", N_("GOSUMDB=off: checksums are not verified"), evidence, (finding,))
    if not db.ok:
        finding = node.finding("invalid").make(
            node.id,
            Msg("GOSUMDB={value}: {error}. Go reports it only when it first needs the database, mid-download.",
                value=repr(value), error=db.error),
            evidence=[f"GOSUMDB={value}"],
            remedy=env_remedy(ctx, N_("go back to the default checksum database"), {"GOSUMDB": None}),
        )
        return Verdict("invalid", Msg("GOSUMDB is malformed: {error}", error=db.error), evidence, (finding,))
    if not ctx.sumdb_needed():
        pattern = ctx.value("GONOSUMDB") or ctx.value("GOPRIVATE")
        evidence["GONOSUMDB"] = pattern
        return Verdict(
            "not-needed",
            Msg("{path} matches GONOSUMDB/GOPRIVATE ({pattern}): not checked against {name}",
                path=ctx.target.path, pattern=pattern, name=db.name),
            evidence,
        )
    db, route, lines = await ctx.sumdb_route()
    evidence["supported"] = list(lines)
    findings: list[Finding] = []
    if route is not None and route.ending == "proxied":
        assert route.deciding is not None
        entry = ctx.proxy_list.entries[route.deciding]
        return Verdict("ok", Msg("{name} is proxied by {url}", name=db.name, url=shown(entry.url)), evidence)
    if route is not None and route.ending in ("hang", "unavailable"):
        assert route.deciding is not None
        entry = ctx.proxy_list.entries[route.deciding]
        kind = "hang" if route.ending == "hang" else "unreachable"
        said = lines[-1] if lines else ""
        detail = (
            Msg("Go asks {url} for /sumdb/{name}/supported first and it does not answer: checksum lookups hang.",
                url=shown(entry.url), name=db.name)
            if kind == "hang" else
            Msg("{url} answers /sumdb/{name}/supported with neither 200 nor 404/410 ({said}): Go treats "
                "the checksum database as unavailable and every download that needs it fails.",
                url=shown(entry.url), name=db.name, said=said)
        )
        why = Msg("{url} breaks checksum lookups", url=shown(entry.url))
        switch = await switch_remedy(ctx, avoid=[entry.url], why=why)
        remedies = await sumdb_remedies(ctx, db)
        findings.append(node.finding(kind).make(node.id, detail, evidence=list(lines), remedy=switch,
                                                alternatives=remedies))
        return Verdict("unreachable", Msg("checksum lookups fail on {url}", url=shown(entry.url)), evidence,
                       tuple(findings))
    url = db.url or db.direct_url or ""
    reach = await ctx.reach(url)
    evidence["direct"] = reach.describe()
    if reach.reachable:
        how = N_("explicit GOSUMDB URL") if db.url else N_("no GOPROXY entry proxies it, Go connects directly")
        return Verdict("ok", Msg("{reach} ({how})", reach=reach.describe(), how=how), evidence)
    detail = (
        Msg("The checksum database {name} is needed for {path}: {reach}.",
            name=db.name, path=ctx.target.path, reach=reach.describe())
        if db.url else
        Msg("The checksum database {name} is needed for {path}: no GOPROXY entry proxies it, so Go connects to "
            "it directly, and {reach}.", name=db.name, path=ctx.target.path, reach=reach.describe())
    )
    remedies = await sumdb_remedies(ctx, db)
    spec = node.finding("unreachable")
    findings.append(
        spec.make(
            node.id,
            detail,
            title=labelled(spec.title, shown(url)),
            evidence=[*lines, reach.describe()],
            remedy=remedies[0] if remedies else None,
            alternatives=remedies[1:],
        )
    )
    return Verdict("unreachable", Msg("{url} is unreachable ({fault})", url=shown(url), fault=reach.fault.value),
                   evidence, tuple(findings))
