"""Nothing lost: any sequence of gotui changes, undone step by step, gives back the env file byte for
byte (or no file at all), and at every step ``go env`` agrees with what gotui reports.

The steps run through ``apply_changes`` / ``undo_last`` with the real ``go`` writing the real env file.
New actions (``use``, ``apply`` of a plan, …) plug in by adding a strategy to ``STEPS`` and a runner to
``RUNNERS``: a runner performs the action and says whether it changed something (a journal entry).
"""

from __future__ import annotations

import asyncio
import functools
import json
import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers import gotui
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goproxy_tui.core.goenv import (
    GO_KEYS,
    GoEnvironment,
    apply_changes,
    parse_env_file,
    read_environment,
    undo_last,
)
from goproxy_tui.core.gotool import GoTool, find_go
from goproxy_tui.core.journal import Journal

VALUES: dict[str, list[str]] = {
    "GOPROXY": [
        "https://goproxy.cn,direct",
        "https://goproxy.io|https://proxy.golang.org|direct",
        "https://mirrors.aliyun.com/goproxy/",
        "off",
    ],
    "GOSUMDB": ["sum.golang.google.cn", "sum.golang.org", "off"],
    "GOPRIVATE": ["git.corp.example.com", "*.corp.example.com,github.com/acme"],
    "GONOSUMDB": ["corp.example.com", ""],
    "GOFLAGS": ["-mod=mod", "-mod=mod -modcacherw", ""],
    "GO111MODULE": ["on", "auto", ""],
}
INVALID = [("GOPROXY", "garbage value"), ("GO111MODULE", "sometimes"), ("GOVERSION", "go1.99")]

# Seed files as people leave them: comments, duplicates, odd order, junk lines, CRLF, no final newline.
SEED_LINES = [
    "# my team's settings",
    "",
    "   # indented comment",
    "GOPROXY=https://goproxy.io,direct",
    "GOPROXY=https://goproxy.cn",
    "GOSUMDB=sum.golang.google.cn",
    "GOPRIVATE=git.corp.example.com",
    "GOPRIVATE=*.corp.example.com",
    "GONOSUMDB=corp.example.com",
    "GOFLAGS=-mod=mod",
    "not a setting at all",
    "lower=case is ignored by Go",
    "GOINSECURE=",
]


def _render(lines: list[str], newline: str, final_newline: bool) -> bytes:
    text = newline.join(lines) + (newline if final_newline and lines else "")
    return text.encode()


seeds = st.one_of(
    st.none(),
    st.builds(
        _render,
        st.lists(st.sampled_from(SEED_LINES), max_size=7),
        st.sampled_from(["\n", "\r\n"]),
        st.booleans(),
    ),
)


@dataclass(frozen=True)
class Step:
    kind: str
    changes: tuple[tuple[str, str | None], ...] = ()


def _assignments(max_size: int) -> st.SearchStrategy[dict[str, str]]:
    return st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=max_size, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({k: st.sampled_from(VALUES[k]) for k in keys})
    )


_keys = st.lists(st.sampled_from(sorted(VALUES)), min_size=1, max_size=3, unique=True)

STEPS: list[st.SearchStrategy[Step]] = [
    _assignments(2).map(lambda d: Step("set", tuple(d.items()))),
    _keys.map(lambda keys: Step("unset", tuple((k, None) for k in keys))),
    # what `use` and `apply` go through: several keys at once, some written, some removed
    st.tuples(_assignments(2), _keys).map(
        lambda t: Step("apply", (*t[0].items(), *((k, None) for k in t[1] if k not in t[0])))
    ),
    st.sampled_from(INVALID).map(lambda kv: Step("invalid", (kv, ("GOSUMDB", "sum.golang.org")))),
    st.just(Step("undo")),
]


@dataclass
class World:
    """What the test knows: the go to use, the journal, and the env file states a change replaced."""

    go: GoTool
    envfile: Path
    journal: Journal
    stack: list[bytes | None] = field(default_factory=list)  # file before each change still in effect

    def file(self) -> bytes | None:
        try:
            return self.envfile.read_bytes()
        except FileNotFoundError:
            return None

    async def environment(self) -> GoEnvironment:
        return await read_environment(go=self.go)


