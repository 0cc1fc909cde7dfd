"""The change journal: every write gotui makes to Go's env file is recorded first, so it can be undone.

Each entry keeps the env file's exact bytes from *before* the write, which is what lets ``gotui undo``
restore it byte for byte (``go env -u`` alone cannot: Go re-sorts lines and leaves an empty file).
An entry is written as ``pending`` before the write and completed after it, so a crash in between
still leaves enough to restore. The journal file itself is replaced atomically (temp file + rename)
under an exclusive lock, so two gotui processes never interleave their updates. A second lock
(:meth:`Journal.writing`) is held across a whole "record, ``go env -w``, complete" cycle, because Go
itself does not lock the env file: two concurrent writes would otherwise lose one of the updates.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import errno
import hashlib
import os
import stat
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from goproxy_tui.core.files import (
    MAX_JOURNAL_FILE,
    FileTooLargeError,
    atomic_write_bytes,
    read_capped,
    user_config_dir,
)
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

if TYPE_CHECKING:
    import tomlkit.items  # imported where used: the TUI's first paint reads no journal


@dataclass(frozen=True)
class KeyChange:
    """One variable's change: ``new`` is ``None`` for ``go env -u``."""

    name: str
    old: str | None
    new: str | None


@dataclass
class JournalEntry:
    id: int
    time: str
    action: str
    summary: str
    envfile: str
    existed: bool
    before: bytes
    changes: list[KeyChange] = field(default_factory=list)
    after_sha256: str | None = None  # None while the write is in flight
    undone: bool = False

    @property
    def pending(self) -> bool:
        return self.after_sha256 is None


class JournalError(Exception):
    """The journal cannot be read or written; carries a hint (both shown with ``tr``)."""

    exit_code = 1

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def default_journal_path() -> Path:
    override = os.environ.get("GOTUI_JOURNAL")
    return Path(override) if override else user_config_dir() / "journal.toml"


WRITE_LOCK_TIMEOUT = 30.0  # seconds to wait for another gotui's write (a `go env -w` takes ~20 ms)


def _open_lock(lock_path: Path) -> IO[bytes]:
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        return open(lock_path, "a+b")
    except OSError as exc:
        raise JournalError(
            Msg(
                "cannot use journal lock {path}: {error}", path=str(lock_path), error=exc.strerror or str(exc)
            ),
            Msg("make the gotui config directory writable, or set GOTUI_JOURNAL"),
        ) from exc


