"""Text the CLI builds at run time (rule errors, profile refusals and diffs, config problems, export
notes) is Chinese on the screen in Chinese mode and stays English in ``--json``, history and files.

The commands run as subprocesses in the isolated Go environment (``go_env``) with the real ``go``;
the core objects (``parse_profile``, ``set_value``) are checked in-process for what JSON and logs see.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import go, gotui, run_on_a_terminal

from goproxy_tui.core.config import ConfigWriteError, load_config, set_value
from goproxy_tui.core.mirrors import merge_catalog
from goproxy_tui.core.profile import parse_profile
from goproxy_tui.i18n import Msg, set_language, tr

CJK = re.compile(r"[\u4e00-\u9fff]")
ZH = ("--lang", "zh_CN")

BAD = """\
[go]
GOSUMDB = "sum.golang.google.cn"

GOPROXY = "goproxy cn"
mirror = "goproxy.cn"
GOPROXI = "x"

[[mirrors]]
name = "corp"
"""
TEAM = """\
[go]
mirror = "goproxy.cn"
GOSUMDB = "sum.golang.google.cn"

[[mirrors]]
name = "corp"
url = "https://goproxy.corp.example.com"

[verify]
module = "git.corp.example.com/platform/sdk@latest"
"""


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return gotui(*args, env={**os.environ, **env})


def write(go_env, text: str, name: str = "team.toml") -> Path:
    path = go_env.root / "repo" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("gotui: error: ")]


def test_a_refused_go_env_w_value_is_explained_in_chinese(go_env) -> None:
    english = run("set", "GOPROXY=goproxy cn")
    chinese = run(*ZH, "set", "GOPROXY=goproxy cn")
    assert english.returncode == chinese.returncode == 2
    assert "invalid proxy URL" in english.stderr
    [line] = error_lines(chinese.stderr)
    assert line.startswith("gotui: error: GOPROXY: ") and CJK.search(line), chinese.stderr
    assert "invalid proxy URL" not in chinese.stderr
    hint = next(x for x in chinese.stderr.splitlines() if x.startswith("  hint: "))
    assert CJK.search(hint) and "https://goproxy.cn" in hint
    assert not go_env.envfile.exists()


def test_an_invalid_profile_is_refused_in_chinese_with_every_line(go_env) -> None:
    team = write(go_env, BAD)
    english = run("apply", str(team), "--yes")
    chinese = run(*ZH, "apply", str(team), "--yes")
    assert english.returncode == chinese.returncode == 2
    where = f"{team.parent}/team.toml"
    assert f"gotui: error: {where}:5: [go] mirror: give either GOPROXY or mirror, not both" in english.stderr
    assert f"gotui: {team} refused: 4 problems; nothing was written" in english.stderr

    lines = error_lines(chinese.stderr)
    assert [line.split(": ")[2].split(" ")[0] for line in lines] == [f"{where}:4", f"{where}:5", f"{where}:6",
                                                                     f"{where}:8"]
    assert f"gotui: error: {where}:5: [go] mirror: GOPROXY 和 mirror 只能写一个，不能同时写" in lines
    assert f"gotui: error: {where}:8: [[mirrors]] #1 url: 缺少 'url'" in lines
    assert any(line.startswith(f"gotui: error: {where}:6: [go] GOPROXI: ") and CJK.search(line) for line in lines)
    assert all(CJK.search(line) for line in lines), lines
    assert f"gotui: {team} 被拒绝：4 个问题；未写入任何内容" in chinese.stderr
    for sentence in ("give either", "refused", "nothing was written", "missing", "invalid proxy URL"):
        assert sentence not in chinese.stderr
    assert not go_env.envfile.exists() and not go_env.config.exists()


def test_a_profile_that_is_no_toml_and_a_broken_config_read_in_chinese(go_env) -> None:
    go_env.config.write_text("[probe]\ntimeout = -1\n", encoding="utf-8")
    team = write(go_env, '[go]\nGOPROXY = "https://goproxy.cn\n')
    result = run(*ZH, "apply", str(team), "--yes")
    assert result.returncode == 2
    assert "gotui: warning: config.toml:2: [probe] timeout: 必须是正数，而不是 -1；已使用默认值" in result.stderr
    assert re.search(rf"^gotui: error: {re.escape(str(team))}:2: TOML 语法错误：.*（第 \d+ 列）$", result.stderr, re.M)
    assert "all defaults used" not in result.stderr and "默认值" in result.stderr
    english = run("apply", str(team), "--yes")
    assert "gotui: warning: config.toml:2: [probe] timeout: must be a positive number, not -1; default used" in (
        english.stderr)
    assert re.search(rf"^gotui: error: {re.escape(str(team))}:2: TOML syntax error: .* \(column \d+\)$",
                     english.stderr, re.M)


def test_the_apply_diff_and_report_are_chinese_and_history_stays_english(go_env) -> None:
    team = write(go_env, TEAM)
    dry = run(*ZH, "apply", str(team), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "  GOSUMDB：sum.golang.org（默认值） → sum.golang.google.cn" in dry.stdout
    assert "  GOPROXY：https://proxy.golang.org,direct（默认值） → https://goproxy.cn|direct" in dry.stdout
    assert f"{team} → Go 的 env 文件 {go_env.envfile}" in dry.stdout
    assert re.search(r"^  \+ 镜像 corp https://goproxy\.corp\.example\.com → .*（你的 gotui 配置", dry.stdout, re.M)
    assert "试运行：3 项更改未应用" in dry.stdout
    assert "(default)" not in dry.stdout and "dry run" not in dry.stdout

    applied = run(*ZH, "apply", str(team), "--yes")
    assert applied.returncode == 0, applied.stderr
    assert re.search(r"^已应用 .*team\.toml：2 项 Go 设置（第 1 号更改；'gotui undo' 可全部撤销）$", applied.stdout, re.M)
    assert "已把镜像 corp 添加到你的 gotui 配置" in applied.stdout
    assert "验证：gotui check --module git.corp.example.com/platform/sdk@latest" in applied.stdout

    again = run(*ZH, "apply", str(team), "--yes")
    assert "= 镜像 corp：已跳过，已在你的镜像列表中" in again.stdout
    assert "无需更改：你的设置已与配置文件一致" in again.stdout
    assert "already in your catalog" not in again.stdout

    english, chinese = run("history", "--json"), run(*ZH, "history", "--json")
    assert english.stdout == chinese.stdout
    [change] = json.loads(chinese.stdout)["changes"]
    assert change["summary"] == "GOPROXY=https://goproxy.cn|direct GOSUMDB=sum.golang.google.cn"


def test_the_apply_question_and_refusals_are_chinese(go_env) -> None:
    team = write(go_env, TEAM)
    declined = run_on_a_terminal([*ZH, "apply", str(team)], b"n\n")
    assert declined.returncode == 1
    out = declined.stdout.decode()
    assert "应用这 3 项更改？ [y/N]" in out and "已拒绝：未写入任何内容" in out
    no_terminal = subprocess.run([sys.executable, "-m", "goproxy_tui", *ZH, "apply", str(team)],
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert no_terminal.returncode == 1
    assert "gotui: error: 没有终端，无法询问：未写入任何内容" in no_terminal.stderr
    assert "  hint: 加 --yes 不经询问直接应用" in no_terminal.stderr
    assert not go_env.envfile.exists()


def test_profile_export_speaks_chinese_but_writes_the_same_english_file(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    assert go("env", "-w", "GOPROXY=https://alice:pa55word@goproxy.corp.example.com|direct").returncode == 0
    monkeypatch.setenv("GOPRIVATE", "[x")  # from the OS: Go ignores it, gotui's rules refuse it
    english = run("profile", "export")
    chinese = run(*ZH, "profile", "export")
    assert english.returncode == chinese.returncode == 0, chinese.stderr

    def body(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if "exported" not in line)

    assert body(english.stdout) == body(chinese.stdout)  # the file is for the whole team: English
    assert "pa55word" not in chinese.stdout + chinese.stderr
    assert "gotui: note: 凭据已遮盖（***）；填回真实凭据之前 'gotui apply' 会拒绝该文件" in chinese.stderr
    warning = next(line for line in chinese.stderr.splitlines() if line.startswith("gotui: warning: GOPRIVATE："))
    assert warning.endswith("（已原样导出；应用时会被拒绝）"), warning
    assert "(exported as is; applying it will be refused)" in english.stderr
    assert "credentials are masked" in english.stderr

    out = go_env.root / "team.toml"
    written = run(*ZH, "profile", "export", "--include-secrets", "-o", str(out))
    assert written.returncode == 0
    assert f"已写入 {out} （含凭据：不要放进公开仓库）" in written.stderr
    refused = run(*ZH, "profile", "export", "-o", str(go_env.envfile / "x.toml"))  # under a file
    assert refused.returncode == 1
    assert "gotui: error: 无法写入 " in refused.stderr and "  hint: 请确认目录存在且可写" in refused.stderr


def test_env_json_is_english_whatever_the_language(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOPRIVATE", "[x")  # a warning on the variable, in English in JSON
    english, chinese = run("env", "--json"), run(*ZH, "env", "--json")
    assert english.returncode == chinese.returncode == 0
    assert english.stdout == chinese.stdout
    assert not CJK.search(chinese.stdout)


def test_core_objects_are_english_and_tr_shows_them_in_chinese(tmp_path: Path) -> None:
    catalog = merge_catalog((), True)
    loaded = parse_profile('[go]\nmirror = "https://u:pw@tuna"\nGOFLAGS = 3\n', "team.toml", catalog)
    assert not loaded.ok
    first, second = loaded.problems
    assert first.message == "no mirror named 'https://u:***@tuna' in the catalog"  # masked, still a Msg
    assert isinstance(first.message, Msg) and isinstance(first.format(), Msg)
    assert str(first) == "team.toml:2: [go] mirror: no mirror named 'https://u:***@tuna' in the catalog"
    assert second.format() == "team.toml:3: [go] GOFLAGS: must be a string, not 3"

    config = tmp_path / "config.toml"
    with pytest.raises(ConfigWriteError) as refused:
        set_value("switch", "chain", "fast", path=config)
    assert str(refused.value) == "[switch] chain: must be 'resilient' or 'plain', not 'fast'"
    config.write_text("[probe]\ninterval = 0.5\n[dns]\nresolvers = ['dns.google']\n", encoding="utf-8")
    problems = load_config(config).problems

    set_language("zh_CN")
    assert tr(first.format()) == "team.toml:2: [go] mirror: 镜像列表中没有名为 'https://u:***@tuna' 的镜像"
    assert tr(second.format()) == "team.toml:3: [go] GOFLAGS: 必须是字符串，而不是 3"
    assert tr(first.hint).startswith("已知的镜像：")
    assert tr(refused.value) == "[switch] chain：必须是 'resilient' 或 'plain'，而不是 'fast'"
    assert [tr(p.format()) for p in problems] == [
        "config.toml:2: [probe] interval: 必须是不小于 1 的秒数，而不是 0.5；已使用默认值",
        "config.toml:4: [dns] resolvers: 'dns.google' 不是 IP 地址（可带 :端口）；已忽略该条目",
    ]
    assert str(problems[1]) == ("config.toml:4: [dns] resolvers: 'dns.google' is not an IP address "
                                "(optionally with :port); entry ignored")  # JSON, logs: English
