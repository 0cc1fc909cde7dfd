"""Loopback Go module proxies for the tmux acceptance scripts; serves until killed.

    python scripts/loopback_mirrors.py WORK NAME=KIND…

KIND: ``healthy``; ``slow`` (answers 50 ms late); ``nosumdb`` (does not proxy sum.golang.org);
``blackhole`` (SYNs dropped). Writes ``WORK/config.toml`` (a gotui config listing only these mirrors,
no built-in catalog) and then ``WORK/urls`` ("name url" lines: the scripts wait for it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import FaultMode, GoproxyServer

RUNNING: list[Blackhole | GoproxyServer] = []  # referenced until exit: a collected Blackhole closes its port


def serve(kind: str) -> str:
    if kind == "blackhole":
        hole = Blackhole()
        RUNNING.append(hole)
        return hole.url()
    server = GoproxyServer(sumdb_supported=kind != "nosumdb").start()
    RUNNING.append(server)
    if kind == "slow":
        server.set_fault(FaultMode.DELAY, delay=0.05)
    return server.url


def main(work: Path, specs: list[str]) -> None:
    mirrors = {name: serve(kind) for name, kind in (spec.split("=", 1) for spec in specs)}
    lines = ["[catalog]", "include_builtin = false", "", "[probe]", "timeout = 1.0", "interval = 2.0", ""]
    for name, url in mirrors.items():
        lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"', ""]
    (work / "config.toml").write_text("\n".join(lines))
    (work / "urls").write_text("".join(f"{name} {url}\n" for name, url in mirrors.items()))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
