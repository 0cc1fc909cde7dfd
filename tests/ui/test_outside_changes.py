"""The TUI follows changes made outside it: ``go env -w`` in another shell, an edited config.

The real ``go`` writes the isolated env file while the app runs; nobody presses ctrl+r. gotui's own
writes are not reported as outside changes.
"""

from __future__ import annotations

import asyncio

from helpers import go, gotui, wait_until
from onboarding_lab import fixed_prober, screen_text, wait_text

from goproxy_tui.core.config import load_config
from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.edit_var import EditRequest

SIZE = (120, 40)


def _toasts(app: GotuiApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_go_env_w_in_another_shell_shows_without_ctrl_r(go_env) -> None:
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config), probe_mirror=fixed_prober())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        assert app.environment.get("GOPROXY").file is None
        written = await asyncio.to_thread(go, "env", "-w", "GOPROXY=https://goproxy.cn|direct")
        assert written.returncode == 0, written.stderr
        await wait_text(pilot, app, "https://goproxy.cn|direct", "go env changed outside gotui", "re-read: GOPROXY")
        assert app.environment.get("GOPROXY").source == "file"
        assert sum("outside gotui" in t for t in _toasts(app)) == 1, _toasts(app)

        undone = await asyncio.to_thread(go, "env", "-u", "GOPROXY")  # and back, again from outside
        assert undone.returncode == 0, undone.stderr
        await wait_until(pilot, lambda: app.environment.get("GOPROXY").file is None)
        assert "https://goproxy.cn|direct" not in screen_text(app)


async def test_an_edited_config_adds_its_mirror_to_the_table(go_env) -> None:
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config), probe_mirror=fixed_prober())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        assert app.mirrors == ()
        text = '[catalog]\ninclude_builtin = false\n[[mirrors]]\nname = "corp"\nurl = "https://goproxy.corp.example.com"\n'
        await asyncio.to_thread(go_env.config.write_text, text)
        await wait_until(pilot, lambda: app.mirrors == (Mirror("corp", "https://goproxy.corp.example.com"),))
        await wait_text(pilot, app, " corp ", "Config changed outside gotui")
        assert any(str(go_env.config) in t for t in _toasts(app)), _toasts(app)


async def test_gotuis_own_write_is_not_called_an_outside_change(go_env) -> None:
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config), probe_mirror=fixed_prober())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        app.write_change(app.environment, EditRequest("GOPROXY", "https://goproxy.cn|direct"))
        await wait_until(pilot, lambda: app.environment.get("GOPROXY").file == "https://goproxy.cn|direct")
        await pilot.pause(2.5)  # more than two watch ticks
        assert any("Written with go env" in t for t in _toasts(app)), _toasts(app)
        assert not any("outside gotui" in t for t in _toasts(app)), _toasts(app)

        undone = await asyncio.to_thread(gotui, "undo")  # `gotui undo` in another shell
        assert undone.returncode == 0, undone.stderr
        await wait_until(pilot, lambda: app.environment.get("GOPROXY").file is None)
        await wait_until(pilot, lambda: any("outside gotui" in t for t in _toasts(app)))
