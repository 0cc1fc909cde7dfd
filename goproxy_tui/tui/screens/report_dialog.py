"""Export the Markdown diagnosis report (what ``gotui report`` writes) from the TUI, secrets masked.

The report needs a finished diagnosis: the wizard's last walk when there is one (what the user just
saw), otherwise the engine walks headless in a worker first. Rendering is
:func:`goproxy_tui.core.report.render_markdown`, which masks every credential; the file is written
atomically, so a failed write never leaves half a report behind.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from goproxy_tui.core.config import LoadedConfig
from goproxy_tui.core.diagnosis.engine import Diagnosis
from goproxy_tui.core.files import atomic_write_bytes
from goproxy_tui.core.goenv import GoEnvironment
from goproxy_tui.core.redact import printable
from goproxy_tui.i18n import N_, _, tr

DEFAULT_NAME = "gotui-report.md"


@dataclass(frozen=True)
class Walked:
    """A finished diagnosis and the Go environment it saw (``None``: Go was missing)."""

    diagnosis: Diagnosis
    env: GoEnvironment | None


DiagnosisRunner = Callable[[], Awaitable[Walked]]


def headless_diagnosis(loaded: LoadedConfig) -> DiagnosisRunner:
    """Walk the whole flowchart for ``[probe] module``, as ``gotui report`` does."""

    async def run() -> Walked:
        # imported on first use: the engine pulls in httpx and dnspython
        from goproxy_tui.core.diagnosis import build_context, diagnose

        ctx = await build_context(loaded=loaded)
        return Walked(await diagnose(ctx), ctx.env)

    return run


def render_report(walked: Walked, config_problems: Sequence[str] = ()) -> str:
    from goproxy_tui import __version__
    from goproxy_tui.core.report import render_markdown

    return render_markdown(walked.diagnosis, walked.env, config_problems=config_problems, version=__version__)


class ReportWritten(Message):
    def __init__(self, path: Path, error: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.error = error


class ReportScreen(ModalScreen[Path | None]):
    """Modal: where to write; dismisses with the path once the report is on disk."""

    AUTO_FOCUS = "#report-path"

    DEFAULT_CSS = """
    ReportScreen { align: center middle; }
    ReportScreen > #report-dialog {
        width: 90%; max-width: 90; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    ReportScreen #report-status { height: auto; margin: 1 0; }
    ReportScreen #report-buttons { height: auto; align-horizontal: right; }
    ReportScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        run_diagnosis: DiagnosisRunner,
        *,
        last: Walked | None = None,
        config_problems: Sequence[str] = (),
        path: Path | None = None,
    ) -> None:
        super().__init__()
        self.run_diagnosis = run_diagnosis
        self.last = last
        self.config_problems = tuple(config_problems)
        self.initial_path = path or Path.cwd() / DEFAULT_NAME
        self.busy = False

    def compose(self) -> ComposeResult:
        if self.last is not None:
            source = _("Uses the wizard's last diagnosis of {module}.").format(
                module=printable(self.last.diagnosis.target.text))
        else:
            source = _("Runs the diagnosis first (a few seconds; longer when a proxy does not answer).")
        with Vertical(id="report-dialog"):
            yield Label(Text.assemble((_("Export the diagnosis report"), "bold"), "  ",
                                      (_("Markdown, credentials masked"), "dim")))
            yield Input(str(self.initial_path), placeholder=_("file to write"), id="report-path")
            yield Static(Text(source, style="dim"), id="report-status")
            with Horizontal(id="report-buttons"):
                yield Button(_("Write report"), id="write", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def start(self) -> None:
        if self.busy:
            return
        value = self.query_one("#report-path", Input).value.strip()
        if not value:
            self._status(Text(_("Type the file to write first."), style="yellow"))
            return
        self.busy = True
        self.query_one("#write", Button).disabled = True
        waiting = _("Writing…") if self.last is not None else _("Running the diagnosis…")
        self._status(Text(waiting, style="cyan"))
        self.write_report(Path(value).expanduser())

    @work(group="report", exclusive=True, exit_on_error=False)
    async def write_report(self, path: Path) -> None:
        try:
            walked = self.last if self.last is not None else await self.run_diagnosis()
            markdown = render_report(walked, self.config_problems)
            await asyncio.to_thread(atomic_write_bytes, path, markdown.encode("utf-8"), 0o644)
        except OSError as exc:
            reason = _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or tr(exc))
            self.post_message(ReportWritten(path, reason))
            return
        except Exception as exc:  # the diagnosis itself failed: say so in one line, never a traceback
            reason = _("the diagnosis failed: {error}").format(error=f"{type(exc).__name__}: {tr(exc)}")
            self.post_message(ReportWritten(path, reason))
            return
        self.post_message(ReportWritten(path))

    def on_report_written(self, message: ReportWritten) -> None:
        self.busy = False
        if message.error is None:
            self.dismiss(message.path)
            return
        self.query_one("#write", Button).disabled = False
        text = Text("✖ " + printable(message.error), style="bold red")
        text.append("\n  " + _("fix that, or choose another file, and press Write report again"), style="dim")
        self._status(text)

    def _status(self, text: Text) -> None:
        self.query_one("#report-status", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "write":
            self.start()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)


__all__ = ["ReportScreen", "Walked", "headless_diagnosis", "render_report"]
