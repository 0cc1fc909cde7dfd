"""A password planted in an insteadOf URL or in a credential helper's answer never leaves the git step.

The planted password is the git server's real token, so git succeeds with it (the step really used
it). Then ``gotui check`` (text and JSON), ``gotui report`` and the wizard screen are scanned: the
rewrite is shown masked (``alice:***@``), a shell-snippet helper by its kind only.
"""

from __future__ import annotations

import json
from pathlib import Path

import git_lab
import pytest
from git_lab import META_MODULE, REWRITE_MODULE, TOKEN, USER, GitLab
from helpers import gotui, wait_until
from textual.widgets import Input

from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.wizard import WizardScreen
from goproxy_tui.tui.widgets.step_view import StepView

lab = git_lab.lab
gitlab = git_lab.gitlab


def plant(gitlab: GitLab, where: str) -> str:
    """Put TOKEN where ``where`` says; returns the module whose git step will use it."""
    if where == "insteadof":
        gitlab.rewrite(gitlab.server.url.replace("https://", f"https://{USER}:{TOKEN}@"))
        return REWRITE_MODULE
    if where == "shell-helper":
        helper = f"!f() {{ test \"$1\" = get && printf 'username={USER}\\npassword={TOKEN}\\n'; }}; f"
    else:
        script = gitlab.tmp / "helper.sh"
        script.write_text(f"#!/bin/sh\ntest \"$1\" = get && printf 'username={USER}\\npassword={TOKEN}\\n'\n",
                          encoding="utf-8")
        script.chmod(0o755)
        helper = str(script)
    gitlab.lab.os_env(GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="credential.helper", GIT_CONFIG_VALUE_0=helper)
    return META_MODULE


@pytest.mark.parametrize("where", ["insteadof", "shell-helper", "script-helper"])
def test_planted_password_never_in_check_text_json_or_report(gitlab: GitLab, where: str) -> None:
    module = plant(gitlab, where) + "@v1.0.0"
    assert gitlab.download(module.partition("@")[0]).returncode == 0  # the token is right: git used it
    outputs: dict[str, str] = {}
    text = gotui("check", "--module", module, cwd=gitlab.lab.workdir)
    outputs["check"] = text.stdout + text.stderr
    as_json = gotui("check", "--json", "--module", module, cwd=gitlab.lab.workdir)
    outputs["check --json"] = as_json.stdout + as_json.stderr
    report = gitlab.tmp / "report.md"
    done = gotui("report", "-o", str(report), "--module", module, cwd=gitlab.lab.workdir)
    outputs["report"] = done.stdout + done.stderr + report.read_text(encoding="utf-8")
    for name, output in outputs.items():
        assert TOKEN not in output, f"gotui {name} shows the planted password"
    document = json.loads(as_json.stdout)
    git_node = next(n for n in document["nodes"] if n["id"] == "git")
    assert git_node["outcome"] == "ok", git_node
    if where == "insteadof":
        assert git_node["evidence"]["insteadOf"].startswith(f"url.https://{USER}:***@127.0.0.1:")
        assert f"https://{USER}:***@127.0.0.1" in outputs["report"] or "insteadOf" not in outputs["report"]
    else:
        shown = "credential.helper=!(shell command)" if where == "shell-helper" else "credential.helper=helper.sh"
        assert git_node["evidence"]["credential helpers"] == [shown]


async def test_planted_password_never_on_the_wizard_screen(gitlab: GitLab, monkeypatch: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    module = plant(gitlab, "insteadof") + "@v1.0.0"
    monkeypatch.chdir(gitlab.lab.workdir)
    app = GotuiApp()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        wizard.query_one("#target", Input).value = module
        await pilot.press("enter")
        await wait_until(pilot, lambda: wizard.diagnosis is not None, timeout=90)
        for _ in range(len(wizard.path)):
            if wizard.current_result() is not None and wizard.current_result().node == "git":
                break
            await pilot.press("b")
        assert wizard.current_result().node == "git"
        shown = str(wizard.query_one(StepView).render())
        assert f"{USER}:***@127.0.0.1" in shown
        assert TOKEN not in shown and TOKEN not in app.export_screenshot()
