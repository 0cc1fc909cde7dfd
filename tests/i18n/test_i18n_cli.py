"""The real ``gotui`` speaks Chinese when asked, lines Chinese columns up, and never translates JSON.

Every command runs as a subprocess in the isolated Go environment (``go_env``) against loopback
servers only; the language comes from ``--lang``, the config or LANG exactly as a user would set it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import gotui
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import GoproxyServer
from rich.cells import cell_len

from goproxy_tui.commands.output import cell_width, ljust

ZH = {"LANG": "zh_CN.UTF-8"}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return gotui(*args, env={**os.environ, **env})


@pytest.fixture
def mirrors(go_env) -> Iterator[dict[str, str]]:
    """A healthy loopback proxy and a blackholed one, as the only mirrors of the gotui config."""
    with GoproxyServer() as good, Blackhole() as hole:
        urls = {"good": good.url, "hole": hole.url()}
        lines = ["[catalog]", "include_builtin = false", "[probe]", "timeout = 1.0", "interval = 30.0"]
        for name, url in urls.items():
            lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"']
        go_env.config.parent.mkdir(parents=True, exist_ok=True)
        go_env.config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield urls


def test_lang_option_gives_chinese_env_output(go_env) -> None:
    result = run("--lang", "zh_CN", "env")
    assert result.returncode == 0, result.stderr
    assert "env 文件：" in result.stdout
    assert re.search(r"^GOSUMDB\s+默认值\s+sum\.golang\.org$", result.stdout, re.M)
    assert re.search(r"^GOPRIVATE\s+默认值\s+（空）$", result.stdout, re.M)


def test_language_comes_from_lang_then_config_then_option(go_env) -> None:
    english = run("env")
    assert re.search(r"^GOSUMDB\s+default\s+sum\.golang\.org$", english.stdout, re.M)
    assert "默认值" in run("env", **ZH).stdout  # LANG=zh_CN.UTF-8
    assert "默认值" in run("env", LC_ALL="zh_CN.UTF-8", LANG="en_US.UTF-8").stdout
    go_env.config.parent.mkdir(parents=True, exist_ok=True)
    go_env.config.write_text('[ui]\nlang = "zh-CN"\n', encoding="utf-8")
    assert "默认值" in run("env", LANG="en_US.UTF-8").stdout  # [ui] lang beats LANG
    assert "默认值" not in run("--lang", "en", "env", **ZH).stdout  # --lang beats both
    unknown = run("--lang", "fr", "env")
    assert "no translation for 'fr'; using English" in unknown.stderr
    assert re.search(r"^GOSUMDB\s+default\s", unknown.stdout, re.M)


def test_help_is_translated_with_argparse_words(go_env) -> None:
    result = run("--help", **ZH)
    assert result.returncode == 0
    assert result.stdout.startswith("用法：gotui")
    assert "显示所有相关的 Go 设置" in result.stdout and "选项" in result.stdout


def test_chinese_env_columns_line_up_by_display_width(go_env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOFLAGS", "-mod=mod")  # one source from the OS: a different label width
    lines = run("--lang", "zh_CN", "env").stdout.splitlines()
    rows = [line for line in lines if re.match(r"^[A-Z][A-Z0-9_]+\s", line)]
    sources = {line.split()[1] for line in rows}
    assert {"默认值", "系统环境"} <= sources
    value_columns = set()
    for line in rows:
        source = line.split()[1]
        value_at = line.index(source) + len(source)
        value_at += len(line[value_at:]) - len(line[value_at:].lstrip(" "))
        value_columns.add(cell_len(line[:value_at]))  # what the terminal shows, not len()
    continuation = {cell_len(line) - cell_len(line.lstrip(" ")) for line in lines if line.startswith("   ")}
    assert len(value_columns) == 1, value_columns
    assert continuation <= value_columns


def test_mirrors_table_in_chinese_lines_up_and_keeps_fault_classes(go_env, mirrors) -> None:
    result = run("--lang", "zh_CN", "mirrors")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    header, rows = lines[0], lines[1:3]
    assert header.split()[:3] == ["镜像", "状态", "故障"]
    good = next(line for line in rows if line.startswith("  good") or " good " in line)
    hole = next(line for line in rows if " hole " in line)
    assert "正常" in good and "失败" in hole and "connect-timeout" in hole  # a fault class is never translated
    url_columns = {cell_len(line[: line.index(mark)]) for line, mark in
                   ((header, "URL"), (good, mirrors["good"]), (hole, mirrors["hole"]))}
    assert len(url_columns) == 1, "the URL column starts at different display columns:\n" + "\n".join(lines[:3])
    assert "2 个镜像中有 1 个健康" in result.stdout
    assert "TCP 连接始终没有应答" in result.stdout  # the fault explanation, translated; the data around it kept


def _without_timings(value: Any) -> Any:
    """JSON with the measured numbers removed (two runs never take the same milliseconds)."""
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items()
                if not (k.endswith("_ms") or k in ("latency_ms", "history_ms", "explanation", "reason"))}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def test_json_is_identical_whatever_the_language(go_env, mirrors) -> None:
    for args in (("env", "--json"), ("history", "--json")):
        english, chinese = run(*args), run("--lang", "zh_CN", *args, **ZH)
        assert english.returncode == chinese.returncode == 0
        assert english.stdout == chinese.stdout
    english = json.loads(run("mirrors", "--json").stdout)
    chinese = json.loads(run("--lang", "zh_CN", "mirrors", "--json").stdout)
    assert _without_timings(english) == _without_timings(chinese)
    by_name = {m["name"]: m for m in chinese["mirrors"]}
    assert (by_name["good"]["status"], by_name["hole"]["fault"]) == ("ok", "connect-timeout")
    assert "(a firewall, the GFW, or a dead host)." in by_name["hole"]["explanation"]  # English in JSON


def test_module_json_is_identical_and_text_is_chinese(go_env) -> None:
    with GoproxyServer() as proxy:
        env = {"GOPROXY": proxy.url, "GOSUMDB": "off"}
        english = run("module", "github.com/BurntSushi/toml@v1.3.2", "--json", **env)
        chinese = run("--lang", "zh_CN", "module", "github.com/BurntSushi/toml@v1.3.2", "--json", **env, **ZH)
        assert english.returncode == chinese.returncode == 0, english.stderr
        assert english.stdout == chinese.stdout
        text = run("--lang", "zh_CN", "module", "github.com/BurntSushi/toml@v1.3.2", **env)
    assert re.search(r"^路径\s+github\.com/BurntSushi/toml  有效$", text.stdout, re.M)
    assert re.search(r"^查找结果\s+找到（v1\.3\.2）", text.stdout, re.M)
    value_columns = set()
    for line in text.stdout.splitlines():
        if line and not line.startswith(" "):
            label = line.split()[0]
            after = line.index(label) + len(label)
            value_columns.add(cell_len(line[:after]) + len(line[after:]) - len(line[after:].lstrip(" ")))
    assert value_columns == {11}  # labels padded to 10 terminal columns, then one space


def test_ljust_pads_by_terminal_columns() -> None:
    assert ljust("镜像", 6) == "镜像  " and cell_width("镜像") == cell_len("镜像") == 4
    assert ljust("mirror", 8) == "mirror  " and ljust("toolong", 3) == "toolong"
