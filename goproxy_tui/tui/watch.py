"""Notice changes made outside gotui (``gotui undo`` or ``go env -w`` in another shell, an edited config).

The app stats the go env file and the config on a timer (a stat, never ``go``) and compares with the
stamp of what it last read. gotui's own writes and reloads must not be reported as outside changes,
so a difference counts only once it has been seen on two ticks in a row with nothing of gotui's own
(a reload, a write, a dialog) started in between; the app calls :meth:`OutsideChanges.hold` for those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from goproxy_tui.core.filestamp import FileStamp, stamp_of

WATCH_INTERVAL = 1.0  # seconds between two stats of the watched files


@dataclass
class _Watched:
    path: Path | None
    stamp: FileStamp | None
    pending: FileStamp | None = None
    pending_seen: bool = False


class OutsideChanges:
    """The watched files by kind (``"env"``, ``"config"``) and the stamp gotui last read of each."""

    def __init__(self) -> None:
        self._files: dict[str, _Watched] = {}

    def adopt(self, kind: str, path: Path | None, stamp: FileStamp | None = None, *, read: bool = False) -> None:
        """gotui has read ``path`` (its ``stamp`` then, or now when ``read``): changes count from here."""
        self._files[kind] = _Watched(path, stamp_of(path) if read else stamp)

    def hold(self) -> None:
        """gotui itself is reading or writing: forget half-seen differences (they may be its own)."""
        for watched in self._files.values():
            watched.pending, watched.pending_seen = None, False

    def tick(self) -> list[str]:
        """The kinds whose file changed outside gotui (seen on two ticks in a row); stats only."""
        changed = []
        for kind, watched in self._files.items():
            now = stamp_of(watched.path)
            if now == watched.stamp:
                watched.pending, watched.pending_seen = None, False
            elif watched.pending_seen and now == watched.pending:
                watched.stamp, watched.pending, watched.pending_seen = now, None, False
                changed.append(kind)
            else:
                watched.pending, watched.pending_seen = now, True
        return changed


__all__ = ["WATCH_INTERVAL", "OutsideChanges"]