def _lock(handle: IO[bytes], *, blocking: bool) -> bool:
    """Take the exclusive lock; without ``blocking``, False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
        except OSError:
            if blocking:
                raise
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if blocking else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with _open_lock(lock_path) as handle:
        _lock(handle, blocking=True)
        try:
            yield
        finally:
            _unlock(handle)


def _busy(lock_path: Path) -> JournalError:
    return JournalError(
        Msg(
            "another gotui has been changing the Go environment for {seconds:g} s", seconds=WRITE_LOCK_TIMEOUT
        ),
        Msg("wait for it to finish and try again (lock: {path})", path=str(lock_path)),
    )


def _encode(entry: JournalEntry) -> tomlkit.items.Table:
    import tomlkit

    table = tomlkit.table()
    table["id"] = entry.id
    table["time"] = entry.time
    table["action"] = entry.action
    table["summary"] = entry.summary
    table["envfile"] = entry.envfile
    table["existed"] = entry.existed
    try:
        table["before"] = entry.before.decode("utf-8")
    except UnicodeDecodeError:
        table["before_b64"] = base64.b64encode(entry.before).decode("ascii")
    if entry.after_sha256 is not None:
        table["after_sha256"] = entry.after_sha256
    table["undone"] = entry.undone
    changes = tomlkit.aot()
    for change in entry.changes:
        item = tomlkit.table()
        item["name"] = change.name
        if change.old is not None:
            item["old"] = change.old
        if change.new is not None:
            item["new"] = change.new
        changes.append(item)
    table["changes"] = changes
    return table


def _field(raw: dict[str, Any], key: str, kind: type, default: Any = None) -> Any:
    """``raw[key]`` if it has the type gotui writes; anything else means the file was not written by us."""
    value = raw.get(key, default)
    if value is None and default is None:
        raise ValueError(Msg("missing {key}", key=key))
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(Msg("{key} is not a {kind}", key=key, kind=kind.__name__))
    return value


def _optional_str(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(Msg("{key} is not a string", key=key))
    return value


def _decode(raw: object) -> JournalEntry:
    if not isinstance(raw, dict):
        raise ValueError(Msg("a change is not a table"))
    before = (
        base64.b64decode(_field(raw, "before_b64", str), validate=True)
        if "before_b64" in raw
        else _field(raw, "before", str, "").encode()
    )
    changes = _field(raw, "changes", list, [])
    if not all(isinstance(c, dict) for c in changes):
        raise ValueError(Msg("a key change is not a table"))
    return JournalEntry(
        id=_field(raw, "id", int),
        time=str(_field(raw, "time", object)),  # a TOML date-time if edited by hand: still shown
        action=_field(raw, "action", str),
        summary=_field(raw, "summary", str),
        envfile=_field(raw, "envfile", str),
        existed=_field(raw, "existed", bool),
        before=before,
        changes=[
            KeyChange(_field(c, "name", str), _optional_str(c, "old"), _optional_str(c, "new")) for c in changes
        ],
        after_sha256=_optional_str(raw, "after_sha256"),
        undone=_field(raw, "undone", bool, False),
    )


class Journal:
    """Read and update the journal file; every mutation is locked and atomic."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_journal_path()
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._write_lock_path = self.path.with_name(self.path.name + ".write.lock")

    def _read(self) -> list[JournalEntry]:
        try:
            data = read_capped(self.path, MAX_JOURNAL_FILE)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise JournalError(
                Msg("cannot read journal {path}: {error}", path=str(self.path), error=exc.strerror or str(exc)),
                Msg("point GOTUI_JOURNAL at gotui's journal, or move this file aside")
                if isinstance(exc, FileTooLargeError) else Msg("check its permissions"),
            ) from exc
        import tomlkit

        try:
            document = tomlkit.parse(data.decode("utf-8")).unwrap()
            entries = [_decode(raw) for raw in _field(document, "change", list, [])]
            if len({e.id for e in entries}) != len(entries):
                raise ValueError(Msg("duplicate change ids"))
            return entries
        except Exception as exc:  # any malformed content (not UTF-8, not TOML, wrong shape): refuse, never overwrite
            reason: str = mask_secrets((str(exc).splitlines() or [""])[0][:100] or type(exc).__name__)
            if isinstance(exc, UnicodeDecodeError):
                reason = Msg("not UTF-8 text")
            elif isinstance(exc, ValueError) and len(exc.args) == 1 and isinstance(exc.args[0], Msg):
                reason = exc.args[0]  # gotui's own words about the file's shape (key names only, no secrets)
            raise JournalError(
                Msg("journal {path} is unreadable ({reason})", path=str(self.path), reason=reason),
                Msg("move it aside to start a new journal; gotui will not overwrite it"),
            ) from exc

    def _write(self, entries: list[JournalEntry]) -> None:
        import tomlkit

        document = tomlkit.document()
        document.add(
            tomlkit.comment("gotui change journal: the env file before each change (for 'gotui undo')")
        )
        changes = tomlkit.aot()
        for entry in entries:
            changes.append(_encode(entry))
        document["change"] = changes
        try:
            atomic_write_bytes(self.path, tomlkit.dumps(document).encode("utf-8"))
        except OSError as exc:
            raise JournalError(
                Msg("cannot write journal {path}: {error}", path=str(self.path), error=str(exc.strerror)),
                Msg("make the gotui config directory writable, or set GOTUI_JOURNAL"),
            ) from exc

    @contextlib.contextmanager
    def _edit(self) -> Iterator[list[JournalEntry]]:
        with _locked(self._lock_path):
            entries = self._read()
            yield entries
            self._write(entries)

    @contextlib.asynccontextmanager
    async def writing(self, timeout: float = WRITE_LOCK_TIMEOUT) -> AsyncIterator[None]:
        """Hold the write lock for a whole change (record, ``go env -w``, complete) without blocking the
        event loop while another gotui holds it."""
        with _open_lock(self._write_lock_path) as handle:
            deadline = time.monotonic() + timeout
            while not _lock(handle, blocking=False):
                if time.monotonic() > deadline:
                    raise _busy(self._write_lock_path)
                await asyncio.sleep(0.02)
            try:
                yield
            finally:
                _unlock(handle)

    @contextlib.contextmanager
    def writing_sync(self, timeout: float = WRITE_LOCK_TIMEOUT) -> Iterator[None]:
        """:meth:`writing` for synchronous callers (``undo``)."""
        with _open_lock(self._write_lock_path) as handle:
            deadline = time.monotonic() + timeout
            while not _lock(handle, blocking=False):
                if time.monotonic() > deadline:
                    raise _busy(self._write_lock_path)
                time.sleep(0.02)
            try:
                yield
            finally:
                _unlock(handle)

    def entries(self) -> list[JournalEntry]:
        with _locked(self._lock_path):
            return self._read()

    def begin(self, *, action: str, summary: str, envfile: Path, changes: list[KeyChange]) -> JournalEntry:
        """Record the env file as it is now, before a write (the entry stays pending until ``complete``)."""
        current = read_bytes_or_none(envfile)
        before, existed = (b"", False) if current is None else (current, True)
        with self._edit() as entries:
            entry = JournalEntry(
                id=max((e.id for e in entries), default=0) + 1,
                time=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                action=action,
                summary=mask_secrets(summary),  # shown by history; undo needs only `before`
                envfile=str(envfile),
                existed=existed,
                before=before,
                changes=changes,
            )
            entries.append(entry)
        return entry

    def complete(self, entry_id: int, after: bytes) -> None:
        with self._edit() as entries:
            for entry in entries:
                if entry.id == entry_id:
                    entry.after_sha256 = sha256(after)

    def discard(self, entry_id: int) -> None:
        with self._edit() as entries:
            entries[:] = [e for e in entries if e.id != entry_id]

    def mark_undone(self, entry_id: int) -> None:
        with self._edit() as entries:
            for entry in entries:
                if entry.id == entry_id:
                    entry.undone = True

    def last_undoable(self) -> JournalEntry | None:
        for entry in reversed(self.entries()):
            if not entry.undone:
                return entry
        return None


