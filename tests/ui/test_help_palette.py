"""The help screen (? / F1) and the command palette (ctrl+p): snapshots, and what their entries do.

Review the SVGs when they change (pytest --snapshot-update). Probe results are injected (fixed
timings, nothing contacted); the palette's "Use mirror" is proven against real loopback mirrors.
"""

from __future__ import annotations

from pathlib import Path

from helpers import go, wait_until
from loopnet.goproxy_server import GoproxyServer
from onboarding_lab import catalog_config, fixed_env, fixed_prober, loader, wait_text
from textual.command import CommandList, CommandPalette

from goproxy_tui.core.config import LoadedConfig, load_config
from goproxy_tui.core.diagnosis.context import CheckTarget, DiagnosisContext
from goproxy_tui.core.diagnosis.engine import Diagnosis
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.journal import Journal
from goproxy_tui.core.mirrors import BUILTIN_MIRRORS
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.help import HelpScreen
from goproxy_tui.tui.screens.report_dialog import ReportScreen
from goproxy_tui.tui.screens.wizard import WizardScreen


def _app() -> GotuiApp:
    return GotuiApp(
        load_environment=loader(fixed_env()),
        config=catalog_config(),
        probe_mirror=fixed_prober({"golang": Fault.CONNECT_TIMEOUT}, {"aliyun": 40.0, "goproxy.cn": 60.0}),
    )


def _ready(app: GotuiApp) -> bool:
    names = [m.name for m in app.mirrors]
    return app.environment is not None and all(app.health.stats(n).samples for n in names) and app.settled


def _hits(app: GotuiApp) -> list[str]:
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]


async def _open_palette(pilot, app: GotuiApp, query: str, expect: str) -> list[str]:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    if query:
        await pilot.press(*query)
    await wait_until(pilot, lambda: any(expect in hit for hit in _hits(app)))
    return _hits(app)


# -- snapshots -----------------------------------------------------------------------------------------


def test_help_screen_snapshot(snap_compare) -> None:
    """Reviewer: a 'gotui keys' sheet over the dimmed main screen: 'Everywhere' (ctrl+z Undo,
    ctrl+r Reload env, q Quit, ? / f1 Help, ctrl+p command palette, tab), 'Mirrors pane' (enter uses the
    highlighted mirror, d u t a r s), 'Environment pane' (enter/e edit), 'Diagnosis wizard' (f, s / →,
    b / ←, r, esc), 'Dialogs' and 'Mouse'; keys in a bold cyan column, the close hint on the last line."""

    async def open_help(pilot) -> None:
        await wait_until(pilot, lambda: _ready(pilot.app))
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 50), run_before=open_help)


def test_command_palette_snapshot(snap_compare) -> None:
    """Reviewer: the command palette over the main screen with 'use' typed: 'Use mirror …' for each
    built-in mirror (golang, goproxy.cn, goproxy.io, aliyun, tencent, huawei), each with its URL as help
    text, the matched letters highlighted; 'Undo last change' matches too."""

    async def type_use(pilot) -> None:
        await wait_until(pilot, lambda: _ready(pilot.app))
        await _open_palette(pilot, pilot.app, "use", "Use mirror huawei")
        await pilot.pause()

    assert snap_compare(_app(), terminal_size=(100, 36), run_before=type_use)


# -- behaviour -----------------------------------------------------------------------------------------


async def test_question_mark_and_f1_open_a_help_that_names_every_footer_key() -> None:
    app = _app()
    async with app.run_test(size=(120, 60)) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        footer = [b for _node, b, _enabled, _tip in app.screen.active_bindings.values() if b.show]
        assert any(b.action == "help" for b in footer), "? Help is in the footer"
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        shown = await wait_text(pilot, app, "gotui keys", "Mouse")
        for binding in footer:
            assert binding.description in shown, binding
        for row in ("ctrl+z", "ctrl+p", "enter", "Mirrors pane", "Environment pane", "Diagnosis wizard", "Mouse"):
            assert row in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: app.screen is app.main_screen)


async def test_palette_offers_every_action_and_one_use_command_per_mirror() -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        hits = await _open_palette(pilot, app, "", "Export report")
        for name in ("Run diagnosis", "Apply team profile…", "Undo last change", "Export report…", "Re-probe mirrors"):
            assert name in hits
        await pilot.press("escape")
        hits = await _open_palette(pilot, app, "mirror", "Use mirror goproxy.cn")
        for mirror in BUILTIN_MIRRORS:
            assert f"Use mirror {mirror.name}" in hits
        await pilot.press("escape")
        await _open_palette(pilot, app, "run diag", "Run diagnosis")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))


