"""The wizard screen on the loopback network: finds the blackholed proxy, applies the fix, proves it."""

from __future__ import annotations

import diag_lab
from diag_lab import Lab
from helpers import wait_until
from loopnet.blackhole import Blackhole
from textual.widgets import Input

from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.wizard import WizardScreen
from goproxy_tui.tui.widgets.flowchart import FlowchartPanel
from goproxy_tui.tui.widgets.step_view import StepView

lab = diag_lab.lab
MODULE = "example.com/hello@v1.1.0"


def _shown(screen: WizardScreen) -> str:
    return str(screen.query_one(StepView).render())


async def test_wizard_finds_the_blackhole_applies_the_switch_and_verifies(lab: Lab, monkeypatch) -> None:
    hole = lab.keep(Blackhole())
    lab.goenv(GOPROXY=hole.url())
    lab.config(mirrors={"good": lab.good.url}, timeout=0.5, verify_timeout=3.0)
    monkeypatch.chdir(lab.workdir)
    app = GotuiApp()
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("d")  # from the main screen
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        target = wizard.query_one("#target", Input)
        assert target.value == "example.com/hello", "the default comes from [probe] module"
        target.value = MODULE
        await pilot.press("enter")
        await wait_until(pilot, lambda: wizard.diagnosis is not None, timeout=60)
        assert wizard.diagnosis is not None and not wizard.diagnosis.ok
        chart = str(wizard.query_one(FlowchartPanel).render())
        assert "✖" in chart and "TCP" in chart.upper()
        # step back to the TCP node: its finding names the blackholed proxy and offers the switch
        for _ in range(len(wizard.path)):
            if wizard.current_result() is not None and wizard.current_result().node == "tcp":
                break
            await pilot.press("b")
        assert wizard.current_result().node == "tcp"
        shown = _shown(wizard)
        assert "connect-timeout" in shown and hole.url() in shown
        assert f"switch to good ({lab.good.url})" in shown and "[f] apply" in shown
        await pilot.press("s")
        assert wizard.current_result().node != "tcp"
        await pilot.press("b")
        await pilot.press("f")
        await wait_until(pilot, lambda: lab.good.url in lab.go_env.envfile.read_text(), timeout=30)
        # the fix is proven by walking again, ending with a real go mod download
        await wait_until(pilot, lambda: wizard.diagnosis is not None and wizard.diagnosis.ok, timeout=60)
        verify = wizard.diagnosis.result("verify")
        assert verify is not None and verify.status == "pass"
        assert "Go can download the module" in str(wizard.query_one("#wizard-status").render())
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, WizardScreen))
        await wait_until(
            pilot,
            lambda: (
                app.environment is not None
                and app.environment.get("GOPROXY").effective.startswith(lab.good.url)
            ),
        )


async def test_wizard_rejects_a_bad_module_in_one_line(lab: Lab, monkeypatch) -> None:
    monkeypatch.chdir(lab.workdir)
    app = GotuiApp()
    async with app.run_test(size=(140, 45)) as pilot:
        wizard = WizardScreen("github.com/Foo//bar@1.0")
        app.push_screen(wizard)
        await pilot.pause()
        await pilot.press("enter")
        status = wizard.query_one("#wizard-status")
        await wait_until(pilot, lambda: str(status.render()).startswith("✖"))
        assert "\n" not in str(status.render()).strip()
