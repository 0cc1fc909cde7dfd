"""Node 11: the go.mod of the working directory (``go env GOMOD``, ``go mod edit -json``).

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
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

DL = Msg("{china} (or {world})", china="https://golang.google.cn/dl/", world="https://go.dev/dl/")


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
            why = Msg("does not exist") if not target.exists() else Msg("has no go.mod")
            findings.append(
                node.finding("replace-missing").make(
                    node.id,
                    Msg("{gomod}: 'replace {old} => {new}' points at {target}, which {why}: every build and "
                        "'go mod tidy' in this module fails on it.",
                        gomod=str(gm.path), old=old_text, new=new_text, target=str(target), why=why),
                    evidence=[f"replace {old_text} => {new_text}", f"{target}: " + why],
                    remedy=instructions(
                        Msg("fix or drop the replace of {module}", module=old_text),
                        Msg("check out {module} at {dir}, or remove the directive", module=str(old.get("Path")),
                            dir=str(target)),
                        commands=[("go", "mod", "edit", f"-dropreplace={old_text}")],
                    ),
                )
            )
        if old.get("Path") == ctx.target.path:
            findings.append(
                node.finding("replace-shadows").make(
                    node.id,
                    Msg("{gomod} replaces {old} with {new}: inside this module Go builds that instead of "
                        "the version the proxy serves ('go mod download {module}' still asks the proxy).",
                        gomod=str(gm.path), old=old_text, new=new_text, module=ctx.target.text),
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
            return await switch_to(ctx, mirror, tuple(ctx.catalog), stats,
                                   Msg("it serves {module}", module=TOOLCHAIN_MODULE))
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
                Msg("installed: {version}", version=ctx.env.go.version),
                f"GOTOOLCHAIN={ctx.value('GOTOOLCHAIN') or 'auto'}"]
    install = instructions(Msg("install Go {version} by hand", version=needed), Msg("download it from {dl}", dl=DL))
    if setting.mode == "local":
        return [node.finding("toolchain-local").make(
            node.id,
            Msg("{gomod} requires go >= {version} (running {running}; GOTOOLCHAIN=local): every go command "
                "in this module stops with that error.", gomod=str(gm.path), version=needed,
                running=ctx.env.go.version),
            evidence=evidence, remedy=install,
        )]
    if setting.mode == "path":
        if shutil.which(name, path=ctx.environ.get("PATH")):
            return []
        return [node.finding("toolchain-download").make(
            node.id, Msg("{gomod} needs {name}, and GOTOOLCHAIN=path only looks for a '{name}' binary in PATH: there "
                         "is none.", gomod=str(gm.path), name=name), evidence=evidence, remedy=install)]
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
    lines = [f"{shown(e.url)}: " + a.explanation for e, a in zip(entries, answers, strict=True) if a is not None]
    switch = await _toolchain_mirror(ctx, version)
    local_remedy = env_remedy(ctx, N_("never download toolchains here (GOTOOLCHAIN=local)"), {"GOTOOLCHAIN": "local"},
                              instructions=[Msg("then install Go {version} from {dl}", version=needed, dl=DL)])
    remedies = [r for r in (switch, local_remedy) if r is not None]
    gosumdb_off = ctx.value("GOSUMDB") == "off"
    if chain.ending == "served" and not gosumdb_off:
        return [node.finding("toolchain-switch").make(
            node.id, Msg("{gomod} needs {name}: Go downloads {module}@{version} through GOPROXY "
                         "before running any command here (the GOPROXY serves it).",
                         gomod=str(gm.path), name=name, module=TOOLCHAIN_MODULE, version=version or name),
            evidence=[*evidence, *lines])]
    if gosumdb_off:
        why = Msg("toolchain downloads are always verified against the checksum database, and GOSUMDB=off makes "
                  "them fail")
    elif chain.ending == "hang":
        why = Msg("the GOPROXY entry Go asks does not answer: the download hangs")
    elif chain.ending == "not-found" or (chain.deciding is not None and faults[chain.deciding] in (Fault.HTTP_404, Fault.HTTP_410)):
        why = Msg("no GOPROXY entry serves {module}@{version}", module=TOOLCHAIN_MODULE, version=version or name)
    else:
        why = Msg("the GOPROXY walk ends with {ending}", ending=chain.ending)
    return [node.finding("toolchain-download").make(
        node.id,
        Msg("{gomod} needs {name} (installed: {installed}, GOTOOLCHAIN={gotoolchain}): "
            "every go command here first downloads it through GOPROXY, and {why}.",
            gomod=str(gm.path), name=name, installed=ctx.env.go.version,
            gotoolchain=ctx.value("GOTOOLCHAIN") or "auto", why=why),
        evidence=[*evidence, *lines], remedy=remedies[0], alternatives=remedies[1:],
    )]


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    if ctx.env is None:
        return Verdict("none", Msg("no usable go command to read go.mod with"), {})
    gm = await ctx.gomod()
    if gm.path is None:
        where = Msg("GOPATH mode") if gm.gomod_env == "" else Msg("outside any module")
        return Verdict("none", Msg("no go.mod in {dir} ({where})", dir=str(ctx.workdir), where=where),
                       {"GOMOD": gm.gomod_env, "error": gm.error})
    evidence: dict[str, object] = {"go.mod": str(gm.path)}
    if gm.error or gm.data is None:
        finding = node.finding("gomod-invalid").make(
            node.id, f"{gm.path}: " + (gm.error or ""), evidence=[gm.error or ""],
            remedy=instructions(N_("fix go.mod"), Msg("'go mod edit -json' in {dir} says: {error}",
                                                      dir=str(gm.path.parent), error=gm.error or "")),
        )
        return Verdict("broken", Msg("{gomod} cannot be read", gomod=str(gm.path)), evidence, (finding,))
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
    gomod = str(gm.path)
    summary = {"ok": Msg("{gomod}: fine", gomod=gomod),
               "broken": Msg("{gomod}: a replace target is missing", gomod=gomod),
               "toolchain": Msg("{gomod}: its go/toolchain line forces a toolchain that cannot be had", gomod=gomod),
               "shadowed": Msg("{gomod}: a replace shadows {module}", gomod=gomod, module=ctx.target.path)}[outcome]
    return Verdict(outcome, summary, evidence, tuple(findings))
