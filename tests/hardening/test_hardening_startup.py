"""Start-up: the headless commands never load Textual, and the TUI paints before go, DNS or a probe answers.

Imports are checked in fresh subprocesses (``sys.modules`` as the command leaves it), because one
test process has long since imported everything. The first paint is checked with a ``go`` on PATH
that never answers and a mirror whose SYNs are dropped: the main screen must be up at once anyway.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from helpers import wait_until
from loopnet.blackhole import Blackhole

from goproxy_tui import cli
from goproxy_tui.core.config import load_config
from goproxy_tui.tui import GC_THRESHOLDS
from goproxy_tui.tui import app as app_module
from goproxy_tui.tui.app import GotuiApp

UI_PACKAGES = ("textual", "rich")
NETWORK_PACKAGES = ("httpx", "httpcore", "h11", "anyio", "dns")

# Runs ``gotui ARGS…`` as the console script does and writes the top-level packages loaded by the
# time the interpreter exits (after argparse's SystemExit too) to the file named by argv[1].
_COMMAND = (
    "import atexit, json, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted({m.split('.')[0] for m in sys.modules}))))\n"
    "sys.argv = ['gotui', *sys.argv[1:]]\n"
    "runpy.run_module('goproxy_tui', run_name='__main__', alter_sys=True)\n"
)

# Starts the real app headless and records, at its first paint (Textual's Ready event is posted
# after the first frame), which modules are loaded (full dotted names); then it exits. Textual calls
# GotuiApp.on_ready too, after this one: whatever it imports is not recorded.
_FIRST_PAINT = (
    "import json, sys\n"
    "from goproxy_tui.tui.app import GotuiApp\n"
    "class FirstPaint(GotuiApp):\n"
    f"    CSS_PATH = {str(Path(app_module.__file__).with_name('app.tcss'))!r}\n"
    "    def on_ready(self):\n"
    "        self.loaded = sorted(sys.modules)\n"
    "        self.exit()\n"
    "app = FirstPaint()\n"
    "app.run(headless=True, size=(120, 40))\n"
    "print(json.dumps(app.loaded))\n"
)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The assertions read English: the developer's LANG must not translate the subprocesses' output."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


def loaded_by(args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, str(out), *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=False,
    )
    return done, set(json.loads(out.read_text()))


@pytest.mark.parametrize("args", [["--help"], ["env"], ["env", "--json"], ["history"], ["history", "--json"]])
def test_headless_commands_never_import_textual_or_rich(go_env, tmp_path: Path, args: list[str]) -> None:
    done, loaded = loaded_by(args, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip(), f"gotui {' '.join(args)} printed nothing"
    assert "Traceback" not in done.stderr
    assert not loaded & set(UI_PACKAGES), f"gotui {' '.join(args)} imported {sorted(loaded & set(UI_PACKAGES))}"
    if args == ["--help"]:
        assert done.stdout.startswith("usage: gotui")
        assert not loaded & set(NETWORK_PACKAGES), sorted(loaded & set(NETWORK_PACKAGES))


# gotui's own modules the main screen does not need to paint: go env, the journal, switching, the
# probes, the dialogs and the wizard are imported where they are used, after the first frame.
DEFERRED_MODULES = (
    "goproxy_tui.core.goenv",
    "goproxy_tui.core.gotool",
    "goproxy_tui.core.journal",
    "goproxy_tui.core.switch",
    "goproxy_tui.core.health",
    "goproxy_tui.core.rules.settings",
    "goproxy_tui.core.probes.tls",
    "goproxy_tui.core.probes.tcp",
    "goproxy_tui.core.probes.runner",
    "goproxy_tui.tui.screens.wizard",
    "goproxy_tui.tui.screens.welcome",
    "goproxy_tui.tui.screens.edit_var",
    "goproxy_tui.tui.screens.add_mirror",
    "goproxy_tui.tui.screens.help",
)


def first_paint_modules() -> set[str]:
    """Every module (full dotted name) loaded when the real app has painted its first frame."""
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_PAINT], capture_output=True, text=True, stdin=subprocess.DEVNULL,
        timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_first_paint_loads_no_network_or_toml_writer_package(go_env) -> None:
    """httpx, dnspython and tomlkit cost ~150 ms of imports: they load in workers, after the first frame."""
    packages = {m.split(".")[0] for m in first_paint_modules()}
    assert "textual" in packages
    late = {*NETWORK_PACKAGES, "tomlkit"}
    assert not packages & late, sorted(packages & late)


def test_the_first_paint_imports_only_what_the_main_screen_needs(go_env) -> None:
    """~30 of gotui's modules (2-10 ms each) are imported where they are used, after the first frame."""
    loaded = first_paint_modules()
    assert {"goproxy_tui.tui.screens.main", "goproxy_tui.core.config"} <= loaded  # full names are recorded
    early = sorted(m for m in loaded if m.startswith(DEFERRED_MODULES))
    assert not early, early


def test_the_tui_entry_point_tunes_the_garbage_collector_before_the_app_loads(
    go_env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Python's thresholds a full collection (~25 ms) ran while Textual's modules loaded."""
    seen: list[tuple[int, ...]] = []
    stub = types.ModuleType("goproxy_tui.tui.app")  # stands in for the app: no terminal here
    stub.run_app = lambda: seen.append(gc.get_threshold()) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "goproxy_tui.tui.app", stub)
    before = gc.get_threshold()
    try:
        assert cli.run([]) == 0
    finally:
        gc.set_threshold(*before)
    assert seen == [GC_THRESHOLDS]


@pytest.fixture
def go_that_never_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_env) -> Path:
    """A ``go`` first on PATH that hangs; each call records its pid so the test can end exactly those."""
    bin_dir = tmp_path / "stuck-go"
    bin_dir.mkdir()
    pids = tmp_path / "go-pids"
    shim = bin_dir / "go"
    shim.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 30\n")
    shim.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    yield pids
    end_stuck_go(pids)


def end_stuck_go(pids: Path) -> None:
    for line in pids.read_text().split() if pids.exists() else ():
        try:
            os.kill(int(line), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass


async def test_the_main_screen_is_up_while_go_hangs_and_every_mirror_is_blackholed(
    go_env, go_that_never_answers: Path
) -> None:
    with Blackhole() as hole:
        go_env.config.write_text(
            "[catalog]\ninclude_builtin = false\n\n[probe]\ntimeout = 5.0\ninterval = 10.0\n\n"
            f'[[mirrors]]\nname = "dropped"\nurl = "{hole.url()}"\n'
        )
        app = GotuiApp(config=load_config(go_env.config))
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.mirror_table.row_names() == ["dropped"], timeout=5)
            painted = time.perf_counter() - started
            screen = app.export_screenshot()
            assert "Mirrors" in screen and "Environment" in screen
            assert app.environment is None  # go has not answered …
            assert go_that_never_answers.exists()  # … though it was asked
            assert app.health.stats("dropped").samples == 0  # and the probe is still waiting on its SYN
        # core.gotool.run_go neither kills nor reaps go when its worker is cancelled: end the stuck go
        # and let its subprocess transport close while this loop still runs (it fails once it is closed).
        end_stuck_go(go_that_never_answers)
        await asyncio.sleep(0.3)
        gc.collect()
        assert painted < 3.0, f"the first screen took {painted:.1f} s"
