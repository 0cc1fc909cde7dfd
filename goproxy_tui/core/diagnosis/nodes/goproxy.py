"""Node 6: the GOPROXY protocol on the active chain, walked exactly as Go walks it (``gochain.walk``)."""

from __future__ import annotations

from goproxy_tui.core.auth import netrc_template
from goproxy_tui.core.diagnosis.context import DiagnosisContext, refuses_credentials
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.gochain import HANG_FAULTS, Walk
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult
from goproxy_tui.core.rules.goproxy import ProxyList
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

_ACTIONS = {
    "served": N_("serves the module: Go stops here"),
    "next": N_("Go moves on to the next entry"),
    "stop": N_("Go stops here with this error"),
    "hang": N_("Go hangs here (no client timeout)"),
    "direct": N_("Go fetches from the origin (not probed)"),
    "off": N_("Go refuses to download"),
}


def _entries_evidence(plist: ProxyList, results: tuple[GoproxyProbeResult | None, ...], walk: Walk) -> list[dict[str, object]]:
    actions = {step.index: step.action for step in walk.steps}
    rows: list[dict[str, object]] = []
    for index, entry in enumerate(plist.entries):
        result = results[index] if index < len(results) else None
        rows.append(
            {
                "entry": shown(entry.url),
                "after": {"any-error": "|", "not-found": ","}.get(entry.fallback or "", ""),
                "fault": "refused-credentials" if refuses_credentials(entry.url) else (result.fault.value if result else None),
                "explanation": result.explanation if result else None,
                "go": _ACTIONS.get(actions[index], actions[index]) if index in actions else N_("not reached"),
            }
        )
    return rows


