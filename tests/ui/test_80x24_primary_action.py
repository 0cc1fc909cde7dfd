"""At 80×24 every screen shows its primary action: the environment rows (enter edits one) even when
GOPROXY carries several long warnings, and the wizard's fix with the key that applies it, however long
the step. Results are injected (fixed timings), nothing is contacted."""

from __future__ import annotations

from helpers import wait_until
from onboarding_lab import catalog_config, env_with_goproxy, fixed_prober, loader, wait_text
from test_snapshots_wizard import WizardHost, _walk
from textual.widgets import DataTable, Static

from goproxy_tui.core.diagnosis.engine import NodeFinished, NodeStarted
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.wizard import WalkEvent, WizardScreen

SMALL = (80, 24)
PLAIN_HTTP = "http://a.example.com,http://b.example.com,direct"


def _main_app() -> GotuiApp:
    return GotuiApp(load_environment=loader(env_with_goproxy(PLAIN_HTTP)), config=catalog_config(),
                    probe_mirror=fixed_prober())


async def _main_settled(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.environment is not None and app.settled
                     and all(app.health.stats(m.name).samples for m in app.mirrors))
    await pilot.pause()


async def _wizard_with_a_fix(pilot) -> None:
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    for index, result in enumerate(_walk()):
        wizard.post_message(WalkEvent(NodeStarted(NODE_BY_ID[result.node], index)))
        wizard.post_message(WalkEvent(NodeFinished(result, index)))
    await pilot.pause()
    wizard.query_one("#step-scroll").focus()
    await pilot.pause()


def _inside(region, size) -> bool:
    return region.height > 0 and region.x >= 0 and region.y >= 0 and region.right <= size[0] and \
        region.bottom <= size[1]


async def test_the_environment_rows_stay_visible_beside_long_goproxy_warnings() -> None:
    app = _main_app()
    async with app.run_test(size=SMALL) as pilot:
        await _main_settled(pilot)
        table = app.env_pane.query_one(DataTable)
        assert app.screen.focused is table
        assert _inside(table.region, SMALL)
        shown_rows = table.region.height - 1  # the header row
        assert shown_rows >= 5, table.region
        await wait_text(pilot, app, "GOPROXY ", "GOSUMDB ", "GOPRIVATE ", "GONOPROXY ", "GONOSUMDB ",
                        "⚠ 2 more warnings: enter shows them")


async def test_the_wizard_fix_and_its_key_are_on_screen() -> None:
    app = WizardHost()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await _wizard_with_a_fix(pilot)
        bar = app.screen.query_one("#wizard-fix", Static)
        assert _inside(bar.region, SMALL), bar.region
        await wait_text(pilot, app, "[f] apply fix: switch to goproxy.cn",
                        "$ go env -w GOPROXY=https://goproxy.cn|direct")


def test_main_screen_with_goproxy_warnings_at_80x24_snapshot(snap_compare) -> None:
    """Reviewer: 80×24, GOPROXY with two plain-http entries: the Environment pane (focused) still lists five
    variables (GOPROXY … GONOSUMDB); under them one line each: GOPROXY's effective value, the first ⚠ (cut
    with …) and '⚠ 2 more warnings: enter shows them'; the compact footer whole."""
    assert snap_compare(_main_app(), terminal_size=SMALL, run_before=_main_settled)


def test_wizard_with_a_fix_at_80x24_snapshot(snap_compare) -> None:
    """Reviewer: 80×24 wizard on step 4 (TCP, ✖ all-failed), the flowchart narrowed on the right; above
    the footer, always visible, '[f] apply fix: switch to goproxy.cn (https://goproxy.cn)' and the
    '$ go env -w GOPROXY=https://goproxy.cn|direct' command."""

    async def run(pilot) -> None:
        await pilot.pause()
        await _wizard_with_a_fix(pilot)

    assert snap_compare(WizardHost(), terminal_size=SMALL, run_before=run)
