"""Crash safety: the journal is replaced atomically (a write that fails or is killed half-way leaves the
previous journal intact), and a change interrupted between "recorded" and "completed" is undone
correctly whether or not Go had already written the env file."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import go, gotui

from goproxy_tui.core import journal as journal_module
from goproxy_tui.core.journal import Journal, JournalError, KeyChange

SEED = b"# hand-written\nGOFLAGS=-mod=mod\nGOPROXY=https://goproxy.io,direct\n"


def _journal_with_one_entry(tmp_path: Path) -> tuple[Journal, Path, bytes]:
    envfile = tmp_path / "env"
    envfile.write_bytes(SEED)
    journal = Journal(tmp_path / "journal.toml")
    entry = journal.begin(action="set", summary="GOPROXY=off", envfile=envfile, changes=[KeyChange("GOPROXY", None, "off")])
    journal.complete(entry.id, b"GOPROXY=off\n")
    return journal, envfile, journal.path.read_bytes()


def _litter(directory: Path) -> list[str]:
    return [name for name in os.listdir(directory) if name.endswith(".tmp")]


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
    ids=["disk-full", "interrupted"],
)
def test_a_write_failing_after_the_temp_file_exists_keeps_the_old_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    journal, envfile, old = _journal_with_one_entry(tmp_path)
    seen: list[str] = []

    def fsync_then_fail(fd: int) -> None:
        seen.extend(_litter(tmp_path))  # the temp file is there, with the new journal in it
        raise failure

    monkeypatch.setattr(journal_module.os, "fsync", fsync_then_fail)
    with pytest.raises((JournalError, KeyboardInterrupt)) as raised:
        journal.begin(action="set", summary="GOSUMDB=off", envfile=envfile, changes=[])
    monkeypatch.undo()
    assert seen, "the failure was injected after the temp file was created"
    if isinstance(failure, OSError):
        assert isinstance(raised.value, JournalError)
        assert "No space left on device" in raised.value.message and raised.value.hint
    assert journal.path.read_bytes() == old
    assert _litter(tmp_path) == []
    assert [e.summary for e in journal.entries()] == ["GOPROXY=off"]


_HANG_IN_RENAME = """
import os, sys, time
from pathlib import Path
from goproxy_tui.core.journal import Journal, KeyChange
def stuck(src, dst):
    Path(sys.argv[2]).write_text(src)
    time.sleep(120)
os.replace = stuck
Journal(Path(sys.argv[1])).begin(action="set", summary="GOSUMDB=off", envfile=Path(sys.argv[3]), changes=[])
"""


def test_a_process_killed_mid_write_leaves_the_old_journal_readable(tmp_path: Path) -> None:
    journal, envfile, old = _journal_with_one_entry(tmp_path)
    marker = tmp_path / "in-rename"
    proc = subprocess.Popen([sys.executable, "-c", _HANG_IN_RENAME, str(journal.path), str(marker), str(envfile)])
    try:
        _wait_for(marker, proc)
        temp = Path(marker.read_text())
        assert temp.exists() and b"GOSUMDB=off" in temp.read_bytes(), "killed with the new journal written"
    finally:
        proc.kill()
        proc.wait()
    assert journal.path.read_bytes() == old
    assert [e.summary for e in journal.entries()] == ["GOPROXY=off"]
    nxt = journal.begin(action="set", summary="GOSUMDB=off", envfile=envfile, changes=[])
    assert nxt.id == 2, "the journal goes on after the crash"


def _wait_for(marker: Path, proc: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, "the process ended before reaching the crash point"
        assert time.monotonic() < deadline, "the crash point was never reached"
        time.sleep(0.02)


def _slow_go(tmp_path: Path, marker: Path, *, write_first: bool) -> Path:
    """A go that stalls inside `go env -w` (after or before the real write), so gotui can be killed
    between journaling the change and completing it. Every other go command is the real one."""
    real = subprocess.run(["go", "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    real_go = Path(real) / "bin" / "go"
    stall = f'touch "{marker}"; sleep 120'
    body = f'"{real_go}" "$@" || exit $?; {stall}' if write_first else f'{stall}; exec "{real_go}" "$@"'
    script = tmp_path / "slowgo" / "go"
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\nif [ "$1" = env ] && [ "$2" = -w ]; then {body}; fi\nexec "{real_go}" "$@"\n')
    script.chmod(0o755)
    return script


def _killed_mid_set(tmp_path: Path, *, write_first: bool) -> None:
    marker = tmp_path / "stalled"
    env = dict(os.environ, GOTUI_GO=str(_slow_go(tmp_path, marker, write_first=write_first)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "goproxy_tui", "set", "GOSUMDB=sum.golang.google.cn"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: gotui, the shell script and its sleep
    )
    try:
        _wait_for(marker, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("seeded", [True, False], ids=["seeded", "no-file"])
def test_killed_after_go_wrote_the_file_undo_restores_it(go_env, tmp_path: Path, seeded: bool) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    if seeded:
        go_env.envfile.write_bytes(SEED)
    _killed_mid_set(tmp_path, write_first=True)
    assert go("env", "GOSUMDB").stdout.strip() == "sum.golang.google.cn", "the write did happen"
    history = gotui("history")
    assert "(interrupted)" in history.stdout
    undo = gotui("undo")
    assert undo.returncode == 0, undo.stderr
    assert go_env.env_bytes() == (SEED if seeded else None)
    assert go("env", "GOSUMDB").stdout.strip() == "sum.golang.org"


def test_killed_before_go_wrote_the_file_undo_reverts_the_change_before(go_env, tmp_path: Path) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(SEED)
    assert gotui("set", "GOPRIVATE=git.corp.example.com").returncode == 0
    after_first = go_env.envfile.read_bytes()
    _killed_mid_set(tmp_path, write_first=False)
    assert go_env.envfile.read_bytes() == after_first, "the write never happened"
    rows = json.loads(gotui("history", "--json").stdout)["changes"]
    assert [(r["id"], r["interrupted"]) for r in rows] == [(1, False), (2, True)]
    # the interrupted change left nothing to revert, so undo reverts the last change that happened
    undo = gotui("undo")
    assert undo.returncode == 0, undo.stderr
    assert "#1" in undo.stdout
    assert go_env.envfile.read_bytes() == SEED
    nothing = gotui("undo")
    assert nothing.returncode == 1 and "nothing to undo" in nothing.stderr


def test_killed_before_the_first_write_leaves_nothing_to_undo(go_env, tmp_path: Path) -> None:
    _killed_mid_set(tmp_path, write_first=False)
    assert not go_env.envfile.exists()
    nothing = gotui("undo")
    assert nothing.returncode == 1 and "nothing to undo" in nothing.stderr
    assert not go_env.envfile.exists()
    assert gotui("history").stdout.strip() == "no changes yet", "the phantom entry is dropped"