async def test_palette_use_mirror_writes_goproxy_and_ctrl_z_restores(go_env) -> None:
    """The palette's 'Use mirror beta' is the same switch as u: real probes, real go env -w, undoable."""
    with GoproxyServer() as alpha, GoproxyServer() as beta:
        go_env.config.write_text(
            "[catalog]\ninclude_builtin = false\n[probe]\ntimeout = 1.0\ninterval = 30.0\n"
            f'[[mirrors]]\nname = "alpha"\nurl = "{alpha.url}"\n[[mirrors]]\nname = "beta"\nurl = "{beta.url}"\n'
        )
        app = GotuiApp(journal=Journal(), config=load_config(go_env.config))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: _ready(app))
            await _open_palette(pilot, app, "use mirror beta", "Use mirror beta")
            await pilot.press("enter")
            await wait_until(pilot, lambda: go("env", "GOPROXY").stdout.startswith(beta.url))
            await pilot.press("ctrl+z")
            await wait_until(pilot, lambda: not go_env.envfile.exists() or b"GOPROXY" not in go_env.envfile.read_bytes())
            assert go("env", "GOPROXY").stdout.strip() == "https://proxy.golang.org,direct"


# -- export report (palette → dialog → file) -------------------------------------------------------------

SECRET_PROXY = "https://ci:s3cret@athens.corp.example.com"


def _diagnosis() -> Diagnosis:
    node = NODE_BY_ID["tcp"]
    outcome = node.outcome("all-failed")
    finding = node.finding("connect-timeout").make(
        "tcp",
        f"{SECRET_PROXY} never answered the TCP handshake.",
        title=f"{SECRET_PROXY} does not accept connections",
        evidence=[f"{SECRET_PROXY}: connect-timeout after 5000 ms"],
        remedy=Remedy("switch-mirror", "switch to goproxy.cn", env={"GOPROXY": "https://goproxy.cn|direct"},
                      mirror="goproxy.cn"),
    )
    result = NodeResult("tcp", node.number, node.title, outcome.id, outcome.status, f"{SECRET_PROXY}: connect-timeout",
                        {SECRET_PROXY: "connect-timeout"}, (finding,), outcome.next, 5000.0)
    return Diagnosis(CheckTarget("example.com/hello", "v1.1.0"), (result,), (), "2026-01-01T00:00:00+00:00", 5000.0,
                     None, {"GOPROXY": SECRET_PROXY})


def _walked_wizard(loaded: LoadedConfig) -> WizardScreen:
    """A wizard as it is left after a walk: its diagnosis and the context it walked in."""
    wizard = WizardScreen("example.com/hello@v1.1.0")
    wizard.diagnosis = _diagnosis()
    wizard.ctx = DiagnosisContext(env=fixed_env(), go_error=None, loaded=loaded,
                                  target=CheckTarget("example.com/hello", "v1.1.0"), workdir=Path("."), environ={})
    return wizard


async def test_export_report_reuses_the_wizard_diagnosis_and_masks_secrets(tmp_path: Path) -> None:
    app = _app()
    target = tmp_path / "out" / "report.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        app.last_wizard = _walked_wizard(app.loaded_config)
        await _open_palette(pilot, app, "export", "Export report…")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and bool(app.screen.query("#report-path")))
        await wait_text(pilot, app, "wizard's last diagnosis of example.com/hello@v1.1.0")
        app.screen.query_one("#report-path").value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.main_screen)
        report = target.read_text(encoding="utf-8")
        assert report.startswith("# gotui diagnosis report")
        assert "athens.corp.example.com" in report and "s3cret" not in report
        assert "alice:***@proxy.corp.example.com" in report, "the env table's proxy password is masked too"
        assert any("Report written" in (n.title or "") for n in app._notifications)


async def test_export_report_into_an_unwritable_place_says_why_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: _ready(app))
        app.last_wizard = _walked_wizard(app.loaded_config)
        app.action_export_report()
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen) and bool(app.screen.query("#report-path")))
        app.screen.query_one("#report-path").value = str(blocker / "report.md")
        await pilot.press("enter")
        await wait_text(pilot, app, "cannot write")
        assert isinstance(app.screen, ReportScreen), "the dialog stays open to pick another file"
