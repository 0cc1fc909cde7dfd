"""Node 5: TLS to each https GOPROXY entry, with Go's trust store, the way Go travels (HTTPS_PROXY).

An unknown issuer usually means a TLS-intercepting corporate proxy: the fix is to trust its CA
(system store, or SSL_CERT_FILE for Go), never to turn verification off.
"""

from __future__ import annotations

import asyncio

from goproxy_tui.core.diagnosis.context import DiagnosisContext, host_port_of
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import labelled, shown
from goproxy_tui.core.diagnosis.remedies import instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.netproxy import Route
from goproxy_tui.core.probes.tls import TlsResult
from goproxy_tui.core.probes.trust import ca_setting_problems
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_, Joined, Msg  # English for JSON; shown with tr()

_PROXY_FAULTS = {Fault.PROXY_REFUSED, Fault.PROXY_AUTH_REQUIRED}
_TLS_SPECS = {
    Fault.TLS_UNTRUSTED: "tls-untrusted",
    Fault.TLS_EXPIRED: "tls-expired",
    Fault.TLS_HOSTNAME: "tls-hostname",
    Fault.TLS_HANDSHAKE_TIMEOUT: "tls-handshake-timeout",
    Fault.TLS_ERROR: "tls-error",
    Fault.RESET: "tls-error",
}


def install_ca(issuer: str) -> Remedy:
    return instructions(
        Msg("trust the CA {issuer} (if it is your company's)", issuer=repr(issuer)),
        Msg("ask IT for the certificate of {issuer} (a PEM file) and check it really is the company's inspection CA",
            issuer=repr(issuer)),
        N_("install it for the whole system: Debian/Ubuntu: copy it to /usr/local/share/ca-certificates/corp-ca.crt "
           "and run 'sudo update-ca-certificates'; Fedora/RHEL: copy it to /etc/pki/ca-trust/source/anchors/ and run "
           "'sudo update-ca-trust'; macOS: add it to the System keychain and mark it trusted"),
        N_("or for Go only: export SSL_CERT_FILE=/path/to/bundle.pem (the system CAs plus the company CA in one file)"),
        N_("do not turn certificate verification off: GOINSECURE and GOFLAGS=-insecure do not apply to GOPROXY "
           "and would expose every download"),
    )


def _proxy_remedy(ctx: DiagnosisContext, route: Route, result: TlsResult) -> Remedy:
    var = route.source or "HTTPS_PROXY"
    steps = [labelled(f"{var}={route.proxy_masked}", result.explanation), where_is_it_set(var, ctx.environ)]
    if result.fault is Fault.PROXY_AUTH_REQUIRED:
        steps.append(Msg("put the credentials in the URL: export {var}=http://USER:PASSWORD@host:port (or ask IT)",
                         var=var))
    else:
        steps.append(Msg("ask IT for the right proxy address, or 'unset {var}' if this network needs no proxy", var=var))
    return instructions(Msg("fix {var}", var=var), *steps)


async def _finding(ctx: DiagnosisContext, node: Node, url: str, route: Route, result: TlsResult) -> Finding:
    if result.fault in _PROXY_FAULTS or (route.proxy and result.fault not in _TLS_SPECS):
        kind = "proxy-auth" if result.fault is Fault.PROXY_AUTH_REQUIRED else "proxy-refused"
        return node.finding(kind).make(
            node.id, result.explanation, evidence=[route.describe()], remedy=_proxy_remedy(ctx, route, result)
        )
    spec = node.finding(_TLS_SPECS.get(result.fault, "tls-error"))
    chain = [
        Msg("certificate {index}: {subject} issued by {issuer}", index=i, subject=c.subject, issuer=c.issuer)
        for i, c in enumerate(result.chain)
    ]
    evidence = [
        result.explanation, *chain, Msg("trust store: {trust}", trust=result.trust),
        Msg("route: {route}", route=route.describe()),
    ]
    switch = await switch_remedy(ctx, avoid=[url], why=f"{shown(url)}: {result.fault.value}")
    remedy: Remedy | None
    alternatives: list[Remedy] = []
    broken = ca_setting_problems(ctx.environ)
    if result.fault is Fault.TLS_UNTRUSTED and broken:
        names = " / ".join(broken)
        remedy = instructions(
            Msg("fix {names}: it names no usable certificate", names=names),
            *broken.values(),
            Msg("point {names} at an existing PEM file that holds your CA (plus the system CAs), or unset it",
                names=names),
            *(where_is_it_set(name, ctx.environ) for name in broken),
        )
        alternatives = [install_ca(result.issuer or "the unknown issuer")]
    elif result.fault is Fault.TLS_UNTRUSTED:
        remedy = install_ca(result.issuer or "the unknown issuer")
    elif result.fault is Fault.TLS_EXPIRED:
        remedy = instructions(
            N_("check the clock"), N_("run 'date': a wrong clock makes valid certificates look expired; fix it (NTP)")
        )
        alternatives = [switch]
    elif result.fault is Fault.TLS_HOSTNAME and result.issuer:
        remedy, alternatives = switch, [install_ca(result.issuer)]
    else:
        remedy = switch
    return spec.make(
        node.id,
        result.explanation,
        title=labelled(spec.title, shown(url)),
        evidence=evidence,
        remedy=remedy,
        alternatives=alternatives,
    )


