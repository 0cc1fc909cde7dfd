"""Small shared test helpers (imported as ``helpers``; tests/ is on sys.path)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot


def gotui(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``gotui`` entry point in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "goproxy_tui", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ if env is None else env),
        cwd=cwd,
        timeout=120,
    )


def go(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real ``go`` (first on PATH in the ``go_env`` fixture)."""
    return subprocess.run(["go", *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False)


async def wait_until(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    """Let the app run until ``predicate()`` holds (workers call the real go, so no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached within timeout")
        await pilot.pause(0.05)


def run_on_a_terminal(args: list[str], answer: bytes) -> subprocess.CompletedProcess[bytes]:
    """Run gotui with a pseudo-terminal as stdin (so it asks) and type ``answer``."""
    main, secondary = pty.openpty()
    try:
        os.write(main, answer)
        return subprocess.run([sys.executable, "-m", "goproxy_tui", *args], stdin=secondary,
                              capture_output=True, timeout=120, check=False)
    finally:
        os.close(main)
        os.close(secondary)
