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
from goproxy_tui.i18n import _, ngettext, tr

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
    emit("gotui: " + ngettext("{path} refused: {n} problem; nothing was written",
                              "{path} refused: {n} problems; nothing was written", count).format(path=loaded.path, n=count),
         err=True)
    return 2


def _show_plan(plan: ProfilePlan, envfile: Path | None, config_file: Path) -> None:
    from goproxy_tui.core.redact import printable

    emit(_("{profile} → Go env file {envfile}").format(profile=printable(str(plan.profile.path)),
                                                      envfile=envfile or _("(none: GOENV=off)")))
    for row in plan.settings:
        if row.changed:
            emit(f"  {printable(tr(row.describe()))}")
    for addition in plan.mirrors:
        mirror = addition.mirror
        if addition.add:
            emit("  + " + _("mirror {name} {url} → {config} (your gotui config; not part of the Go env journal)").format(
                name=printable(mirror.name), url=printable(mirror.display_url), config=config_file))
        else:
            emit("  = " + _("mirror {name}: skipped, {reason}").format(
                name=printable(mirror.name), reason=printable(tr(addition.skip_reason or ""))))
    unchanged = plan.unchanged()
    if unchanged:
        emit("  " + _("unchanged: {keys}").format(keys=", ".join(unchanged)))
    for check in plan.auth:
        mark = "✓" if check.ok else "!"
        emit(f"  {mark} " + _("credentials: {message}").format(message=printable(tr(check.message))))
    for note in plan.profile.notes:
        emit(_("warning: {note}").format(note=printable(tr(note))), err=True)


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
            emit(_("nothing was written"), err=True)
            return outcome.exit_code
        assert change.entry is not None
        count = len(plan.changes)
        emit(ngettext("applied {path}: {n} Go setting (change #{id}; 'gotui undo' reverts them all)",
                      "applied {path}: {n} Go settings (change #{id}; 'gotui undo' reverts them all)", count).format(
            path=printable(str(plan.profile.path)), n=count, id=change.entry.id))
        for note in change.notes:
            emit(_("warning: {note}").format(note=printable(tr(note))), err=True)
    for mirror in outcome.added:
        emit(_("added mirror {name} to your gotui config (not part of the Go env journal: 'gotui undo' leaves it)")
             .format(name=printable(mirror.name)))
    for error in outcome.mirror_errors:
        print_problem(error, _("add it by hand under [[mirrors]] in your gotui config"))
    if plan.profile.verify_module:
        emit(_("verify with: gotui check --module {module}").format(module=printable(plan.profile.verify_module)))
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
        emit(f"gotui: warning: {printable(tr(problem.format()))}", err=True)
    catalog = loaded_config.catalog
    loaded = load_profile(path, catalog)
    if loaded.profile is None:
        return _refuse_invalid(loaded)
    try:
        env = asyncio.run(read_environment())
    except GoError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    plan = plan_profile(loaded.profile, env, catalog)
    _show_plan(plan, env.envfile, config_path())
    if plan.count == 0:
        emit(_("nothing to change: your settings already match the profile"))
        _remind_credentials(plan)
        return 0
    if dry_run:
        emit(ngettext("dry run: {n} change not applied", "dry run: {n} changes not applied", plan.count).format(
            n=plan.count))
        return 0
    if plan.changes:
        problems, _notes = check_changes(env, plan.changes, force=force)
        if problems:
            for problem in problems:
                print_problem(problem.message, problem.hint)
            emit(_("nothing was written"), err=True)
            return 2 if any(p.kind == "invalid" for p in problems) else 1
    if not yes:
        if not sys.stdin.isatty():
            return fail(_("not asking without a terminal: nothing was written"),
                        _("pass --yes to apply without asking, or --dry-run to only see the changes"), code=1)
        if not _confirm(ngettext("Apply {n} change?", "Apply these {n} changes?", plan.count).format(n=plan.count)):
            emit(_("declined: nothing was written"))
            return 1
    try:
        outcome = asyncio.run(apply_profile(plan, env, force=force))
    except (GoError, JournalError) as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    code = _report(plan, outcome)
    if code == 0:
        _remind_credentials(plan)
    return code


def _remind_credentials(plan: ProfilePlan) -> None:
    """The [[auth]] lines still missing: gotui never writes a token, so the member must add them."""
    missing = [check for check in plan.auth if not check.ok]
    if missing:
        emit(ngettext("still to do by hand: {n} credential (the line above, with your own token)",
                      "still to do by hand: {n} credentials (the lines above, with your own tokens)",
                      len(missing)).format(n=len(missing)))


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
        return fail(exc.message, exc.hint, code=exc.exit_code)
    result = export_profile(env, load_config().config, include_secrets=include_secrets)
    for warning in result.warnings:
        emit(f"gotui: warning: {printable(tr(warning))}", err=True)
    if output is None:
        sys.stdout.write(result.text)
    else:
        target = Path(output)
        try:
            atomic_write_bytes(target, result.text.encode("utf-8"), mode=0o600 if include_secrets else 0o644)
        except OSError as exc:
            return fail(_("cannot write {path}: {reason}").format(path=target, reason=exc.strerror or exc),
                        _("check the directory exists and is writable"))
        secrets = " " + _("(credentials included: keep it out of public repos)") if include_secrets else ""
        emit(_("wrote {path}").format(path=target) + secrets, err=True)
    if result.masked:
        emit("gotui: note: " + _("credentials are masked (***); 'gotui apply' refuses the file until they are "
                                 "filled in (or export with --include-secrets)"), err=True)
    return 0
