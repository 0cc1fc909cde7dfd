"""An 80×24 terminal loses no information, and NO_COLOR is honoured.

At 80×24 the header gives way, the footer turns compact (every app-wide key still on screen), the
pane with the focus gets the room and the other keeps its first lines; tab swaps them. Results are
injected (fixed timings) so the snapshot is stable; nothing is contacted.
"""

from __future__ import annotations

import re

from helpers import wait_until
from onboarding_lab import catalog_config, fixed_env, fixed_prober, loader, wait_text
from textual.widgets._footer import FooterKey

from goproxy_tui.core.mirrors import BUILTIN_MIRRORS
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.help import HelpScreen
from goproxy_tui.tui.screens.welcome import Welcome, WelcomeScreen

SMALL = (80, 24)


def _app() -> GotuiApp:
    return GotuiApp(
        load_environment=loader(fixed_env()),
        config=catalog_config(),
        probe_mirror=fixed_prober({"golang": Fault.CONNECT_TIMEOUT}, {"aliyun": 40.0, "goproxy.cn": 60.0}),
    )


def _ready(app: GotuiApp) -> bool:
    return app.environment is not None and all(app.health.stats(m.name).samples for m in app.mirrors) and app.settled


def _footer_keys(app: GotuiApp) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def test_main_screen_at_80x24_snapshot(snap_compare) -> None:
    """Reviewer: no header; the Mirrors pane on top with 'GOPROXY=https://goproxy.cn,direct' and
    '▶ active mirror goproxy.cn: ok, median 60 ms', its column headers and the first rows (a
    horizontal scrollbar says more columns are to the right); the Environment pane below with the
    focus, five variable rows, GOPROXY highlighted, and its one-line-each explanation (the effective
    value and the ⚠ about ',' not falling back on timeouts, cut with …); the compact footer 'e Edit d Diagnose u Use t Speed a Add r Probe
    ^z Undo q Quit ? Help' and '^p palette', nothing cut off."""

    async def settle(pilot) -> None:
        await wait_until(pilot, lambda: _ready(pilot.app))
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=SMALL, run_before=settle)


async def test_80x24_keeps_every_key_the_status_line_and_the_explanations() -> None:
    app = _app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        await pilot.pause()
        keys = _footer_keys(app)
        labels = {f"{k.key_display} {k.description}".strip() for k in keys}
        for wanted in ("? Help", "q Quit", "^z Undo", "d Diagnose", "u Use", "e Edit"):
            assert wanted in labels, labels
        for key in keys:
            assert key.region.right <= SMALL[0], f"{key.key_display} is cut off"
        await wait_text(
            pilot, app,
            "GOPROXY=https://goproxy.cn,direct", "▶ active mirror goproxy.cn: ok",
            "effective: https://goproxy.cn,direct",  # the highlighted setting is explained
            "after ',' Go only falls back on 404/410",
        )

        await pilot.press("tab")  # the mirror pane takes the room: every mirror and the explanation
        await wait_text(pilot, app, "GOPROXY=https://goproxy.cn,direct", *(f" {m.name} " for m in BUILTIN_MIRRORS))
        app.mirror_table.table.move_cursor(row=app.mirror_table.table.get_row_index("golang"))
        await wait_text(pilot, app, "✖ connect-timeout", "The TCP connection was never answered")


async def test_help_and_dialogs_fit_80x24() -> None:
    app = _app()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = await wait_text(pilot, app, "esc, q, ? or F1 close")
        assert "Scroll the pane under the pointer" not in shown, "the end of the sheet is below"
        await pilot.press("end")  # the rest is one scroll away
        await wait_text(pilot, app, "Scroll the pane under the pointer")
        await pilot.press("escape")
        app.push_screen(WelcomeScreen(Welcome("default-proxy-timeout", "connect-timeout: no answer")))
        await wait_text(pilot, app, "Run the diagnosis", "Not now", "connect-timeout: no answer")


# -- NO_COLOR -----------------------------------------------------------------------------------------

_COLOURS = re.compile(r"(?:fill: |<rect fill=\")#([0-9a-f]{6})")


def _colours(svg: str) -> set[str]:
    return set(_COLOURS.findall(svg))


def _grey(colour: str) -> bool:
    """Channels within a few steps of each other (the SVG's default foreground is #c5c8c6)."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return max(channels) - min(channels) <= 8


async def _screenshot(app: GotuiApp) -> str:
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        await pilot.press("tab")
        await pilot.pause()
        return app.export_screenshot()


async def test_no_color_paints_in_greys_and_status_still_reads(monkeypatch) -> None:
    coloured = await _screenshot(_app())
    assert not all(_grey(c) for c in _colours(coloured)), "without NO_COLOR the app uses colour"

    monkeypatch.setenv("NO_COLOR", "1")  # https://no-color.org: any value
    app = _app()
    plain = await _screenshot(app)
    assert app.no_color
    assert all(_grey(c) for c in _colours(plain)), sorted(c for c in _colours(plain) if not _grey(c))
    assert "✖" in plain and "connect-timeout" in plain, "failures are told by a mark and a word, not by red alone"
