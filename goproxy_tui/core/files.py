"""gotui's own files: where they live, and how they are replaced without ever being half-written."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

import platformdirs

from goproxy_tui.i18n import Msg


def user_config_dir() -> Path:
    """The platform's per-user config directory for gotui (config.toml, journal.toml)."""
    return Path(platformdirs.user_config_dir("gotui", appauthor=False))


def atomic_write_bytes(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write via a temp file in the same directory and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Upper bounds for files gotui reads whole. Real ones are a few KB; the caps only stop a mistake (a
# config symlinked to /dev/zero, a log pasted as a profile) from filling the memory.
MAX_SMALL_FILE = 1 << 20  # config.toml, a team profile, Go's env file
MAX_JOURNAL_FILE = 64 << 20  # the journal keeps a copy of the env file per change


class FileTooLargeError(OSError):
    """A file beyond its cap; ``strerror`` says so in words (a :class:`~goproxy_tui.i18n.Msg`)."""

    def __init__(self, path: os.PathLike[str] | str, limit: int) -> None:
        super().__init__(errno.EFBIG, Msg("larger than {limit} (is it the right file?)", limit=_size(limit)), str(path))


def _size(n: int) -> str:
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n} bytes"


def read_capped(path: os.PathLike[str] | str, limit: int = MAX_SMALL_FILE) -> bytes:
    """The whole file, or ``FileTooLargeError`` past ``limit`` bytes (never reading more than that).

    Symlinks are followed. A directory raises ``IsADirectoryError``; a FIFO is opened without
    blocking, so a pipe with no writer reads as empty instead of hanging.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            try:
                chunk = handle.read(min(1 << 16, limit + 1 - size))
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise FileTooLargeError(path, limit)
    return b"".join(chunks)
