"""The gotui Textual app: paints at once, then reads ``go env`` and probes the mirrors in workers.

Workers only post messages; the handlers below own the state (``environment``, the
:class:`~goproxy_tui.core.health.HealthBook`, the mirror list) and update the widgets. Probes run on
a per-mirror schedule: every ``[probe] interval`` seconds each mirror that is not still being probed
gets a new probe, so one blackholed mirror never holds back the rest of the table.

Once the first frame is up, every object alive is moved out of the garbage collector's reach
(``gc.freeze``): modules, classes, the widget tree and the catalog live until exit anyway, and a full
collection that scanned them took 50-90 ms on the UI thread, a visible stall of keys and repaints.
Full collections are also made rarer (:data:`GC_THRESHOLDS`).

Imports: only what composes and paints the main screen is imported at the top; the rest (go env,
the journal, switching, the dialogs) is imported where it is used, after the first frame.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.worker import get_current_worker

from goproxy_tui.core.config import ConfigWriteError, add_mirror, load_config
from goproxy_tui.core.mirrors import Catalog
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, status_word, tr
from goproxy_tui.tui import GC_THRESHOLDS
from goproxy_tui.tui.commands import GotuiCommands
from goproxy_tui.tui.messages import (
    ChangeApplied,
    EnvironmentFailed,
    EnvironmentLoaded,
    MirrorAdded,
    MirrorProbed,
    MirrorSwitched,
    ProbeActivity,
    ThroughputMeasured,
    UndoFinished,
)
from goproxy_tui.tui.screens.main import MainScreen
from goproxy_tui.tui.translate import translate_bindings
from goproxy_tui.tui.watch import WATCH_INTERVAL, OutsideChanges
from goproxy_tui.tui.widgets.env_pane import EnvPane
from goproxy_tui.tui.widgets.mirror_table import MirrorTable

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from goproxy_tui.core.config import LoadedConfig
    from goproxy_tui.core.goenv import ChangeResult, GoEnvironment
    from goproxy_tui.core.health import HealthBook, MirrorStats, ProbeOne
    from goproxy_tui.core.journal import Journal
    from goproxy_tui.core.mirrors import Mirror
    from goproxy_tui.core.probes.results import GoproxyProbeResult
    from goproxy_tui.core.switch import Reach
    from goproxy_tui.tui.screens.add_mirror import AddMirrorRequest
    from goproxy_tui.tui.screens.edit_var import EditRequest
    from goproxy_tui.tui.screens.welcome import FirstRun, Welcome

EnvironmentLoader = Callable[[], Awaitable["GoEnvironment"]]
PROBE_CONCURRENCY = 16
FLUSH_DELAY = 0.2  # results are painted in batches at most this late
SCHEDULER_TICK = 0.1  # how often the probe thread checks for cancellation (app exit)
OWN_WORK = frozenset({"env", "write", "switch", "config"})  # worker groups that read or write gotui's files


async def read_go_environment() -> GoEnvironment:
    """The default loader: :func:`~goproxy_tui.core.goenv.read_environment`, imported on the first read."""
    from goproxy_tui.core.goenv import read_environment

    return await read_environment()


def format_rate(bps: float) -> str:
    for unit, size in (("GB/s", 1e9), ("MB/s", 1e6), ("kB/s", 1e3)):
        if bps >= size:
            return f"{bps / size:.1f} {unit}"
    return f"{bps:.0f} B/s"


class GotuiApp(App[int]):
    """``gotui``: mirror table, environment pane, diagnosis wizard."""

    TITLE = "gotui"
    SUB_TITLE = N_("Go module downloads, fixed")
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {GotuiCommands}
    BINDINGS = [
        Binding("ctrl+z", "undo", N_("Undo")),
        Binding("ctrl+r", "reload", N_("Reload env")),
        Binding("q", "quit", N_("Quit")),
        Binding("question_mark", "help", N_("Help")),
        Binding("f1", "help", N_("Help"), show=False),
    ]

    def __init__(
        self,
        *,
        load_environment: EnvironmentLoader | None = None,
        journal: Journal | None = None,
        config: LoadedConfig | None = None,
        probe_mirror: ProbeOne | None = None,
        throughput_probe: ProbeOne | None = None,
        sumdb_reach: Reach | None = None,
    ) -> None:
        """``probe_mirror`` (and the others) replace the network for tests and snapshots: the
        scheduler calls it once per mirror per interval and records whatever it returns."""
        super().__init__()
        self.sub_title = _(self.SUB_TITLE)
        translate_bindings(self)
        self._load_environment = load_environment or read_go_environment
        self._journal = journal
        self.environment: GoEnvironment | None = None
        self.loaded_config = config or load_config()
        self._probe = probe_mirror  # None: the real probe, made when the scheduler starts
        self._throughput_probe = throughput_probe or self._default_throughput
        self._reach = sumdb_reach
        self._health: HealthBook | None = None
        self.mirrors: tuple[Mirror, ...] = tuple(self.loaded_config.catalog)
        self._probe_wake: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None
        self._dirty: set[str] = set()
        self._status_text: Text | None = None
        self._flush_pending = False
        self._switching = False
        self._failover_key: tuple[str, int] | None = None
        self._first_run: FirstRun | None = None
        self.last_wizard: Screen[None] | None = None  # its diagnosis feeds "Export report…"
        self.main_screen = MainScreen()
        self._outside = OutsideChanges()
        self._outside.adopt("config", self.loaded_config.path, read=True)
        self._outside_reload = False
        self._env_error: str | None = None  # go env could not be read at all (no go): a final state

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notify, but a repeat of a toast still shown replaces it with a count (tui/toasts.py)."""
        from goproxy_tui.tui.toasts import notify_merged

        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        if not notify_merged(self, message, title, severity, timeout, markup):
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def on_ready(self) -> None:
        """After the first paint (so no pane is missing when results arrive): read go env, probe mirrors."""
        gc.freeze()  # see the module docstring: full collections then skip the ~80k objects of the start-up
        gc.set_threshold(*GC_THRESHOLDS)
        self.load_env()
        self.mirror_table.set_mirrors(self.mirrors)
        self._refresh_chain()
        self._refresh_mirror_status()
        if self.loaded_config.problems:
            text = "\n".join(tr(p.format()) for p in self.loaded_config.problems[:5])
            self.notify(
                printable(text),
                title=_("Config problems (defaults used)"),
                severity="warning",
                markup=False,
                timeout=10,
            )
        self.run_probes()
        self.set_interval(WATCH_INTERVAL, self._watch_tick)

    @property
    def env_pane(self) -> EnvPane:
        return self.main_screen.query_one(EnvPane)

    @property
    def mirror_table(self) -> MirrorTable:
        return self.main_screen.query_one(MirrorTable)

    @property
    def catalog(self) -> Catalog:
        return Catalog(self.mirrors)

    @property
    def health(self) -> HealthBook:
        """Every mirror's recent probes, by name (made on first use: the first paint shows none)."""
        if self._health is None:
            from goproxy_tui.core.health import HealthBook

            self._health = HealthBook()
        return self._health

    @property
    def first_run(self) -> FirstRun:
        """Decides the first-run welcome from the first go env and probe results (made on first use)."""
        if self._first_run is None:
            from goproxy_tui.tui.screens.welcome import FirstRun

            self._first_run = FirstRun()
        return self._first_run

    # -- workers: they only post messages ----------------------------------------------------------

    @work(group="env", exclusive=True, exit_on_error=False)
    async def load_env(self) -> None:
        from goproxy_tui.core.filestamp import stamp_of
        from goproxy_tui.core.gotool import GoError

        self._outside.hold()
        known = self.environment.envfile if self.environment is not None else None
        before = stamp_of(known)  # taken before the read: a write during it is seen on the next tick
        try:
            env = await self._load_environment()
        except GoError as exc:
            self.post_message(EnvironmentFailed(exc.message, exc.hint))
            return
        stamp = before if known is not None and env.envfile == known else stamp_of(env.envfile)
        self.post_message(EnvironmentLoaded(env, stamp))

    def write_change(self, env: GoEnvironment, request: EditRequest) -> None:
        self.write_changes(env, {request.name: request.value}, "set" if request.value is not None else "unset")

    @work(group="write", exclusive=True, exit_on_error=False)
    async def write_changes(
        self, env: GoEnvironment, changes: dict[str, str | None], action: str, force: bool = False
    ) -> None:
        """``force``: the user confirmed writing although an OS variable overrides the env file."""
        from goproxy_tui.core.goenv import apply_changes
        from goproxy_tui.core.gotool import GoError
        from goproxy_tui.core.journal import JournalError

        try:
            result = await apply_changes(env, changes, action=action, journal=self._journal, force=force)
        except (GoError, JournalError) as exc:
            self.post_message(EnvironmentFailed(exc.message, exc.hint))
            return
        self.post_message(ChangeApplied(result, changes, action))

    @work(group="write", exclusive=True, exit_on_error=False, thread=True)
    def undo_change(self) -> None:
        from goproxy_tui.core.goenv import UndoResult, undo_last
        from goproxy_tui.core.journal import JournalError

        try:
            result = undo_last(self._journal)
        except JournalError as exc:
            result = UndoResult(None, exc.message, exc.hint)
        self.post_message(UndoFinished(result))

    @work(group="probes", exclusive=True, exit_on_error=False, thread=True)
    async def run_probes(self) -> None:
        """The probe scheduler, on its own thread and event loop (see :meth:`schedule_probes`)."""
        worker = get_current_worker()
        await self.schedule_probes(lambda: worker.is_cancelled)

    async def schedule_probes(self, cancelled: Callable[[], bool]) -> None:
        """Probe every mirror now, then each one every ``[probe] interval`` s (at once on ``r``).

        A mirror still being probed is skipped, so a blackholed one never delays the others. After
        the first round the mirrors' schedules are spread over the interval: a round of 50 probes
        costs ~0.25 s of CPU (a fresh connection each, to time DNS/TCP/TLS), and spread out it never
        arrives as one burst in front of key presses. Results reach the handlers as messages;
        ``self.mirrors`` is only read here (the handlers replace it whole).
        """
        if self._probe is None:
            from goproxy_tui.core.health import default_prober

            probe = self.loaded_config.config.probe
            self._probe = default_prober(probe.module, probe.timeout)
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()
        self._probe_wake = (loop, wake)
        in_flight: dict[str, asyncio.Task[None]] = {}
        due: dict[str, float] = {}
        gate = asyncio.Semaphore(PROBE_CONCURRENCY)

        def finished(name: str) -> None:
            in_flight.pop(name, None)
            self.post_message(ProbeActivity(len(in_flight)))

        try:
            while not cancelled():
                interval = self.loaded_config.config.probe.interval
                now = loop.time()
                everything = wake.is_set()
                wake.clear()
                mirrors = self.mirrors
                started = 0
                for index, mirror in enumerate(mirrors):
                    name = mirror.name
                    if name not in due:  # new: probe at once, then join the spread schedule
                        due[name] = now
                        first = True
                    else:
                        first = False
                    if name in in_flight or not (everything or now >= due[name]):
                        continue
                    task = loop.create_task(self._probe_one(mirror, gate))
                    in_flight[name] = task
                    task.add_done_callback(lambda _t, name=name: finished(name))
                    started += 1
                    spread = interval * index / max(1, len(mirrors)) if first else 0.0
                    due[name] = max(due[name], now - interval) + interval + spread
                if started:
                    self.post_message(ProbeActivity(len(in_flight)))
                upcoming = min(
                    (due[m.name] for m in mirrors if m.name not in in_flight), default=now + interval
                )
                try:
                    await asyncio.wait_for(wake.wait(), min(SCHEDULER_TICK, max(0.0, upcoming - loop.time())))
                except (asyncio.TimeoutError, TimeoutError):
                    pass
        finally:
            self._probe_wake = None
            tasks = list(in_flight.values())
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _probe_one(self, mirror: Mirror, gate: asyncio.Semaphore) -> None:
        from goproxy_tui.core.health import missing_result, round_deadline

        assert self._probe is not None  # made by schedule_probes
        deadline = round_deadline(self.loaded_config.config.probe.timeout)
        async with gate:
            try:
                result = await asyncio.wait_for(self._probe(mirror), deadline)
            except (asyncio.TimeoutError, TimeoutError):
                result = missing_result(mirror, _("no result within {seconds} s").format(seconds=f"{deadline:g}"))
            except Exception as exc:  # a broken probe still gives the row a result
                result = missing_result(
                    mirror, _("the probe failed: {error}").format(error=f"{type(exc).__name__}: {tr(exc)}")
                )
        self.post_message(MirrorProbed(mirror, result))

    @work(group="switch", exit_on_error=False)
    async def switch_to(
        self, env: GoEnvironment, mirror: Mirror, stats: dict[str, MirrorStats], auto: bool
    ) -> None:
        from goproxy_tui.core.goenv import apply_changes
        from goproxy_tui.core.gotool import GoError
        from goproxy_tui.core.journal import JournalError
        from goproxy_tui.core.switch import SwitchError, default_reach, plan_switch

        settings = self.loaded_config.config
        gosumdb = env.get("GOSUMDB")
        try:
            plan = await plan_switch(
                mirror,
                self.mirrors,
                stats,
                style=settings.switch.chain,
                current_gosumdb=gosumdb.effective,
                gosumdb_from_os=gosumdb.source == "os",
                reach=self._reach or default_reach(settings.probe.timeout),
                timeout=settings.probe.timeout,
            )
            result = await apply_changes(
                env, plan.changes(), action="failover" if auto else "use", journal=self._journal
            )
        except SwitchError as exc:
            self.post_message(MirrorSwitched(mirror, None, None, auto=auto, error=exc.message, hint=exc.hint))
            return
        except (GoError, JournalError) as exc:
            self.post_message(MirrorSwitched(mirror, None, None, auto=auto, error=exc.message, hint=exc.hint))
            return
        self.post_message(MirrorSwitched(mirror, plan, result, auto=auto))

    @work(group="throughput", exclusive=True, exit_on_error=False)
    async def measure_throughput(self, mirror: Mirror) -> None:
        from goproxy_tui.core.health import missing_result

        try:
            result = await self._throughput_probe(mirror)
        except Exception as exc:  # never let a speed test take the app down
            result = missing_result(
                mirror, _("the speed test failed: {error}").format(error=f"{type(exc).__name__}: {tr(exc)}")
            )
        self.post_message(ThroughputMeasured(mirror, result))

    async def _default_throughput(self, mirror: Mirror) -> GoproxyProbeResult:
        from goproxy_tui.core.probes.http import probe_goproxy
        from goproxy_tui.core.probes.results import ProbeTimeouts

        probe = self.loaded_config.config.probe
        return await probe_goproxy(
            mirror.url,
            module=probe.module,
            timeouts=ProbeTimeouts.uniform(probe.timeout),
            check_sumdb=False,
            throughput=True,
        )

    @work(group="config", exclusive=True, exit_on_error=False, thread=True)
    def save_mirror(self, request: AddMirrorRequest) -> None:
        path = self.loaded_config.path
        try:
            add_mirror(request.name, request.url, path=path)
        except ConfigWriteError as exc:
            self.post_message(MirrorAdded(request.name, None, tr(exc)))
            return
        self.post_message(MirrorAdded(request.name, load_config(path)))

    # -- handlers own the state ------------------------------------------------------------------

    def on_environment_loaded(self, message: EnvironmentLoaded) -> None:
        before, self.environment = self.environment, message.env
        self._env_error = None
        self._outside.adopt("env", message.env.envfile, message.stamp)
        if self._outside_reload:
            self._outside_reload = False
            self._announce_outside_change(before, message.env)
        self.env_pane.show_environment(message.env)
        self._refresh_chain()
        self._welcome(self.first_run.env_loaded(message.env))

    def on_environment_failed(self, message: EnvironmentFailed) -> None:
        if self.environment is None:  # never read: Go is missing or broken, a final state until ctrl+r
            self._env_error = message.message
            self._refresh_mirror_status()
            self.env_pane.show_error(message.message, message.hint, without_go=True)
        else:
            self.env_pane.show_error(message.message, message.hint)
        self._welcome(self.first_run.env_failed(message.message, message.hint))
        self.notify(printable(tr(message.message)), title="go", severity="error", markup=False)

    def on_env_pane_edit_requested(self, message: EnvPane.EditRequested) -> None:
        from goproxy_tui.tui.screens.edit_var import EditVarScreen

        def written(request: EditRequest | None) -> None:
            if request is not None and self.environment is not None:
                self.write_change(self.environment, request)

        self.push_screen(EditVarScreen(message.var), written)

    def on_change_applied(self, message: ChangeApplied) -> None:
        result: ChangeResult = message.result
        if result.ok and result.entry is not None:
            body = tr(result.entry.summary) + "\n" + _("(change #{id}; ctrl+z undoes it)").format(id=result.entry.id)
            for note in result.notes:
                body += f"\n⚠ {tr(note)}"
            self.notify(printable(body), title=_("Written with go env"), markup=False)
        elif not self._offer_write_anyway(result, message.changes, message.action):
            self._notify_problems(result, _("Not written"))
        self.load_env()

    def on_undo_finished(self, message: UndoFinished) -> None:
        result = message.result
        if result.ok and result.entry is not None:
            self.notify(
                printable(_("Undid change #{id}: {summary}").format(id=result.entry.id, summary=tr(result.entry.summary))),
                title=_("Undo"),
                markup=False,
            )
            self.load_env()
        else:
            text = tr(result.error or _("undo failed")) + (f"\n{tr(result.hint)}" if result.hint else "")
            self.notify(printable(text), title=_("Nothing undone"), severity="warning", markup=False)

    def on_mirror_probed(self, message: MirrorProbed) -> None:
        """Record at once (failover decides on it); repaint at most every FLUSH_DELAY seconds."""
        name = message.mirror.name
        if not any(m.name == name for m in self.mirrors):
            return  # removed from the config while it was being probed
        self._welcome(self.first_run.probed(message.mirror, message.result))
        stats = self.health.record(name, message.result)
        self._dirty.add(name)
        if not self._flush_pending:
            self._flush_pending = True
            self.set_timer(FLUSH_DELAY, self._flush_results)
        self._maybe_failover(message.mirror, stats)

    def _flush_results(self) -> None:
        """One batch for every result since the last flush: a 50-row table re-rendered per result
        would cost more than the probes themselves."""
        self._flush_pending = False
        names, self._dirty = self._dirty, set()
        if not self._table_mounted():
            return  # the app is closing
        current = {m.name for m in self.mirrors}
        self.mirror_table.show_stats(*(self.health.stats(n) for n in names if n in current))
        self._refresh_mirror_status()

    @property
    def settled(self) -> bool:
        """Every recorded result is on screen, in its sorted place (tests and snapshots wait for this)."""
        if self._dirty or self._flush_pending:
            return False
        return not self._table_mounted() or self.mirror_table.settled

    def on_probe_activity(self, message: ProbeActivity) -> None:
        if self._table_mounted():
            self.mirror_table.show_activity(message.in_flight)

    def on_mirror_table_use_requested(self, message: MirrorTable.UseRequested) -> None:
        self.request_switch(message.mirror)

    def on_mirror_switched(self, message: MirrorSwitched) -> None:
        self._switching = False
        name = printable(message.mirror.name)
        if message.error is not None:
            text = tr(message.error) + (f"\n{tr(message.hint)}" if message.hint else "")
            self.notify(
                printable(text), title=_("Not switched to {name}").format(name=name), severity="error",
                markup=False, timeout=10
            )
            return
        result, plan = message.result, message.plan
        assert result is not None and plan is not None
        if not result.ok or result.entry is None:
            if not self._offer_write_anyway(result, plan.changes(), "failover" if message.auto else "use"):
                self._notify_problems(result, _("Not switched to {name}").format(name=name))
            self.load_env()
            return
        lines = [tr(line) for line in plan.describe()]
        lines += [f"⚠ {tr(note)}" for note in result.notes if "plain http" not in note]
        lines.append(_("(change #{id}; ctrl+z undoes it)").format(id=result.entry.id))
        if message.auto:
            title = _("Auto-failover: now using {name}").format(name=name)
        else:
            title = _("Now using {name}").format(name=name)
        severity = "warning" if plan.gosumdb.warning or message.auto else "information"
        self.notify(printable("\n".join(lines)), title=title, severity=severity, markup=False, timeout=8)
        self.load_env()

    def on_throughput_measured(self, message: ThroughputMeasured) -> None:
        result, name = message.result, message.mirror.name
        if result.ok and result.throughput_bps:
            rate = format_rate(result.throughput_bps)
            self.mirror_table.set_speed(name, rate)
            what = f"{result.module}@{result.latest}.zip" if result.latest else _("a module zip")
            self.notify(
                printable(_("{rate} downloading {what}").format(rate=rate, what=what)),
                title=_("Speed of {name}").format(name=printable(name)),
                markup=False,
            )
        else:
            self.mirror_table.set_speed(name, result.fault.value)
            self.notify(
                printable(tr(result.explanation)),
                title=_("Speed test of {name} failed").format(name=printable(name)),
                severity="error",
                markup=False,
                timeout=8,
            )

    def on_mirror_added(self, message: MirrorAdded) -> None:
        if message.config is None:
            self.notify(
                printable(message.error or _("not added")),
                title=_("Mirror not added"),
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        self.loaded_config = message.config
        self._outside.adopt("config", message.config.path, read=True)
        self._set_mirrors(tuple(message.config.catalog))
        self.notify(
            printable(_("{name} saved in {path}; probing it now").format(name=message.name, path=message.config.path)),
            title=_("Mirror added"),
            markup=False,
        )
        self.action_refresh_mirrors()

    # -- actions -----------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self.undo_change()

    def action_diagnose(self) -> None:
        """Open the diagnosis wizard; when it closes, re-read go env (a fix may have changed it)."""
        from goproxy_tui.tui.screens.wizard import WizardScreen

        module = self.loaded_config.config.probe.module
        self.last_wizard = WizardScreen(module)
        self.push_screen(self.last_wizard, lambda _: self.load_env())

    def action_reload(self) -> None:
        self.load_env()

    def action_help(self) -> None:
        from goproxy_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_apply_profile(self) -> None:
        """Path → diff → Apply (one journaled change); then re-read go env and, for new mirrors, the config."""
        from goproxy_tui.tui.screens.profile_dialog import ProfileApplied, ProfileScreen, announce

        def applied(result: ProfileApplied | None) -> None:
            if result is None or result.outcome is None:
                return
            announce(self, result)
            self.load_env()
            if result.outcome.added:
                self.loaded_config = load_config(self.loaded_config.path)
                self._outside.adopt("config", self.loaded_config.path, read=True)
                self._set_mirrors(tuple(self.loaded_config.catalog))
                self.action_refresh_mirrors()

        dialog = ProfileScreen(self._load_environment, self.catalog, journal=self._journal,
                               config_path=self.loaded_config.path)
        self.push_screen(dialog, applied)

    def action_export_report(self) -> None:
        """Write the Markdown report: the wizard's last diagnosis, or a headless walk first."""
        from goproxy_tui.tui.screens.report_dialog import ReportScreen, Walked, headless_diagnosis

        wizard = self.last_wizard
        diagnosis = getattr(wizard, "diagnosis", None)
        ctx = getattr(wizard, "ctx", None)
        last = Walked(diagnosis, ctx.env if ctx is not None else None) if diagnosis is not None else None

        def written(path: Path | None) -> None:
            if path is not None:
                self.notify(printable(str(path)), title=_("Report written (credentials masked)"), markup=False)

        problems = [p.format() for p in self.loaded_config.problems]  # format(): keeps a translatable Msg
        self.push_screen(ReportScreen(headless_diagnosis(self.loaded_config), last=last, config_problems=problems),
                         written)

    def _welcome(self, welcome: Welcome | None) -> None:
        """First run: offer the wizard once, over the main screen only (never over a dialog or the wizard)."""
        if welcome is None or self.screen is not self.main_screen:
            return
        from goproxy_tui.tui.screens.welcome import WelcomeScreen

        def answered(diagnose: bool | None) -> None:
            if diagnose:
                self.action_diagnose()

        self.push_screen(WelcomeScreen(welcome), answered)

    def action_use_mirror(self) -> None:
        mirror = self.mirror_table.highlighted()
        if mirror is not None:
            self.request_switch(mirror)

    def action_throughput(self) -> None:
        mirror = self.mirror_table.highlighted()
        if mirror is None:
            return
        self.mirror_table.set_speed(mirror.name, _("testing…"))
        self.measure_throughput(mirror)

    def action_add_mirror(self) -> None:
        from goproxy_tui.tui.screens.add_mirror import AddMirrorScreen

        user_names = frozenset(m.name for m in self.loaded_config.config.mirrors)

        def added(request: AddMirrorRequest | None) -> None:
            if request is not None:
                self.save_mirror(request)

        self.push_screen(AddMirrorScreen(self.catalog, user_names, self.loaded_config.path), added)

    def action_refresh_mirrors(self) -> None:
        """Probe now: wake the scheduler on its own loop (a no-op before it has started)."""
        if self._probe_wake is not None:
            loop, wake = self._probe_wake
            loop.call_soon_threadsafe(wake.set)

    def action_sort_mirrors(self) -> None:
        self.mirror_table.toggle_sort()

    # -- switching ---------------------------------------------------------------------------------

    def request_switch(self, mirror: Mirror, *, auto: bool = False) -> None:
        """Plan and write the switch in a worker; refusals are told at once, nothing is written."""
        if self.environment is None:
            self.notify(_("Still reading 'go env'; try again in a moment."), title=_("Not yet"), severity="warning")
            return
        if self._switching:
            self.notify(_("A switch is already being written."), title=_("Busy"), severity="warning")
            return
        from goproxy_tui.core.switch import refusal

        refused = refusal(mirror, self.health.stats(mirror.name))
        if refused is not None:
            hint = _("pick a healthy mirror (sorted first), or press r to probe again")
            if refused.message.endswith("not been probed yet"):
                hint = tr(refused.hint) if refused.hint else hint
            self.notify(
                printable(f"{tr(refused.message)}\n{hint}"),
                title=_("Not switched to {name}").format(name=printable(mirror.name)),
                severity="error",
                markup=False,
                timeout=8,
            )
            return
        self._switching = True
        self.switch_to(self.environment, mirror, self.health.snapshot([m.name for m in self.mirrors]), auto)

    def _maybe_failover(self, mirror: Mirror, stats: MirrorStats) -> None:
        """``[switch] auto_failover``: the active mirror failed FAILOVER_AFTER probes in a row."""
        if not self.loaded_config.config.switch.auto_failover or self.environment is None:
            return
        from goproxy_tui.core.health import FAILOVER_AFTER

        if stats.consecutive_failures < FAILOVER_AFTER or self._switching:
            return
        from goproxy_tui.core.switch import active_chain, pick_best

        goproxy = self.environment.get("GOPROXY")
        chain = active_chain(goproxy.effective, self.catalog)
        if not chain or chain[0] is None or chain[0].name != mirror.name:
            return
        key = (mirror.name, stats.streak_start)
        if self._failover_key == key:
            return  # one attempt per failure streak
        self._failover_key = key
        snapshot = self.health.snapshot([m.name for m in self.mirrors])
        best = pick_best(self.mirrors, snapshot, exclude=[mirror.name])
        if best is None:
            self.notify(
                printable(
                    _("{name} failed {count} probes in a row and no other mirror is healthy: "
                      "nothing to fail over to").format(name=mirror.name, count=stats.consecutive_failures)
                ),
                title=_("Auto-failover"),
                severity="error",
                markup=False,
                timeout=10,
            )
            return
        self.request_switch(best, auto=True)

    # -- changes made outside gotui -----------------------------------------------------------------

    def _watch_tick(self) -> None:
        """Stat the env file and the config; re-read what changed outside gotui (never runs ``go`` else)."""
        busy = any(w.group in OWN_WORK and not w.is_finished for w in self.workers)
        if busy or self.screen is not self.main_screen:
            self._outside.hold()  # a dialog or a worker of gotui's own may be writing
            return
        changed = self._outside.tick()
        if "env" in changed and self.environment is not None:
            self._outside_reload = True
            self.load_env()
        if "config" in changed:
            self._reload_config_from_outside()

    def _announce_outside_change(self, before: GoEnvironment | None, after: GoEnvironment) -> None:
        if before is None:
            return
        old = {v.name: (v.effective, v.file) for v in before.vars}
        names = [v.name for v in after.vars if old.get(v.name) != (v.effective, v.file)]
        if names:
            self.notify(
                printable(_("re-read: {names}").format(names=", ".join(names[:4]) + (" …" if len(names) > 4 else ""))),
                title=_("go env changed outside gotui"),
                markup=False,
                timeout=4,
            )

    def _reload_config_from_outside(self) -> None:
        path = self.loaded_config.path
        self.loaded_config = load_config(path)
        self._outside.adopt("config", path, read=True)
        self._set_mirrors(tuple(self.loaded_config.catalog))
        self.action_refresh_mirrors()
        problems = self.loaded_config.problems
        text = "\n".join([_("re-read {path}").format(path=path), *(tr(p.format()) for p in problems[:3])])
        self.notify(printable(text), title=_("Config changed outside gotui"), markup=False,
                    severity="warning" if problems else "information", timeout=6 if problems else 4)

    # -- rendering helpers -------------------------------------------------------------------------

    def _table_mounted(self) -> bool:
        """False while the app shuts down: the probe thread may still deliver a last result."""
        return bool(self.main_screen.query(MirrorTable))

    def _offer_write_anyway(self, result: ChangeResult, changes: dict[str, str | None], action: str) -> bool:
        """An OS variable blocked the change: a dialog names the file and line that export it and asks
        whether to write the env file anyway (the CLI's --force). False: not that kind of refusal."""
        from goproxy_tui.tui.screens.confirm import ConfirmScreen
        from goproxy_tui.tui.screens.conflict import conflict_question, only_conflicts

        env = self.environment
        if env is None or not changes or not only_conflicts(result.problems):
            return False

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_changes(env, changes, action, force=True)

        self.push_screen(ConfirmScreen(conflict_question(result.problems, env, env.environ)), answered)
        return True

    def _notify_problems(self, result: ChangeResult, title: str) -> None:
        for problem in result.problems:
            text = tr(problem.message) + (f"\n{tr(problem.hint)}" if problem.hint else "")
            self.notify(printable(text), title=title, severity="error", markup=False, timeout=12)

    def _set_mirrors(self, mirrors: Sequence[Mirror]) -> None:
        before = {m.name: m.url for m in self.mirrors}
        self.mirrors = tuple(mirrors)
        # a user mirror that overrides a built-in one keeps the name but not the history
        self.health.forget(m.name for m in self.mirrors if before.get(m.name, m.url) == m.url)
        self.mirror_table.set_mirrors(self.mirrors)
        self._refresh_chain()

    def _refresh_chain(self) -> None:
        if self.environment is None:
            return
        from goproxy_tui.core.switch import active_chain

        chain = active_chain(self.environment.get("GOPROXY").effective, self.catalog)
        positions = {m.name: i + 1 for i, m in enumerate(chain) if m is not None}
        self.mirror_table.set_chain(positions)
        self._refresh_mirror_status()

    def _refresh_mirror_status(self) -> None:
        """The line above the table: the GOPROXY in effect and whether its first mirror works."""
        pane = self.mirror_table
        failing = False
        text = Text()
        env = self.environment
        if not self.mirrors:
            text.append(
                _("No mirrors to probe: the config lists none and [catalog] include_builtin = false. "
                  "Press a to add one.") + "\n",
                style="yellow",
            )
        if env is None and self._env_error is not None:
            text.append("✖ " + _("GOPROXY unknown: Go could not be run (the Environment pane says how to install it)"),
                        style="bold red")
        elif env is None:
            text.append(_("GOPROXY: reading 'go env'…"), style="dim")
        else:
            from goproxy_tui.core.switch import first_proxy_url

            var = env.get("GOPROXY")
            text.append("GOPROXY=", style="dim")
            text.append(printable(var.effective) or _("(empty)"))
            if var.source == "os":
                text.append(
                    "\n⚠ " + _("set in the OS environment ({name}): it wins over the env file until it is removed there")
                    .format(name=printable(var.os_name or "GOPROXY")),
                    style="bold yellow",
                )
            first = first_proxy_url(var.effective)
            active = self.catalog.by_url(first) if first else None
            text.append("\n")
            if first is None:
                text.append(_("no mirror in use: GOPROXY starts with direct or off"), style="yellow")
            elif active is None:
                text.append(
                    _("the first entry ({url}) is not in the mirror list: a adds it").format(url=printable(first)),
                    style="yellow",
                )
            else:
                stats = self.health.stats(active.name)
                name = printable(active.name)
                label = printable(status_word(stats.label))
                if stats.status == "failing":
                    failing = True
                    text.append(
                        "✖ " + _("active mirror {name} is failing: {label}").format(name=name, label=label),
                        style="bold red",
                    )
                    if stats.consecutive_failures > 1:
                        text.append(" " + _("({count} probes in a row)").format(count=stats.consecutive_failures),
                                    style="bold red")
                    text.append(" — " + _("move to a healthy row and press u"), style="red")
                elif stats.status == "pending":
                    text.append("… " + _("active mirror {name}: probing").format(name=name), style="dim")
                else:
                    median = (_(", median {ms} ms").format(ms=f"{stats.median_ms:.0f}")
                              if stats.median_ms is not None else "")
                    style = "green" if stats.status == "ok" else "yellow"
                    text.append("▶ " + _("active mirror {name}: {label}").format(name=name, label=label) + median,
                                style=style)
        if text != self._status_text:
            self._status_text = text
            pane.show_status(text)
        pane.set_class(failing, "-active-failing")
        pane.border_title = _("Mirrors — ACTIVE MIRROR FAILING") if failing else _("Mirrors")


def run_app() -> int:
    GotuiApp().run()
    return 0


__all__ = ["GotuiApp", "run_app"]
