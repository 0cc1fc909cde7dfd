"""Messages workers post to the app: workers never touch widgets, handlers own the state."""

from __future__ import annotations

from textual.message import Message

from goproxy_tui.core.goenv import ChangeResult, GoEnvironment, UndoResult


class EnvironmentLoaded(Message):
    def __init__(self, env: GoEnvironment) -> None:
        super().__init__()
        self.env = env


class EnvironmentFailed(Message):
    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__()
        self.message = message
        self.hint = hint


class ChangeApplied(Message):
    def __init__(self, result: ChangeResult) -> None:
        super().__init__()
        self.result = result


class UndoFinished(Message):
    def __init__(self, result: UndoResult) -> None:
        super().__init__()
        self.result = result
