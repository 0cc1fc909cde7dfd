"""Text a server chooses is capped in every output (issue #15: "A 60 KB HTTP reason phrase is copied
verbatim into mirrors --json"). The loopback mirror answers ``500`` with a 60 000-character reason
phrase; ``mirrors --json``, the text table and the TUI show at most a couple of hundred of them."""

from __future__ import annotations

import json

from helpers import gotui
from loopnet.goproxy_server import FaultMode
from mirrorlab import wait_for, write_config

from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp

HUGE = "X" * 60_000


def longest_run(text: str) -> int:
    best = run = 0
    for ch in text:
        run = run + 1 if ch == "X" else 0
        best = max(best, run)
    return best


def test_a_60kb_reason_phrase_is_capped_in_json_and_text(go_env, start_proxy) -> None:
    server = start_proxy()
    server.set_fault(FaultMode.STATUS, status=500, reason=HUGE)
    write_config(go_env.config, {"loud": server.url}, timeout=2.0)
    result = gotui("mirrors", "--json", "--rounds", "1")
    document = json.loads(result.stdout)
    (row,) = document["mirrors"]
    assert row["status"] == "failing" and row["fault"] == "http-5xx"
    assert "HTTP 500 XXXX" in result.stdout  # still shown, only cut
    assert longest_run(result.stdout) <= 200, f"{longest_run(result.stdout)} characters of the reason phrase"
    assert len(result.stdout) < 20_000
    text = gotui("mirrors", "--rounds", "1")
    assert longest_run(text.stdout + text.stderr) <= 200
    assert len(text.stdout + text.stderr) < 20_000


async def test_a_60kb_reason_phrase_is_capped_on_the_screen(go_env, start_proxy) -> None:
    server = start_proxy()
    server.set_fault(FaultMode.STATUS, status=500, reason=HUGE)
    write_config(go_env.config, {"loud": server.url}, timeout=2.0, interval=30)
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=(130, 40)) as pilot:
        await wait_for(pilot, lambda: app.health.stats("loud").samples >= 1 and app.settled)
        table = app.mirror_table.table
        table.focus()
        table.move_cursor(row=table.get_row_index("loud"))
        await pilot.pause()
        shown = app.export_screenshot()
        stats = app.health.stats("loud")
        assert "HTTP 500 XX" in str(stats.last.explanation) or "HTTP 500 XX" in str(stats.reason)
        assert len(str(stats.last.explanation)) < 1000
        assert longest_run(shown) <= 200
