"""Apply a team profile from the TUI: the diff first, nothing written before Apply, one ctrl+z undoes
it all, an invalid profile refused whole with the line and the reason. Writes use the real go."""

from __future__ import annotations

from pathlib import Path

from helpers import go, wait_until
from onboarding_lab import catalog_config, loader, screen_text, untouched_env
from textual.command import CommandPalette
from textual.widgets import Button, Input

from goproxy_tui.core.config import load_config
from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.profile_dialog import ProfileScreen

BEFORE = b"# my settings\nGOPRIVATE=git.corp.example.com\n"
TEAM = """\
# team set-up
[go]
GOPROXY = "https://goproxy.cn|direct"
GOSUMDB = "sum.golang.google.cn"
GONOSUMDB = "git.corp.example.com"

[[mirrors]]
name = "corp"
url = "http://127.0.0.1:9/goproxy"
operator = "Platform team"
"""
BROKEN = """\
[go]
GOPROXY = "garbage value"
GOSUMDB = "sum.golang.google.cn"
GOPATH = "/srv/go"
[verify]
modul = "example.com/x"
"""


def _dialog_ready(app: GotuiApp) -> bool:
    return isinstance(app.screen, ProfileScreen) and bool(app.screen.query("#profile-path"))


async def _open_and_check(pilot, app: GotuiApp, path: Path | str, expect: str) -> ProfileScreen:
    """Open through the palette (as a user would), type the path, press enter, wait for the answer."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*"apply team")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_until(pilot, lambda: _dialog_ready(app))
    dialog = app.screen
    assert isinstance(dialog, ProfileScreen)
    dialog.query_one("#profile-path", Input).value = str(path)
    await pilot.press("enter")
    await wait_until(pilot, lambda: expect in screen_text(app))
    return dialog


def _toasts(app: GotuiApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_profile_shows_the_diff_writes_one_change_and_ctrl_z_reverts_it(go_env, tmp_path: Path) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(BEFORE)
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    team = tmp_path / "team.toml"
    team.write_text(TEAM)
    app = GotuiApp(journal=Journal(), config=load_config(go_env.config))
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        dialog = await _open_and_check(pilot, app, team, "Apply 4 changes")
        shown = screen_text(app)
        assert "- https://proxy.golang.org,direct   (default)" in shown
        assert "+ https://goproxy.cn|direct" in shown
        assert "+ sum.golang.google.cn" in shown and "GONOSUMDB" in shown
        assert "+ mirror corp http://127.0.0.1:9/goproxy" in shown
        assert "Nothing is written until you press Apply" in shown
        assert go_env.env_bytes() == BEFORE, "showing the diff writes nothing"

        await pilot.click("#apply")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        assert go("env", "GOPROXY").stdout.strip() == "https://goproxy.cn|direct"
        assert go("env", "GOSUMDB").stdout.strip() == "sum.golang.google.cn"
        assert b"GOPRIVATE=git.corp.example.com" in go_env.env_bytes()
        assert "Applied team.toml" in _toasts(app) and "ctrl+z undoes all of it" in _toasts(app)
        await wait_until(pilot, lambda: "corp" in app.mirror_table.row_names())
        assert 'name = "corp"' in go_env.config.read_text()
        await wait_until(pilot, lambda: app.environment.get("GOPROXY").effective == "https://goproxy.cn|direct")
        assert dialog.plan is not None and len(dialog.plan.changes) == 3

        await pilot.press("ctrl+z")  # one undo reverts every Go setting of the profile, byte for byte
        await wait_until(pilot, lambda: go_env.env_bytes() == BEFORE)


async def test_invalid_profile_is_refused_whole_with_every_line_and_reason(go_env, tmp_path: Path) -> None:
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    team = tmp_path / "team.toml"
    team.write_text(BROKEN)
    app = GotuiApp(config=load_config(go_env.config))
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        dialog = await _open_and_check(pilot, app, team, "refused")
        shown = screen_text(app)
        assert "team.toml refused: 3 problems; nothing will be written" in shown
        assert "team.toml:2: [go] GOPROXY:" in shown
        assert "team.toml:4: [go] GOPATH: GOPATH is not a team-profile setting" in shown
        assert "team.toml:6: [verify] modul: unknown key" in shown and "did you mean 'module'?" in shown
        assert dialog.query_one("#apply", Button).disabled
        await pilot.click("#apply")  # a disabled button does nothing
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        assert go_env.env_bytes() is None, "nothing was written"


async def test_an_os_variable_that_would_win_blocks_apply(go_env, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GOPROXY", "https://proxy.corp.example.com")
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    team = tmp_path / "team.toml"
    team.write_text('[go]\nGOPROXY = "https://goproxy.cn|direct"\n')
    app = GotuiApp(config=load_config(go_env.config))
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        dialog = await _open_and_check(pilot, app, team, "Nothing can be written")
        assert "OS environment" in screen_text(app)
        assert dialog.query_one("#apply", Button).disabled
        assert go_env.env_bytes() is None


async def test_a_missing_file_is_one_line(go_env, tmp_path: Path) -> None:
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config))
    async with app.run_test(size=(120, 45)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        await _open_and_check(pilot, app, tmp_path / "nope.toml", "cannot read")
        assert "nope.toml: cannot read: No such file or directory" in screen_text(app)


def test_profile_diff_snapshot(snap_compare, tmp_path: Path, monkeypatch) -> None:
    """Reviewer: the 'Apply a team profile' dialog with team.toml typed: 'team.toml → Go env file
    /home/dev/.config/go/env', then GOPROXY and GONOSUMDB each with a red '- current (source)' line
    and a green '+ new' line, '+ mirror corp … → your gotui config', 'unchanged: GOSUMDB' (the env file
    already has it), the bold line '3 changes. Nothing is written until you press Apply; ctrl+z then
    undoes every Go setting in one step.' and the buttons Show changes / Apply 3 changes (focused) / Cancel."""
    (tmp_path / "team.toml").write_text(TEAM)
    monkeypatch.chdir(tmp_path)
    app = GotuiApp(load_environment=loader(untouched_env()), config=catalog_config(include_builtin=False))

    async def show(pilot) -> None:
        await wait_until(pilot, lambda: pilot.app.environment is not None)
        pilot.app.action_apply_profile()
        await wait_until(pilot, lambda: _dialog_ready(pilot.app))
        pilot.app.screen.query_one("#profile-path", Input).value = "team.toml"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Apply 3 changes" in screen_text(pilot.app))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 36), run_before=show)
