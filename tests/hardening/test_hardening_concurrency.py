"""Two gotui processes writing at once: no lost update, a journal that parses, every change recorded
exactly once with a unique id, and the "before" bytes of each entry chaining onto the previous one
(which only holds if the whole record → ``go env -w`` → complete cycle is serialised)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from helpers import go, gotui

from goproxy_tui.core.goenv import parse_env_file
from goproxy_tui.core.journal import Journal, KeyChange, sha256

SEED = b"# team settings\r\nGOFLAGS=-mod=mod\r\nGOPRIVATE=old.example.com"
ASSIGNMENTS = [
    "GOPROXY=https://goproxy.cn,direct",
    "GOSUMDB=sum.golang.google.cn",
    "GOPRIVATE=git.corp.example.com",
    "GONOSUMDB=corp.example.com",
    "GOINSECURE=insecure.example.com",
    "GO111MODULE=on",
]


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "goproxy_tui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_gotui_set_processes_lose_nothing(go_env, tmp_path: Path) -> None:
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(SEED)
    procs = [_start("set", assignment) for assignment in ASSIGNMENTS]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "change #" in out

    # every update is in effect: none was overwritten by a concurrent read-modify-write of the file
    truth = json.loads(go("env", "-json").stdout)
    for assignment in ASSIGNMENTS:
        key, _, value = assignment.partition("=")
        assert truth[key] == value, f"{assignment} was lost"
        assert parse_env_file(go_env.envfile.read_bytes())[key] == value

    entries = Journal().entries()
    assert sorted(e.id for e in entries) == list(range(1, len(ASSIGNMENTS) + 1))
    assert sorted(e.summary for e in entries) == sorted(ASSIGNMENTS)
    assert not any(e.pending for e in entries)
    assert entries[0].before == SEED
    for earlier, later in itertools.pairwise(entries):
        assert sha256(later.before) == earlier.after_sha256, "two writes overlapped"

    history = json.loads(gotui("history", "--json").stdout)
    assert [c["id"] for c in history["changes"]] == list(range(1, len(ASSIGNMENTS) + 1))

    for _ in ASSIGNMENTS:
        undo = gotui("undo")
        assert undo.returncode == 0, undo.stderr
    assert go_env.envfile.read_bytes() == SEED


def test_concurrent_set_and_undo_keep_the_journal_consistent(go_env) -> None:
    """Undo racing a set: whichever order the lock gives, the file and the journal agree."""
    assert gotui("set", "GOPROXY=https://goproxy.io,direct").returncode == 0
    procs = [_start("set", "GOSUMDB=sum.golang.google.cn"), _start("undo")]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1), err
        assert "Traceback" not in err
    entries = Journal().entries()
    assert sorted(e.id for e in entries) == [1, 2]
    # replaying the journal's own story must give the file as it is now: undo what is left, reach "absent"
    while gotui("undo").returncode == 0:
        pass
    assert not go_env.envfile.exists()


_WORKER = """
import sys
from pathlib import Path
from goproxy_tui.core.journal import Journal, KeyChange
journal = Journal(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    entry = journal.begin(action="set", summary=f"{sys.argv[2]}-{i}", envfile=Path(sys.argv[4]),
                          changes=[KeyChange("GOPROXY", None, "off")])
    journal.complete(entry.id, b"after")
"""


def test_many_threads_and_processes_begin_and_complete_at_once(tmp_path: Path) -> None:
    path = tmp_path / "journal.toml"
    envfile = tmp_path / "env"
    envfile.write_bytes(b"GOPROXY=direct\n")
    per_worker = 5
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(path), f"proc{n}", str(per_worker), str(envfile)])
        for n in range(3)
    ]
    errors: list[BaseException] = []

    def thread_worker(name: str) -> None:
        journal = Journal(path)
        try:
            for i in range(per_worker):
                entry = journal.begin(
                    action="set", summary=f"{name}-{i}", envfile=envfile, changes=[KeyChange("GOPROXY", None, "off")]
                )
                journal.complete(entry.id, b"after")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=thread_worker, args=(f"thread{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    assert not errors, errors

    entries = Journal(path).entries()
    expected = {f"{w}-{i}" for w in [*(f"proc{n}" for n in range(3)), *(f"thread{n}" for n in range(4))]
                for i in range(per_worker)}
    summaries = [e.summary for e in entries]
    assert sorted(summaries) == sorted(expected), "every change recorded exactly once"
    assert sorted(e.id for e in entries) == list(range(1, len(expected) + 1))
    assert all(e.after_sha256 == sha256(b"after") for e in entries), "no completion lost"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")], "no temp files left behind"
