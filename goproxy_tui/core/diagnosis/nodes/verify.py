"""Node 13: the proof. The operation that fails for the user, run for real (:mod:`..operation`).

That is the user's own command (``gotui check -- go get …``), what their project needs, or
``go mod download -json MODULE@VERSION`` in a scratch module; always on copies of the project's
files and with a fresh module cache, with the user's effective settings (OS environment + go env
file, exactly what ``go`` reads). Go sets no client timeout, so gotui bounds the run; when earlier
steps already showed that Go will hang the bound is short: the run then confirms the hang instead of
waiting it out. A failure the network does not explain is read by :mod:`.project_errors`.
"""

from __future__ import annotations

import asyncio

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.nodes.goproxy import hang_fault
from goproxy_tui.core.diagnosis.nodes.modcache import modcache_root
from goproxy_tui.core.diagnosis.nodes.private import private_prefix
from goproxy_tui.core.diagnosis.nodes.project_errors import project_findings
from goproxy_tui.core.diagnosis.operation import (
    CacheDisagreement,
    Operation,
    OperationRun,
    cache_disagreements,
    plan_operation,
    run_operation,
)
from goproxy_tui.core.diagnosis.remedies import clean_modcache_remedy, env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.goerrors import GoFailure, GoOutputTooLarge, explain
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.modcache import human_size, scan_cache
from goproxy_tui.core.rules.module import check_path
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

_CORRUPT = ("not a valid zip file", "zip: ", "ziphash")
_NETWORK = ("dial tcp", "i/o timeout", "connection refused", "connection reset", "TLS handshake", "no such host",
            "x509:", "EOF", "502 Bad Gateway", "503 Service", "500 Internal")


async def operation_of(ctx: DiagnosisContext) -> Operation:
    """The user's command, the project's needs (in a module, no ``--module``), or the scratch download."""
    gomod = await ctx.gomod()
    gowork = await ctx.gowork()
    return plan_operation(command=ctx.command, gomod=gomod.path, gowork=gowork,
                          target_text=ctx.target.text if ctx.explicit_target else None, workdir=ctx.workdir)


async def run_verification(ctx: DiagnosisContext, timeout: float | None = None) -> OperationRun:
    """Run the real operation once (``check --fix`` and the wizard run it again after a remedy)."""
    if ctx.env is None:
        raise GoError(Msg("no usable go command"))
    return await run_operation(await operation_of(ctx), ctx.env.go, ctx.environ,
                               timeout=timeout or ctx.verify_timeout)


def proxy_urls(ctx: DiagnosisContext) -> list[str]:
    plist = ctx.proxy_list
    return [e.url for e in (plist.entries if plist.ok else ()) if e.kind == "proxy"]


def verification_timeout(ctx: DiagnosisContext) -> float:
    """``[check] verify_timeout``; a proven hang is not run into again (:func:`evaluate`)."""
    return ctx.verify_timeout


async def _remedy_for(ctx: DiagnosisContext, run: OperationRun) -> tuple[str, Remedy | None, list[Remedy]]:
    text = run.error + "\n" + run.stderr
    failing: list[str] = []
    try:
        plist, _results, chain = await ctx.chain()
        failing = [plist.entries[s.index].url for s in chain.steps if s.action in ("next", "stop", "hang")]
    except Exception:  # a remedy lookup must not hide the verification's own result
        failing = []
    if run.timed_out:
        return "download-timeout", await switch_remedy(ctx, avoid=failing, why=Msg("the download hangs")), []
    if (unknown := sumdb_unknown(run.stderr)) is not None:
        return "sumdb-unknown", _nosumdb_remedy(ctx, unknown), []
    if any(marker in text for marker in _CORRUPT):  # the module cache is fresh: the mirror sent it broken
        served = run.mirror(proxy_urls(ctx))
        return "download-failed", await switch_remedy(ctx, avoid=[*failing, *([served] if served else [])],
                                                      why=Msg("the mirror served a broken zip")), []
    if "/@v/" in text and (": 404 Not Found" in text or ": 410 Gone" in text):
        return "download-failed", instructions(
            Msg("{path} or this version is not on the proxies", path=ctx.target.path),
            Msg("check the path and version; if the module is private, see the 'Private modules' step")), []
    if any(marker in text for marker in _NETWORK):
        return "download-failed", await switch_remedy(ctx, avoid=failing, why=Msg("the download fails on the network")), []
    failures = explain_go_output(run.stderr)
    if failures:  # Go's own words, read by the catalog (core/goerrors): the fix it names
        first = failures[0]
        steps = [first.summary, *([first.hint] if first.hint else [])]
        return "download-failed", instructions(Msg("Go reports: {kind}", kind=first.kind), *steps), []
    return "download-failed", instructions(
        N_("read Go's error"), Msg("the findings of the earlier steps name the cause when gotui can tell it")), []


