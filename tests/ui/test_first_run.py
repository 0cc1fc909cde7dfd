"""First run: the welcome opens when Go is missing, or when Go was never set up and its default proxy
(proxy.golang.org) times out — and never otherwise, and at most once per run.

"Go is missing" is real (PATH without go). "proxy.golang.org times out" is an injected probe
result: the network guard fails any real attempt to reach it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import wait_until
from onboarding_lab import (
    catalog_config,
    fixed_env,
    fixed_prober,
    fixed_result,
    loader,
    untouched_env,
    wait_text,
)

from goproxy_tui.core.mirrors import BUILTIN_MIRRORS, Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.welcome import FirstRun, WelcomeScreen
from goproxy_tui.tui.screens.wizard import WizardScreen

GOLANG = next(m for m in BUILTIN_MIRRORS if m.name == "golang")


def _app(env=None, fault: Fault = Fault.CONNECT_TIMEOUT) -> GotuiApp:
    return GotuiApp(
        load_environment=loader(env or untouched_env()),
        config=catalog_config(),
        probe_mirror=fixed_prober({"golang": fault}),
    )


def _welcome_shown(app: GotuiApp) -> bool:
    return isinstance(app.screen, WelcomeScreen) and bool(app.screen.query("#welcome-text"))


def _probed(app: GotuiApp) -> bool:
    return app.environment is not None and all(app.health.stats(m.name).samples for m in app.mirrors) and app.settled


def test_welcome_snapshot_when_the_default_proxy_times_out(snap_compare) -> None:
    """Reviewer: a modal over the main screen titled 'Welcome to gotui: Go's default proxy does not
    answer', one paragraph (Go never configured, GOPROXY still https://proxy.golang.org,direct, no
    fallback to direct after a timeout, the wizard switches as one undoable change), the fault line
    'connect-timeout: The TCP connection was never answered…' and two buttons, 'Run the diagnosis'
    (focused) and 'Not now'. Behind it the mirror table shows golang ✖ connect-timeout."""

    async def wait_for_welcome(pilot) -> None:
        await wait_until(pilot, lambda: _welcome_shown(pilot.app))
        await wait_until(pilot, lambda: pilot.app.settled)
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 32), run_before=wait_for_welcome)


async def test_default_proxy_timeout_offers_the_wizard_once() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _welcome_shown(app))
        shown = await wait_text(pilot, app, "Go's default proxy does not answer", "connect-timeout")
        assert "Mirrors" in shown, "the main screen was painted first, underneath"
        await pilot.click("#not-now")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        await pilot.press("r")  # a new round times out again: the welcome is not offered twice
        await wait_until(pilot, lambda: app.health.stats("golang").samples >= 2)
        await pilot.pause(0.3)
        assert app.screen is app.main_screen


async def test_run_the_diagnosis_opens_the_wizard() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _welcome_shown(app))
        await pilot.press("enter")  # "Run the diagnosis" has the focus
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))


@pytest.mark.parametrize(
    ("env", "fault", "why"),
    [
        (fixed_env(), Fault.CONNECT_TIMEOUT, "GOPROXY was set in the env file: not a first run"),
        (None, Fault.OK, "proxy.golang.org answers: nothing to explain"),
        (None, Fault.CONNECT_REFUSED, "a refusal is not the firewall-drops-packets case"),
    ],
)
async def test_no_welcome(env, fault: Fault, why: str) -> None:
    app = _app(env, fault)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _probed(app))
        await pilot.pause(0.2)
        assert app.screen is app.main_screen, why


async def test_go_missing_opens_the_welcome_with_the_install_hint(go_env, monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-go-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp()  # the real go lookup, which finds nothing
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _welcome_shown(app))
        await wait_text(pilot, app, "Go was not found", "golang.google.cn/dl")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)


# -- the decision itself, in every order the messages can arrive ---------------------------------------


def test_first_run_decides_whichever_comes_first() -> None:
    timeout = fixed_result(GOLANG.url, Fault.READ_TIMEOUT)
    env_first = FirstRun()
    assert env_first.env_loaded(untouched_env()) is None, "waits for the probe"
    welcome = env_first.probed(GOLANG, timeout)
    assert welcome is not None and welcome.reason == "default-proxy-timeout"
    probe_first = FirstRun()
    assert probe_first.probed(GOLANG, timeout) is None, "waits for go env"
    assert probe_first.env_loaded(untouched_env()) is not None
    assert probe_first.probed(GOLANG, timeout) is None, "once per run"


def test_only_the_default_proxys_first_probe_counts() -> None:
    first_run = FirstRun()
    first_run.env_loaded(untouched_env())
    other = Mirror("corp", "https://goproxy.corp.example.com")
    assert first_run.probed(other, fixed_result(other.url, Fault.CONNECT_TIMEOUT)) is None
    assert first_run.probed(GOLANG, fixed_result(GOLANG.url)) is None
    assert first_run.probed(GOLANG, fixed_result(GOLANG.url, Fault.CONNECT_TIMEOUT)) is None, "a later failure is the table's job"


def test_a_failure_after_go_env_was_read_is_not_go_missing() -> None:
    first_run = FirstRun()
    first_run.env_loaded(fixed_env())
    assert first_run.env_failed("journal is locked", None) is None
    assert FirstRun().env_failed("go: not found", "install Go").reason == "go-missing"  # type: ignore[union-attr]
