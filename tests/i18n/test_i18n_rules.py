"""Rule errors, hints and warnings, the env model's texts, and go/journal errors in 简体中文.

Every text is built by the real validators, the real ``go`` (isolated by the ``go_env`` fixture) and
the real journal; ``tr()`` shows it in Chinese while the object itself, and any JSON made from it,
stays the English text Go users and scripts compare with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import go

from goproxy_tui.core.goenv import apply_changes, read_environment, undo_last
from goproxy_tui.core.gotool import GoError, find_go
from goproxy_tui.core.journal import Journal, JournalError
from goproxy_tui.core.rules import module
from goproxy_tui.core.rules.settings import validate_setting, warnings_by_key
from goproxy_tui.i18n import set_language, tr

HAN = re.compile(r"[\u4e00-\u9fff]")


def zh() -> None:
    assert set_language("zh_CN") == "zh_CN"


def shown(*texts: str | None) -> list[str]:
    """Each text as a Chinese reader sees it; every one must actually be Chinese."""
    out = [tr(t) for t in texts]
    for english, chinese in zip(texts, out, strict=True):
        assert english and HAN.search(chinese), (english, chinese)
    return out


def test_goproxy_errors_and_hints_are_chinese_and_stay_english_for_json() -> None:
    missing = validate_setting("GOPROXY", "goproxy")
    bad_port = validate_setting("GOPROXY", "https://user:s3cret@goproxy.cn:port/x")
    english = [missing.error, missing.hint, bad_port.error, bad_port.hint]
    assert missing.error == "invalid proxy URL missing scheme: goproxy"
    assert bad_port.error == 'parse "https://user:***@goproxy.cn:port/x": invalid port ":port" after host'
    zh()
    assert validate_setting("GOPROXY", "goproxy").error == missing.error  # building never translates
    error, hint, port_error, _port_hint = shown(*english)
    assert error == "代理 URL 无效，缺少协议：goproxy"
    assert "单个词是保留字" in hint and "file:///abs/path" in hint
    assert port_error == '解析 "https://user:***@goproxy.cn:port/x"：主机后的端口 ":port" 无效'
    assert "s3cret" not in "".join(shown(*english))
    assert json.loads(json.dumps({"error": bad_port.error}))["error"] == english[2]


def test_goproxy_warnings_name_the_entries_in_chinese() -> None:
    check = validate_setting("GOPROXY", "https://goproxy.cn,http://mirror.example.com,direct,off")
    zh()
    caveat, plain, ignored = shown(*check.warnings)
    assert caveat.startswith(
        "https://goproxy.cn, http://mirror.example.com：在 ',' 之后 Go 只在 404/410 时回退"
    )
    assert "（例如 https://goproxy.cn|http://mirror.example.com|direct）" in caveat
    assert plain.startswith("http://mirror.example.com 是明文 http")
    assert ignored == "'direct' 之后的条目会被 Go 忽略：off"
    assert check.warnings[2] == "entries after 'direct' are ignored by Go: off"


def test_gosumdb_errors_and_the_off_warning() -> None:
    many = validate_setting("GOSUMDB", "a b c")
    bad_key = validate_setting("GOSUMDB", "sum.example.com+zz+AAAA")
    off = validate_setting("GOSUMDB", "off")
    zh()
    error, hint, key_error = shown(many.error, many.hint, bad_key.error)
    assert error == "GOSUMDB 无效：字段太多"
    assert "NAME_OR_KEY" in hint
    assert key_error == "GOSUMDB 无效：验证者 ID 格式错误"
    (warning,) = shown(*off.warnings)
    assert warning.startswith("GOSUMDB=off 会关闭校验和校验") and "sum.golang.google.cn" in warning
    assert many.error == "invalid GOSUMDB: too many fields"


def test_goflags_errors_keep_gos_english_and_read_chinese() -> None:
    mode = validate_setting("GOFLAGS", "-mod=bogus")
    unknown = validate_setting("GOFLAGS", "-nosuchflag")
    unterminated = validate_setting("GOFLAGS", "'-ldflags=-s")
    insecure = validate_setting("GOFLAGS", "-insecure")
    assert mode.error == "-mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')"
    assert unterminated.error == "parsing $GOFLAGS: unterminated ' string"
    zh()
    texts = shown(
        mode.error, mode.hint, unknown.error, unterminated.error, unterminated.hint, *insecure.warnings
    )
    assert texts[0] == "不支持 -mod=bogus（可以是 ''、'mod'、'readonly' 或 'vendor'）"
    assert texts[1] == "使用 -mod=mod、-mod=readonly 或 -mod=vendor"
    assert texts[2] == "解析 $GOFLAGS：未知标志 -nosuchflag"
    assert texts[3] == "解析 $GOFLAGS：' 字符串未闭合"
    assert texts[5].startswith("GOFLAGS 包含 -insecure")


def test_module_path_and_version_errors() -> None:
    major = module.check("example.com/m", "v2.0.0")
    path = module.check_path("example.com/Foo//bar")
    escaped = module.unescape_path("github.com/!!x")[1]
    assert major == "example.com/m@v2.0.0: invalid version: should be v0 or v1, not v2"
    zh()
    assert shown(major, path, escaped) == [
        "example.com/m@v2.0.0：版本无效：应为 v0 或 v1，而不是 v2",
        '模块路径 "example.com/Foo//bar" 格式错误：含有双斜杠',
        '转义后的模块路径 "github.com/!!x" 无效',
    ]
    assert tr(module.check_path_major("v3.1.0", "/v2")) == '版本 "v3.1.0" 无效：应为 v2，而不是 v3'


def test_settings_toolchain_patterns_and_unknown_keys() -> None:
    cases = {
        ("GOTOOLCHAIN", "go1.22"): "工具链无效：go1.22 是语言版本，不是工具链版本（go1.22.x）",
        (
            "GOPRIVATE",
            "corp.example.com,[",
        ): 'GOPRIVATE 条目 "["：模式语法错误（Go 会忽略它，因此它什么也匹配不到）',
        ("GOPATH", "relative/dir"): 'GOPATH 条目是相对路径，必须是绝对路径："relative/dir"',
        ("GOROOT", "/x"): "GOROOT 不能修改",
        ("GO111MODULE", "yes"): 'GO111MODULE 的值 "yes" 无效',
    }
    checks = {key: validate_setting(*key) for key in cases}
    typo = validate_setting("GOPRXY", "x")
    zh()
    for key, chinese in cases.items():
        assert tr(checks[key].error) == chinese
        assert HAN.search(tr(checks[key].hint)), key
    assert tr(typo.hint) == "你是不是想写 GOPROXY？"
    assert checks[("GOROOT", "/x")].error == "GOROOT cannot be modified"


def test_control_characters_are_escaped_and_the_warning_still_translates() -> None:
    check = validate_setting("GOINSECURE", "corp.example.com\x1b")
    zh()
    (warning,) = shown(*check.warnings)
    assert warning.startswith("GOINSECURE=corp.example.com\\x1b 让 Go 通过明文 HTTP")
    assert "\x1b" not in warning and "\x1b" not in check.warnings[0]


def test_warnings_by_key_for_a_whole_environment() -> None:
    found = warnings_by_key(
        {
            "GOSUMDB": "off",
            "GOPRIVATE": "*",
            "GOPROXY": "http://mirror.example.com,direct",
            "GOINSECURE": "x.io",
        }
    )
    zh()
    for key, messages in found.items():
        for message in messages:
            assert HAN.search(tr(message)), (key, message)
    assert tr(found["GOPRIVATE"][0]).startswith('GOPRIVATE 条目 "*" 几乎匹配所有模块')


async def test_env_model_warnings_conflicts_and_about_texts(
    go_env: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = go("env", "-w", "GOPROXY=https://goproxy.cn,direct")
    assert written.returncode == 0, written.stderr
    monkeypatch.setenv("GOPROXY", "https://proxy.golang.org|direct")
    monkeypatch.setenv("GOSUMDB", "off")
    monkeypatch.setenv("GOPRIVATE", "corp.example.com,[")
    english = await read_environment()
    english_json = json.dumps(english.to_json(), ensure_ascii=False)
    zh()
    env = await read_environment()
    assert json.dumps(env.to_json(), ensure_ascii=False) == english_json, "JSON stays English"
    assert not HAN.search(english_json)

    goproxy = env.get("GOPROXY")
    assert goproxy.about == "module proxies, tried in order"
    assert tr(goproxy.about) == "模块代理，按顺序尝试"
    assert all(HAN.search(tr(var.about)) for var in env.vars)
    assert goproxy.conflict is not None
    assert tr(goproxy.conflict).startswith(
        "系统环境变量中的 GOPROXY 覆盖了 env 文件中的值；没有 shell 启动文件设置它；它来自启动这个终端的程序"
    )
    assert goproxy.conflict.startswith("GOPROXY in the OS environment overrides the env file value; ")
    invalid = env.get("GOPRIVATE").warnings[0]
    assert invalid.startswith('invalid: GOPRIVATE entry "["')
    assert tr(invalid) == '无效：GOPRIVATE 条目 "["：模式语法错误（Go 会忽略它，因此它什么也匹配不到）'
    assert tr(env.get("GOSUMDB").warnings[0]).startswith("GOSUMDB=off 会关闭校验和校验")


async def test_refused_changes_and_undo_explain_themselves_in_chinese(
    go_env: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOPROXY", "https://goproxy.io,direct")
    journal = Journal(tmp_path / "journal.toml")
    zh()
    env = await read_environment()
    invalid = await apply_changes(env, {"GOFLAGS": "-mod=bogus"}, journal=journal)
    conflict = await apply_changes(env, {"GOPROXY": "https://goproxy.cn|direct"}, journal=journal)
    (bad,), (clash,) = invalid.problems, conflict.problems
    assert bad.message == "GOFLAGS: -mod=bogus not supported (can be '', 'mod', 'readonly', or 'vendor')"
    assert tr(bad.message) == "GOFLAGS: 不支持 -mod=bogus（可以是 ''、'mod'、'readonly' 或 'vendor'）"
    assert tr(clash.message) == (
        "GOPROXY 已在系统环境变量中设置（https://goproxy.io,direct），它会覆盖 env 文件，因此这次更改不会生效"
    )
    assert "请在那里删除它（或加 --force 仍然写入 env 文件）" in tr(clash.hint)
    nothing = undo_last(journal)
    assert nothing.error == "nothing to undo: gotui has made no change"
    assert shown(nothing.error, nothing.hint) == [
        "没有可撤销的内容：gotui 尚未做过任何更改",
        "参见 'gotui history'",
    ]


async def test_go_that_is_too_old_or_broken_is_reported_in_chinese(tmp_path: Path) -> None:
    old = tmp_path / "old" / "go"
    broken = tmp_path / "broken" / "go"
    for script, body in (
        (old, 'echo "go version go1.12.17 linux/amd64"'),
        (broken, 'echo "boom" >&2; exit 3'),
    ):
        script.parent.mkdir()
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    errors = []
    for script in (old, broken):
        with pytest.raises(GoError) as caught:
            await find_go({"GOTUI_GO": str(script), "PATH": str(script.parent), "HOME": str(tmp_path)})
        errors.append(caught.value)
    assert errors[0].message == f"{old} is go1.12; gotui needs Go 1.13 or newer (for 'go env -w')"
    zh()
    assert tr(errors[0]) == f"{old} 是 go1.12；gotui 需要 Go 1.13 或更高版本（为了 'go env -w'）"
    assert tr(errors[1].message) == f"{broken} 的行为不像 go 命令：boom"
    assert tr(errors[0].hint).startswith("从 https://go.dev/dl/ 安装 Go")


def test_an_unreadable_journal_says_why_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    path.write_text('[[change]]\ntime = "now"\n', encoding="utf-8")
    with pytest.raises(JournalError) as caught:
        Journal(path).entries()
    assert caught.value.message == f"journal {path} is unreadable (missing id)"
    zh()
    assert shown(caught.value.message, caught.value.hint) == [
        f"日志 {path} 无法读取（缺少 id）",
        "把它移到别处以开始新的日志；gotui 不会覆盖它",
    ]
