"""Which language gotui speaks, and what gettext does with catalogs: order, fallback, adding a language."""

from __future__ import annotations

from pathlib import Path

import pytest
from i18n_helpers import script

from goproxy_tui import i18n
from goproxy_tui.core.diagnosis.graph import node
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.i18n import _, ngettext, resolve_language, set_language


@pytest.mark.parametrize(
    ("cli", "config", "environ", "expected"),
    [
        (None, None, {}, "en"),
        (None, None, {"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        (None, None, {"LANG": "zh_TW.UTF-8"}, "zh_CN"),  # every zh* gets the one Chinese catalog
        (None, None, {"LANG": "zh"}, "zh_CN"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalog: English
        (None, None, {"LANG": "C"}, "en"),
        # LC_ALL beats LC_MESSAGES beats LANG; an empty one is skipped
        (None, None, {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh_CN"),
        (None, None, {"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh_CN"),
        # [ui] lang beats the environment, --lang beats both
        (None, "zh-CN", {"LANG": "en_US.UTF-8"}, "zh_CN"),
        (None, "en", {"LC_ALL": "zh_CN.UTF-8"}, "en"),
        ("zh_CN", "en", {"LC_ALL": "en_US.UTF-8"}, "zh_CN"),
        ("en", "zh", {"LANG": "zh_CN.UTF-8"}, "en"),
        # an explicit language without a catalog is English, not the next source down
        ("fr", None, {"LANG": "zh_CN.UTF-8"}, "en"),
        (None, "de", {"LANG": "zh_CN.UTF-8"}, "en"),
    ],
)
def test_resolution_order(cli: str | None, config: str | None, environ: dict[str, str], expected: str) -> None:
    assert resolve_language(cli, config, environ) == expected


def test_set_language_switches_every_later_lookup_and_back() -> None:
    assert set_language("zh_CN") == "zh_CN"
    assert _("Mirrors") == "镜像"
    assert ngettext("{n} error", "{n} errors", 3).format(n=3) == "3 个错误"
    assert set_language("en") == "en"
    assert _("Mirrors") == "Mirrors"
    assert ngettext("{n} error", "{n} errors", 1).format(n=1) == "1 error"
    assert ngettext("{n} error", "{n} errors", 2).format(n=2) == "2 errors"
    assert set_language("xx_YY") == "en"


def test_a_message_missing_from_the_catalog_is_shown_in_english() -> None:
    set_language("zh_CN")
    assert _("a sentence nobody translated") == "a sentence nobody translated"
    assert _("") == ""  # gettext would return the catalog header for ""


def test_adding_a_language_is_adding_a_catalog(tmp_path: Path) -> None:
    """A new locale directory with a .po compiled by scripts/compile_catalogs.py: no code change."""
    compile_catalogs = script("compile_catalogs")
    po = tmp_path / "fr" / "LC_MESSAGES" / "gotui.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "Mirrors"\nmsgstr "Miroirs"\n\n'
        'msgid "{n} error"\nmsgid_plural "{n} errors"\nmsgstr[0] "{n} erreur"\nmsgstr[1] "{n} erreurs"\n',
        encoding="utf-8",
    )
    assert compile_catalogs.main(["--locale", str(tmp_path)]) == 0
    assert i18n.available_languages(tmp_path) == ("en", "fr")
    assert resolve_language(None, None, {"LANG": "fr_FR.UTF-8"}, tmp_path) == "fr"
    assert set_language("fr_FR.UTF-8", tmp_path) == "fr"
    assert _("Mirrors") == "Miroirs"
    assert ngettext("{n} error", "{n} errors", 1).format(n=1) == "1 erreur"
    assert ngettext("{n} error", "{n} errors", 2).format(n=2) == "2 erreurs"
    assert _("Environment") == "Environment"  # not in this catalog: English


def test_fixed_core_texts_stay_english_in_data_and_translate_when_shown() -> None:
    """Graph titles and fault explanations are data (JSON): English there, the language on screen."""
    set_language("zh_CN")
    tcp = node("tcp")
    assert tcp.title == "TCP to each GOPROXY entry"
    assert _(tcp.title) == "到每个 GOPROXY 条目的 TCP 连接"
    finding = tcp.finding("connect-timeout").make("tcp", "detail")
    assert finding.to_json()["title"] == "A GOPROXY entry does not answer (connection timeout)"
    assert _(finding.title) == "某个 GOPROXY 条目没有响应（连接超时）"
    assert Fault.CONNECT_TIMEOUT.explanation.startswith("The TCP connection was never answered")
    assert Fault.CONNECT_TIMEOUT.translated_explanation.startswith("TCP 连接始终没有应答")


def test_embedded_fault_explanations_are_translated_and_the_data_around_them_kept() -> None:
    text = f"127.0.0.1:9: no TCP answer within 1 s (connect-timeout). {Fault.CONNECT_TIMEOUT.explanation}"
    assert i18n.translate_known(text) == text  # English: untouched
    set_language("zh_CN")
    shown = i18n.translate_known(text)
    assert shown.startswith("127.0.0.1:9: no TCP answer within 1 s (connect-timeout). ")
    assert shown.endswith(Fault.CONNECT_TIMEOUT.translated_explanation)
    assert i18n.status_word("ok") == "正常"
    assert i18n.status_word("connect-timeout") == "connect-timeout"  # a fault class is an identifier


def test_a_damaged_catalog_means_english_not_a_crash(tmp_path: Path) -> None:
    mo = tmp_path / "de" / "LC_MESSAGES" / "gotui.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(b"not a gettext catalog at all")
    assert set_language("de", tmp_path) == "en"
    assert _("Mirrors") == "Mirrors"
