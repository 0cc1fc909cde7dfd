"""The environment pane and its edit dialog, driven with Pilot against the real go."""

from __future__ import annotations

import asyncio

import pytest
from helpers import go, wait_until
from textual.widgets import Button, DataTable, Input, Static

from goproxy_tui.core.goenv import GoEnvironment, read_environment
from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.edit_var import EditVarScreen


@pytest.fixture(autouse=True)
def _no_builtin_mirrors(go_env) -> None:
    """These tests are about the env pane: the app must not probe the public mirror catalog."""
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")


def _cell(app: GotuiApp, row: str, column: str) -> str:
    table = app.main_screen.query_one("#env-table", DataTable)
    return str(table.get_cell(row, column))


def _loaded(app: GotuiApp) -> bool:
    return app.environment is not None


async def _open_editor(pilot, app: GotuiApp, name: str) -> EditVarScreen:
    table = app.main_screen.query_one("#env-table", DataTable)
    table.move_cursor(row=table.get_row_index(name))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, EditVarScreen))
    assert isinstance(app.screen, EditVarScreen)
    return app.screen


async def test_first_paint_does_not_wait_for_go(go_env) -> None:
    release = asyncio.Event()

    async def slow_loader() -> GoEnvironment:
        await release.wait()
        return await read_environment()

    app = GotuiApp(load_environment=slow_loader)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        status = app.main_screen.query_one("#env-status", Static)
        assert "Reading 'go env'" in str(status.render())
        assert app.main_screen.query_one("#env-table", DataTable).loading
        release.set()
        await wait_until(pilot, lambda: _loaded(app))
        assert "go1." in str(app.main_screen.query_one("#env-status", Static).render())


async def test_pane_lists_values_and_sources(go_env) -> None:
    assert go("env", "-w", "GOPROXY=https://goproxy.cn,direct").returncode == 0
    app = GotuiApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: _loaded(app))
        assert _cell(app, "GOPROXY", "value") == "https://goproxy.cn,direct"
        assert _cell(app, "GOPROXY", "source") == "env file"
        assert _cell(app, "GOSUMDB", "source") == "default"
        assert _cell(app, "GOPATH", "source") == "OS env"
        assert _cell(app, "GOPROXY", "mark") == "⚠", "',direct' does not fall back on timeouts"


async def test_edit_validates_as_you_type_writes_and_ctrl_z_undoes(go_env) -> None:
    before = b"# team settings\nGOPRIVATE=git.corp.example.com\n"
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(before)
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: _loaded(app))
        dialog = await _open_editor(pilot, app, "GOPROXY")
        field = dialog.query_one(Input)
        field.value = "garbage value"
        await pilot.pause()
        verdict = str(dialog.query_one("#verdict", Static).render())
        assert verdict.startswith("✖")
        assert dialog.query_one("#write", Button).disabled
        field.value = "https://goproxy.cn|direct"
        await pilot.pause()
        assert str(dialog.query_one("#verdict", Static).render()).startswith("✔")
        await pilot.click("#write")
        await wait_until(pilot, lambda: b"GOPROXY=https://goproxy.cn|direct" in go_env.envfile.read_bytes())
        assert go("env", "GOPROXY").stdout.strip() == "https://goproxy.cn|direct"
        await wait_until(pilot, lambda: _cell(app, "GOPROXY", "value") == "https://goproxy.cn|direct")
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: go_env.envfile.read_bytes() == before)
        await wait_until(pilot, lambda: _cell(app, "GOPROXY", "source") == "default")


async def test_values_from_the_env_file_are_shown_as_plain_text(go_env) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_text("GOPRIVATE=[bold]x[/bold],[@click=app.quit]y\n")
    app = GotuiApp()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: _loaded(app))
        assert _cell(app, "GOPRIVATE", "value") == "[bold]x[/bold],[@click=app.quit]y"
        table = app.main_screen.query_one("#env-table", DataTable)
        table.move_cursor(row=table.get_row_index("GOPRIVATE"))
        await pilot.pause()
        detail = str(app.main_screen.query_one("#env-detail", Static).render())
        assert "[@click=app.quit]y" in detail
        assert app.is_running


async def test_missing_go_shows_install_hint_instead_of_crashing(go_env, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    app = GotuiApp()
    async with app.run_test(size=(120, 36)) as pilot:
        status = app.main_screen.query_one("#env-status", Static)
        await wait_until(pilot, lambda: "go command not found" in str(status.render()))
        assert "golang.google.cn/dl" in str(status.render())
