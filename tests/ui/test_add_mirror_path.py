"""The add-mirror dialog names the file the mirror goes to: ``$GOTUI_CONFIG`` when it is set, not "config.toml"."""

from __future__ import annotations

from helpers import wait_until
from onboarding_lab import fixed_prober, wait_text
from textual.widgets import Static

from goproxy_tui.core.config import load_config
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.add_mirror import AddMirrorScreen


async def test_add_mirror_dialog_names_the_real_config_file(go_env, tmp_path, monkeypatch) -> None:
    config = tmp_path / "elsewhere" / "my-gotui.toml"
    config.parent.mkdir()
    config.write_text("[catalog]\ninclude_builtin = false\n")
    monkeypatch.setenv("GOTUI_CONFIG", str(config))
    app = GotuiApp(config=load_config(), probe_mirror=fixed_prober())
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddMirrorScreen))
        shown = await wait_text(pilot, app, "Add a mirror", "saved in")  # the path wraps where it must
        texts = [str(w.render()) for w in app.screen.query(Static)]
        assert f"saved in {config}" in texts, texts
        assert "config.toml" not in shown