def _pipe_chain(plist: ProxyList) -> str:
    return "|".join(e.url for e in plist.entries)


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    findings: list[Finding] = []
    var = ctx.var("GOPROXY")
    value = ctx.value("GOPROXY")
    if var is not None and var.conflict:
        findings.append(
            node.finding("os-override").make(
                node.id,
                Msg("GOPROXY={value} from the OS environment is in effect; the env file's {file} is ignored.",
                    value=repr(value), file=repr(var.file)),
                evidence=[var.conflict],
                remedy=instructions(
                    N_("remove GOPROXY from the shell environment"),
                    where_is_it_set(var.os_name or "GOPROXY", ctx.environ),
                    N_("then open a new terminal (or run 'unset GOPROXY')"),
                ),
            )
        )
    plist = ctx.proxy_list
    if not plist.ok:
        switch = await switch_remedy(ctx, why=N_("GOPROXY is malformed"))
        findings.append(
            node.finding("invalid").make(
                node.id,
                Msg("GOPROXY={value}: {error}. 'go env -w' accepts it silently; every download then fails.",
                    value=repr(value), error=plist.error),
                evidence=[f"GOPROXY={value}"],
                remedy=switch,
                alternatives=[env_remedy(ctx, N_("go back to Go's default GOPROXY"), {"GOPROXY": None})],
            )
        )
        return Verdict("invalid", Msg("GOPROXY is malformed: {error}", error=plist.error), {"GOPROXY": value},
                       tuple(findings))
    if ctx.matches("GONOPROXY"):
        return Verdict(
            "bypassed",
            Msg("{path} matches GONOPROXY/GOPRIVATE: Go fetches it from its origin, not through GOPROXY",
                path=ctx.target.path),
            {"GOPROXY": value, "GONOPROXY": ctx.value("GONOPROXY") or ctx.value("GOPRIVATE")},
            tuple(findings),
        )
    plist, results, walk = await ctx.chain()
    evidence: dict[str, object] = {"GOPROXY": value, "module": ctx.target.text,
                                   "chain": _entries_evidence(plist, results, walk)}
    failing = [plist.entries[s.index].url for s in walk.steps if s.action in ("next", "stop", "hang") and s.fault is not None]
    module = ctx.target.text

    def entry_text(index: int) -> str:
        result = results[index]
        url = plist.entries[index].url
        number = index + 1
        if refuses_credentials(url):
            return Msg("entry {number} ({url}): Go refuses to pass credentials to an insecure (http) URL",
                       number=number, url=shown(url))
        if plist.entries[index].scheme == "file":
            found = next((s.fault for s in walk.steps if s.index == index), None)
            if found is not None and found.value == "ok":
                return Msg("entry {number} ({url}): a local directory that has it", number=number, url=shown(url))
            return Msg("entry {number} ({url}): a local directory that does not have it", number=number,
                       url=shown(url))
        if result:
            return Msg("entry {number} ({url}): {explanation}", number=number, url=shown(url),
                       explanation=result.explanation)
        return Msg("entry {number} ({url})", number=number, url=shown(url))

    for step in walk.steps:
        entry = plist.entries[step.index]
        if refuses_credentials(entry.url):
            findings.append(
                node.finding("insecure-credentials").make(
                    node.id,
                    Msg("GOPROXY entry {number} ({url}) carries credentials over plain http: Go stops "
                        "with 'refusing to pass credentials to insecure URL' and never sends the request.",
                        number=step.index + 1, url=shown(entry.url)),
                    evidence=[Msg("GOPROXY entry {number}: {url}", number=step.index + 1, url=shown(entry.url))],
                    remedy=instructions(
                        N_("reach that mirror over https, or drop the credentials"),
                        Msg("write the entry as {url} if the server speaks TLS",
                            url=shown("https://" + entry.url[len("http://"):])),
                        N_("or remove user:password from the URL if the mirror does not need them"),
                    ),
                )
            )
    ending = walk.ending
    if ending == "served":
        assert walk.deciding is not None
        first_proxy = next(i for i, e in enumerate(plist.entries) if e.kind == "proxy")
        if walk.deciding == first_proxy:
            served = Msg("{url} serves {module}", url=shown(plist.entries[walk.deciding].url), module=module)
            return Verdict("ok", served, evidence, tuple(findings))
        switch = await switch_remedy(ctx, avoid=failing, why=N_("the first GOPROXY entries fail"))
        findings.append(
            node.finding("fallback-used").make(
                node.id,
                Msg("Go gets {module} only from entry {number} after the entries before it fail; each failure "
                    "costs time on every download.", module=module, number=walk.deciding + 1),
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=switch,
            )
        )
        return Verdict("fallback", Msg("served by entry {number} after fallback", number=walk.deciding + 1), evidence,
                       tuple(findings))
    if ending == "hang":
        assert walk.deciding is not None
        entry = plist.entries[walk.deciding]
        result = results[walk.deciding]
        fault = result.fault.value if result else "timeout"
        number, url = walk.deciding + 1, shown(entry.url)
        detail = (
            Msg("GOPROXY entry {number} ({url}) does not answer ({fault}). Go sets no timeout of its own, so "
                "'go mod download {module}' hangs on it for minutes or forever. It is followed by ',': even when "
                "the connection finally fails, Go does not fall back to the next entry (only a 404/410 does that).",
                number=number, url=url, fault=fault, module=module)
            if entry.fallback == "not-found"
            else Msg("GOPROXY entry {number} ({url}) does not answer ({fault}). Go sets no timeout of its own, so "
                     "'go mod download {module}' hangs on it for minutes or forever.",
                     number=number, url=url, fault=fault, module=module)
        )
        switch = await switch_remedy(ctx, avoid=failing, why=Msg("{url} is {fault}", url=shown(entry.url), fault=fault))
        findings.append(
            node.finding("hang").make(
                node.id,
                detail,
                title=Msg("go mod download hangs on {url} ({fault})", url=shown(entry.url), fault=fault),
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=switch,
            )
        )
        return Verdict("hang", Msg("Go hangs on {url} ({fault})", url=shown(entry.url), fault=fault), evidence,
                       tuple(findings))
    if ending == "error":
        assert walk.deciding is not None
        entry = plist.entries[walk.deciding]
        result = results[walk.deciding]
        if result is not None and result.fault in (Fault.AUTH_REQUIRED, Fault.AUTH_DENIED):
            findings.append(_auth_finding(ctx, node, entry.url, result, [entry_text(s.index) for s in walk.steps]))
            return Verdict("fails", Msg("{url} wants credentials ({fault})", url=shown(entry.url),
                                        fault=result.fault.value), evidence, tuple(findings))
        fault = result.fault.value if result else "error"
        switch = await switch_remedy(ctx, avoid=failing, why=f"{shown(entry.url)}: {fault}")
        later = [e for e in plist.entries[walk.deciding + 1 :] if e.kind != "off"]
        if entry.fallback == "not-found" and later:
            pipe = _pipe_chain(plist)
            findings.append(
                node.finding("comma-fatal").make(
                    node.id,
                    Msg("Entry {number} ({url}) fails with {fault}, and it is followed by ',': "
                        "after ',' Go moves on only on 404/410, so this error is fatal and the later entries are never "
                        "tried.", number=walk.deciding + 1, url=shown(entry.url), fault=fault),
                    evidence=[entry_text(s.index) for s in walk.steps],
                    remedy=switch,
                    alternatives=[env_remedy(ctx, N_("separate the entries with '|' so an error falls through"),
                                             {"GOPROXY": pipe})],
                )
            )
        else:
            findings.append(
                node.finding("chain-fails").make(
                    node.id,
                    Msg("Go's walk over GOPROXY ends with an error on entry {number} ({url}): {fault}.",
                        number=walk.deciding + 1, url=shown(entry.url), fault=fault),
                    evidence=[entry_text(s.index) for s in walk.steps],
                    remedy=switch,
                )
            )
        return Verdict("fails", Msg("Go stops on {url} ({fault})", url=shown(entry.url), fault=fault), evidence,
                       tuple(findings))
    if ending == "not-found":
        findings.append(
            node.finding("not-found").make(
                node.id,
                Msg("Every GOPROXY entry answers 404/410 for {module}: the path or version is wrong, or the module is "
                    "private (see the private-modules step).", module=module),
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=instructions(
                    N_("check the module path and version"),
                    Msg("is {path} spelled exactly as in its go.mod (case matters)?", path=repr(ctx.target.path)),
                    N_("a private module must match GOPRIVATE so Go fetches it from its origin"),
                ),
            )
        )
        return Verdict("not-found", Msg("no entry knows {module}", module=module), evidence, tuple(findings))
    if ending == "direct":
        findings.append(
            node.finding("direct-unprobed").make(
                node.id,
                Msg("Go reaches 'direct' and fetches {path} from its origin (git or HTTPS to the code host), "
                    "which gotui does not probe.", path=ctx.target.path),
                evidence=[entry_text(s.index) for s in walk.steps if s.fault is not None],
            )
        )
        if failing:
            findings.append(
                node.finding("fallback-used").make(
                    node.id,
                    N_("Every GOPROXY mirror before 'direct' fails for this module."),
                    evidence=[entry_text(s.index) for s in walk.steps if s.fault is not None],
                    remedy=await switch_remedy(ctx, avoid=failing, why=N_("the mirrors in GOPROXY fail")),
                )
            )
        return Verdict("direct", N_("Go falls through to 'direct'"), evidence, tuple(findings))
    if ending == "off":
        findings.append(
            node.finding("off").make(
                node.id,
                N_("GOPROXY=off: Go only uses the module cache; anything not cached fails with 'module lookup "
                   "disabled by GOPROXY=off'."),
                evidence=[f"GOPROXY={value}"],
                remedy=await switch_remedy(ctx, why="GOPROXY=off"),
            )
        )
        return Verdict("off", "GOPROXY=off", evidence, tuple(findings))
    findings.append(node.finding("invalid").make(node.id, N_("GOPROXY lists no entry Go can use."),
                                                 evidence=[f"GOPROXY={value}"]))
    return Verdict("invalid", N_("GOPROXY has no usable entry"), evidence, tuple(findings))


