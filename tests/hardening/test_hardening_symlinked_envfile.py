"""A symlinked Go env file (dotfiles managers do this) stays a link through ``set`` and ``undo``
(issue #15, "Data"). Go's ``go env -w`` writes through the link (``os.WriteFile`` follows it), so
gotui's undo must too; a read-only target is refused with a clear error and nothing is lost.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import go, gotui


@pytest.fixture
def linked(go_env, tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "dotfiles" / "go-env"
    target.parent.mkdir()
    target.write_bytes(b"GOPRIVATE=git.corp.example.com\n# kept by hand\n")
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.symlink_to(target)
    return go_env.envfile, target


def test_set_and_undo_go_through_the_link_to_its_target(linked: tuple[Path, Path]) -> None:
    link, target = linked
    before = target.read_bytes()
    result = gotui("set", "GOPROXY=https://goproxy.cn,direct")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert b"GOPROXY=https://goproxy.cn,direct" in target.read_bytes()
    assert go("env", "GOPROXY").stdout.strip() == "https://goproxy.cn,direct"

    result = gotui("undo")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target), "undo replaced the link with a file"
    assert target.read_bytes() == before, "the change stayed in the link's target"
    assert go("env", "GOPROXY").stdout.strip() == "https://proxy.golang.org,direct"


def test_undo_into_a_dangling_link_removes_the_target_not_the_link(go_env, tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "go-env"
    target.parent.mkdir()
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.symlink_to(target)  # the target does not exist yet
    assert gotui("set", "GOPROXY=https://goproxy.cn,direct").returncode == 0
    assert target.exists()
    assert gotui("undo").returncode == 0
    assert go_env.envfile.is_symlink() and not target.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_target_is_refused_by_set_with_a_clear_error(linked: tuple[Path, Path]) -> None:
    link, target = linked
    before = target.read_bytes()
    target.chmod(0o444)
    result = gotui("set", "GOPROXY=https://goproxy.cn,direct")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "writable" in result.stderr
    assert target.read_bytes() == before and link.is_symlink()


def test_undo_refuses_a_target_made_read_only_and_loses_nothing(linked: tuple[Path, Path]) -> None:
    link, target = linked
    assert gotui("set", "GOPROXY=https://goproxy.cn,direct").returncode == 0
    written = target.read_bytes()
    target.chmod(0o444)  # as a dotfiles manager may leave it; Go's own -w would fail here too
    try:
        result = gotui("undo")
        assert result.returncode == 1, result.stdout
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"gotui: error: cannot restore {target}: Permission denied"), result.stderr
        assert "hint: make it writable (chmod u+w), then run 'gotui undo' again; nothing was changed" in result.stderr
        assert target.read_bytes() == written and link.is_symlink()
        assert oct(target.stat().st_mode & 0o777) == oct(0o444)
        target.chmod(0o644)
        again = gotui("undo")  # the journal kept the entry: the retry works
        assert again.returncode == 0, again.stderr
        assert b"GOPROXY" not in target.read_bytes() and link.is_symlink()
    finally:
        target.chmod(0o644)
