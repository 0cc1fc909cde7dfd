"""The module cache (GOMODCACHE): how big it is, and evidence that it is corrupt.

``go clean -modcache`` is a heavy remedy (everything is downloaded again), so it is only offered on
evidence: a cached zip that cannot be read (truncated download) or whose content no longer hashes to
the ``.ziphash`` Go recorded (``h1:``, golang.org/x/mod/sumdb/dirhash ``Hash1``). Leftover
``.partial`` markers (an extraction that never finished) and ``*.tmp`` files (an interrupted download)
are reported too: Go recovers from them on its own, but they say a download was cut off.
Layout (modfetch/cache.go): ``cache/download/<escaped path>/@v/<escaped version>.{info,mod,zip,ziphash}``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from goproxy_tui.core.rules.module import EscapeError, escape_path, unescape_version
from goproxy_tui.i18n import Msg

ProblemKind = Literal["zip-unreadable", "ziphash-mismatch", "partial", "tmp"]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"  # pragma: no cover - unreachable


@dataclass(frozen=True)
class CacheProblem:
    kind: ProblemKind
    path: str
    detail: str

    @property
    def corrupt(self) -> bool:
        """Evidence Go would trip over (not just leftovers it cleans up itself)."""
        return self.kind in ("zip-unreadable", "ziphash-mismatch")


@dataclass(frozen=True)
class CacheScan:
    root: str
    exists: bool
    size: int
    files: int
    complete: bool  # False: counting stopped at the time limit (size is a lower bound)
    leftovers: tuple[CacheProblem, ...] = ()

    @property
    def size_text(self) -> str:
        return human_size(self.size) if self.complete else Msg("at least {size}", size=human_size(self.size))


def scan_cache(root: Path | str, *, budget: float = 10.0, max_leftovers: int = 20) -> CacheScan:
    """Walk the cache once (blocking: run it in a thread): total size, and ``.partial``/``*.tmp`` leftovers."""
    root = Path(root)
    if not root.is_dir():
        return CacheScan(str(root), False, 0, 0, True)
    deadline = time.monotonic() + budget
    size = files = 0
    leftovers: list[CacheProblem] = []
    stack = [str(root)]
    complete = True
    while stack:
        if time.monotonic() > deadline:
            complete = False
            break
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                size += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
            files += 1
            if len(leftovers) < max_leftovers and f"{os.sep}cache{os.sep}download{os.sep}" in entry.path:
                if entry.name.endswith(".partial"):
                    leftovers.append(CacheProblem("partial", entry.path, Msg("an extraction that never finished")))
                elif entry.name.endswith(".tmp"):
                    leftovers.append(CacheProblem("tmp", entry.path, Msg("an interrupted download")))
    return CacheScan(str(root), True, size, files, complete, tuple(leftovers))


def hash_zip(path: Path | str) -> str:
    """dirhash.HashZip with Hash1: ``h1:`` + base64(sha256 of "<sha256 hex>  <name>\\n" per sorted file)."""
    summary = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        names = sorted(info.filename for info in archive.infolist())
        for name in names:
            if "\n" in name:
                raise ValueError("dirhash: filenames with newlines are not supported")
            digest = hashlib.sha256()
            with archive.open(name) as member:
                for chunk in iter(lambda: member.read(1 << 16), b""):
                    digest.update(chunk)
            summary.update(f"{digest.hexdigest()}  {name}\n".encode())
    return "h1:" + base64.b64encode(summary.digest()).decode("ascii")


def download_dir(root: Path | str, module: str) -> Path | None:
    """``<root>/cache/download/<escaped module>/@v``; None when the path cannot be escaped."""
    try:
        return Path(root) / "cache" / "download" / escape_path(module) / "@v"
    except EscapeError:
        return None


def check_module(root: Path | str, module: str, *, max_zips: int = 20) -> tuple[list[str], list[CacheProblem]]:
    """Verify every cached zip of ``module`` against its ``.ziphash``: (versions checked, problems)."""
    directory = download_dir(root, module)
    if directory is None or not directory.is_dir():
        return [], []
    checked: list[str] = []
    problems: list[CacheProblem] = []
    for zip_path in sorted(directory.glob("*.zip"))[:max_zips]:
        version = unescape_version(zip_path.name[: -len(".zip")])[0] or zip_path.name
        checked.append(version)
        try:
            actual = hash_zip(zip_path)
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            problems.append(CacheProblem("zip-unreadable", str(zip_path), f"{module}@{version}: {exc}"))
            continue
        hash_file = zip_path.with_name(zip_path.name + "hash")
        try:
            recorded = hash_file.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue  # no .ziphash yet: Go verifies the zip when it first uses it
        if recorded and recorded != actual:
            problems.append(
                CacheProblem(
                    "ziphash-mismatch",
                    str(zip_path),
                    Msg(
                        "{module}@{version}: the zip hashes to {actual}, the cache recorded {recorded}",
                        module=module,
                        version=version,
                        actual=actual,
                        recorded=recorded,
                    ),
                )
            )
    return checked, problems
