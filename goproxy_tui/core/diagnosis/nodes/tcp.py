"""Node 4: TCP to each GOPROXY entry — or to the HTTP proxy, when Go goes through HTTPS_PROXY."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from goproxy_tui.core.diagnosis.context import DiagnosisContext, host_port_of
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import labelled, shown
from goproxy_tui.core.diagnosis.remedies import instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tcp import TcpResult, host_port
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

_SPEC = {
    Fault.CONNECT_TIMEOUT: "connect-timeout",
    Fault.CONNECT_REFUSED: "connect-refused",
    Fault.CONNECT_UNREACHABLE: "connect-unreachable",
    Fault.RESET: "connect-unreachable",
    Fault.DNS_FAILURE: "dns",
    Fault.DNS_TIMEOUT: "dns",
    Fault.DNS_POISONED: "dns",
}


@dataclass(frozen=True)
class Target:
    index: int  # position in GOPROXY
    url: str
    host: str
    port: int
    via: str | None  # the proxy variable Go uses, or None (direct)


def targets(ctx: DiagnosisContext) -> list[Target]:
    found: list[Target] = []
    for index, entry in ctx.proxies_on_route():
        if entry.kind != "proxy" or not entry.scheme.startswith("http"):
            continue
        route = ctx.route(entry.url)
        address = host_port_of(route.proxy if route.proxy else entry.url)
        if address is not None:
            found.append(Target(index, entry.url, address[0], address[1], route.source if route.proxy else None))
    return found


def _what(target: Target) -> str:
    where = host_port(target.host, target.port)
    if target.via:
        return Msg(
            "the HTTP proxy {address} ({var}) that GOPROXY entry {number} goes through",
            address=where, var=target.via, number=target.index + 1,
        )
    return Msg("GOPROXY entry {number} ({url}, {address})", number=target.index + 1, url=shown(target.url),
               address=where)


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    wanted = targets(ctx)
    if not wanted:
        return Verdict("not-applicable", N_("no http(s) entry in GOPROXY"), {"GOPROXY": ctx.value("GOPROXY")})
    results: list[TcpResult] = list(await asyncio.gather(*(ctx.tcp(t.host, t.port) for t in wanted)))
    evidence = {
        "entries": [
            {"entry": shown(t.url), "connects to": host_port(t.host, t.port), "via": t.via,
             "fault": r.fault.value, "connect_ms": None if r.connect_ms is None else round(r.connect_ms, 1),
             "explanation": r.explanation}
            for t, r in zip(wanted, results, strict=True)
        ]
    }
    first_ok = next((i for i, r in enumerate(results) if r.ok), None)
    failing = [(t, r) for t, r in zip(wanted, results, strict=True) if not r.ok]
    avoid = [t.url for t, _ in failing]
    findings: list[Finding] = []
    for position, (target, result) in enumerate(zip(wanted, results, strict=True)):
        if result.ok:
            continue
        if first_ok is not None and position > first_ok:
            findings.append(
                node.finding("fallback-down").make(
                    node.id,
                    Msg("{what}: {explanation} Go only reaches it when the entries before it fail.",
                        what=_what(target), explanation=result.explanation),
                    evidence=[result.explanation],
                )
            )
            continue
        if target.via:
            findings.append(
                node.finding("proxy-down").make(
                    node.id,
                    labelled(_what(target), result.explanation),
                    evidence=[result.explanation],
                    remedy=instructions(
                        Msg("fix or remove {var}", var=target.via),
                        Msg("{var} points at {address}, which does not accept connections; {where}",
                            var=target.via, address=host_port(target.host, target.port),
                            where=where_is_it_set(target.via, ctx.environ)),
                        Msg("ask IT for the right proxy address, or 'unset {var}' if this network needs none",
                            var=target.via),
                    ),
                )
            )
            continue
        spec = node.finding(_SPEC.get(result.fault, "connect-unreachable"))
        detail = (
            Msg("{what}: {explanation} Go sets no timeout of its own: 'go mod download' hangs on it.",
                what=_what(target), explanation=result.explanation)
            if result.fault is Fault.CONNECT_TIMEOUT
            else labelled(_what(target), result.explanation)
        )
        why = Msg("{address} is {fault}", address=host_port(target.host, target.port), fault=result.fault.value)
        remedy = await switch_remedy(ctx, avoid=avoid, why=why)
        findings.append(
            spec.make(
                node.id,
                detail,
                title=labelled(spec.title, shown(target.url)),
                evidence=[result.explanation],
                remedy=remedy,
            )
        )
    ok_count = len(results) - len(failing)
    if failing:
        summary = Msg(
            "{ok} of {total} entries accept connections; {failures}", ok=ok_count, total=len(results),
            failures=", ".join(f"{host_port(t.host, t.port)} {r.fault.value}" for t, r in failing),
        )
    else:
        summary = Msg("{ok} of {total} entries accept connections", ok=ok_count, total=len(results))
    if not failing:
        outcome = "ok"
    elif first_ok is None:
        outcome = "all-failed"
    elif first_ok == 0:
        outcome = "fallback-failed"
    else:
        outcome = "first-failed"
    return Verdict(outcome, summary, evidence, tuple(findings))
