"""Building remedies from what the walk found, and applying them.

Applying goes through the same paths as the rest of gotui: ``go env -w/-u`` via
:func:`goproxy_tui.core.goenv.apply_changes` (journaled: ``gotui undo`` reverts it), the mirror switch
plan of :mod:`goproxy_tui.core.switch` (the chain ``gotui use`` would write), and ``go clean
-modcache`` only after an explicit confirmation. A setting the OS environment overrides cannot be
fixed with ``go env -w``; such remedies are instructions naming the shell file that sets it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.goenv import ChangeResult, GoEnvironment, apply_changes, describe
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.health import MirrorStats
from goproxy_tui.core.journal import Journal, JournalError, read_bytes_or_none
from goproxy_tui.core.mirrors import Mirror, normalize_url
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.core.switch import SwitchError, pick_best, plan_switch
from goproxy_tui.i18n import N_, Joined, Msg  # English for JSON; shown with tr()


def _go_env_commands(changes: Mapping[str, str | None]) -> tuple[tuple[str, ...], ...]:
    commands: list[tuple[str, ...]] = []
    to_set = [f"{k}={v}" for k, v in changes.items() if v is not None]
    to_unset = [k for k, v in changes.items() if v is None]
    if to_set:
        commands.append(("go", "env", "-w", *to_set))
    if to_unset:
        commands.append(("go", "env", "-u", *to_unset))
    return tuple(commands)


def _shell_lines(changes: Mapping[str, str | None]) -> list[str]:
    return [f"export {k}='{v}'" if v is not None else f"unset {k}" for k, v in changes.items()]


def env_remedy(
    ctx: DiagnosisContext | None,
    summary: str,
    changes: Mapping[str, str | None],
    *,
    instructions: Sequence[str] = (),
    kind: str = "env",
    mirror: str | None = None,
) -> Remedy:
    """``go env -w/-u`` changes; instructions instead when the OS environment overrides a key."""
    overridden = [k for k in changes if ctx is not None and ctx.from_os(k)]
    if ctx is not None and overridden:
        steps: list[str] = [
            Msg("{key} is set in the OS environment, which overrides 'go env -w' ({where}); change it there",
                key=key, where=where_is_it_set(key, ctx.environ))
            for key in overridden
        ]
        steps.append(Msg("the shell lines to use: {lines}", lines="; ".join(_shell_lines(changes))))
        return Remedy(
            "instructions", summary, env=dict(changes), instructions=(*steps, *instructions), mirror=mirror
        )
    return Remedy(
        kind,  # type: ignore[arg-type]
        summary,
        env=dict(changes),
        commands=_go_env_commands(changes),
        instructions=tuple(instructions),
        mirror=mirror,
    )


def instructions(summary: str, *steps: str, commands: Sequence[Sequence[str]] = ()) -> Remedy:
    return Remedy("instructions", summary, instructions=tuple(steps), commands=tuple(tuple(c) for c in commands))


def _identity(url: str) -> str:
    parts = urlsplit(normalize_url(url))
    netloc = parts.netloc.rpartition("@")[2].lower()
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


async def switch_remedy(ctx: DiagnosisContext, *, avoid: Sequence[str] = (), why: str = "") -> Remedy:
    """"Switch to <the best healthy mirror>", planned by :func:`goproxy_tui.core.switch.plan_switch`."""
    key = ("switch-remedy", tuple(sorted(_identity(u) for u in avoid)))
    return await ctx.once(key, lambda: _switch_remedy(ctx, avoid, why))


async def _switch_remedy(ctx: DiagnosisContext, avoid: Sequence[str], why: str) -> Remedy:
    stats = await ctx.catalog_stats()
    avoided = {_identity(u) for u in avoid}
    mirrors = tuple(m for m in ctx.catalog if _identity(m.url) not in avoided)
    best = pick_best(mirrors, stats)
    if best is None:
        names = ", ".join(m.name for m in ctx.catalog) or Msg("none configured")
        return instructions(
            N_("no healthy mirror to switch to"),
            Msg("none of the catalog's mirrors ({names}) answered the probe just now", names=names),
            Msg("run 'gotui mirrors' to see why, or add your company's proxy with [[mirrors]] in the gotui config"),
        )
    return await switch_to(ctx, best, mirrors, stats, why)


async def switch_to(
    ctx: DiagnosisContext,
    chosen: Mirror,
    mirrors: Sequence[Mirror],
    stats: Mapping[str, MirrorStats],
    why: str = "",
) -> Remedy:
    """The remedy that makes ``chosen`` the active mirror, with the chain and GOSUMDB ``gotui use`` writes."""
    try:
        plan = await plan_switch(
            chosen,
            mirrors,
            stats,
            style=ctx.config.switch.chain,
            current_gosumdb=ctx.value("GOSUMDB"),
            gosumdb_from_os=ctx.from_os("GOSUMDB"),
            reach=ctx.reach,
            timeout=ctx.timeout,
        )
    except SwitchError as exc:
        return instructions(Msg("switch to {mirror}", mirror=chosen.name), exc.message,
                            *([exc.hint] if exc.hint else []))
    median = stats[chosen.name].median_ms if chosen.name in stats else None
    note: str = (
        Msg("{mirror} answered in {ms:.0f} ms just now", mirror=chosen.name, ms=median)
        if median is not None
        else Msg("{mirror} healthy just now", mirror=chosen.name)
    )
    notes: list[str] = [note + "; " + why if why else note]  # Msg + text: both parts stay translatable
    notes += [line for line in plan.describe()[1:]]
    return env_remedy(
        ctx,
        Msg("switch to {mirror} ({url})", mirror=chosen.name, url=chosen.display_url),
        plan.changes(),
        instructions=notes,
        kind="switch-mirror",
        mirror=chosen.name,
    )


def clean_modcache_remedy(modcache: str, size: str) -> Remedy:
    return Remedy(
        "clean-modcache",
        Msg("clean the module cache ({size})", size=size),
        commands=(("go", "clean", "-modcache"),),
        instructions=(
            Msg("deletes {path} ({size}); every module is downloaded again on next use", path=modcache, size=size),
        ),
        confirm=Msg("Delete the module cache {path} ({size})? Every module will be downloaded again.",
                    path=modcache, size=size),
    )


def already_in_effect(remedy: Remedy, env: GoEnvironment) -> bool:
    """Would applying ``remedy`` write what the env file already holds? (Never journal a no-op.)"""
    for key, value in remedy.env.items():
        try:
            var = env.get(key)
        except KeyError:
            return False
        if var.file != value:  # None: "go env -u", already in effect when the file has no such line
            return False
    return bool(remedy.env)


@dataclass(frozen=True)
class RemedyResult:
    """What applying a remedy did: ``message`` is one line for people."""

    ok: bool
    message: str
    hint: str | None = None
    change: ChangeResult | None = None


async def apply_remedy(
    remedy: Remedy,
    env: GoEnvironment,
    *,
    confirmed: bool = False,
    journal: Journal | None = None,
    timeout: float = 600.0,
) -> RemedyResult:
    """Carry out ``remedy``. Never raises for expected failures; instructions are refused."""
    if not remedy.applicable:
        return RemedyResult(
            False,
            Msg("'{summary}' is for you to do", summary=remedy.summary),
            Joined("; ", remedy.instructions) if remedy.instructions else None,
        )
    if remedy.kind in ("env", "switch-mirror"):
        if already_in_effect(remedy, env):
            return RemedyResult(False, Msg("{changes} is already in effect: nothing written",
                                           changes=describe(remedy.env)),
                                Msg("the fault lies elsewhere: see the other findings"))
        try:
            result = await apply_changes(
                env, dict(remedy.env), action="check" if remedy.kind == "env" else "use", journal=journal
            )
        except (GoError, JournalError) as exc:
            return RemedyResult(False, mask_secrets(exc.message), exc.hint)
        if not result.ok or result.entry is None:
            problem = result.problems[0] if result.problems else None
            return RemedyResult(
                False,
                problem.message if problem else Msg("nothing was written"),
                problem.hint if problem else None,
                result,
            )
        return RemedyResult(
            True,
            Msg("applied {changes} (change #{id}; 'gotui undo' reverts it)", changes=describe(remedy.env),
                id=result.entry.id),
            change=result,
        )
    if remedy.kind == "go-command":
        return await _run_go_command(remedy, env, journal or Journal(), timeout)
    # clean-modcache
    if not confirmed:
        return RemedyResult(False, Msg("not confirmed: the module cache was left alone"), remedy.confirm)
    run_env = dict(env.environ)
    run_env["GOTOOLCHAIN"] = "local"
    try:
        result_go = await env.go.run("clean", "-modcache", env=run_env, timeout=timeout)
    except GoError as exc:
        return RemedyResult(False, exc.message, exc.hint)
    if not result_go.ok:
        return RemedyResult(False, mask_secrets(result_go.first_error_line()), Msg("check the cache's permissions"))
    return RemedyResult(True, Msg("module cache deleted ('go clean -modcache'); modules download again on next use"))


async def _run_go_command(remedy: Remedy, env: GoEnvironment, journal: Journal, timeout: float) -> RemedyResult:
    """Run the go command Go suggested in the project; each file it may write is journaled first."""
    assert remedy.cwd is not None and remedy.commands
    project = Path(remedy.cwd)
    run_env = dict(env.environ)  # the user's own settings: this is their command, run for them
    try:
        async with journal.writing():
            entries = [(project / name, journal.begin(action="check", summary=f"{' '.join(remedy.commands[0])}: {name}",
                                                      envfile=project / name, changes=[]))
                       for name in remedy.writes]
            try:
                result = await env.go.run(*remedy.commands[0][1:], env=run_env, cwd=str(project), timeout=timeout)
            except GoError as exc:
                result = None
                error: str = exc.message
            changed: list[int] = []
            for path, entry in entries:
                after = read_bytes_or_none(path)
                if (after or b"") == entry.before and (after is not None) == entry.existed:
                    journal.discard(entry.id)
                else:
                    journal.complete(entry.id, after or b"")
                    changed.append(entry.id)
    except JournalError as exc:
        return RemedyResult(False, exc.message, exc.hint)
    if result is None or not result.ok:
        detail = error if result is None else mask_secrets(result.first_error_line())
        return RemedyResult(False, Msg("'{command}' failed: {error}", command=" ".join(remedy.commands[0]),
                                       error=detail), Msg("'gotui undo' restores the files it changed"))
    ids = ", ".join(f"#{i}" for i in changed) or Msg("none")
    return RemedyResult(True, Msg("ran '{command}' in {dir} (changes {ids}; 'gotui undo' reverts each)",
                                  command=" ".join(remedy.commands[0]), dir=str(project), ids=ids))