async def _run_change(world: World, step: Step) -> None:
    before = world.file()
    entries_before = len(world.journal.entries())
    env = await world.environment()
    changes = dict(step.changes)
    result = await apply_changes(env, changes, action=step.kind, journal=world.journal)
    if step.kind == "invalid":
        assert result.exit_code == 2 and result.problems[0].message and result.problems[0].hint
    if not result.ok:
        assert all(p.message.strip() and "\n" not in p.message for p in result.problems)
        assert world.file() == before, "a refused change must leave the env file alone"
        assert len(world.journal.entries()) == entries_before, "a refused change must not be journaled"
        return
    assert result.entry is not None and not result.entry.pending
    world.stack.append(before)
    truth = _go_env_json()
    for key, value in changes.items():
        if value:  # an empty value means "Go's default" (GONOSUMDB= follows GOPRIVATE): checked below
            assert truth[key] == value, f"gotui set {key}={value!r} but go env says {truth[key]!r}"
        elif value is None:
            assert key not in _file_keys(world.file()), f"gotui unset {key} but the env file still sets it"


async def _run_undo(world: World, step: Step) -> None:
    result = undo_last(world.journal)
    if not world.stack:
        assert not result.ok and result.error and "nothing to undo" in result.error
        return
    assert result.ok, result.error
    assert world.file() == world.stack.pop(), "undo must restore the exact bytes the change replaced"


RUNNERS: dict[str, Callable[[World, Step], Awaitable[None]]] = {
    "set": _run_change,
    "unset": _run_change,
    "apply": _run_change,
    "invalid": _run_change,
    "undo": _run_undo,
}


def _file_keys(data: bytes | None) -> set[str]:
    return set(parse_env_file(data or b""))


def _go_env_json() -> dict[str, str]:
    """Go's own view, straight from the real binary (not through gotui's code)."""
    done = subprocess.run(["go", "env", "-json", *GO_KEYS], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


async def _assert_gotui_agrees_with_go(world: World) -> None:
    env = await world.environment()
    truth = _go_env_json()
    file_values = {k: v for k, v in ((var.name, var.file) for var in env.vars) if v is not None}
    for var in env.vars:
        if var.name in truth:
            assert var.effective == truth[var.name], (var.name, var.effective, truth[var.name])
    for key, value in parse_env_file(world.file() or b"").items():
        if key in file_values:
            assert file_values[key] == value, key


@functools.cache
def _go_tool() -> GoTool:
    return asyncio.run(find_go())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=seeds, steps=st.lists(st.one_of(*STEPS), min_size=1, max_size=6))
def test_undoing_every_step_restores_the_env_file_byte_for_byte(
    go_env, tmp_path: Path, seed: bytes | None, steps: list[Step]
) -> None:
    journal_path = tmp_path / "journal.toml"
    journal_path.unlink(missing_ok=True)
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.unlink(missing_ok=True)
    if seed is not None:
        go_env.envfile.write_bytes(seed)
    world = World(go=_go_tool(), envfile=go_env.envfile, journal=Journal(journal_path))

    async def scenario() -> None:
        for step in steps:
            await RUNNERS[step.kind](world, step)
            await _assert_gotui_agrees_with_go(world)
        while world.stack:
            await _run_undo(world, Step("undo"))
        nothing = undo_last(world.journal)
        assert not nothing.ok and nothing.error and "nothing to undo" in nothing.error

    asyncio.run(scenario())
    assert world.file() == seed, "after undoing everything the env file must be exactly the seed"
    assert all(e.undone for e in world.journal.entries())


def test_unset_without_an_env_file_says_there_is_nothing_to_unset(go_env) -> None:
    """`go env -u` on a missing file fails with "reading go env config: …no such file"; gotui says why."""
    result = gotui("unset", "GOPROXY", "GOSUMDB")
    assert result.returncode == 1
    assert "does not exist, so it sets nothing; nothing to unset" in result.stderr
    assert "hint:" in result.stderr and "writable" not in result.stderr
    assert not go_env.envfile.exists()
    assert gotui("history").stdout.strip() == "no changes yet"
