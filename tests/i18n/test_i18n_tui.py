"""The TUI in Chinese, driven with Pilot: real loopback mirrors, the real go, an isolated Go env.

The language is set the way ``gotui`` sets it (before the app is built); every class-level text
(column headers, footer keys, pane titles) must come out translated at display time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import GoproxyServer
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.i18n import set_language
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.widgets.flowchart import render_flowchart
from goproxy_tui.tui.widgets.step_view import render_step

SIZE = (140, 44)


async def wait_for(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached within timeout"
        await pilot.pause(0.05)


def headers(table: DataTable) -> list[str]:
    return [str(column.label) for column in table.columns.values()]


async def test_main_screen_in_chinese(go_env) -> None:
    with GoproxyServer() as good, Blackhole() as hole:
        go_env.config.parent.mkdir(parents=True, exist_ok=True)
        go_env.config.write_text(
            "[catalog]\ninclude_builtin = false\n[probe]\ntimeout = 1.0\ninterval = 30.0\n"
            f'[[mirrors]]\nname = "good"\nurl = "{good.url}"\n[[mirrors]]\nname = "hole"\nurl = "{hole.url()}"\n',
            encoding="utf-8",
        )
        go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
        go_env.envfile.write_text(f"GOPROXY={good.url}|direct\n", encoding="utf-8")
        set_language("zh_CN")
        app = GotuiApp()
        async with app.run_test(size=SIZE) as pilot:
            table = app.mirror_table.table
            await wait_for(pilot, lambda: app.health.stats("hole").samples > 0
                           and app.health.stats("good").samples > 0 and app.settled
                           and app.env_pane.environment is not None)
            await pilot.pause()
            assert app.sub_title == "修好 Go 模块下载"
            assert app.mirror_table.border_title == "镜像" and app.env_pane.border_title == "环境"
            assert headers(table)[1:5] == ["镜像", "状态", "中位数", "历史"]
            assert headers(app.env_pane.query_one(DataTable))[:2] == ["变量", "来源"]
            assert str(table.get_cell("good", "status")) == "✔ 正常"
            assert str(table.get_cell("good", "sumdb")) == "是"
            assert str(table.get_cell("hole", "status")) == "✖ connect-timeout"  # fault classes stay
            status = str(app.mirror_table.query_one("#mirror-status", Static).render())
            assert "▶ 当前镜像 good：正常" in status
            assert "按延迟排序" in str(app.mirror_table.border_subtitle)
            keys = {key.description for key in app.screen.query(FooterKey)}
            assert {"诊断", "使用镜像", "测速", "撤销", "退出"} <= keys, keys
            table.focus()
            table.move_cursor(row=table.get_row_index("hole"))
            await pilot.pause()
            detail = str(app.mirror_table.query_one("#mirror-detail", Static).render())
            assert "TCP 连接始终没有应答" in detail and hole.url() in detail


def test_wizard_texts_in_chinese() -> None:
    set_language("zh_CN")
    chart = render_flowchart({}, "dns", None, finished=False).plain
    assert " 1 Go 工具链与模块模式" in chart and " 3 DNS" in chart and " 9 直连拉取所用的 git" in chart and "13 验证" in chart
    step = render_step(NODE_BY_ID["tls"], None, 4, 13).plain
    assert step.startswith("第 5 步，共 13 步  ·  节点 5：TLS\n")
    assert "每个 https 条目的证书是否可信" in step and "正在检查：" in step
