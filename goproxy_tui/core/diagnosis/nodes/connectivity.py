"""Node 2: can any public address be reached at all? TCP to the ``[dns] resolvers`` (port 53 by default).

Well-known resolvers are good targets: anycast, everywhere, and they accept TCP on port 53. A network
that lets none of them through is offline, or filtered so that only an HTTP proxy gets out.
"""

from __future__ import annotations

import asyncio

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.remedies import instructions
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.tcp import fmt_ms, host_port
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    targets = ctx.public_resolvers
    if not targets:
        return Verdict("ok", N_("no [dns] resolvers configured to test against"), {"targets": []})
    results = await asyncio.gather(*(ctx.tcp(spec.address, spec.port) for spec in targets))
    lines = [
        Msg("{address}: connected in {time}", address=host_port(r.host, r.port), time=fmt_ms(r.connect_ms))
        if r.ok
        else f"{host_port(r.host, r.port)}: {r.fault.value}"
        for r in results
    ]
    evidence = {"targets": lines}
    reached = [r for r in results if r.ok]
    if reached:
        return Verdict(
            "ok", Msg("{reached} of {total} public addresses answered", reached=len(reached), total=len(results)),
            evidence,
        )
    proxy = ctx.proxy_env.https_proxy or ctx.proxy_env.http_proxy
    if proxy:
        finding = node.finding("direct-blocked").make(
            node.id,
            Msg(
                "None of {total} public addresses accepts a direct TCP connection, and an HTTP proxy is "
                "set: Go's downloads must go through it (the TLS step checks that it works).",
                total=len(results),
            ),
            evidence=lines,
        )
        return Verdict("proxy-only", N_("direct connections blocked; an HTTP proxy is set"), evidence, (finding,))
    finding = node.finding("offline").make(
        node.id,
        Msg(
            "None of {total} public addresses accepted a TCP connection within {seconds:g} s: this "
            "machine looks offline, or a firewall lets only some traffic out (the next steps show what Go can reach).",
            total=len(results),
            seconds=ctx.timeout,
        ),
        evidence=lines,
        remedy=instructions(
            N_("check the network connection"),
            N_("check the cable / Wi-Fi / VPN, and that 'ping 223.5.5.5' or 'ping 8.8.8.8' gets answers"),
            N_("behind a corporate firewall, export HTTPS_PROXY=http://proxy.example.com:3128 (ask IT for the address)"),
        ),
    )
    return Verdict("unreachable", N_("no public address answered"), evidence, (finding,))
