"""The diagnosis wizard: walks the fault-diagnosis flowchart step by step, applies fixes, proves them.

The engine (``core.diagnosis``) runs in a worker and streams events; this screen only keeps the
results and shows one step at a time. Applying a remedy goes through the same journaled core as
``gotui set`` / ``gotui use`` and then walks again, ending with the user's own download run for real.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from goproxy_tui.core.diagnosis.context import DiagnosisContext, TargetError, build_context
from goproxy_tui.core.diagnosis.engine import (
    Diagnosis,
    DiagnosisEngine,
    Event,
    NodeFinished,
    NodeStarted,
    WalkFinished,
)
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID, NODES
from goproxy_tui.core.diagnosis.remedies import RemedyResult, apply_remedy
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, tr
from goproxy_tui.tui.screens.confirm import ConfirmScreen
from goproxy_tui.tui.translate import translate_bindings
from goproxy_tui.tui.widgets.flowchart import FlowchartPanel
from goproxy_tui.tui.widgets.key_footer import KeyFooter
from goproxy_tui.tui.widgets.step_view import StepView

ContextBuilder = Callable[[str], Awaitable[DiagnosisContext]]


async def default_context(module: str) -> DiagnosisContext:
    return await build_context(module=module or None)


class WalkEvent(Message):
    def __init__(self, event: Event) -> None:
        super().__init__()
        self.event = event


class WalkFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class WalkContext(Message):
    def __init__(self, ctx: DiagnosisContext) -> None:
        super().__init__()
        self.ctx = ctx


class RemedyApplied(Message):
    def __init__(self, result: RemedyResult) -> None:
        super().__init__()
        self.result = result


class WizardScreen(Screen[None]):
    """Target input on top, the current step on the left, the flowchart on the right."""

    DEFAULT_CSS = """
    WizardScreen #target-row { height: 3; padding: 0 1; }
    WizardScreen #target-row > Static { width: auto; padding: 1 1 0 0; }
    WizardScreen #target { width: 1fr; }
    WizardScreen #wizard-body { height: 1fr; }
    WizardScreen #step-scroll { width: 1fr; }
    WizardScreen #wizard-status { height: auto; padding: 0 1; background: $boost; }
    """

    BINDINGS = [
        Binding("f", "apply_fix", N_("Apply fix")),
        Binding("s", "skip", N_("Skip")),
        Binding("right", "skip", N_("Next"), show=False),
        Binding("b", "back", N_("Back")),
        Binding("left", "back", N_("Back"), show=False),
        Binding("r", "rerun", N_("Re-run")),
        Binding("escape", "close", N_("Close")),
    ]

    def __init__(self, module: str = "", *, context_builder: ContextBuilder | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.initial_module = module
        self.context_builder = context_builder or default_context
        self.results: dict[str, NodeResult] = {}
        self.path: list[str] = []
        self.running: str | None = None
        self.viewing: int | None = None  # None: follow the walk
        self.diagnosis: Diagnosis | None = None
        self.ctx: DiagnosisContext | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="target-row"):
            yield Static(_("Module:"))
            yield Input(self.initial_module, placeholder="github.com/gin-gonic/gin@latest", id="target")
        with Horizontal(id="wizard-body"):
            with VerticalScroll(id="step-scroll"):
                yield StepView(Text(_("Enter a module (PATH[@VERSION]) and press enter to start."), style="dim"))
            yield FlowchartPanel()
        yield Static(id="wizard-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(FlowchartPanel).show({}, None, None, finished=False)
        self.query_one("#target", Input).focus()

    # -- walking ---------------------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start_walk()

    def start_walk(self) -> None:
        self.results.clear()
        self.path.clear()
        self.running = None
        self.viewing = None
        self.diagnosis = None
        self._status(Text(_("Walking the flowchart…"), style="cyan"))
        self.query_one("#step-scroll").focus()
        self.walk(self.query_one("#target", Input).value.strip())

    @work(group="wizard", exclusive=True, exit_on_error=False)
    async def walk(self, module: str) -> None:
        try:
            ctx = await self.context_builder(module)
        except TargetError as exc:
            self.post_message(WalkFailed(tr(exc)))
            return
        self.post_message(WalkContext(ctx))
        async for event in DiagnosisEngine(ctx).run():
            self.post_message(WalkEvent(event))

    def on_walk_context(self, message: WalkContext) -> None:
        self.ctx = message.ctx

    def on_walk_failed(self, message: WalkFailed) -> None:
        self._status(Text("✖ " + printable(message.message), style="bold red"))

    def on_walk_event(self, message: WalkEvent) -> None:
        event = message.event
        if isinstance(event, NodeStarted):
            self.running = event.node.id
            self.path.append(event.node.id)
        elif isinstance(event, NodeFinished):
            self.results[event.result.node] = event.result
            self.running = None
        elif isinstance(event, WalkFinished):
            self.diagnosis = event.diagnosis
            self._status(self._verdict(event.diagnosis))
        self._refresh()

    # -- showing ---------------------------------------------------------------------------------

    def _current_index(self) -> int | None:
        if not self.path:
            return None
        return self.viewing if self.viewing is not None else len(self.path) - 1

    def current_result(self) -> NodeResult | None:
        index = self._current_index()
        return None if index is None else self.results.get(self.path[index])

    def _refresh(self) -> None:
        index = self._current_index()
        selected = None if index is None else self.path[index]
        self.query_one(FlowchartPanel).show(self.results, self.running, selected, self.diagnosis is not None)
        if index is not None:
            node = NODE_BY_ID[self.path[index]]
            self.query_one(StepView).show(node, self.results.get(node.id), index, len(NODES))

    def _status(self, text: Text) -> None:
        self.query_one("#wizard-status", Static).update(text)

    @staticmethod
    def _verdict(diagnosis: Diagnosis) -> Text:
        errors, warnings = diagnosis.count("error"), diagnosis.count("warning")
        if diagnosis.ok:
            text = Text("✔ " + _("Go can download the module with these settings"), style="bold green")
            if warnings:
                text.append("  " + _("({count} warning(s))").format(count=warnings), style="yellow")
            return text
        text = Text("✖ " + _("{count} problem(s) found").format(count=errors), style="bold red")
        text.append(
            "  ·  " + _("b/s: step through · f: apply the fix of the step shown · r: walk again"), style="dim"
        )
        return text

    # -- actions ---------------------------------------------------------------------------------

    def action_back(self) -> None:
        index = self._current_index()
        if index is not None and index > 0:
            self.viewing = index - 1
            self._refresh()

    def action_skip(self) -> None:
        index = self._current_index()
        if index is None:
            return
        self.viewing = None if index + 1 >= len(self.path) - 1 else index + 1
        self._refresh()

    def action_rerun(self) -> None:
        self.start_walk()

    def action_close(self) -> None:
        self.workers.cancel_group(self, "wizard")
        self.dismiss(None)

    def action_apply_fix(self) -> None:
        remedy = self._first_remedy()
        if remedy is None:
            self.notify(_("This step has no fix to apply."), severity="warning")
            return
        if not remedy.applicable:
            steps = "\n".join(tr(step) for step in remedy.instructions) or tr(remedy.summary)
            self.notify(printable(steps), title=_("This one is for you to do"), markup=False, timeout=15)
            return
        if remedy.confirm:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.apply(remedy, True)

            self.app.push_screen(ConfirmScreen(remedy.confirm), confirmed)
            return
        self.apply(remedy, False)

    def _first_remedy(self) -> Remedy | None:
        result = self.current_result()
        if result is None:
            return None
        remedies = [r for f in result.findings for r in f.remedies]
        applicable = [r for r in remedies if r.applicable]
        return (applicable or remedies or [None])[0]

    @work(group="remedy", exclusive=True, exit_on_error=False)
    async def apply(self, remedy: Remedy, confirmed: bool) -> None:
        if self.ctx is None or self.ctx.env is None:
            self.post_message(RemedyApplied(RemedyResult(False, _("the Go environment is not known yet"))))
            return
        result = await apply_remedy(remedy, self.ctx.env, confirmed=confirmed)
        self.post_message(RemedyApplied(result))

    def on_remedy_applied(self, message: RemedyApplied) -> None:
        result = message.result
        if result.ok:
            self.notify(
                printable(tr(result.message)), title=_("Fix applied — walking again to prove it"), markup=False
            )
            self.start_walk()
        else:
            text = tr(result.message) + (f"\n{tr(result.hint)}" if result.hint else "")
            self.notify(printable(text), title=_("Not applied"), severity="error", markup=False, timeout=10)
