"""Node 10: the go.mod of the working directory (``go env GOMOD``, ``go mod edit -json``).

Two ways a go.mod breaks downloads that have nothing to do with the network: ``replace`` directives
pointing at directories that do not exist (or that silently shadow the module being debugged), and
``go``/``toolchain`` lines newer than the installed Go, which make every go command download
``golang.org/toolchain`` through GOPROXY first (verified by the checksum database) — behind a
firewall that times out. Fixes: a mirror that serves toolchains, or ``GOTOOLCHAIN=local`` plus a
manual install.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path
from typing import Any

from goproxy_tui.core.diagnosis.context import DiagnosisContext, GoMod
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.gochain import walk
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import shown
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions, switch_to
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.rules.toolchain import (
    TOOLCHAIN_MODULE,
    from_toolchain,
    gover_compare,
    gover_is_lang,
    module_version,
    parse_gotoolchain,
)
from goproxy_tui.core.switch import healthy_ranked
from goproxy_tui.i18n import N_  # remedy summaries stay English (JSON); shown with _()

DL = "https://golang.google.cn/dl/ (or https://go.dev/dl/)"


def _replace_target(gomod: Path, new: dict[str, Any]) -> Path | None:
    """The directory a local replacement points at; None for a module replacement (has a version)."""
    if new.get("Version"):
        return None
    target = Path(str(new.get("Path", "")))
    return Path(os.path.normpath(target if target.is_absolute() else gomod.parent / target))


def _replaces(ctx: DiagnosisContext, node: Node, gm: GoMod) -> list[Finding]:
    assert gm.path is not None and gm.data is not None
    findings: list[Finding] = []
    for replace in gm.data.get("Replace") or []:
        old, new = replace.get("Old", {}), replace.get("New", {})
        old_text = old.get("Path", "") + (f"@{old['Version']}" if old.get("Version") else "")
        new_text = new.get("Path", "") + (f"@{new['Version']}" if new.get("Version") else "")
        target = _replace_target(gm.path, new)
        if target is not None and not (target / "go.mod").is_file():
            why = "does not exist" if not target.exists() else "has no go.mod"
            findings.append(
                node.finding("replace-missing").make(
                    node.id,
                    f"{gm.path}: 'replace {old_text} => {new_text}' points at {target}, which {why}: every build and "
                    "'go mod tidy' in this module fails on it.",
                    evidence=[f"replace {old_text} => {new_text}", f"{target}: {why}"],
                    remedy=instructions(
                        f"fix or drop the replace of {old_text}",
                        f"check out {old.get('Path')} at {target}, or remove the directive",
                        commands=[("go", "mod", "edit", f"-dropreplace={old_text}")],
                    ),
                )
            )
        if old.get("Path") == ctx.target.path:
            findings.append(
                node.finding("replace-shadows").make(
                    node.id,
                    f"{gm.path} replaces {old_text} with {new_text}: inside this module Go builds that instead of "
                    f"the version the proxy serves ('go mod download {ctx.target.text}' still asks the proxy).",
                    evidence=[f"replace {old_text} => {new_text}"],
                )
            )
    return findings


async def _toolchain_mirror(ctx: DiagnosisContext, version: str | None) -> Remedy | None:
    """A healthy catalog mirror that serves the toolchain, as a switch remedy."""
    stats = await ctx.catalog_stats()
    mirrors = healthy_ranked(tuple(ctx.catalog), stats)
    answers = await asyncio.gather(*(ctx.goproxy(m.url, TOOLCHAIN_MODULE, version, sumdb=False) for m in mirrors))
    for mirror, answer in zip(mirrors, answers, strict=True):
        if answer.ok:
            return await switch_to(ctx, mirror, tuple(ctx.catalog), stats, f"it serves {TOOLCHAIN_MODULE}")
    return None


async def _toolchain(ctx: DiagnosisContext, node: Node, gm: GoMod) -> list[Finding]:
    assert ctx.env is not None and gm.data is not None
    go_line = str(gm.data.get("Go") or "")
    toolchain_line = str(gm.data.get("Toolchain") or "")
    needed, name = go_line, f"go{go_line}"
    from_line = from_toolchain(toolchain_line) if toolchain_line else ""
    if from_line and gover_compare(from_line, needed) > 0:
        needed, name = from_line, toolchain_line
    local = from_toolchain(ctx.env.go.version) or "0"
    if not needed or gover_compare(needed, local) <= 0:
        return []
    setting = parse_gotoolchain(ctx.value("GOTOOLCHAIN"))
    evidence = [f"go.mod: go {go_line}" + (f", toolchain {toolchain_line}" if toolchain_line else ""),
                f"installed: {ctx.env.go.version}", f"GOTOOLCHAIN={ctx.value('GOTOOLCHAIN') or 'auto'}"]
    install = instructions(f"install Go {needed} by hand", f"download it from {DL}")
    if setting.mode == "local":
        return [node.finding("toolchain-local").make(
            node.id,
            f"{gm.path} requires go >= {needed} (running {ctx.env.go.version}; GOTOOLCHAIN=local): every go command "
            "in this module stops with that error.",
            evidence=evidence, remedy=install,
        )]
    if setting.mode == "path":
        if shutil.which(name, path=ctx.environ.get("PATH")):
            return []
        return [node.finding("toolchain-download").make(
            node.id, f"{gm.path} needs {name}, and GOTOOLCHAIN=path only looks for a '{name}' binary in PATH: there "
            "is none.", evidence=evidence, remedy=install)]
    goos, goarch = ctx.goos_goarch
    lang = gover_is_lang(needed) and gover_compare(needed, "1.21") >= 0
    version = None if lang else module_version(name, goos, goarch)
    plist = ctx.proxy_list
    entries = plist.entries if plist.ok else ()
    answers = await asyncio.gather(*(
        ctx.goproxy(e.url, TOOLCHAIN_MODULE, version, sumdb=False) if e.kind == "proxy" else asyncio.sleep(0)
        for e in entries
    ))
    faults = [a.fault if a is not None else None for a in answers]
    chain = walk(entries, faults)
    lines = [f"{shown(e.url)}: {a.explanation}" for e, a in zip(entries, answers, strict=True) if a is not None]
    switch = await _toolchain_mirror(ctx, version)
    local_remedy = env_remedy(ctx, N_("never download toolchains here (GOTOOLCHAIN=local)"), {"GOTOOLCHAIN": "local"},
                              instructions=[f"then install Go {needed} from {DL}"])
    remedies = [r for r in (switch, local_remedy) if r is not None]
    gosumdb_off = ctx.value("GOSUMDB") == "off"
    if chain.ending == "served" and not gosumdb_off:
        return [node.finding("toolchain-switch").make(
            node.id, f"{gm.path} needs {name}: Go downloads {TOOLCHAIN_MODULE}@{version or name} through GOPROXY "
            "before running any command here (the GOPROXY serves it).", evidence=[*evidence, *lines])]
    if gosumdb_off:
        why = "toolchain downloads are always verified against the checksum database, and GOSUMDB=off makes them fail"
    elif chain.ending == "hang":
        why = "the GOPROXY entry Go asks does not answer: the download hangs"
    elif chain.ending == "not-found" or (chain.deciding is not None and faults[chain.deciding] in (Fault.HTTP_404, Fault.HTTP_410)):
        why = f"no GOPROXY entry serves {TOOLCHAIN_MODULE}@{version or name}"
    else:
        why = f"the GOPROXY walk ends with {chain.ending}"
    return [node.finding("toolchain-download").make(
        node.id,
        f"{gm.path} needs {name} (installed: {ctx.env.go.version}, GOTOOLCHAIN={ctx.value('GOTOOLCHAIN') or 'auto'}): "
        f"every go command here first downloads it through GOPROXY, and {why}.",
        evidence=[*evidence, *lines], remedy=remedies[0], alternatives=remedies[1:],
    )]


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    if ctx.env is None:
        return Verdict("none", "no usable go command to read go.mod with", {})
    gm = await ctx.gomod()
    if gm.path is None:
        where = "GOPATH mode" if gm.gomod_env == "" else "outside any module"
        return Verdict("none", f"no go.mod in {ctx.workdir} ({where})", {"GOMOD": gm.gomod_env, "error": gm.error})
    evidence: dict[str, object] = {"go.mod": str(gm.path)}
    if gm.error or gm.data is None:
        finding = node.finding("gomod-invalid").make(
            node.id, f"{gm.path}: {gm.error}", evidence=[gm.error or ""],
            remedy=instructions(N_("fix go.mod"), f"'go mod edit -json' in {gm.path.parent} says: {gm.error}"),
        )
        return Verdict("broken", f"{gm.path} cannot be read", evidence, (finding,))
    evidence.update({"module": gm.data.get("Module", {}).get("Path"), "go": gm.data.get("Go"),
                     "toolchain": gm.data.get("Toolchain"),
                     "replace": [f"{r.get('Old', {}).get('Path')} => {r.get('New', {}).get('Path')}"
                                 for r in gm.data.get("Replace") or []]})
    findings = _replaces(ctx, node, gm) + await _toolchain(ctx, node, gm)
    ids = {f.id.split(".", 1)[1] for f in findings}
    if "replace-missing" in ids:
        outcome = "broken"
    elif ids & {"toolchain-download", "toolchain-local"}:
        outcome = "toolchain"
    elif "replace-shadows" in ids:
        outcome = "shadowed"
    else:
        outcome = "ok"
    summary = {"ok": f"{gm.path}: fine", "broken": f"{gm.path}: a replace target is missing",
               "toolchain": f"{gm.path}: its go/toolchain line forces a toolchain that cannot be had",
               "shadowed": f"{gm.path}: a replace shadows {ctx.target.path}"}[outcome]
    return Verdict(outcome, summary, evidence, tuple(findings))