class EnvFileError(GoError):
    """Go's env file (``go env GOENV``) cannot be used: bad input from the user's set-up (exit 2)."""

    exit_code = 2


def read_bytes_or_none(path: Path) -> bytes | None:
    """Go's env file, ``None`` when it does not exist; :class:`EnvFileError` when it cannot be read."""
    try:
        return read_capped(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise EnvFileError(
            Msg("GOENV={path} is a directory; Go keeps its settings in a file there", path=str(path)),
            Msg("point GOENV at a file (e.g. unset GOENV for the default {default})", default="$HOME/.config/go/env"),
        ) from None
    except OSError as exc:
        raise EnvFileError(
            Msg("cannot read Go's env file {path}: {error}", path=str(path), error=exc.strerror or str(exc)),
            Msg("check the file and its permissions, or point GOENV at another file"),
        ) from None


def restore_envfile(entry: JournalEntry) -> None:
    """Put the env file back exactly as it was before ``entry`` (remove it if it did not exist).

    Go writes through a symlinked env file (``os.WriteFile`` follows links), so the restore goes to
    the link's target too and the link stays a link. A target the user made read-only is refused
    (``PermissionError``) rather than replaced, as Go itself would fail to write it.
    """
    path = Path(os.path.realpath(entry.envfile))
    # the owner's write bit too: root may write anything, but a file made read-only was made so on purpose
    if entry.existed and path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    if entry.existed:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        atomic_write_bytes(path, entry.before, mode=mode)
    else:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            path.unlink()
