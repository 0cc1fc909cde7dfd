"""A ``go`` whose child hangs never hangs gotui, and never leaves the child behind (issue #15, "Hangs").

The ``go`` here is a wrapper script, as some installs have: ``go version`` and ``go env GOROOT`` run
the real go, anything else starts a ``sleep`` and waits for it. Killing only the script used to leave
the ``sleep`` holding the output pipes, so waiting for ``go`` never ended and the child was orphaned;
quitting the TUI then printed an "Event loop is closed" traceback. gotui runs ``go`` in its own
process group and kills the whole group on timeout or cancel.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import go_bin_dir

BOUND = 75.0  # gotui's own timeout for 'go env' is 30 s; without the fix these never return


@pytest.fixture
def hanging_go(go_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pids = tmp_path / "child-pids"
    script = tmp_path / "wrapper" / "go"
    script.parent.mkdir()
    real = go_bin_dir() / "go"
    script.write_text(
        "#!/bin/sh\n"
        f'case "$1" in version) exec "{real}" "$@";; esac\n'
        f'if [ "$1 $2" = "env GOROOT" ]; then exec "{real}" "$@"; fi\n'
        "sleep 300 &\n"
        f'echo $! >> "{pids}"\n'
        "wait\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("GOTUI_GO", str(script))
    return pids


def alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it is dead)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def assert_no_orphans(pids: Path) -> None:
    started = [int(p) for p in pids.read_text().split()] if pids.exists() else []
    assert started, "the wrapper never started its child"
    deadline = time.monotonic() + 5
    while any(alive(p) for p in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in started if alive(p)]
    for pid in left:  # do not leave them to the next test
        os.kill(pid, 9)
    assert not left, f"go's children outlived gotui: {left}"


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_env_set_and_check_return_with_an_error_and_kill_the_child(hanging_go: Path) -> None:
    commands = {"env": ["env"], "set": ["set", "GOPROXY=https://goproxy.cn"], "check": ["check"]}
    started = time.monotonic()
    running = {
        name: subprocess.Popen([sys.executable, "-m", "goproxy_tui", *argv], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        for name, argv in commands.items()
    }
    results = {}
    try:
        for name, process in running.items():
            left = max(1.0, BOUND - (time.monotonic() - started))
            out, err = process.communicate(timeout=left)
            results[name] = (process.returncode, out, err)
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
    for name, (code, out, err) in results.items():
        assert code != 0, f"{name} succeeded with a go that never answers"
        assert "Traceback" not in err, f"{name}:\n{err}"
        assert "did not finish within" in out + err, f"{name} did not say what happened:\n{out}{err}"
    code, _, err = results["env"]
    assert err.startswith("gotui: error: 'go env -json"), err
    assert "hint:" in err and "wrapper" in err  # go env never needs the network: the hint says so
    assert_no_orphans(hanging_go)


_QUIT_WHILE_GO_HANGS = """
import asyncio, gc
from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp

async def main():
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.5)  # 'go env -json' is running (and hanging) in a worker
        await pilot.press("q")
        await pilot.pause(0.2)
    print("quit", flush=True)

asyncio.run(main())  # closes the event loop, as 'gotui' does when the app ends
gc.collect()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_quitting_the_tui_while_go_hangs_is_clean(hanging_go: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _QUIT_WHILE_GO_HANGS], capture_output=True, text=True,
                            timeout=60, check=False)
    assert "quit" in result.stdout, result.stderr
    assert "Event loop is closed" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert_no_orphans(hanging_go)
