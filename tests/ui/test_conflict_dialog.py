"""Editing a variable an OS export overrides: the TUI's own way instead of the CLI's --force.

Real go, isolated env; the OS variable and the ~/.profile line that exports it are planted."""

from __future__ import annotations

from helpers import wait_until
from onboarding_lab import fixed_prober
from textual.widgets import Button

from goproxy_tui.core.config import load_config
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.confirm import ConfirmScreen
from goproxy_tui.tui.screens.edit_var import EditVarScreen


async def test_edit_blocked_by_an_export_asks_with_file_and_line(go_env, monkeypatch) -> None:
    monkeypatch.setenv("GOSUMDB", "sum.golang.org")
    profile = go_env.home / ".profile"
    profile.write_text("export GOSUMDB=sum.golang.org\n")
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config), probe_mirror=fixed_prober())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        table = app.env_pane.query_one("DataTable")
        table.move_cursor(row=table.get_row_index("GOSUMDB"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EditVarScreen))
        app.screen.query_one("Input").value = "sum.golang.google.cn"
        await pilot.click("#write")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen.question
        assert f"exported at {profile}, line 1: export GOSUMDB=sum.golang.org" in question
        assert "--force" not in question
        await pilot.click("#yes")
        await wait_until(pilot, lambda: b"GOSUMDB=sum.golang.google.cn" in (go_env.env_bytes() or b""))
        assert app.environment.get("GOSUMDB").effective == "sum.golang.org"  # the OS value still wins


async def test_the_conflict_dialog_keeps_its_buttons_on_an_80x24_screen(go_env, monkeypatch) -> None:
    monkeypatch.setenv("GOSUMDB", "sum.golang.org")
    for name in (".profile", ".bashrc", ".zshrc"):  # three export sites make a long question
        (go_env.home / name).write_text("# " + "x" * 70 + "\nexport GOSUMDB=sum.golang.org\n")
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n")
    app = GotuiApp(config=load_config(go_env.config), probe_mirror=fixed_prober())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        app.write_changes(app.environment, {"GOSUMDB": "sum.golang.google.cn"}, "set")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        for button in app.screen.query(Button):
            region = button.region
            assert region.height and region.bottom <= 24 and region.right <= 80, (button.id, region)
