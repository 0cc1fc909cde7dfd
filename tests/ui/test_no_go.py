"""A fresh machine with no Go: the no-Go state is final and helpful, never "reading 'go env'…" for ever.

PATH really lacks go (the real lookup finds nothing); the config has no mirrors, so nothing is probed."""

from __future__ import annotations

from pathlib import Path

from helpers import wait_until
from onboarding_lab import screen_text, wait_text
from textual.widgets import Static

from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.welcome import WelcomeScreen


async def test_without_go_the_welcome_and_the_status_line_say_how_to_install_it(
    go_env, monkeypatch, tmp_path: Path
) -> None:
    empty = tmp_path / "no-go-here"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await wait_text(pilot, app, "Go was not found", "https://go.dev/dl/", "https://golang.google.cn/dl/",
                        "gotui module PATH@VERSION", "mirror table")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        shown = await wait_text(pilot, app, "✖ GOPROXY unknown: Go could not be run", "✖ go command not found",
                                "install Go from https://go.dev/dl/", "https://golang.google.cn/dl/",
                                "once it is installed, press ctrl+r", "Without Go these still work")
        status = str(app.env_pane.query_one("#env-status", Static).render())
        assert "the mirror table above with its probes" in status and "'gotui module PATH@VERSION'" in status
        assert "reading 'go env'" not in shown
        await pilot.pause(2.5)  # final: nothing is still "reading" (the watch timer runs meanwhile)
        later = screen_text(app)
        assert "reading 'go env'" not in later and "Reading 'go env'" not in later
        assert "✖ go command not found" in later
