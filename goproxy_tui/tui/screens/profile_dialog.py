"""Apply a team profile from the TUI: path → what would change (current → new) → Apply → one undo.

The same core as ``gotui apply``: :func:`~goproxy_tui.core.profile.load_profile` refuses an invalid
profile whole, listing every problem as ``team.toml:7: [go] GOPROXY: …``;
:func:`~goproxy_tui.core.profile.plan_profile` gives the diff; nothing is written until Apply is
pressed, and then :func:`~goproxy_tui.core.profile.apply_profile` writes every Go setting as ONE
journaled change (ctrl+z reverts the whole profile). Reading and writing run in workers that post
messages; the handlers own what the dialog shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from goproxy_tui.core.goenv import GoEnvironment, Problem, check_changes
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.journal import Journal, JournalError
from goproxy_tui.core.mirrors import Catalog
from goproxy_tui.core.profile import (
    LoadedProfile,
    ProfileOutcome,
    ProfilePlan,
    SettingChange,
    apply_profile,
    load_profile,
    plan_profile,
)
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, ngettext, tr

EnvironmentLoader = Callable[[], Awaitable[GoEnvironment]]
SOURCE_NOTE = {"os": N_("OS environment"), "file": N_("env file"), "default": N_("default")}


@dataclass(frozen=True)
class ProfileApplied:
    """What the dialog dismisses with after Apply: the plan it showed and what writing it did."""

    plan: ProfilePlan
    outcome: ProfileOutcome | None
    error: str | None = None  # go or the journal failed before anything was written
    hint: str | None = None


class ProfileChecked(Message):
    """The load worker's answer: a refused profile, or a plan (with blocking problems, if any)."""

    def __init__(
        self,
        loaded: LoadedProfile,
        plan: ProfilePlan | None = None,
        env: GoEnvironment | None = None,
        blocking: tuple[Problem, ...] = (),
        error: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__()
        self.loaded = loaded
        self.plan = plan
        self.env = env
        self.blocking = blocking
        self.error = error
        self.hint = hint


class ProfileWritten(Message):
    def __init__(self, applied: ProfileApplied) -> None:
        super().__init__()
        self.applied = applied


# -- rendering (plain strings → Text; values masked and made printable) --------------------------------


def render_refusal(loaded: LoadedProfile) -> Text:
    count = len(loaded.problems)
    text = Text("✖ ", style="bold red")
    text.append(
        ngettext("{file} refused: {count} problem; nothing will be written",
                 "{file} refused: {count} problems; nothing will be written", count).format(
            file=printable(loaded.path.name), count=count),
        style="bold",
    )
    text.append("\n")
    for problem in loaded.problems:
        text.append("\n✖ ", style="red")
        text.append(printable(tr(problem.format())))
        if problem.hint:
            text.append("\n  " + printable(tr(problem.hint)), style="dim")
    text.append("\n\n" + _("A profile is all or nothing: fix every line above, then press Show changes again."),
                style="dim")
    return text


def _setting(row: SettingChange) -> Text:
    text = Text("  ")
    text.append(row.key, style="bold")
    text.append("\n    - ", style="red")
    text.append(printable(row.current) or _("(empty)"), style="red")
    text.append(f"   ({_(SOURCE_NOTE[row.source])})", style="dim")
    text.append("\n    + ", style="green")
    if row.new is None:
        text.append(_("(unset: Go's default)"), style="green")
    else:
        text.append(printable(row.new) or _("(empty)"), style="green")
    text.append("\n")
    return text


def render_plan(plan: ProfilePlan, envfile: Path | None, blocking: tuple[Problem, ...] = ()) -> Text:
    """The diff the user confirms: every changed key (current → new), mirrors, warnings, refusals."""
    text = Text()
    target = printable(str(envfile)) if envfile else _("none (GOENV=off)")
    text.append(_("{profile} → Go env file {envfile}").format(profile=printable(plan.profile.path.name),
                                                                envfile=target) + "\n\n", style="bold")
    changed = [row for row in plan.settings if row.changed]
    for row in changed:
        text.append_text(_setting(row))
    for addition in plan.mirrors:
        mirror = addition.mirror
        if addition.add:
            text.append("  + ", style="green")
            text.append(_("mirror {name} {url} → your gotui config (ctrl+z leaves it)").format(
                name=printable(mirror.name), url=printable(mirror.display_url)) + "\n")
        else:
            text.append("  = ", style="dim")
            text.append(_("mirror {name}: skipped, {reason}").format(
                name=printable(mirror.name), reason=printable(tr(addition.skip_reason or ""))) + "\n", style="dim")
    unchanged = plan.unchanged()
    if unchanged:
        text.append("  " + _("unchanged: {keys}").format(keys=", ".join(unchanged)) + "\n", style="dim")
    for check in plan.auth:  # [[auth]]: found, or the netrc line the member adds by hand (never a secret)
        text.append("  ✓ " if check.ok else "  ! ", style="green" if check.ok else "bold yellow")
        text.append(_("credentials: {message}").format(message=printable(tr(check.message))) + "\n")
    for note in plan.profile.notes:
        text.append("⚠ ", style="bold yellow")
        text.append(printable(tr(note)) + "\n")
    for problem in blocking:
        text.append("✖ ", style="bold red")
        text.append(printable(tr(problem.message)) + "\n")
        if problem.hint:
            text.append("  " + printable(tr(problem.hint)) + "\n", style="dim")
    text.append("\n")
    if blocking:
        text.append(_("Nothing can be written until the problems above are solved."), style="bold red")
    elif plan.count == 0:
        text.append(_("Nothing to change: your settings already match the profile."), style="green")
    else:
        text.append(ngettext("{count} change. Nothing is written until you press Apply;",
                             "{count} changes. Nothing is written until you press Apply;",
                             plan.count).format(count=plan.count), style="bold")
        if plan.changes:
            text.append(" " + _("ctrl+z then undoes every Go setting in one step."), style="bold")
    return text


# -- the dialog ---------------------------------------------------------------------------------------


class ProfileScreen(ModalScreen[ProfileApplied | None]):
    """Modal: path, diff, Apply. Dismisses with :class:`ProfileApplied` once written, else ``None``."""

    AUTO_FOCUS = "#profile-path"

    DEFAULT_CSS = """
    ProfileScreen { align: center middle; }
    ProfileScreen > #profile-dialog {
        width: 96%; max-width: 100; height: auto; max-height: 96%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    ProfileScreen #profile-title { margin-bottom: 1; }
    ProfileScreen #profile-body { height: auto; max-height: 30; margin: 1 0; }
    ProfileScreen #profile-diff { height: auto; }
    ProfileScreen #profile-buttons { height: auto; align-horizontal: right; }
    ProfileScreen Button { margin-left: 1; width: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        load_environment: EnvironmentLoader,
        catalog: Catalog,
        *,
        journal: Journal | None = None,
        config_path: Path | None = None,
        path: str = "",
    ) -> None:
        super().__init__()
        self.load_environment = load_environment
        self.catalog = catalog
        self.journal = journal
        self.config_path = config_path
        self.initial_path = path
        self.plan: ProfilePlan | None = None
        self.env: GoEnvironment | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="profile-dialog"):
            yield Label(Text.assemble((_("Apply a team profile"), "bold"), "  ",
                                      (_("shows every change first; one ctrl+z undoes it"), "dim")),
                        id="profile-title")
            yield Input(self.initial_path, placeholder=_("path to the profile, e.g. team.toml"), id="profile-path")
            with VerticalScroll(id="profile-body"):
                yield Static(Text(_("Type the path and press enter to see what would change."), style="dim"),
                             id="profile-diff")
            with Horizontal(id="profile-buttons"):
                yield Button(_("Show changes"), id="show")
                yield Button(_("Apply"), id="apply", variant="primary", disabled=True)
                yield Button(_("Cancel"), id="cancel")

    # -- reading -----------------------------------------------------------------------------------

    def check(self) -> None:
        path = self.query_one("#profile-path", Input).value.strip()
        self._reset()
        if not path:
            self._show(Text(_("Type the path of the profile first."), style="yellow"))
            return
        self._show(Text(_("Reading {path} and 'go env'…").format(path=printable(path)), style="dim"))
        self.read_profile(str(Path(path).expanduser()))

    @work(group="profile-read", exclusive=True, exit_on_error=False)
    async def read_profile(self, path: str) -> None:
        loaded = await asyncio.to_thread(load_profile, path, self.catalog)  # a slow mount must not freeze keys
        if loaded.profile is None:
            self.post_message(ProfileChecked(loaded))
            return
        try:
            env = await self.load_environment()
        except GoError as exc:
            self.post_message(ProfileChecked(loaded, error=exc.message, hint=exc.hint))
            return
        plan = plan_profile(loaded.profile, env, self.catalog)
        blocking: tuple[Problem, ...] = ()
        if plan.changes:
            blocking = tuple(check_changes(env, plan.changes)[0])
        self.post_message(ProfileChecked(loaded, plan, env, blocking))

    def on_profile_checked(self, message: ProfileChecked) -> None:
        if message.loaded.profile is None:
            self._show(render_refusal(message.loaded))
            return
        if message.plan is None or message.env is None:
            text = Text("✖ " + printable(tr(message.error or _("'go env' failed"))), style="bold red")
            if message.hint:
                text.append("\n  " + printable(tr(message.hint)), style="dim")
            self._show(text)
            return
        self.plan, self.env = message.plan, message.env
        self._show(render_plan(message.plan, message.env.envfile, message.blocking))
        apply = self.query_one("#apply", Button)
        apply.disabled = bool(message.blocking) or message.plan.count == 0
        apply.label = ngettext("Apply {count} change", "Apply {count} changes", message.plan.count).format(
            count=message.plan.count)
        apply.refresh(layout=True)  # Button.label does not re-measure the button by itself
        if not apply.disabled:
            apply.focus()

    # -- writing -----------------------------------------------------------------------------------

    @work(group="profile-write", exclusive=True, exit_on_error=False)
    async def write_profile(self, plan: ProfilePlan, env: GoEnvironment) -> None:
        try:
            outcome = await apply_profile(plan, env, journal=self.journal, config_path=self.config_path)
        except (GoError, JournalError) as exc:
            self.post_message(ProfileWritten(ProfileApplied(plan, None, exc.message, exc.hint)))
            return
        self.post_message(ProfileWritten(ProfileApplied(plan, outcome)))

    def on_profile_written(self, message: ProfileWritten) -> None:
        self.busy = False
        applied = message.applied
        change = applied.outcome.change if applied.outcome else None
        if applied.outcome is None or (change is not None and not change.ok):
            # refused at write time (e.g. the OS environment changed meanwhile): stay open and say why
            text = Text(_("Not written:") + "\n", style="bold red")
            reasons = [(applied.error or "", applied.hint)] if applied.outcome is None else [
                (p.message, p.hint) for p in (change.problems if change else ())]
            for reason, hint in reasons:
                text.append("✖ " + printable(tr(reason)) + "\n")
                if hint:
                    text.append("  " + printable(tr(hint)) + "\n", style="dim")
            self._show(text)
            self.query_one("#apply", Button).disabled = True
            return
        self.dismiss(applied)

    # -- plumbing ----------------------------------------------------------------------------------

    def _reset(self) -> None:
        self.plan = None
        apply = self.query_one("#apply", Button)
        apply.disabled = True
        apply.label = _("Apply")
        apply.refresh(layout=True)

    def _show(self, text: Text) -> None:
        self.query_one("#profile-diff", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.check()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.plan is not None:  # the diff shown belongs to another path now
            self._reset()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "show":
            self.check()
        elif event.button.id == "apply":
            if self.plan is not None and self.env is not None and not self.busy:
                self.busy = True
                event.button.disabled = True
                self._show(Text(_("Writing with go env -w…"), style="cyan"))
                self.write_profile(self.plan, self.env)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


def announce(app: App[object], applied: ProfileApplied) -> None:
    """The toast after a profile was written: what changed, the change number, what ctrl+z does."""
    plan, outcome = applied.plan, applied.outcome
    assert outcome is not None
    lines: list[str] = []
    change = outcome.change
    if change is not None and change.entry is not None:
        lines.append(ngettext("{count} Go setting written", "{count} Go settings written",
                              len(plan.changes)).format(count=len(plan.changes)))
        lines.append(_("(change #{id}; ctrl+z undoes all of it)").format(id=change.entry.id))
        lines += [f"⚠ {tr(note)}" for note in change.notes]
    for mirror in outcome.added:
        lines.append(_("added mirror {name} to your gotui config").format(name=mirror.name))
    for error in outcome.mirror_errors:
        lines.append(f"✖ {tr(error)}")
    if plan.profile.verify_module:
        lines.append(_("verify with: gotui check --module {module}").format(module=plan.profile.verify_module))
    if not lines:
        lines.append(_("Nothing to change: your settings already match the profile."))
    app.notify(
        printable("\n".join(lines)),
        title=_("Applied {profile}").format(profile=printable(plan.profile.path.name)),
        severity="warning" if outcome.mirror_errors else "information",
        markup=False,
        timeout=10,
    )


__all__ = ["ProfileApplied", "ProfileScreen", "announce", "render_plan", "render_refusal"]
