"""Words that say what is meant: a mirror without the checksum proxy reads healthy (with the sumdb note),
timings carry their unit, undo after everything was
undone says so, and counts use real plural forms."""

from __future__ import annotations

import os

from helpers import gotui
from mirrorlab import write_config

from goproxy_tui.i18n import Plural, ngettext, resolve_language, set_language, tr
from goproxy_tui.tui.screens.wizard import WizardScreen


def _rows(stdout: str) -> dict[str, str]:
    """The table rows by mirror name (the first column is the chain mark: '*', a position or blank)."""
    rows = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        words = line.split()
        rows[words[1] if words[0] == "*" or words[0].isdigit() else words[0]] = line
    return rows


def test_mirrors_table_healthy_without_sumdb_and_ms_units(go_env, start_proxy) -> None:
    good, nosum = start_proxy(), start_proxy(sumdb_supported=False)
    write_config(go_env.config, {"good": good.url, "nosum": nosum.url})
    result = gotui("mirrors")
    assert result.returncode == 0, result.stderr
    rows = _rows(result.stdout)
    assert "healthy, no sumdb" in rows["nosum"], rows["nosum"]
    assert "warning" not in rows["nosum"]
    assert " ms " in rows["good"] and " ms " in rows["nosum"], rows
    assert "2 of 2 mirrors healthy" in result.stdout
    assert "  nosum: " in result.stdout and "sum.golang.org" in result.stdout.split("  nosum: ", 1)[1]


def test_undo_after_everything_was_undone_says_so(go_env) -> None:
    for value in ("https://goproxy.cn|direct", "https://goproxy.io|direct"):
        assert gotui("set", f"GOPROXY={value}").returncode == 0
    for _ in range(2):
        assert gotui("undo").returncode == 0
    again = gotui("undo")
    assert again.returncode == 1
    assert "all 2 changes gotui made are already undone" in again.stderr + again.stdout
    assert "has made no change" not in again.stderr + again.stdout

    fresh = gotui("undo", env={**os.environ, "GOTUI_JOURNAL": str(go_env.root / "new-journal.toml")})
    assert "gotui has made no change" in fresh.stderr + fresh.stdout


class _Diagnosis:
    def __init__(self, errors: int, warnings: int) -> None:
        self.ok, self._counts = errors == 0, {"error": errors, "warning": warnings}

    def count(self, severity: str) -> int:
        return self._counts[severity]


def test_counts_use_plural_forms_in_english_and_chinese(monkeypatch) -> None:
    verdict = WizardScreen._verdict
    assert verdict(_Diagnosis(1, 0)).plain.startswith("✖ 1 problem found")
    assert verdict(_Diagnosis(2, 0)).plain.startswith("✖ 2 problems found")
    assert "(1 warning)" in verdict(_Diagnosis(0, 1)).plain and "(3 warnings)" in verdict(_Diagnosis(0, 3)).plain
    assert "(s)" not in verdict(_Diagnosis(2, 0)).plain
    one, many = (Plural("{count} file left", "{count} files left", n, count=n) for n in (1, 5))
    assert (str(one), str(many)) == ("1 file left", "5 files left")  # English (JSON) by the count

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    set_language(resolve_language(None, None, os.environ))
    assert verdict(_Diagnosis(2, 0)).plain.startswith("✖ 发现 2 个问题")
    assert ngettext("{count} problem found", "{count} problems found", 1).format(count=1) == "发现 1 个问题"
    assert tr(Plural("{count} problem found", "{count} problems found", 3, count=3)) == "发现 3 个问题"
