"""Under LANG=zh_CN the wizard has no half-English lines: what a step is checking, and the evidence labels
(command, exit, seconds, output). JSON keeps the English keys."""

from __future__ import annotations

import os
import re

from goproxy_tui.core.diagnosis.graph import NODE_BY_ID, NODES
from goproxy_tui.core.diagnosis.nodes.verify import describe_run
from goproxy_tui.i18n import resolve_language, set_language
from goproxy_tui.tui.widgets.step_view import render_evidence, render_step

HAN = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"\b(?:in a scratch module|connect to each|along the chain|glob matching|when Go goes direct)\b")


def _chinese(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert set_language(resolve_language(None, None, os.environ)) == "zh_CN"


def test_checking_line_is_chinese_for_every_node(monkeypatch) -> None:
    _chinese(monkeypatch)
    verify = render_step(NODE_BY_ID["verify"], None, 11, 12).plain
    checking = next(line for line in verify.splitlines() if line.startswith("⋯ "))
    assert "正在检查：" in checking and "临时模块" in checking, checking
    assert "in a scratch module" not in checking
    for node in NODES:
        line = next(x for x in render_step(node, None, 0, 12).plain.splitlines() if x.startswith("⋯ "))
        assert not WORD.search(line), line


def test_evidence_labels_are_chinese_and_json_keys_stay_english(monkeypatch) -> None:
    class Step:
        returncode = 1

    class Run:
        command = "go mod download -json example.com/hello@v1.1.0"
        timed_out = False
        failed_step = Step()
        seconds = 0.42
        ok = False

        def output_lines(self) -> list[str]:
            return ["go: example.com/hello@v1.1.0: reading …: 404 Not Found"]

    evidence = describe_run(Run())  # type: ignore[arg-type]
    assert list(evidence) == ["command", "exit", "seconds", "output"]
    _chinese(monkeypatch)
    shown = render_evidence(evidence).plain
    labels = [line.split(":", 1)[0].strip() for line in shown.splitlines()]
    assert all(HAN.search(label) for label in labels), labels
    assert not any(label in ("command", "exit", "seconds", "output") for label in labels)
    assert list(describe_run(Run())) == ["command", "exit", "seconds", "output"]  # type: ignore[arg-type]


def test_extraction_takes_the_plural_forms_of_a_plural_msg() -> None:
    from i18n_helpers import script

    found = script("extract_messages").extract_source('x = Plural("{n} file", "{n} files", n, n=n)\n', "demo.py")
    assert not found.errors
    assert found.messages["{n} file"].plural == "{n} files"
