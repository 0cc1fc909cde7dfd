"""``gotui apply PROFILE.toml`` and ``gotui profile export``: a team's Go set-up as a file in its repo.

Apply shows the diff (current → new, credentials masked), asks on a terminal (``--yes`` skips the
question, ``--dry-run`` only shows the diff) and writes every Go setting as one journaled change, so
one ``gotui undo`` reverts the profile byte for byte. Exit codes: 0 applied (or nothing to do), 1
refused or declined, 2 invalid profile. Core modules are imported inside the functions so that
``gotui --help`` and the other commands do not load them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from goproxy_tui.commands.output import emit, fail, print_problem
from goproxy_tui.i18n import _

if TYPE_CHECKING:
    from goproxy_tui.core.profile import LoadedProfile, ProfileOutcome, ProfilePlan


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``apply`` and ``profile export`` to gotui's subcommands."""
    apply = subparsers.add_parser(
        "apply", help=_("apply a team profile (TOML): shows the changes, asks, one 'gotui undo' reverts it")
    )
    apply.add_argument("profile", metavar="PROFILE.toml", help=_("the team's profile file"))
    apply.add_argument("-y", "--yes", action="store_true", help=_("apply without asking"))
    apply.add_argument("--dry-run", action="store_true", help=_("show the changes only; write nothing"))
    apply.add_argument("--force", action="store_true", help=_("write even if an OS variable overrides a key"))

    profile = subparsers.add_parser("profile", help=_("team profiles: 'gotui profile export'"))
    actions = profile.add_subparsers(dest="profile_command", metavar="ACTION", parser_class=type(profile))
    actions.required = True
    export = actions.add_parser("export", help=_("write the current settings as a team profile"))
    export.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    export.add_argument(
        "--include-secrets", action="store_true", help=_("keep credentials in URLs (default: masked as ***)")
    )


def run(args: argparse.Namespace) -> int:
    if args.command == "apply":
        return cmd_apply(args.profile, yes=args.yes, dry_run=args.dry_run, force=args.force)
    if args.command == "profile" and args.profile_command == "export":
        return cmd_export(args.output, include_secrets=args.include_secrets)
    raise AssertionError(args.command)


# --------------------------------------------------------------------------------------------------
# apply


def _refuse_invalid(loaded: LoadedProfile) -> int:
    for problem in loaded.problems:
        print_problem(problem.format(full_path=True), problem.hint)
    count = len(loaded.problems)
    emit(f"gotui: {loaded.path} refused: {count} problem{'s' * (count != 1)}; nothing was written", err=True)
    return 2


def _show_plan(plan: ProfilePlan, envfile: Path | None, config_file: Path) -> None:
    from goproxy_tui.core.redact import printable

    emit(f"{printable(str(plan.profile.path))} → Go env file {envfile or '(none: GOENV=off)'}")
    for row in plan.settings:
        if row.changed:
            emit(f"  {printable(row.describe())}")
    for addition in plan.mirrors:
        mirror = addition.mirror
        if addition.add:
            emit(f"  + mirror {printable(mirror.name)} {printable(mirror.display_url)} → {config_file} "
                 "(your gotui config; not part of the Go env journal)")
        else:
            emit(f"  = mirror {printable(mirror.name)}: skipped, {printable(addition.skip_reason or '')}")
    unchanged = plan.unchanged()
    if unchanged:
        emit(f"  unchanged: {', '.join(unchanged)}")
    for note in plan.profile.notes:
        emit(f"warning: {printable(note)}", err=True)


def _confirm(question: str) -> bool:
    sys.stdout.write(f"{question} [y/N] ")
    sys.stdout.flush()
    answer = sys.stdin.readline()  # EOF ("") declines
    return answer.strip().lower() in ("y", "yes")