async def _probe(ctx: DiagnosisContext, url: str, route: Route) -> TlsResult | str:
    address = host_port_of(url)
    if address is None:
        return N_("not a URL")
    if route.proxy is None:
        tcp = await ctx.tcp(*address)
        if not tcp.ok:
            return Msg("no TCP connection ({fault}): see the TCP step", fault=tcp.fault.value)
    return await ctx.tls(address[0], address[1], route.proxy)


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    findings: list[Finding] = []
    env = ctx.proxy_env
    for var, value in ((env.https_proxy_var, env.https_proxy), (env.http_proxy_var, env.http_proxy)):
        route = ctx.route("https://example.com" if var and var.lower() == "https_proxy" else "http://example.com")
        if var and value and route.proxy is None and "invalid" in route.reason:
            findings.append(
                node.finding("proxy-ignored").make(
                    node.id,
                    Msg("{reason}: Go connects directly instead.", reason=route.reason),
                    evidence=[f"{var}={shown(value)}"],
                    remedy=instructions(Msg("fix {var}", var=var), N_("write it as http://host:port"),
                                        where_is_it_set(var, ctx.environ)),
                )
            )
    https = [e.url for _, e in ctx.proxies_on_route() if e.kind == "proxy" and e.scheme == "https"]
    routes = [ctx.route(url) for url in https]
    route_lines = [labelled(shown(url), route.describe()) for url, route in zip(https, routes, strict=True)]
    if not https:
        return Verdict("not-applicable", N_("no https entry in GOPROXY"), {"routes": route_lines}, tuple(findings))
    results = await asyncio.gather(*(_probe(ctx, url, route) for url, route in zip(https, routes, strict=True)))
    evidence: dict[str, object] = {"routes": route_lines, "handshakes": []}
    outcome = "ok"
    checked = 0
    for url, route, result in zip(https, routes, results, strict=True):
        if isinstance(result, str):
            evidence["handshakes"].append({"entry": shown(url), "skipped": result})  # type: ignore[attr-defined]
            continue
        checked += 1
        evidence["handshakes"].append(  # type: ignore[attr-defined]
            {"entry": shown(url), "fault": result.fault.value, "protocol": result.protocol,
             "issuer": result.issuer, "explanation": result.explanation}
        )
        if result.ok:
            continue
        if result.fault in (Fault.CONNECT_TIMEOUT, Fault.CONNECT_REFUSED, Fault.CONNECT_UNREACHABLE) and not route.proxy:
            continue  # the TCP step reports it
        findings.append(await _finding(ctx, node, url, route, result))
        if result.fault is Fault.TLS_UNTRUSTED:
            outcome = "intercepted"
        elif result.fault in _PROXY_FAULTS or (route.proxy and result.fault not in _TLS_SPECS):
            outcome = "proxy-problem" if outcome == "ok" else outcome
        elif outcome == "ok":
            outcome = "cert-problem"
    bad = [f for f in findings if f.severity == "error"]
    summary = (
        Msg("{checked} of {total} https entries checked: certificates trusted", checked=checked, total=len(https))
        if not bad
        else Joined("; ", (f.title for f in bad))
    )
    return Verdict(outcome, summary, evidence, tuple(findings))
