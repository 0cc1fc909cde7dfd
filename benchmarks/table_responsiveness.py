"""Does the live mirror table stay responsive as the catalog grows? Prints figures, 5 vs 50 mirrors.

    /tmp/venv/bin/python benchmarks/table_responsiveness.py [--seconds 6]

For each size, real loopback Go module proxies run in a separate process (as remote mirrors would:
they do not share the app's interpreter lock), gotui runs headless with those mirrors probed every
second, and the script measures while results stream in:

* fill: seconds from start until every row has its first result;
* key: how long a key (down/up, delivered as the terminal driver delivers it) takes to move the cursor;
* lag: how late a 10 ms timer fires on the UI loop (everything else waits behind the same loop);
* handler: CPU time of one probe-result handler (records the result);
* flush: CPU time of one repaint batch (every result of the last 0.2 s: update rows, re-sort once);
* results/s: probe results handled per second.

Nothing leaves 127.0.0.1; the Go environment is a temporary one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from textual import events, work  # noqa: E402

from goproxy_tui.core.config import load_config  # noqa: E402
from goproxy_tui.tui import app as app_module  # noqa: E402
from goproxy_tui.tui.app import GotuiApp  # noqa: E402
from goproxy_tui.tui.messages import MirrorProbed  # noqa: E402

SERVERS = """
import sys, time
sys.path.insert(0, sys.argv[2])
from loopnet.goproxy_server import GoproxyServer
servers = [GoproxyServer().start() for _ in range(int(sys.argv[1]))]
print(" ".join(s.url for s in servers), flush=True)
time.sleep(3600)
"""


class TimedApp(GotuiApp):
    """Records the CPU cost of every probe-result handler (probes on their own thread, as shipped)."""

    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.handler_s: list[float] = []
        self.flush_s: list[float] = []

    def _flush_results(self) -> None:
        start = time.perf_counter()
        super()._flush_results()
        self.flush_s.append(time.perf_counter() - start)

    def on_mirror_probed(self, message: MirrorProbed) -> None:
        start = time.perf_counter()
        super().on_mirror_probed(message)
        self.handler_s.append(time.perf_counter() - start)


class SameLoopApp(TimedApp):
    """For comparison only: the same scheduler run on the UI event loop."""

    @work(group="probes", exclusive=True, exit_on_error=False)
    async def run_probes(self) -> None:
        await self.schedule_probes(lambda: False)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(count: int, seconds: float, work: Path, app_class: type[TimedApp] = TimedApp) -> dict[str, float]:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVERS, str(count), str(ROOT / "tests")], stdout=subprocess.PIPE, text=True
    )
    try:
        urls = server.stdout.readline().split() if server.stdout else []
        config = work / f"config-{count}.toml"
        lines = ["[catalog]", "include_builtin = false", "[probe]", "timeout = 2.0", "interval = 1.0"]
        for i, url in enumerate(urls):
            lines += ["[[mirrors]]", f'name = "m{i:02d}"', f'url = "{url}"']
        config.write_text("\n".join(lines) + "\n")
        app = app_class(config=load_config(config))
        lags: list[float] = []
        keys: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            start = time.perf_counter()
            names = [f"m{i:02d}" for i in range(count)]
            while not all(app.health.stats(n).samples for n in names):
                await asyncio.sleep(0.01)
            fill = time.perf_counter() - start
            table = app.mirror_table.table
            table.focus()
            await pilot.press("s")
            table.move_cursor(row=min(2, count - 2))
            handled_before = len(app.handler_s)
            window_start = time.perf_counter()
            key = "down"
            while time.perf_counter() - window_start < seconds:
                tick = time.perf_counter()
                await asyncio.sleep(0.01)
                lags.append(time.perf_counter() - tick - 0.01)
                if len(lags) % 10 == 0:  # a key every ~0.1 s
                    row = table.cursor_row
                    event = events.Key(key, None)
                    event.set_sender(app)
                    pressed = time.perf_counter()
                    app._driver.send_message(event)  # type: ignore[union-attr]
                    while table.cursor_row == row:
                        await asyncio.sleep(0.0005)
                    keys.append(time.perf_counter() - pressed)
                    key = "up" if key == "down" else "down"
            handled = len(app.handler_s) - handled_before
            elapsed = time.perf_counter() - window_start
        return {
            "fill s": fill,
            "key median ms": statistics.median(keys) * 1000,
            "key p95 ms": pct(keys, 0.95) * 1000,
            "key max ms": max(keys) * 1000,
            "lag p95 ms": pct(lags, 0.95) * 1000,
            "lag max ms": max(lags) * 1000,
            "handler median ms": statistics.median(app.handler_s) * 1000,
            "handler max ms": max(app.handler_s) * 1000,
            "flush median ms": statistics.median(app.flush_s) * 1000,
            "flush max ms": max(app.flush_s) * 1000,
            "results/s": handled / elapsed,
        }
    finally:
        server.kill()
        server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="measuring window per size")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ.update({
            "HOME": str(work), "XDG_CONFIG_HOME": str(work / "config"), "GOENV": str(work / "goenv"),
            "GOTUI_JOURNAL": str(work / "journal.toml"), "GOTOOLCHAIN": "local",
        })
        for name in ("GOPROXY", "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
            os.environ.pop(name, None)
        small = asyncio.run(measure(5, args.seconds, work))
        large = asyncio.run(measure(50, args.seconds, work))
        same_loop = asyncio.run(measure(50, args.seconds, work, SameLoopApp))
    print("probes on their own thread (as shipped); last column: the same 50 probed on the UI loop")
    print(f"{'':20}{'5 mirrors':>12}{'50 mirrors':>12}{'50 / 5':>10}{'50, UI loop':>14}")
    for key in small:
        ratio = large[key] / small[key] if small[key] else float("nan")
        print(f"{key:20}{small[key]:12.2f}{large[key]:12.2f}{ratio:10.1f}{same_loop[key]:14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