def _auth_finding(ctx: DiagnosisContext, node: Node, url: str, result: GoproxyProbeResult,
                  evidence: list[str]) -> Finding:
    """A company mirror behind 401/403: the netrc line to add, where; never a secret (gotui writes none)."""
    where, line = netrc_template(url, ctx.environ)
    if result.auth:
        remedy = instructions(
            Msg("fix the credentials for {host}", host=result.host),
            Msg("Go sent them ({auth}) and the mirror refused them: check the login and renew the token in {where}",
                auth=result.auth, where=where),
            N_("a 403 means the account is known but may not read this path: ask the mirror's admins for access"),
        )
    else:
        remedy = instructions(
            Msg("give Go the credentials for {host}", host=result.host),
            Msg("add this line to {where} (your own login and token; gotui never writes it): {line}",
                where=where, line=line),
            Msg("then restrict the file: chmod 600 {where}", where=where),
            N_("keep GOAUTH unset (it defaults to netrc) or include netrc in it; GOAUTH=off sends nothing"),
            N_("Go sends these credentials only over https; a plain http:// mirror never gets them"),
        )
    return node.finding("auth").make(
        node.id,
        Msg("{url} answers {status}: {explanation}", url=shown(url), status=str(result.status_code or "?"),
            explanation=result.explanation),
        evidence=evidence,
        remedy=remedy,
    )


def hang_fault(ctx: DiagnosisContext) -> bool:
    """Did the walk so far predict that Go hangs (used to shorten the final verification)?"""
    result = ctx.results.get("goproxy")
    if result is not None and result.outcome == "hang":
        return True
    tcp = ctx.results.get("tcp")
    return tcp is not None and any(
        f.id in ("tcp.connect-timeout",) for f in tcp.findings
    )


__all__ = ["HANG_FAULTS", "evaluate", "hang_fault"]