def _report(plan: ProfilePlan, outcome: ProfileOutcome) -> int:
    from goproxy_tui.core.redact import printable

    change = outcome.change
    if change is not None:
        for problem in change.problems:
            print_problem(problem.message, problem.hint)
        if not change.ok:
            emit("nothing was written", err=True)
            return outcome.exit_code
        assert change.entry is not None
        emit(f"applied {printable(str(plan.profile.path))}: {len(plan.changes)} Go setting"
             f"{'s' * (len(plan.changes) != 1)} (change #{change.entry.id}; 'gotui undo' reverts them all)")
        for note in change.notes:
            emit(f"warning: {printable(note)}", err=True)
    for mirror in outcome.added:
        emit(f"added mirror {printable(mirror.name)} to your gotui config "
             "(not part of the Go env journal: 'gotui undo' leaves it)")
    for error in outcome.mirror_errors:
        print_problem(error, "add it by hand under [[mirrors]] in your gotui config")
    if plan.profile.verify_module:
        emit(f"verify with: gotui check --module {printable(plan.profile.verify_module)}")
    return outcome.exit_code


def cmd_apply(path: str, *, yes: bool = False, dry_run: bool = False, force: bool = False) -> int:
    import asyncio

    from goproxy_tui.core.config import config_path, load_config
    from goproxy_tui.core.goenv import check_changes, read_environment
    from goproxy_tui.core.gotool import GoError
    from goproxy_tui.core.journal import JournalError
    from goproxy_tui.core.profile import apply_profile, load_profile, plan_profile
    from goproxy_tui.core.redact import printable

    loaded_config = load_config()
    for problem in loaded_config.problems:
        emit(f"gotui: warning: {printable(str(problem))}", err=True)
    catalog = loaded_config.catalog
    loaded = load_profile(path, catalog)
    if loaded.profile is None:
        return _refuse_invalid(loaded)
    try:
        env = asyncio.run(read_environment())
    except GoError as exc:
        return fail(exc.message, exc.hint, code=1)
    plan = plan_profile(loaded.profile, env, catalog)
    _show_plan(plan, env.envfile, config_path())
    if plan.count == 0:
        emit("nothing to change: your settings already match the profile")
        return 0
    if dry_run:
        emit(f"dry run: {plan.count} change{'s' * (plan.count != 1)} not applied")
        return 0
    if plan.changes:
        problems, _notes = check_changes(env, plan.changes, force=force)
        if problems:
            for problem in problems:
                print_problem(problem.message, problem.hint)
            emit("nothing was written", err=True)
            return 2 if any(p.kind == "invalid" for p in problems) else 1
    if not yes:
        if not sys.stdin.isatty():
            return fail("not asking without a terminal: nothing was written",
                        "pass --yes to apply without asking, or --dry-run to only see the changes", code=1)
        if not _confirm(f"Apply these {plan.count} changes?"):
            emit("declined: nothing was written")
            return 1
    try:
        outcome = asyncio.run(apply_profile(plan, env, force=force))
    except (GoError, JournalError) as exc:
        return fail(exc.message, exc.hint, code=1)
    return _report(plan, outcome)


# --------------------------------------------------------------------------------------------------
# export


def cmd_export(output: str | None, *, include_secrets: bool = False) -> int:
    import asyncio

    from goproxy_tui.core.config import load_config
    from goproxy_tui.core.files import atomic_write_bytes
    from goproxy_tui.core.goenv import read_environment
    from goproxy_tui.core.gotool import GoError
    from goproxy_tui.core.profile import export_profile
    from goproxy_tui.core.redact import printable

    try:
        env = asyncio.run(read_environment())
    except GoError as exc:
        return fail(exc.message, exc.hint, code=1)
    result = export_profile(env, load_config().config, include_secrets=include_secrets)
    for warning in result.warnings:
        emit(f"gotui: warning: {printable(warning)}", err=True)
    if output is None:
        sys.stdout.write(result.text)
    else:
        target = Path(output)
        try:
            atomic_write_bytes(target, result.text.encode("utf-8"), mode=0o600 if include_secrets else 0o644)
        except OSError as exc:
            return fail(f"cannot write {target}: {exc.strerror or exc}", "check the directory exists and is writable")
        emit(f"wrote {target}" + (" (credentials included: keep it out of public repos)" if include_secrets else ""),
             err=True)
    if result.masked:
        emit("gotui: note: credentials are masked (***); 'gotui apply' refuses the file until they are "
             "filled in (or export with --include-secrets)", err=True)
    return 0
