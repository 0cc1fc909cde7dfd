"""Fifty real loopback mirrors probed every second: the table fills in and keys are answered at once.

The figures behind the limits are printed by benchmarks/table_responsiveness.py.
"""

from __future__ import annotations

import statistics

from mirrorlab import key_latency, wait_for, write_config

from goproxy_tui.tui.app import GotuiApp

COUNT = 50
KEY_LIMIT_S = 0.5  # generous for 2 busy CI cores (the servers share this process); typically < 60 ms


async def test_fifty_mirrors_fill_in_and_keys_are_answered_while_results_stream(go_env, start_proxy) -> None:
    servers = {f"m{i:02d}": start_proxy() for i in range(COUNT)}
    write_config(go_env.config, {name: s.url for name, s in servers.items()}, timeout=2.0, interval=1.0)
    app = GotuiApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: all(app.health.stats(n).samples for n in servers), timeout=20)
        assert len(app.mirror_table.row_names()) == COUNT
        assert all(app.health.stats(n).status == "ok" for n in servers)

        table = app.mirror_table.table
        table.focus()
        await pilot.press("s")  # by name, so rows stay put while results stream in
        table.move_cursor(row=10)
        delays = []
        for key in ["down", "up"] * 10:
            row = table.cursor_row
            delays.append(await key_latency(app, key, lambda row=row: table.cursor_row != row))
            await pilot.pause(0.02)
        # results kept streaming in while keys were pressed
        await wait_for(pilot, lambda: all(app.health.stats(n).samples >= 2 for n in servers), timeout=10)
    print(f"keys: median {statistics.median(delays) * 1000:.1f} ms, max {max(delays) * 1000:.1f} ms")
    assert max(delays) < KEY_LIMIT_S, f"slowest key {max(delays) * 1000:.0f} ms"
    assert statistics.median(delays) < KEY_LIMIT_S / 5, f"median key {statistics.median(delays) * 1000:.0f} ms"
