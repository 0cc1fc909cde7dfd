"""Toasts do not pile up, and never cover a dialog's buttons.

A failing mirror refuses every ``u``: six presses give one toast with a count. A long toast that
arrives while the edit dialog is open (a speed test that failed meanwhile) sits above the dialog's
buttons, never on them, also at 80×24.
"""

from __future__ import annotations

import asyncio

from helpers import wait_until
from onboarding_lab import catalog_config, fixed_env, fixed_prober, loader, wait_text
from textual.widgets import Button
from textual.widgets._toast import Toast

from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.edit_var import EditVarScreen

SMALL = (80, 24)
LONG = "the mirror closed the connection after the headers; " * 6


async def _slow_failure(mirror: Mirror) -> object:
    await asyncio.sleep(0.5)  # the user opens the dialog meanwhile
    raise ConnectionResetError(LONG)


def _app() -> GotuiApp:
    return GotuiApp(
        load_environment=loader(fixed_env()),
        config=catalog_config(),
        probe_mirror=fixed_prober({"golang": Fault.CONNECT_TIMEOUT}),
        throughput_probe=_slow_failure,  # type: ignore[arg-type]
    )


def _ready(app: GotuiApp) -> bool:
    return app.environment is not None and all(app.health.stats(m.name).samples for m in app.mirrors) and app.settled


async def test_six_refused_switches_give_one_toast_with_a_count() -> None:
    app = _app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        table = app.mirror_table.table
        table.focus()
        table.move_cursor(row=table.get_row_index("golang"))
        for _ in range(6):
            await pilot.press("u")
        await pilot.pause()
        refused = [n for n in app._notifications if n.title.startswith("Not switched to golang")]
        assert len(refused) == 1, [n.title for n in app._notifications]
        assert refused[0].title == "Not switched to golang (×6)"
        await wait_text(pilot, app, "Not switched to golang (×6)")
        assert len(app.screen.query(Toast)) == 1


async def _long_toast_over_the_edit_dialog(pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: _ready(app))
    await pilot.press("t")  # speed test of the highlighted mirror, fails in 0.5 s
    await pilot.press("enter")  # meanwhile: edit GOPROXY
    await wait_until(pilot, lambda: isinstance(app.screen, EditVarScreen))
    await wait_until(pilot, lambda: any(t.region.height for t in app.screen.query(Toast)))
    await pilot.pause()


async def test_a_long_toast_never_covers_the_dialog_buttons_at_80x24() -> None:
    app = _app()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await _long_toast_over_the_edit_dialog(pilot)
        toasts = [t.region for t in app.screen.query(Toast)]
        assert any("Speed test of" in n.title for n in app._notifications)
        for button in app.screen.query(Button):
            assert button.region.height and button.region.bottom <= SMALL[1], button.id
            for toast in toasts:
                assert not toast.overlaps(button.region), (button.id, toast, button.region)


def test_dialog_with_a_notification_at_80x24_snapshot(snap_compare) -> None:
    """Reviewer: the GOPROXY edit dialog at 80×24 with its Write / Unset / Cancel buttons fully visible;
    a red 'Speed test of … failed' toast at the top right, cut to a few lines, covering no button."""
    assert snap_compare(_app(), terminal_size=SMALL, run_before=_long_toast_over_the_edit_dialog)
