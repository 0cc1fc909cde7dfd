"""``gotui check [--json] [--module PATH[@VER]] [--mermaid] [--fix] [--dir DIR] [-- go ARGS…]``: the flowchart, headless.

The proof at the end runs the operation that fails for the user: the command after ``--``, else in a
module what the project needs, else a scratch download of ``--module`` (see core/diagnosis/operation.py).

Exit 0 when nothing stops Go from downloading the module, 1 when problems were found, 2 for bad input.
In text mode each step is printed the moment the walk reaches it; every value shown goes through
``printable`` (secrets masked, control characters visible), so nothing a server or an environment
variable says can drive the terminal. The engine is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from goproxy_tui.commands.output import emit, fail, json_text, ljust
from goproxy_tui.i18n import N_, _, ngettext, tr

if TYPE_CHECKING:
    from goproxy_tui.core.config import LoadedConfig
    from goproxy_tui.core.diagnosis import Diagnosis, DiagnosisContext, Event, Finding

_MARK = {"pass": N_("ok"), "warn": N_("warn"), "fail": N_("FAIL"), "skip": N_("skip")}
_SEVERITY = {"error": N_("ERROR"), "warning": N_("WARNING"), "info": N_("INFO")}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "check", help=_("walk the whole diagnosis flowchart (exit 0 ok, 1 problems, 2 bad input)")
    )
    parser.add_argument("--module", metavar="PATH[@VER]",
                        help=_("the module to diagnose and download (default: [probe] module @latest)"))
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("machine-readable output (schema_version 1)"))
    output.add_argument("--mermaid", action="store_true",
                        help=_("print the flowchart as Mermaid with the path taken"))
    parser.add_argument("--fix", action="store_true",
                        help=_("apply the first remedy gotui can apply for each error (journaled; never cleans the "
                               "module cache), then run the verification again"))
    parser.add_argument("--dir", metavar="DIR", help=_("the directory whose go.mod is checked (default: here)"))
    parser.add_argument("go_command", nargs="*", metavar="-- go ARGS",
                        help=_("the go command that fails for you, e.g. -- go get github.com/gin-gonic/gin@latest "
                               "(run on copies of go.mod/go.sum, with a fresh module cache)"))
    return parser


def load_config_with_warnings(quiet: bool = False) -> LoadedConfig:
    from goproxy_tui.core.config import load_config
    from goproxy_tui.core.redact import printable

    loaded = load_config()
    if not quiet:
        for problem in loaded.problems:
            emit(f"gotui: warning: {printable(tr(problem.format()))}", err=True)
    return loaded


async def context_for(module: str | None, directory: str | None, loaded: LoadedConfig,
                      command: tuple[str, ...] | None = None) -> DiagnosisContext:
    from pathlib import Path

    from goproxy_tui.core.diagnosis import build_context

    return await build_context(module=module, workdir=Path(directory) if directory else None, loaded=loaded,
                               command=command)


def finding_lines(finding: Finding, indent: str = "  ") -> list[str]:
    from goproxy_tui.core.redact import printable

    pad = indent + " " * 9
    severity = ljust(_(_SEVERITY[finding.severity]), 7)
    lines = [f"{indent}{severity}  {printable(tr(finding.title))}  [{finding.id}]",
             f"{pad}{printable(tr(finding.detail))}"]
    for item in finding.evidence[:8]:
        lines.append(f"{pad}| {printable(tr(item))}")
    for index, remedy in enumerate(finding.remedies):
        label = _("fix") if index == 0 else _("or")
        how = "" if remedy.applicable else " " + _("(for you to do)")
        lines.append(f"{pad}{label}: {printable(tr(remedy.summary))}{how}")
        for step in remedy.instructions:
            lines.append(f"{pad}  - {printable(tr(step))}")
        for command in remedy.commands:
            lines.append(f"{pad}  $ {printable(' '.join(command))}")
    return lines


def _print_event(event: Event) -> None:
    from goproxy_tui.core.diagnosis import NodeFinished
    from goproxy_tui.core.redact import printable

    if isinstance(event, NodeFinished):
        r = event.result
        mark = ljust(_(_MARK[r.status]), 4)
        emit(f"{r.number:>3} {mark}  {printable(tr(r.title))}: {printable(tr(r.summary))}")


def print_summary(diagnosis: Diagnosis) -> None:
    findings = sorted(diagnosis.findings, key=lambda f: ("error", "warning", "info").index(f.severity))
    errors, warnings = diagnosis.count("error"), diagnosis.count("warning")
    if findings:
        emit("")
        counts = (ngettext("{n} error", "{n} errors", errors).format(n=errors),
                  ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings))
        emit(_("Findings ({errors}, {warnings}):").format(errors=counts[0], warnings=counts[1]))
        for finding in findings:
            for line in finding_lines(finding):
                emit(line)
    emit("")
    if diagnosis.ok:
        emit(_("Result: OK: Go can download the module with these settings."))
    elif _fixable(diagnosis):
        emit(ngettext("Result: {n} problem found; 'gotui check --fix' applies the fixes marked as gotui's to apply",
                      "Result: {n} problems found; 'gotui check --fix' applies the fixes marked as gotui's to apply",
                      errors).format(n=errors))
    else:
        emit(ngettext("Result: {n} problem found.", "Result: {n} problems found.", errors).format(n=errors))


def _fixable(diagnosis: Diagnosis) -> bool:
    return any(r.applicable and r.kind != "clean-modcache" for f in diagnosis.findings for r in f.remedies[:1])


async def _apply_fixes(diagnosis: Diagnosis, ctx: DiagnosisContext) -> list[dict[str, Any]]:
    """The first applicable remedy of each error (a GOPROXY change at most once); never clean-modcache.

    A remedy whose precondition this run found false is never offered as applicable in the first place
    (e.g. a GOSUMDB alias that did not answer); one that would write what is already set is refused by
    :func:`apply_remedy`, so the journal never records a no-op."""
    from goproxy_tui.core.diagnosis import apply_remedy
    from goproxy_tui.core.goenv import read_environment

    done: list[dict[str, Any]] = []
    touched: set[str] = set()
    for finding in diagnosis.findings:
        if finding.severity != "error" or not finding.remedy or not finding.remedy.applicable:
            continue
        remedy = finding.remedy
        if remedy.kind == "clean-modcache" or touched & set(remedy.env):
            continue
        env = await read_environment(environ=ctx.environ)
        outcome = await apply_remedy(remedy, env)
        touched |= set(remedy.env)
        done.append({"finding": finding.id, "remedy": remedy.summary, "ok": outcome.ok,
                     "message": outcome.message, "hint": outcome.hint})
    return done


async def _check(args: argparse.Namespace, loaded: LoadedConfig, command: tuple[str, ...] | None
                 ) -> tuple[Diagnosis, list[dict[str, Any]], Any, Any, dict[str, Any]]:
    from goproxy_tui.core.diagnosis import DiagnosisEngine, WalkFinished
    from goproxy_tui.core.diagnosis.nodes.verify import describe_run, proxy_urls, run_verification
    from goproxy_tui.core.diagnosis.resolve import module_route

    ctx = await context_for(args.module, args.dir, loaded, command)
    final: Diagnosis | None = None
    async for event in DiagnosisEngine(ctx).run():
        if not args.json and not args.mermaid:
            _print_event(event)
        if isinstance(event, WalkFinished):
            final = event.diagnosis
    assert final is not None
    verify = ctx.verify_run.to_json(proxy_urls(ctx)) if ctx.verify_run is not None else None
    route = module_route(ctx)
    fixes: list[dict[str, Any]] = []
    again: Any = None
    if args.fix and not final.ok:
        fixes = await _apply_fixes(final, ctx)
        if any(f["ok"] for f in fixes):  # the user's own operation again, with the settings now in effect
            module = ctx.target.text if args.module else None  # the module root, if a package was given
            fresh = await context_for(module, args.dir, loaded, command)
            try:
                run = await run_verification(fresh)
                again = {"ok": run.ok, "error": None if run.ok else run.error, **describe_run(run, proxy_urls(fresh)),
                         "verify": run.to_json(proxy_urls(fresh))}
            finally:
                await fresh.close()
    return final, fixes, again, verify, route


def run(args: argparse.Namespace) -> int:
    import asyncio

    from goproxy_tui.core.diagnosis import TargetError, to_mermaid
    from goproxy_tui.core.diagnosis.findings import masked
    from goproxy_tui.core.diagnosis.operation import CommandError, parse_command
    from goproxy_tui.core.redact import printable

    try:
        command = parse_command(args.go_command) if args.go_command else None
    except CommandError as exc:
        return fail(tr(exc), _("put the go command after '--', e.g. gotui check -- go build ./..."), code=2)
    loaded = load_config_with_warnings()
    try:
        diagnosis, fixes, again, verify, route = asyncio.run(_check(args, loaded, command))
    except TargetError as exc:
        return fail(tr(exc), _("give the module as PATH[@VERSION], e.g. github.com/gin-gonic/gin@latest"), code=2)
    fixed = again is not None and again["ok"]
    code = 0 if diagnosis.ok or fixed else 1
    if args.json:
        document = diagnosis.to_json()
        document["verify"] = masked(verify)
        document["route"] = masked(route)
        if args.fix:
            document["fixes"] = masked(fixes)
            document["verification_after_fix"] = masked(again)
        emit(json_text(document))
        return code
    if args.mermaid:
        emit(to_mermaid(diagnosis).rstrip("\n"))
        return code
    print_summary(diagnosis)
    for fix in fixes:
        state = _("applied") if fix["ok"] else _("not applied")
        emit(f"--fix: {state}: {printable(tr(fix['remedy']))}: {printable(tr(fix['message']))}")
        if fix["hint"] and not fix["ok"]:
            emit(f"  hint: {printable(tr(fix['hint']))}")
    if again is not None:
        verdict = _("works now") if again["ok"] else _("still fails: {error}").format(error=tr(again["error"]))
        emit(f"--fix: {again['command']} {printable(verdict)}")
    return code
