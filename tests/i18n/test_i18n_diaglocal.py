"""The local nodes of the diagnosis (toolchain, module, go.mod, module cache, verification), its remedies
and the engine in Chinese, on real scenarios (loopback mirrors, the real ``go``).

What people read (``tr()`` of a finding's title, detail, evidence, remedy summary, steps and confirm
question, of a verdict's summary and of a remedy's result) is Chinese with the English sentence gone;
``to_json()`` (``--json``) and the objects themselves (``==``) stay English.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from goproxy_tui.core.diagnosis.context import TargetError, parse_target
from goproxy_tui.core.diagnosis.engine import DiagnosisEngine
from goproxy_tui.core.diagnosis.modulecheck import check_module
from goproxy_tui.core.diagnosis.remedies import apply_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.goenv import read_environment
from goproxy_tui.i18n import set_language, tr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diagnosis"))  # the loopback lab lives there
import diag_lab
from diag_lab import Lab, finding
from test_diag_nodes_local import download, node_for, toolchain_proxy

lab = diag_lab.lab
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(english: str, *gone: str) -> str:
    """``english`` (text from the core) as shown in Chinese; the English phrases ``gone`` must not remain."""
    shown = tr(english)
    assert shown != english and CJK.search(shown), f"not translated: {english!r}"
    for phrase in gone:
        assert phrase in english, f"{phrase!r} is not in the English text {english!r}"
        assert phrase not in shown, f"{phrase!r} left in {shown!r}"
    return shown


def english_json(item: Any) -> str:
    text = json.dumps(item.to_json(), ensure_ascii=False)
    assert not CJK.search(text), text
    return text


# -- 10. go.mod: a replace pointing nowhere, a go line newer than the installed Go --------------------------


async def test_gomod_replace_and_toolchain_findings_are_chinese_and_json_stays_english(lab: Lab) -> None:
    (lab.workdir / "go.mod").write_text(
        "module example.com/app\n\ngo 1.99\n\nreplace example.com/hello => ../missing-hello\n", encoding="utf-8"
    )
    result = await lab.node("gomod")  # GOTOOLCHAIN=local (tests/conftest.py)
    assert result.outcome == "broken"
    target = str(lab.tmp / "missing-hello")
    set_language("zh_CN")

    missing = finding(result, "gomod.replace-missing")
    detail = chinese(missing.detail, "points at", "every build")
    assert "指向" in detail and "不存在" in detail and target in detail
    assert chinese(missing.evidence[1], "does not exist") == f"{target}: 不存在"
    assert tr(missing.evidence[0]) == "replace example.com/hello => ../missing-hello"  # go.mod syntax: data
    assert chinese(missing.remedy.summary, "fix or drop") == "修正或删除对 example.com/hello 的 replace"
    assert "检出到" in chinese(missing.remedy.instructions[0], "check out")

    shadows = finding(result, "gomod.replace-shadows")
    assert "替换为" in chinese(shadows.detail, "inside this module")

    local = finding(result, "gomod.toolchain-local")
    assert "要求 go >= 1.99" in chinese(local.detail, "requires go", "every go command")
    assert chinese(local.remedy.summary) == "手动安装 Go 1.99"
    assert chinese(local.remedy.instructions[0], "download it from", "(or") == (
        "从 https://golang.google.cn/dl/（或 https://go.dev/dl/） 下载"
    )
    assert any(tr(line).startswith("已安装：go") for line in local.evidence)
    refused = await apply_remedy(local.remedy, await read_environment())  # instructions: only the user can
    assert not refused.ok and chinese(refused.message, "is for you to do") == "“手动安装 Go 1.99”需要你自己来做"
    assert refused.hint is not None and chinese(refused.hint, "download it from").startswith("从 https://")
    assert "某个 replace 目标不存在" in chinese(result.summary, "a replace target is missing")

    for item in (missing, shadows, local):  # --json: English, as before
        english_json(item)
    assert "points at" in english_json(missing) and "requires go >= 1.99" in english_json(local)
    assert missing.remedy.summary == "fix or drop the replace of example.com/hello"
    assert json.loads(json.dumps(result.to_json()))["summary"].endswith("a replace target is missing")


async def test_a_toolchain_download_offers_a_switch_and_shell_instructions_in_chinese(lab: Lab) -> None:
    (lab.workdir / "go.mod").write_text("module example.com/app\n\ngo 1.99\n\ntoolchain go1.99.1\n", encoding="utf-8")
    lab.os_env(GOTOOLCHAIN="auto")
    ctx = await lab.context()
    goos, goarch = ctx.goos_goarch
    await ctx.close()
    tc = toolchain_proxy(lab, f"v0.0.1-go1.99.1.{goos}-{goarch}")
    lab.config(mirrors={"good": lab.good.url, "tc": tc.url})
    found = finding(await lab.node("gomod"), "gomod.toolchain-download")
    set_language("zh_CN")

    detail = chinese(found.detail, "every go command here", "no GOPROXY entry serves")
    assert "没有 GOPROXY 条目提供 golang.org/toolchain@" in detail
    switch = found.remedy
    assert chinese(switch.summary, "switch to") == f"切换到 tc（{tc.url}）"
    assert switch.summary == f"switch to tc ({tc.url})"
    note = chinese(switch.instructions[0], "just now", "it serves")
    assert note.startswith("tc 刚才在") and "它提供 golang.org/toolchain" in note

    local = found.alternatives[0]  # GOTOOLCHAIN comes from the shell: instructions (env_remedy)
    assert chinese(local.summary) == "在这里从不下载工具链（GOTOOLCHAIN=local）"
    shell = chinese(local.instructions[0], "is set in the OS environment", "change it there")
    assert shell.startswith("GOTOOLCHAIN 设置在系统环境变量中")
    assert chinese(local.instructions[1], "the shell lines to use") == "应使用的 shell 语句：export GOTOOLCHAIN='local'"
    assert "然后从 https://golang.google.cn/dl/（或" in chinese(local.instructions[2], "then install Go")

    text = english_json(found)
    assert "is set in the OS environment" in text and f"switch to tc ({tc.url})" in text


# -- 1. toolchain: module mode off, a remedy applied ------------------------------------------------------


async def test_module_mode_off_and_applying_its_remedy_read_in_chinese(lab: Lab) -> None:
    lab.goenv(GOPROXY=lab.good.url, GO111MODULE="off")
    result = await lab.node("toolchain")
    found = finding(result, "toolchain.module-mode-off")
    set_language("zh_CN")
    assert "GOPATH 模式" in chinese(found.detail, "puts Go in GOPATH mode")
    assert chinese(found.evidence[0], "from") == "GO111MODULE=off（来源：env 文件）"  # the source word, as in env
    assert chinese(found.remedy.summary) == "重新开启模块模式（取消设置 GO111MODULE）"
    summary = chinese(result.summary, "module mode off", "no go.mod in")
    assert "模块模式已关闭" in summary and "中没有 go.mod" in summary
    assert "module mode off" in english_json(result)

    applied = await apply_remedy(found.remedy, await read_environment())
    assert applied.ok, applied.message
    assert applied.message.startswith("applied -GO111MODULE (change #")
    assert chinese(applied.message, "applied", "reverts it").startswith("已应用 -GO111MODULE（变更 #")


async def test_a_broken_goflags_from_the_shell_reads_in_chinese(lab: Lab) -> None:
    lab.os_env(GOFLAGS="-notaflag")  # even 'go version' fails on it
    found = finding(await lab.node("toolchain"), "toolchain.goflags-invalid")
    set_language("zh_CN")
    detail = chinese(found.detail, "every go command stops on it")
    assert "parsing $GOFLAGS: unknown flag -notaflag" in detail
    assert "连 'go version' 也不例外" in detail  # Go's own words stay, the explanation is Chinese
    assert chinese(found.remedy.instructions[-1]) == "然后再次运行 'gotui check'"


# -- 9. module path and version ---------------------------------------------------------------------------


async def test_module_findings_and_notes_read_in_chinese(lab: Lab) -> None:
    result = await lab.node("module", "example.com/hello@v1.2.3")
    missing = finding(result, "module.version-not-found")
    mismatch = finding(await node_for(lab, "module", "example.com/hello", "v2.0.0"), "module.major-mismatch")
    set_language("zh_CN")

    assert chinese(missing.title) == "example.com/hello@v1.2.3 不存在"
    assert chinese(missing.detail, "does not exist on the proxy") == (
        "代理上不存在 example.com/hello@v1.2.3；它列出了 example.com/hello 的 2 个其他版本。"
    )
    assert chinese(missing.evidence[0], "available") == "可用版本：v1.0.0, v1.1.0"
    assert chinese(missing.remedy.instructions[0], "e.g.") == "例如 example.com/hello@v1.1.0，或 @latest"
    assert chinese(result.summary, "is not on the proxy") == "代理上没有 example.com/hello@v1.2.3"
    assert missing.title == "example.com/hello@v1.2.3 does not exist"
    assert "does not exist on the proxy" in english_json(missing)

    detail = chinese(mismatch.detail, "From v2 on")
    assert detail.startswith("example.com/hello@v2.0.0: invalid version: should be v0 or v1, not v2。")  # Go's words
    assert chinese(mismatch.remedy.instructions[0]) == "对于 v2，模块路径应为 example.com/hello/v2"
    assert "From v2 on" in english_json(mismatch)


def test_module_check_notes_are_translated_where_shown() -> None:
    checked = check_module("example.com/Hello", "v1")
    assert checked.notes[0] == "upper-case letters are escaped in proxy URLs: example.com/!hello"
    set_language("zh_CN")
    assert chinese(checked.notes[0], "upper-case") == "代理 URL 中的大写字母会被转义：example.com/!hello"
    assert chinese(checked.notes[1], "as a query") == "作为查询，'v1' 表示最新的 v1.x 版本，而不是 v1.0.0"
    assert not CJK.search(json.dumps(checked.to_json(), ensure_ascii=False))


def test_a_bad_module_argument_is_explained_in_chinese() -> None:
    with pytest.raises(TargetError) as caught:
        parse_target("example.com/hello@", "example.com/default")
    assert str(caught.value) == "--module 'example.com/hello@': empty or unprintable version after '@'"
    set_language("zh_CN")
    assert tr(caught.value) == "--module 'example.com/hello@'：'@' 之后的版本为空或含不可打印字符"


# -- 11. module cache: a corrupt zip, clean-modcache with confirmation --------------------------------------


async def test_a_corrupt_cache_and_its_confirmation_read_in_chinese(lab: Lab) -> None:
    zip_path = download(lab)
    zip_path.chmod(0o644)
    with zipfile.ZipFile(zip_path, "w") as archive:  # same names, different content: a tampered cache
        archive.writestr("example.com/hello@v1.1.0/go.mod", "module example.com/hello\n\ngo 1.21\n")
        archive.writestr("example.com/hello@v1.1.0/hello.go", "package hello // altered\n")
    result = await lab.node("modcache")
    found = finding(result, "modcache.corrupt")
    remedy = found.remedy
    set_language("zh_CN")
    cache = str(lab.go_env.modcache)

    assert chinese(found.detail, "no longer match").startswith("example.com/hello 的 1 个缓存文件与 Go 记录的不再一致")
    assert chinese(remedy.summary, "clean the module cache").startswith("清理模块缓存（")
    assert chinese(remedy.instructions[0], "every module is downloaded again").startswith(f"删除 {cache}（")
    question = chinese(remedy.confirm, "Delete the module cache", "downloaded again")
    assert question.startswith(f"删除模块缓存 {cache}（") and question.endswith("？所有模块都将重新下载。")
    assert chinese(result.summary, " files", "1 corrupt").endswith("1 个已损坏")
    assert "Delete the module cache" in english_json(found)

    env = await read_environment()
    refused = await apply_remedy(remedy, env)
    assert not refused.ok and chinese(refused.message, "not confirmed") == "未确认：模块缓存保持不变"
    assert tr(refused.hint) == question
    cleaned = await apply_remedy(remedy, env, confirmed=True)
    assert cleaned.ok and chinese(cleaned.message, "module cache deleted").startswith("模块缓存已删除")


# -- 12. verification, and a step the engine had to give up on ---------------------------------------------


async def test_the_verification_reads_in_chinese_with_gos_output_kept(lab: Lab) -> None:
    worked = await lab.node("verify")
    failed = await lab.node("verify", "example.com/hello@v1.2.3")
    found = finding(failed, "verify.download-failed")
    set_language("zh_CN")
    assert chinese(worked.summary, "worked").startswith(
        "go mod download example.com/hello@v1.1.0 成功：example.com/hello@v1.1.0，用时 ")
    detail = chinese(found.detail, "failed:")
    assert detail.startswith("'go mod download -json example.com/hello@v1.2.3' 失败：")
    assert chinese(found.remedy.instructions[0], "check the path and version") == (
        "检查路径和版本；如果是私有模块，请看“私有模块”这一步"
    )
    assert "failed:" in english_json(found)


async def test_a_step_that_does_not_answer_in_time_is_reported_in_chinese(lab: Lab) -> None:
    async def stuck(ctx: Any, node: Any) -> Verdict:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    ctx = await lab.context()
    engine = DiagnosisEngine(ctx, evaluators={"modcache": stuck})
    engine.deadline = lambda node: 0.2  # type: ignore[method-assign]
    try:
        result = await engine.run_node("modcache")
    finally:
        await ctx.close()
    found = result.findings[0]
    assert result.outcome == "incomplete" and result.summary == "incomplete: no answer within 0.2 s"
    set_language("zh_CN")
    assert chinese(result.summary, "incomplete", "no answer") == "未完成：0.2 秒内没有结果"
    assert chinese(found.detail, "the walk went on") == (
        "模块缓存：0.2 秒内没有结果；诊断在没有此步骤结果的情况下继续进行。"
    )
    assert "the walk went on" in english_json(found)
