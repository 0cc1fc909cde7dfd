"""Run-time text (:class:`Msg`): English wherever it is treated as a string, the user's language where shown."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path

import pytest
from i18n_helpers import script

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import N_, Joined, Msg, message_of, set_language, tr

compile_catalogs = script("compile_catalogs")

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "{host}: no answer within {seconds:.0f} s"
msgstr "{host}：{seconds:.0f} 秒内无应答"

msgid "tried {count} mirrors: {why}"
msgstr "试过 {count} 个镜像：{why}"

msgid "checksum database unreachable"
msgstr "校验和数据库不可达"

msgid "broken {field}"
msgstr "坏了 {missing}"
"""


@pytest.fixture
def zh(tmp_path: Path) -> Path:
    """A tiny zh_CN catalog in a temporary locale directory, in use for the test."""
    po = tmp_path / "zh_CN" / "LC_MESSAGES" / "gotui.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    po.with_suffix(".mo").write_bytes(compile_catalogs.compile_catalog(po))
    assert set_language("zh_CN", tmp_path) == "zh_CN"
    return tmp_path


def test_a_msg_is_its_english_text_for_json_masking_and_comparison() -> None:
    text = Msg("{host}: no answer within {seconds:.0f} s", host="https://u:secret@mirror.test", seconds=5.0)
    english = "https://u:secret@mirror.test: no answer within 5 s"
    assert text == english
    assert json.loads(json.dumps({"detail": text})) == {"detail": english}
    assert mask_secrets(text) == "https://u:***@mirror.test: no answer within 5 s"
    assert tr(text) == text  # English in use


def test_tr_shows_a_msg_in_the_current_language_with_nested_parts_translated(zh: Path) -> None:
    reason = Msg("checksum database unreachable")
    text = Msg("tried {count} mirrors: {why}", count=3, why=reason)
    assert text == "tried 3 mirrors: checksum database unreachable"
    assert tr(text) == "试过 3 个镜像：校验和数据库不可达"
    assert tr(Msg("{host}: no answer within {seconds:.0f} s", host="mirror.test", seconds=4.6)) == (
        "mirror.test：5 秒内无应答"
    )


def test_joining_and_adding_keep_every_part_translatable(zh: Path) -> None:
    reason = Msg("checksum database unreachable")
    joined = Joined("; ", [reason, "HTTP 503"])
    assert joined == "checksum database unreachable; HTTP 503"
    assert tr(joined) == "校验和数据库不可达; HTTP 503"
    assert tr("mirror.test: " + reason) == "mirror.test: 校验和数据库不可达"
    assert tr(reason + " (3 times)") == "校验和数据库不可达 (3 times)"


def test_plain_text_is_looked_up_and_data_comes_back_unchanged(zh: Path) -> None:
    assert tr("checksum database unreachable") == "校验和数据库不可达"  # marked with N_ elsewhere
    assert tr("[bold]mirror.test[/]") == "[bold]mirror.test[/]"
    assert tr(None) == ""
    assert tr(ValueError(Msg("checksum database unreachable"))) == "校验和数据库不可达"
    assert tr(ValueError("plain", 2)) == "('plain', 2)"


def test_a_damaged_translation_shows_english_instead_of_crashing(zh: Path) -> None:
    assert tr(Msg("broken {field}", field="GOPROXY")) == "broken GOPROXY"


def test_copies_and_pickles_stay_translatable(zh: Path) -> None:
    text = Msg("tried {count} mirrors: {why}", count=2, why=Msg("checksum database unreachable"))
    joined = Joined(", ", [text, "x"])
    for clone in (copy.copy(text), copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert clone == text and tr(clone) == "试过 2 个镜像：校验和数据库不可达"
    assert tr(pickle.loads(pickle.dumps(joined))) == "试过 2 个镜像：校验和数据库不可达, x"


def test_masking_keeps_run_time_text_translatable(zh: Path) -> None:
    reason = Msg("checksum database unreachable")
    text = Msg("tried {count} mirrors: {why}", count=1, why=Joined(" ", ["https://u:pw@m.test", reason]))
    masked = mask_secrets(text)
    assert masked == "tried 1 mirrors: https://u:***@m.test checksum database unreachable"
    assert tr(masked) == "试过 1 个镜像：https://u:***@m.test 校验和数据库不可达"
    assert mask_secrets(reason) is reason
    # a URL split between the template and a parameter cannot be masked part by part: masked English wins
    split = Msg("https://{rest}", rest="u:pw@m.test")
    assert mask_secrets(split) == "https://u:***@m.test" and "pw" not in tr(mask_secrets(split))


def test_the_message_of_an_exception_stays_translatable(zh: Path) -> None:
    assert tr(message_of(ValueError(Msg("checksum database unreachable")))) == "校验和数据库不可达"
    assert message_of(OSError(2, "No such file")) == "[Errno 2] No such file"


def test_data_in_a_parameter_is_never_translated_even_when_it_spells_a_msgid(zh: Path) -> None:
    """A mirror may be called "checksum database unreachable" (or "ok", or "direct"): it is a name."""
    named = Msg("tried {count} mirrors: {why}", count=1, why="checksum database unreachable")
    assert tr(named) == "试过 1 个镜像：checksum database unreachable"
    marked = Msg("tried {count} mirrors: {why}", count=1, why=N_("checksum database unreachable"))
    assert tr(marked) == "试过 1 个镜像：校验和数据库不可达"
