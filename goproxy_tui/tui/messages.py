"""Messages workers post to the app: workers never touch widgets, handlers own the state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from goproxy_tui.core.config import LoadedConfig
    from goproxy_tui.core.filestamp import FileStamp
    from goproxy_tui.core.goenv import ChangeResult, GoEnvironment, UndoResult
    from goproxy_tui.core.mirrors import Mirror
    from goproxy_tui.core.probes.results import GoproxyProbeResult
    from goproxy_tui.core.switch import SwitchPlan


class EnvironmentLoaded(Message):
    """``stamp``: the env file as it was read (changes after it were made outside gotui)."""

    def __init__(self, env: GoEnvironment, stamp: FileStamp | None = None) -> None:
        super().__init__()
        self.env = env
        self.stamp = stamp


class EnvironmentFailed(Message):
    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__()
        self.message = message
        self.hint = hint


class ChangeApplied(Message):
    """``changes``/``action``: what was asked, so a change an OS variable blocked can be written anyway."""

    def __init__(
        self, result: ChangeResult, changes: Mapping[str, str | None] | None = None, action: str = "set"
    ) -> None:
        super().__init__()
        self.result = result
        self.changes = dict(changes or {})
        self.action = action


class UndoFinished(Message):
    def __init__(self, result: UndoResult) -> None:
        super().__init__()
        self.result = result


# -- mirrors -------------------------------------------------------------------------------------


class MirrorProbed(Message):
    """One probe of one mirror finished (posted by the probe scheduler, one per result)."""

    def __init__(self, mirror: Mirror, result: GoproxyProbeResult) -> None:
        super().__init__()
        self.mirror = mirror
        self.result = result


class ProbeActivity(Message):
    """How many probes are in flight, posted on every start and finish: only the newest matters,
    so a pending older one is replaced rather than handled."""

    def __init__(self, in_flight: int) -> None:
        super().__init__()
        self.in_flight = in_flight

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ProbeActivity)


class MirrorSwitched(Message):
    """A switch (``u``, enter, auto-failover) was planned and written, or refused."""

    def __init__(
        self,
        mirror: Mirror,
        plan: SwitchPlan | None,
        result: ChangeResult | None,
        *,
        auto: bool = False,
        error: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__()
        self.mirror = mirror
        self.plan = plan
        self.result = result
        self.auto = auto
        self.error = error
        self.hint = hint


class ThroughputMeasured(Message):
    def __init__(self, mirror: Mirror, result: GoproxyProbeResult) -> None:
        super().__init__()
        self.mirror = mirror
        self.result = result


class MirrorAdded(Message):
    """``a``: the config was written (``config`` re-read) or refused (``error``)."""

    def __init__(self, name: str, config: LoadedConfig | None, error: str | None = None) -> None:
        super().__init__()
        self.name = name
        self.config = config
        self.error = error
