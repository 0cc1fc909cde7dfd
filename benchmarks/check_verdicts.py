"""How long a whole ``gotui check`` walk takes on a broken set-up, against the same walk on a healthy one.

Every scenario runs the real engine (every node, the real ``go`` for the proof) in an isolated Go
environment on loopback, with probe timeout T. The broken set-ups are the ones users have: a GOPROXY
that accepts connections and never answers (stalled), one that drops SYNs (blackholed), and a comma
chain whose first entry answers 500. The catalog holds one healthy mirror, so a remedy exists.

Target (issue #13): stalled ÷ healthy ≤ 1.5 + T ÷ healthy, i.e. at most one timeout in the whole walk.
Figures are medians of RUNS runs, scenarios interleaved so that machine noise hits them alike.
Run: python benchmarks/check_verdicts.py [--runs N] [--timeout T]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import _util  # puts the package and tests/ (loopnet) on sys.path
from _util import GoEnv

sys.path.insert(0, str(_util.ROOT / "tests" / "diagnosis"))
import netguard  # noqa: F401  (tests/netguard.py: anything but loopback raises)
import pytest
from diag_lab import Lab
from loopnet.blackhole import Blackhole
from loopnet.goproxy_server import FaultMode

from goproxy_tui.core.diagnosis.engine import diagnose


def healthy(lab: Lab) -> None:
    lab.goenv(GOPROXY=lab.good.url)


def stalled(lab: Lab) -> None:
    silent = lab.proxy()
    silent.set_fault(FaultMode.STALL)
    lab.goenv(GOPROXY=silent.url)


def blackholed(lab: Lab) -> None:
    hole = lab.keep(Blackhole())
    lab.goenv(GOPROXY=hole.url())


def comma_500(lab: Lab) -> None:
    broken = lab.proxy()
    broken.set_fault(FaultMode.STATUS, status=500)
    lab.goenv(GOPROXY=f"{broken.url},{lab.good.url}")


SCENARIOS: dict[str, Callable[[Lab], None]] = {
    "healthy": healthy, "stalled": stalled, "blackholed": blackholed, "comma-500": comma_500,
}


async def walk_once(setup: Callable[[Lab], None], root: Path, timeout: float) -> tuple[float, bool, list[str]]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        lab = Lab(GoEnv(root, monkeypatch), monkeypatch, root)
        try:
            lab.config(timeout=timeout, verify_timeout=30.0)
            setup(lab)
            ctx = await lab.context("example.com/hello@v1.1.0", environ=dict(os.environ))
            start = time.perf_counter()
            diagnosis = await diagnose(ctx)
            seconds = time.perf_counter() - start
        finally:
            lab.close()
    return seconds, diagnosis.ok, [f.id for f in diagnosis.findings if f.severity == "error"]


async def main(runs: int, timeout: float) -> None:
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    verdicts: dict[str, tuple[bool, list[str]]] = {}
    for run in range(runs):
        for name, setup in SCENARIOS.items():
            with tempfile.TemporaryDirectory() as tmp:
                seconds, ok, errors = await walk_once(setup, Path(tmp) / f"{name}-{run}", timeout)
            times[name].append(seconds)
            verdicts[name] = (ok, errors)
    base = _util.median(times["healthy"])
    print(f"check_verdicts: whole walk, probe timeout T = {timeout:g} s, median of {runs} runs")
    _util.row("healthy GOPROXY", f"{base:.2f} s", "the floor")
    for name in SCENARIOS:
        if name == "healthy":
            continue
        value = _util.median(times[name])
        ratio = value / base
        target = 1.5 + timeout / base
        mark = "✔" if ratio <= target else "✘"
        _util.row(f"{name} ÷ healthy", f"{ratio:.2f}×", f"{value:.2f} s; target ≤ {target:.2f}× {mark}")
    for name, (ok, errors) in verdicts.items():
        print(f"  {name:<12} ok={ok} errors={', '.join(errors) or '-'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=2.0)
    options = parser.parse_args()
    asyncio.run(main(options.runs, options.timeout))
