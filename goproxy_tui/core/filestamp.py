"""A cheap fingerprint of a file (device, inode, mtime, size) to notice changes made outside gotui.

``go env -w`` and gotui's own writes replace files by rename (new inode) or rewrite them in place
(new mtime/size); a stat sees both without reading the file or running ``go``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileStamp:
    device: int
    inode: int
    mtime_ns: int
    size: int


def stamp_of(path: Path | None) -> FileStamp | None:
    """The file's stamp, or ``None`` when there is no file (missing, unreadable or no path at all)."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return FileStamp(st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


__all__ = ["FileStamp", "stamp_of"]
