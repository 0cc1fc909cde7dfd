"""Node 6: the GOPROXY protocol on the active chain, walked exactly as Go walks it (``gochain.walk``)."""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext, refuses_credentials
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.gochain import HANG_FAULTS, Walk
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.http import GoproxyProbeResult
from goproxy_tui.core.rules.goproxy import ProxyList
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_  # remedy summaries stay English (JSON); shown with _()

_ACTIONS = {
    "served": "serves the module: Go stops here",
    "next": "Go moves on to the next entry",
    "stop": "Go stops here with this error",
    "hang": "Go hangs here (no client timeout)",
    "direct": "Go fetches from the origin (not probed)",
    "off": "Go refuses to download",
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
                "go": _ACTIONS.get(actions[index], actions[index]) if index in actions else "not reached",
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
                f"GOPROXY={value!r} from the OS environment is in effect; the env file's {var.file!r} is ignored.",
                evidence=[var.conflict],
                remedy=instructions(
                    N_("remove GOPROXY from the shell environment"),
                    where_is_it_set(var.os_name or "GOPROXY", ctx.environ),
                    "then open a new terminal (or run 'unset GOPROXY')",
                ),
            )
        )
    plist = ctx.proxy_list
    if not plist.ok:
        switch = await switch_remedy(ctx, why="GOPROXY is malformed")
        findings.append(
            node.finding("invalid").make(
                node.id,
                f"GOPROXY={value!r}: {plist.error}. 'go env -w' accepts it silently; every download then fails.",
                evidence=[f"GOPROXY={value}"],
                remedy=switch,
                alternatives=[env_remedy(ctx, N_("go back to Go's default GOPROXY"), {"GOPROXY": None})],
            )
        )
        return Verdict("invalid", f"GOPROXY is malformed: {plist.error}", {"GOPROXY": value}, tuple(findings))
    if ctx.matches("GONOPROXY"):
        return Verdict(
            "bypassed",
            f"{ctx.target.path} matches GONOPROXY/GOPRIVATE: Go fetches it from its origin, not through GOPROXY",
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
        if refuses_credentials(url):
            return f"entry {index + 1} ({shown(url)}): Go refuses to pass credentials to an insecure (http) URL"
        if plist.entries[index].scheme == "file":
            found = next((s.fault for s in walk.steps if s.index == index), None)
            state = "has it" if found is not None and found.value == "ok" else "does not have it"
            return f"entry {index + 1} ({shown(url)}): a local directory that {state}"
        return f"entry {index + 1} ({shown(url)})" + (f": {result.explanation}" if result else "")

    for step in walk.steps:
        entry = plist.entries[step.index]
        if refuses_credentials(entry.url):
            findings.append(
                node.finding("insecure-credentials").make(
                    node.id,
                    f"GOPROXY entry {step.index + 1} ({shown(entry.url)}) carries credentials over plain http: Go stops "
                    f"with 'refusing to pass credentials to insecure URL' and never sends the request.",
                    evidence=[f"GOPROXY entry {step.index + 1}: {shown(entry.url)}"],
                    remedy=instructions(
                        N_("reach that mirror over https, or drop the credentials"),
                        f"write the entry as {shown('https://' + entry.url[len('http://'):])} if the server speaks TLS",
                        "or remove user:password from the URL if the mirror does not need them",
                    ),
                )
            )
    ending = walk.ending
    if ending == "served":
        assert walk.deciding is not None
        first_proxy = next(i for i, e in enumerate(plist.entries) if e.kind == "proxy")
        if walk.deciding == first_proxy:
            return Verdict("ok", f"{shown(plist.entries[walk.deciding].url)} serves {module}", evidence, tuple(findings))
        switch = await switch_remedy(ctx, avoid=failing, why="the first GOPROXY entries fail")
        findings.append(
            node.finding("fallback-used").make(
                node.id,
                f"Go gets {module} only from entry {walk.deciding + 1} after the entries before it fail; each failure "
                "costs time on every download.",
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=switch,
            )
        )
        return Verdict("fallback", f"served by entry {walk.deciding + 1} after fallback", evidence, tuple(findings))
    if ending == "hang":
        assert walk.deciding is not None
        entry = plist.entries[walk.deciding]
        result = results[walk.deciding]
        fault = result.fault.value if result else "timeout"
        comma = (
            " It is followed by ',': even when the connection finally fails, Go does not fall back to the next "
            "entry (only a 404/410 does that)."
            if entry.fallback == "not-found"
            else ""
        )
        switch = await switch_remedy(ctx, avoid=failing, why=f"{shown(entry.url)} is {fault}")
        findings.append(
            node.finding("hang").make(
                node.id,
                f"GOPROXY entry {walk.deciding + 1} ({shown(entry.url)}) does not answer ({fault}). Go sets no "
                f"timeout of its own, so 'go mod download {module}' hangs on it for minutes or forever.{comma}",
                title=f"go mod download hangs on {shown(entry.url)} ({fault})",
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=switch,
            )
        )
        return Verdict("hang", f"Go hangs on {shown(entry.url)} ({fault})", evidence, tuple(findings))
    if ending == "error":
        assert walk.deciding is not None
        entry = plist.entries[walk.deciding]
        result = results[walk.deciding]
        fault = result.fault.value if result else "error"
        switch = await switch_remedy(ctx, avoid=failing, why=f"{shown(entry.url)}: {fault}")
        later = [e for e in plist.entries[walk.deciding + 1 :] if e.kind != "off"]
        if entry.fallback == "not-found" and later:
            pipe = _pipe_chain(plist)
            findings.append(
                node.finding("comma-fatal").make(
                    node.id,
                    f"Entry {walk.deciding + 1} ({shown(entry.url)}) fails with {fault}, and it is followed by ',': "
                    "after ',' Go moves on only on 404/410, so this error is fatal and the later entries are never "
                    "tried.",
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
                    f"Go's walk over GOPROXY ends with an error on entry {walk.deciding + 1} ({shown(entry.url)}): "
                    f"{fault}.",
                    evidence=[entry_text(s.index) for s in walk.steps],
                    remedy=switch,
                )
            )
        return Verdict("fails", f"Go stops on {shown(entry.url)} ({fault})", evidence, tuple(findings))
    if ending == "not-found":
        findings.append(
            node.finding("not-found").make(
                node.id,
                f"Every GOPROXY entry answers 404/410 for {module}: the path or version is wrong, or the module is "
                "private (see the private-modules step).",
                evidence=[entry_text(s.index) for s in walk.steps],
                remedy=instructions(
                    N_("check the module path and version"),
                    f"is {ctx.target.path!r} spelled exactly as in its go.mod (case matters)?",
                    "a private module must match GOPRIVATE so Go fetches it from its origin",
                ),
            )
        )
        return Verdict("not-found", f"no entry knows {module}", evidence, tuple(findings))
    if ending == "direct":
        findings.append(
            node.finding("direct-unprobed").make(
                node.id,
                f"Go reaches 'direct' and fetches {ctx.target.path} from its origin (git or HTTPS to the code host), "
                "which gotui does not probe.",
                evidence=[entry_text(s.index) for s in walk.steps if s.fault is not None],
            )
        )
        if failing:
            findings.append(
                node.finding("fallback-used").make(
                    node.id,
                    "Every GOPROXY mirror before 'direct' fails for this module.",
                    evidence=[entry_text(s.index) for s in walk.steps if s.fault is not None],
                    remedy=await switch_remedy(ctx, avoid=failing, why="the mirrors in GOPROXY fail"),
                )
            )
        return Verdict("direct", "Go falls through to 'direct'", evidence, tuple(findings))
    if ending == "off":
        findings.append(
            node.finding("off").make(
                node.id,
                "GOPROXY=off: Go only uses the module cache; anything not cached fails with 'module lookup "
                "disabled by GOPROXY=off'.",
                evidence=[f"GOPROXY={value}"],
                remedy=await switch_remedy(ctx, why="GOPROXY=off"),
            )
        )
        return Verdict("off", "GOPROXY=off", evidence, tuple(findings))
    findings.append(node.finding("invalid").make(node.id, "GOPROXY lists no entry Go can use.",
                                                 evidence=[f"GOPROXY={value}"]))
    return Verdict("invalid", "GOPROXY has no usable entry", evidence, tuple(findings))


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
