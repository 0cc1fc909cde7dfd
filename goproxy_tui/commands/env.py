"""Headless environment commands: ``gotui env``, ``set``, ``unset``, ``undo``, ``history`` (DESIGN §2)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from goproxy_tui.commands.output import cell_width, emit, fail, json_text, ljust, print_problem
from goproxy_tui.core.goenv import (
    SOURCE_WORDS,
    SPEC_BY_NAME,
    ChangeResult,
    GoEnvironment,
    apply_changes,
    read_environment,
    undo_last,
)
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.journal import Journal, JournalError
from goproxy_tui.core.redact import mask_secrets, printable
from goproxy_tui.i18n import _, tr


def _environment() -> GoEnvironment:
    return asyncio.run(read_environment())


def cmd_env(as_json: bool) -> int:
    try:
        env = _environment()
    except GoError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    if as_json:
        emit(json_text(env.to_json()))
        return 0
    emit(_("{version} at {path}").format(version=env.go.version, path=env.go.path))
    emit(_("env file: {path}").format(path=env.envfile if env.envfile else _("none (GOENV=off)")))
    emit("")
    empty = _("(empty)")
    sources = [
        var.os_name if var.source == "os" and var.os_name and var.os_name != var.name else tr(SOURCE_WORDS[var.source])
        for var in env.vars
    ]
    width = max(cell_width(v.name) for v in env.vars)
    source_width = max(8, *(cell_width(s) for s in sources))
    indent = " " * (width + 2 + source_width + 1)
    for var, source in zip(env.vars, sources, strict=True):
        emit(f"{ljust(var.name, width)}  {ljust(source, source_width)} {printable(var.effective) or empty}")
        if var.file is not None and var.file != var.effective:
            emit(indent + _("env file: {value}").format(value=printable(var.file) or empty))
        if var.source != "default" and var.default != var.effective:
            emit(indent + _("default:  {value}").format(value=printable(var.default) or empty))
        for warning in var.warnings:
            emit(f"{indent}! {printable(tr(warning))}")
    return 0


def parse_assignments(items: list[str]) -> dict[str, str] | str:
    """``KEY=VALUE`` words → dict; a string is the one-line error for bad input."""
    changes: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            return _("expected KEY=VALUE, got {item!r}").format(item=item)
        changes[normalise_key(key)] = value
    return changes


def normalise_key(key: str) -> str:
    """Accept ``goproxy`` for ``GOPROXY``: Go's variables are upper case."""
    return key.upper() if key.upper() in SPEC_BY_NAME else key


def _report(result: ChangeResult, changes: Mapping[str, str | None], verb: str) -> int:
    for problem in result.problems:
        print_problem(problem.message, problem.hint)
    if result.ok:
        assert result.entry is not None
        emit(
            _("{verb} {summary}  (change #{id}; 'gotui undo' reverts it)").format(
                verb=verb, summary=mask_secrets(tr(result.entry.summary)), id=result.entry.id
            )
        )
        for note in result.notes:
            emit(_("warning: {note}").format(note=printable(tr(note))))
    elif result.exit_code == 1 and any(p.kind == "conflict" for p in result.problems):
        emit(_("nothing was written"), err=True)
    return result.exit_code


def _change(changes: dict[str, str | None], verb: str, force: bool, action: str) -> int:
    try:
        env = _environment()
        result = asyncio.run(apply_changes(env, changes, action=action, force=force))
    except GoError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    except JournalError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    return _report(result, changes, verb)


def cmd_set(items: list[str], force: bool) -> int:
    parsed = parse_assignments(items)
    if isinstance(parsed, str):
        return fail(parsed, _("example: gotui set GOPROXY=https://goproxy.cn,direct"), code=2)
    return _change(dict(parsed), _("set"), force, "set")


def cmd_unset(keys: list[str], force: bool) -> int:
    changes: dict[str, str | None] = {normalise_key(k): None for k in keys}
    return _change(changes, _("unset"), force, "unset")


def cmd_undo(force: bool) -> int:
    try:
        result = undo_last(force=force)
    except JournalError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    if not result.ok:
        return fail(result.error or _("undo failed"), result.hint, code=1)
    assert result.entry is not None
    emit(
        _("undid change #{id} ({summary}); {envfile} restored").format(
            id=result.entry.id, summary=mask_secrets(tr(result.entry.summary)), envfile=result.entry.envfile
        )
    )
    return 0


def cmd_history(as_json: bool) -> int:
    try:
        entries = Journal().entries()
    except JournalError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    if as_json:
        rows = [
            {
                "id": e.id,
                "time": e.time,
                "action": e.action,
                "summary": mask_secrets(e.summary),
                "envfile": e.envfile,
                "undone": e.undone,
                "interrupted": e.pending,
                "changes": [
                    {
                        "name": c.name,
                        "old": None if c.old is None else mask_secrets(c.old),
                        "new": None if c.new is None else mask_secrets(c.new),
                    }
                    for c in e.changes
                ],
            }
            for e in entries
        ]
        emit(json_text({"schema_version": 1, "changes": rows}))
        return 0
    if not entries:
        emit(_("no changes yet"))
        return 0
    for e in reversed(entries):
        state = " " + _("(undone)") if e.undone else (" " + _("(interrupted)") if e.pending else "")
        emit(f"#{e.id:<4} {printable(e.time)}  {printable(e.action):<6} {printable(tr(e.summary))}{state}")
    return 0