def explain_go_output(text: str) -> list[GoFailure]:
    """:func:`goproxy_tui.core.goerrors.explain`, empty for output too large to be one command's."""
    try:
        return explain(text)
    except GoOutputTooLarge:
        return []


def sumdb_unknown(stderr: str) -> str | None:
    """The module whose checksum DB lookup answered 404/410 (``M@V: verifying module|go.mod: … /lookup/…``)."""
    for line in stderr.splitlines():
        if ("verifying module: " in line or "verifying go.mod: " in line) and "/lookup/" in line and (
                ": 404 Not Found" in line or ": 410 Gone" in line):
            head = line.removeprefix("go: ").split(": verifying ", 1)[0]
            module = head.rpartition("@")[0]
            if module and check_path(module) is None:
                return module
    return None


def _nosumdb_remedy(ctx: DiagnosisContext, module: str) -> Remedy:
    """GONOSUMDB for that path only: the mirror serves the module, the public checksum DB cannot know it.

    GONOSUMDB, once set, replaces GOPRIVATE as its default, so the patterns GOPRIVATE gave it are kept."""
    prefix = private_prefix(module)
    current = ctx.value("GONOSUMDB") or ctx.value("GOPRIVATE")
    entries = [e for e in current.split(",") if e]
    value = ",".join([*entries, prefix]) if prefix not in entries else current
    return env_remedy(
        ctx, Msg("skip the public checksum database for {prefix} only (GONOSUMDB)", prefix=prefix),
        {"GONOSUMDB": value},
        instructions=[Msg("not GOPRIVATE: that would also make Go bypass your mirror, which serves {module}",
                          module=module)])


async def _cache_finding(ctx: DiagnosisContext, node: Node, stale: list[CacheDisagreement]) -> Finding:
    root = modcache_root(ctx)
    scan = await asyncio.to_thread(scan_cache, root, budget=5.0)
    first = stale[0]
    module = first.path.removesuffix(".ziphash").replace("/@v/", "@")
    detail = Msg("over the network {module} is {served}, but the copy in {root} is recorded as {cached}: Go uses "
                 "the cached copy and fails with 'checksum mismatch'. The mirrors are fine; the cache is corrupt.",
                 module=module, served=first.served, root=root, cached=first.cached)
    evidence = [f"{d.path}: cache {d.cached}, network {d.served}" for d in stale[:8]]
    remedy = clean_modcache_remedy(root, scan.size_text)
    return node.finding("cache-corrupt").make(node.id, detail, evidence=evidence, remedy=remedy)


def describe_run(run: OperationRun, proxies: list[str] | None = None) -> dict[str, object]:
    evidence: dict[str, object] = {
        "command": run.command,
        "exit": Msg("killed at the time limit") if run.timed_out else (
            run.failed_step.returncode if run.failed_step else 0),
        "seconds": round(run.seconds, 2),
        "output": run.output_lines(),
    }
    if run.ok:
        evidence["fetched"] = fetched(run, proxies or [])
        for record in run.modules[:1]:
            for key in ("Path", "Version", "Sum", "GoModSum"):
                if record.get(key):
                    evidence[key] = record[key]
    return evidence


def fetched(run: OperationRun, proxies: list[str]) -> str:
    """How much came over the network, and from where."""
    if run.from_cache:
        return Msg("nothing fetched: vendor/ or no download needed")
    return Msg("{size} from {mirror} (HTTP requests: {requests})", size=human_size(run.downloaded_bytes),
               requests=len(run.fetches), mirror=run.mirror(proxies) or Msg("the origin (direct)"))


