"""Text the core builds at run time, shown by the TUI in Chinese: real go, real loopback failures.

What is on screen (the widgets' rendering) must be the Chinese form of the core's message, with the
English sentence gone; the data itself (what ``--json`` prints) stays English.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from helpers import wait_until
from loopnet.blackhole import Blackhole
from textual.widgets import DataTable, Input, Static

from goproxy_tui.core.goenv import SPEC_BY_NAME
from goproxy_tui.core.rules.settings import validate_setting
from goproxy_tui.i18n import set_language, tr
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.edit_var import EditVarScreen
from goproxy_tui.tui.screens.wizard import WizardScreen
from goproxy_tui.tui.widgets.step_view import StepView

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diagnosis"))  # the loopback lab lives there
import diag_lab

lab = diag_lab.lab
SIZE = (140, 45)
MODULE = "example.com/hello@v1.1.0"
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(english: str) -> str:
    """``english`` (a Msg from the core) in Chinese; fails if the catalog left it English."""
    shown = tr(english)
    assert shown != english and CJK.search(shown), f"not translated: {english!r}"
    return shown


def flat(text: str) -> str:
    """Rendered text with the line wrapping undone (a long message wraps anywhere)."""
    return re.sub(r"\s+", "", text)


def _no_builtin_mirrors(go_env) -> None:
    go_env.config.parent.mkdir(parents=True, exist_ok=True)
    go_env.config.write_text("[catalog]\ninclude_builtin = false\n", encoding="utf-8")


async def test_edit_dialog_shows_the_rule_error_in_chinese(go_env) -> None:
    _no_builtin_mirrors(go_env)
    set_language("zh_CN")
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        table = app.main_screen.query_one("#env-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("GOPROXY"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EditVarScreen))
        dialog = app.screen
        dialog.query_one(Input).value = "ftp://mirror.example"
        await pilot.pause()
        verdict = str(dialog.query_one("#verdict", Static).render())
        check = validate_setting("GOPROXY", "ftp://mirror.example")
        assert check.error is not None and check.hint is not None
        assert verdict.startswith("✖ ")
        assert flat(chinese(check.error)) in flat(verdict)
        assert flat(chinese(check.hint)) in flat(verdict)
        assert "invalid proxy URL scheme" not in verdict
        assert dialog.query_one("#write").disabled
        # the value itself (data) is kept as typed, and the English form is what --json would print
        assert "ftp://mirror.example" in verdict
        assert str(check.error) == "invalid proxy URL scheme (must be https, http, file): ftp://mirror.example"


async def test_env_pane_describes_the_variable_in_chinese(go_env) -> None:
    _no_builtin_mirrors(go_env)
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_text("GOPROXY=https://goproxy.cn,direct\n", encoding="utf-8")
    set_language("zh_CN")
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        table = app.main_screen.query_one("#env-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("GOPROXY"))
        await pilot.pause()
        detail = str(app.main_screen.query_one("#env-detail", Static).render())
        about = SPEC_BY_NAME["GOPROXY"].about
        assert detail.splitlines()[0] == f"GOPROXY  {chinese(about)}"
        assert about not in detail
        # the ',direct' warning the rules attach to the value, in Chinese too
        var = app.environment.get("GOPROXY")
        assert var.warnings
        for warning in var.warnings:
            assert flat(chinese(warning)) in flat(detail)
        assert var.to_json()["about"] == about == "module proxies, tried in order"


def _shown(wizard: WizardScreen) -> str:
    return str(wizard.query_one(StepView).render())


async def test_wizard_step_shows_the_finding_and_fix_in_chinese(lab, monkeypatch) -> None:
    hole = lab.keep(Blackhole())
    lab.goenv(GOPROXY=hole.url())
    lab.config(mirrors={"good": lab.good.url}, timeout=0.5, verify_timeout=3.0)
    monkeypatch.chdir(lab.workdir)
    set_language("zh_CN")
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        wizard = WizardScreen(MODULE)
        app.push_screen(wizard)
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: wizard.diagnosis is not None, timeout=60)
        diagnosis = wizard.diagnosis
        assert diagnosis is not None and not diagnosis.ok
        for _ in range(len(wizard.path)):
            if wizard.current_result() is not None and wizard.current_result().node == "tcp":
                break
            await pilot.press("b")
        result = wizard.current_result()
        assert result is not None and result.node == "tcp"
        shown = flat(_shown(wizard))
        finding = next(f for f in result.findings if f.id == "tcp.connect-timeout")
        assert flat(chinese(finding.title)) in shown
        assert flat(chinese(finding.detail)) in shown
        assert flat(finding.detail) not in shown, "the English detail is gone"
        assert finding.remedy is not None
        assert flat(chinese(finding.remedy.summary)) in shown
        assert flat(chinese(result.summary)) in shown
        assert flat(hole.url()) in shown and "connect-timeout" in shown  # data and fault classes stay
        # the JSON document stays English
        document = json.dumps(diagnosis.to_json(), ensure_ascii=False)
        assert not CJK.search(document)
        assert str(finding.remedy.summary) == f"switch to good ({lab.good.url})"


def test_evidence_tables_show_their_texts_in_chinese_and_their_data_as_is() -> None:
    from goproxy_tui.i18n import N_, set_language
    from goproxy_tui.tui.widgets.step_view import render_evidence

    set_language("zh_CN")
    shown = render_evidence({"chain": [{"url": "https://m.test", "go": N_("not reached")}, "not reached"]}).plain
    assert '"go": "未到达"' in shown  # a text gotui wrote, inside a table
    assert '"not reached"]' in shown and "https://m.test" in shown  # data that spells the same stays as is
