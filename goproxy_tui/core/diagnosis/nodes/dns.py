"""Node 3: DNS. The system resolver against public resolvers, for every host Go will contact.

Which hosts: each GOPROXY entry Go connects to itself; the HTTP proxy instead when Go goes through
HTTPS_PROXY (the proxy resolves the mirror's name then); and the checksum database when Go would
connect to it directly (not when a GOPROXY entry proxies it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from goproxy_tui.core.diagnosis.context import DiagnosisContext, host_port_of
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import labelled, shown
from goproxy_tui.core.diagnosis.remedies import instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.dns import DnsReason, DnsResult
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tcp import is_ip
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()


@dataclass(frozen=True)
class Host:
    name: str
    role: str  # what it is to Go, for people
    url: str | None  # the GOPROXY entry it belongs to (for switch remedies)
    kind: str  # "goproxy" | "proxy" | "sumdb"


async def hosts(ctx: DiagnosisContext) -> list[Host]:
    """The hosts Go resolves itself for the current settings, in the order Go needs them."""
    found: list[Host] = []
    for index, entry in ctx.proxies_on_route():
        if entry.kind != "proxy" or not entry.scheme.startswith("http"):
            continue
        route = ctx.route(entry.url)
        target = host_port_of(route.proxy if route.proxy else entry.url)
        if target is None:
            continue
        if route.proxy:
            role = Msg("{var} (proxy for GOPROXY entry {number})", var=route.source, number=index + 1)
            found.append(Host(target[0], role, None, "proxy"))
        else:
            role = Msg("GOPROXY entry {number} ({url})", number=index + 1, url=shown(entry.url))
            found.append(Host(target[0], role, entry.url, "goproxy"))
    if ctx.sumdb_needed():
        db, route, _ = await ctx.sumdb_route()
        url = db.url if db.url else (db.direct_url if route is not None and route.ending == "direct" else None)
        if url:
            net = ctx.route(url)
            target = host_port_of(net.proxy if net.proxy else url)
            if target is not None:
                found.append(Host(target[0], Msg("checksum database ({url})", url=shown(url)), None, "sumdb"))
    unique: dict[str, Host] = {}
    for host in found:
        unique.setdefault(host.name.lower(), host)
    return list(unique.values())


def _resolver_steps(ctx: DiagnosisContext, result: DnsResult) -> Remedy:
    good = [p for p in result.public if p.ok and not p.bad]
    source = ctx.system_resolver.source
    if good:
        best = good[0]
        server = best.servers[0] if best.servers else best.resolver
        line = f"nameserver {server}" if ":" not in server or server.count(":") > 1 else f"nameserver {server.split(':')[0]}"
        first = (
            Msg(
                "make {server} (which resolves {host}) the first resolver: put '{line}' first in {source} "
                "(it listens on port {port})",
                server=server, host=result.host, line=line, source=source, port=server.rsplit(":", 1)[1],
            )
            if server.count(":") == 1
            else Msg(
                "make {server} (which resolves {host}) the first resolver: put '{line}' first in {source}",
                server=server, host=result.host, line=line, source=source,
            )
        )
        steps = [
            first,
            N_("with systemd-resolved or NetworkManager, set the DNS server in the connection settings instead "
               "(edits to /etc/resolv.conf are overwritten)"),
        ]
    else:
        steps = [Msg("point {source} at a resolver that works from this network (ask IT for the company's DNS server)",
                     source=source)]
    return instructions(N_("change the system resolver"), *steps)


async def _finding(ctx: DiagnosisContext, node: Node, host: Host, result: DnsResult) -> Finding:
    evidence = list(result.evidence) or [result.system.said()]
    resolver = _resolver_steps(ctx, result)
    if host.kind == "sumdb":
        return node.finding("sumdb-dns").make(
            node.id, labelled(host.role, result.explanation), evidence=evidence, remedy=resolver
        )
    remedy: Remedy | None = resolver
    alternatives: list[Remedy] = []
    if host.kind == "goproxy" and host.url:
        why = Msg("its name resolves here, unlike {host}", host=host.name)
        switch = await switch_remedy(ctx, avoid=[host.url], why=why)
        if switch.applicable:
            remedy, alternatives = switch, [resolver]
    if result.fault is Fault.DNS_POISONED:
        spec = node.finding("dns-poisoned")
    elif result.fault is Fault.DNS_TIMEOUT:
        spec = node.finding("dns-timeout")
    elif result.reason in (DnsReason.NXDOMAIN, DnsReason.NO_ANSWER) and result.public and all(
        p.outcome in (DnsReason.NXDOMAIN, DnsReason.NO_ANSWER) for p in result.public
    ):
        spec = node.finding("no-such-host")
        spelled = Msg("{role}: is {name} spelled right?", role=host.role, name=repr(host.name))
        alternatives.insert(0, instructions(N_("check the host name"), spelled))
    else:
        spec = node.finding("dns-failure")
    return spec.make(
        node.id,
        labelled(host.role, result.explanation),
        title=labelled(spec.title, host.name),
        evidence=evidence,
        remedy=remedy,
        alternatives=alternatives,
    )


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    wanted = await hosts(ctx)
    names = [h for h in wanted if not is_ip(h.name.strip("[]"))]
    if not names:
        literal = ", ".join(h.name for h in wanted) or "none"
        return Verdict("not-applicable", N_("no host names to resolve"), {"hosts": literal})
    results = await asyncio.gather(*(ctx.dns(h.name) for h in names))
    evidence = {
        "system resolver": f"{ctx.system_resolver.source}: "
        + (", ".join(str(s) for s in ctx.system_resolver.nameservers) or ctx.system_resolver.detail),
        "public resolvers": [str(p) for p in ctx.public_resolvers],
        "hosts": {h.name: {"role": h.role, **r.as_dict()} for h, r in zip(names, results, strict=True)},
    }
    findings: list[Finding] = []
    outcome = "ok"
    for host, result in zip(names, results, strict=True):
        if not result.ok:
            findings.append(await _finding(ctx, node, host, result))
            if host.kind != "sumdb":
                outcome = "poisoned" if result.fault is Fault.DNS_POISONED or outcome == "poisoned" else "failure"
        elif result.suspicious:
            findings.append(
                node.finding("answers-differ").make(node.id, labelled(host.role, result.explanation),
                                                    evidence=list(result.evidence))
            )
            if outcome == "ok":
                outcome = "suspicious"
    failed = [h.name for h, r in zip(names, results, strict=True) if not r.ok]
    if failed:
        summary = Msg("does not resolve properly: {hosts}", hosts=", ".join(failed))
    elif len(names) == 1:
        summary = Msg("{count} host resolves consistently", count=len(names))
    else:
        summary = Msg("{count} hosts resolve consistently", count=len(names))
    if outcome == "ok" and failed:  # only the checksum database failed
        outcome = "suspicious"
    return Verdict(outcome, summary, evidence, tuple(findings))
