"""The gotui Textual app: paints at once, then reads ``go env`` in a worker and fills the panes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import work
from textual.app import App
from textual.binding import Binding

from goproxy_tui.core.goenv import (
    ChangeResult,
    GoEnvironment,
    UndoResult,
    apply_changes,
    read_environment,
    undo_last,
)
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.journal import Journal, JournalError
from goproxy_tui.core.redact import printable
from goproxy_tui.tui.messages import ChangeApplied, EnvironmentFailed, EnvironmentLoaded, UndoFinished
from goproxy_tui.tui.screens.edit_var import EditRequest, EditVarScreen
from goproxy_tui.tui.screens.main import MainScreen
from goproxy_tui.tui.widgets.env_pane import EnvPane

EnvironmentLoader = Callable[[], Awaitable[GoEnvironment]]


class GotuiApp(App[int]):
    """``gotui``: environment pane, mirror table, diagnosis wizard."""

    TITLE = "gotui"
    SUB_TITLE = "Go module downloads, fixed"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+z", "undo", "Undo"),
        Binding("ctrl+r", "reload", "Reload env"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        *,
        load_environment: EnvironmentLoader | None = None,
        journal: Journal | None = None,
    ) -> None:
        super().__init__()
        self._load_environment = load_environment or read_environment
        self._journal = journal
        self.environment: GoEnvironment | None = None
        self.main_screen = MainScreen()

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def on_mount(self) -> None:
        self.load_env()

    @property
    def env_pane(self) -> EnvPane:
        return self.main_screen.query_one(EnvPane)

    # -- workers: they only post messages ----------------------------------------------------------

    @work(group="env", exclusive=True, exit_on_error=False)
    async def load_env(self) -> None:
        try:
            env = await self._load_environment()
        except GoError as exc:
            self.post_message(EnvironmentFailed(exc.message, exc.hint))
            return
        self.post_message(EnvironmentLoaded(env))

    @work(group="write", exclusive=True, exit_on_error=False)
    async def write_change(self, env: GoEnvironment, request: EditRequest) -> None:
        try:
            result = await apply_changes(
                env,
                {request.name: request.value},
                action="set" if request.value is not None else "unset",
                journal=self._journal,
            )
        except (GoError, JournalError) as exc:
            self.post_message(EnvironmentFailed(exc.message, exc.hint))
            return
        self.post_message(ChangeApplied(result))

    @work(group="write", exclusive=True, exit_on_error=False, thread=True)
    def undo_change(self) -> None:
        try:
            result = undo_last(self._journal)
        except JournalError as exc:
            result = UndoResult(None, exc.message, exc.hint)
        self.post_message(UndoFinished(result))

    # -- handlers own the state ------------------------------------------------------------------

    def on_environment_loaded(self, message: EnvironmentLoaded) -> None:
        self.environment = message.env
        self.env_pane.show_environment(message.env)

    def on_environment_failed(self, message: EnvironmentFailed) -> None:
        self.env_pane.show_error(message.message, message.hint)
        self.notify(printable(message.message), title="go", severity="error", markup=False)

    def on_env_pane_edit_requested(self, message: EnvPane.EditRequested) -> None:
        def written(request: EditRequest | None) -> None:
            if request is not None and self.environment is not None:
                self.write_change(self.environment, request)

        self.push_screen(EditVarScreen(message.var), written)

    def on_change_applied(self, message: ChangeApplied) -> None:
        result: ChangeResult = message.result
        if result.ok and result.entry is not None:
            body = f"{result.entry.summary}\n(change #{result.entry.id}; ctrl+z undoes it)"
            for note in result.notes:
                body += f"\n⚠ {note}"
            self.notify(printable(body), title="Written with go env", markup=False)
        else:
            for problem in result.problems:
                text = problem.message + (f"\n{problem.hint}" if problem.hint else "")
                self.notify(printable(text), title="Not written", severity="error", markup=False, timeout=10)
        self.load_env()

    def on_undo_finished(self, message: UndoFinished) -> None:
        result = message.result
        if result.ok and result.entry is not None:
            self.notify(
                printable(f"Undid change #{result.entry.id}: {result.entry.summary}"),
                title="Undo",
                markup=False,
            )
            self.load_env()
        else:
            text = (result.error or "undo failed") + (f"\n{result.hint}" if result.hint else "")
            self.notify(printable(text), title="Nothing undone", severity="warning", markup=False)

    # -- actions -----------------------------------------------------------------------------------

    def action_undo(self) -> None:
        self.undo_change()

    def action_reload(self) -> None:
        self.load_env()


def run_app() -> int:
    GotuiApp().run()
    return 0


__all__ = ["GotuiApp", "run_app"]
