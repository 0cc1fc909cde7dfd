"""The first-run welcome: Go is missing, or Go was never set up and its default proxy times out.

:class:`FirstRun` decides (pure state, fed by the app's message handlers, so it can be tested
without a terminal); :class:`WelcomeScreen` explains the situation in one paragraph and offers the
diagnosis wizard. Both conditions arrive in any order — ``go env`` and the first probe of
proxy.golang.org race — and the welcome is offered at most once per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from goproxy_tui.core.mirrors import Mirror, normalize_url
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.redact import printable
from goproxy_tui.core.rules.goproxy import DEFAULT_GOPROXY
from goproxy_tui.i18n import N_, _, tr

if TYPE_CHECKING:
    from goproxy_tui.core.goenv import GoEnvironment
    from goproxy_tui.core.probes.results import GoproxyProbeResult

TIMEOUT_FAULTS = frozenset(
    {Fault.DNS_TIMEOUT, Fault.CONNECT_TIMEOUT, Fault.TLS_HANDSHAKE_TIMEOUT, Fault.WRITE_TIMEOUT, Fault.READ_TIMEOUT}
)
"""What a firewall that drops packets looks like; a refusal or a 404 is a different story."""
DEFAULT_PROXY = normalize_url(DEFAULT_GOPROXY.split(",")[0])

Reason = Literal["go-missing", "default-proxy-timeout"]


@dataclass(frozen=True)
class Welcome:
    """Why the welcome opens; ``detail`` is the error or the fault as the user should read it."""

    reason: Reason
    detail: str
    hint: str | None = None


def untouched(env: GoEnvironment) -> bool:
    """Go was never configured: GOPROXY comes from no env file and no OS variable, and is Go's default."""
    try:
        goproxy = env.get("GOPROXY")
    except KeyError:
        return False
    return goproxy.file is None and goproxy.source == "default" and goproxy.effective == DEFAULT_GOPROXY


class FirstRun:
    """Feed it what the app learns; it answers a :class:`Welcome` once, when the situation is clear.

    The default proxy is judged by the mirror table's own first probe of it, so nothing extra is
    sent; with a catalog that leaves proxy.golang.org out, only "Go is missing" can open the welcome.
    """

    def __init__(self) -> None:
        self.offered = False
        self._untouched: bool | None = None  # None: go env not read yet
        self._first_fault: Fault | None = None  # the default proxy's first probe
        self._first_detail = ""
        self._probed = False

    def _offer(self, welcome: Welcome) -> Welcome:
        self.offered = True
        return welcome

    def env_failed(self, message: str, hint: str | None) -> Welcome | None:
        """``go env`` could not run: Go is missing or broken (once it has run, a failure is something else)."""
        if self.offered or self._untouched is not None:
            return None
        return self._offer(Welcome("go-missing", message, hint))

    def env_loaded(self, env: GoEnvironment) -> Welcome | None:
        if self._untouched is None:
            self._untouched = untouched(env)
        return self._check()

    def probed(self, mirror: Mirror, result: GoproxyProbeResult) -> Welcome | None:
        """Only the first probe of the default proxy counts (later ones belong to the live table)."""
        if self._probed or normalize_url(mirror.url) != DEFAULT_PROXY:
            return None
        self._probed = True
        self._first_fault = result.fault
        self._first_detail = f"{result.fault.value}: {tr(result.explanation)}"  # language is set before the app
        return self._check()

    def _check(self) -> Welcome | None:
        if self.offered or not self._untouched or self._first_fault not in TIMEOUT_FAULTS:
            return None
        return self._offer(Welcome("default-proxy-timeout", self._first_detail))


TITLES = {
    "go-missing": N_("Welcome to gotui: Go was not found"),
    "default-proxy-timeout": N_("Welcome to gotui: Go's default proxy does not answer"),
}
PARAGRAPHS = {
    "go-missing": N_(
        "gotui fixes Go module downloads, but it could not run the go command, so it cannot read or "
        "change Go's settings yet. Install Go from https://go.dev/dl/ (from mainland China use the "
        "mirror https://golang.google.cn/dl/), or point GOTUI_GO at the go binary; then press ctrl+r. "
        "Without Go these still work: the mirror table above with its probes (r re-probes, t tests the "
        "speed), and 'gotui module PATH@VERSION' in a shell."
    ),
    "default-proxy-timeout": N_(
        "Go has never been configured on this machine (GOPROXY is still its default, "
        "https://proxy.golang.org,direct), and proxy.golang.org did not answer in time: on this network "
        "'go get' and 'go mod download' will hang and then fail. Go does not fall back to 'direct' "
        "after a timeout. The diagnosis wizard finds the cause step by step and switches to a mirror "
        "that answers, as one change that ctrl+z undoes."
    ),
}


class WelcomeScreen(ModalScreen[bool]):
    """One paragraph and two buttons; dismisses True for "Run the diagnosis"."""

    AUTO_FOCUS = "#diagnose"

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > #welcome-dialog {
        width: 90%; max-width: 84; height: auto; max-height: 100%;
        padding: 1 2; border: thick $accent; background: $surface;
    }
    WelcomeScreen #welcome-title { text-style: bold; margin-bottom: 1; }
    WelcomeScreen #welcome-detail { color: $text-muted; margin-top: 1; }
    WelcomeScreen #welcome-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    WelcomeScreen Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "not_now", N_("Not now")), Binding("d", "diagnose", N_("Run the diagnosis"))]

    def __init__(self, welcome: Welcome) -> None:
        super().__init__()
        self.welcome = welcome

    def compose(self) -> ComposeResult:
        welcome = self.welcome
        detail = Text("· " + printable(tr(welcome.detail)))
        if welcome.hint:
            detail.append("\n  " + printable(tr(welcome.hint)))
        with Vertical(id="welcome-dialog"):
            yield Static(Text(_(TITLES[welcome.reason])), id="welcome-title")
            yield Static(Text(_(PARAGRAPHS[welcome.reason])), id="welcome-text")
            yield Static(detail, id="welcome-detail")
            with Horizontal(id="welcome-buttons"):
                yield Button(_("Run the diagnosis"), id="diagnose", variant="primary")
                yield Button(_("Not now"), id="not-now")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "diagnose")

    def action_diagnose(self) -> None:
        self.dismiss(True)

    def action_not_now(self) -> None:
        self.dismiss(False)