def _succeeded(ctx: DiagnosisContext, run: OperationRun) -> str:
    """What worked, what it fetched, from where and how fast: the proof in one line."""
    done = fetched(run, proxy_urls(ctx))
    if run.operation.kind == "scratch":
        version = next((str(m.get("Version", "")) for m in run.modules), "")
        return Msg("go mod download {module} worked: {path}@{version} in {seconds:.1f} s, {fetched}",
                   module=ctx.target.text, path=ctx.target.path, version=version, seconds=run.seconds,
                   fetched=done)
    return Msg("'{command}' worked in {seconds:.1f} s, {fetched}", command=run.command, seconds=run.seconds,
               fetched=done)


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    if ctx.env is None:
        return Verdict("skipped", Msg("no usable go command"), {})
    op = await operation_of(ctx)
    if op.kind == "scratch" and (err := check_path(ctx.target.path)) is not None:
        return Verdict("skipped", Msg("not run: {error}", error=err), {})
    if hang_fault(ctx):
        return await _proven_hang(ctx, node, op)
    timeout = verification_timeout(ctx)
    run = await run_operation(op, ctx.env.go, ctx.environ, timeout=timeout)
    proxies = proxy_urls(ctx)
    evidence = describe_run(run, proxies)
    ctx.verify_run = run
    if run.ok:
        stale = cache_disagreements(run, modcache_root(ctx))
        if not stale:
            return Verdict("ok", _succeeded(ctx, run), evidence)
        return Verdict("failed", Msg("the download works, but the module cache holds other content"), evidence,
                       (await _cache_finding(ctx, node, stale),))
    findings = await project_findings(ctx, node, run)
    if not findings:
        kind, remedy, alternatives = await _remedy_for(ctx, run)
        if run.timed_out:
            detail = Msg("'{command}' did not finish within {seconds:g} s and was stopped. Go sets no timeout "
                         "of its own: left alone it hangs for minutes or forever.",
                         command=run.command, seconds=timeout)
        else:
            detail = Msg("'{command}' failed: {error}", command=run.command, error=run.error)
        findings = [node.finding(kind).make(node.id, detail, evidence=run.output_lines() or [run.error],
                                            remedy=remedy, alternatives=alternatives)]
    outcome = "timeout" if run.timed_out else "failed"
    return Verdict(outcome, f"{run.command}: " + run.error, evidence, tuple(findings))


async def _proven_hang(ctx: DiagnosisContext, node: Node, op: Operation) -> Verdict:
    """The GOPROXY or TCP step already proved that Go hangs: never wait that timeout a second time.

    What is left to verify is what does not need the network: in a project, the operation runs once
    more with GOPROXY=off against the user's own module cache (copies of go.mod/go.sum as always), so
    a go.sum, vendor or go-version fault is still found. The fix is proven by the run after it."""
    plist, _results, chain = await ctx.chain()
    failing = [plist.entries[s.index].url for s in chain.steps if s.action in ("next", "stop", "hang")]
    remedy = await switch_remedy(ctx, avoid=failing, why=Msg("the download hangs"))
    detail = Msg("'{command}' was not run into the hang again: the earlier steps proved that Go waits on {where} "
                 "and Go sets no timeout of its own, so it would hang for minutes or forever.",
                 command=op.text, where=", ".join(shown(u) for u in failing) or Msg("the first GOPROXY entry"))
    findings = [node.finding("download-timeout").make(node.id, detail, evidence=[detail], remedy=remedy)]
    evidence: dict[str, object] = {"command": op.text, "network": Msg("not run again: the hang is proven")}
    if op.kind != "scratch" and ctx.env is not None:
        environ = {**ctx.environ, "GOPROXY": "off"}
        offline = await run_operation(op, ctx.env.go, environ, timeout=ctx.verify_timeout, fresh_cache=False)
        evidence["offline"] = offline.output_lines()
        findings = [*findings, *await project_findings(ctx, node, offline)]
    return Verdict("timeout", Msg("{command}: hangs (proven by the earlier steps; not waited for twice)",
                                  command=op.text), evidence, tuple(findings))
