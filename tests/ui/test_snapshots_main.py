"""Snapshots of the main screens. Review the SVGs when they change (pytest --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

from snapshot_env import snapshot_environment

from goproxy_tui.core.config import CatalogSettings, Config, LoadedConfig
from goproxy_tui.tui.app import GotuiApp

# No mirrors at all: the env pane is what these snapshots are about (the populated mirror table has
# its own snapshot in tests/mirrors), and nothing may be probed.
NO_MIRRORS = LoadedConfig(
    Config(catalog=CatalogSettings(include_builtin=False)), Path("/nonexistent/config.toml"), exists=False
)


async def _fixed() -> object:
    return snapshot_environment()


def test_main_screen_environment_pane(snap_compare) -> None:
    """Reviewer: the environment pane lists all 20 variables with source (env file / OS env / default),
    a ⚠ on GOPROXY (',direct' does not fall back on timeouts), the HTTPS_PROXY password masked as ***,
    and the detail block for GOPROXY (effective, env file, default values) under the table."""
    app = GotuiApp(load_environment=_fixed, config=NO_MIRRORS)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=(120, 40))


def test_edit_dialog_rejects_garbage(snap_compare) -> None:
    """Reviewer: the GOPROXY edit dialog with 'garbage value' typed: a red ✖ with Go's rule and a hint,
    and the Write button disabled."""

    async def type_garbage(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.screen.query_one("Input").value = "garbage value"
        await pilot.pause()

    app = GotuiApp(load_environment=_fixed, config=NO_MIRRORS)  # type: ignore[arg-type]
    assert snap_compare(app, terminal_size=(120, 40), run_before=type_garbage)
