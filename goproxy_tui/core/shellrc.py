"""Point at where an OS environment variable is probably exported.

When ``GOPROXY`` is exported by the shell, ``go env -w GOPROXY=…`` writes the env file but changes
nothing: the OS value wins. Telling the user *which line of which file* sets it is what turns that
silent trap into a one-minute fix.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

_HOME_FILES = (
    ".bashrc",
    ".bash_profile",
    ".bash_login",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".config/fish/config.fish",
)
_SYSTEM_FILES = ("/etc/profile", "/etc/bash.bashrc", "/etc/zsh/zshenv", "/etc/environment")
_MAX_FILE_BYTES = 1_000_000
WINDOWS_HINT = Msg(
    "it is set in the user or system environment variables (System Properties → Environment Variables)"
)


@dataclass(frozen=True)
class ExportSite:
    """One line that sets the variable: file, 1-based line number and the (masked) line."""

    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def shell_files(home: Path) -> list[Path]:
    """The startup files a login or interactive shell reads, user's first."""
    files = [home / name for name in _HOME_FILES]
    files += sorted((home / ".config/fish/conf.d").glob("*.fish"))
    files += [Path(name) for name in _SYSTEM_FILES]
    files += sorted(Path("/etc/profile.d").glob("*.sh"))
    return files


def _pattern(name: str) -> re.Pattern[str]:
    key = re.escape(name)
    return re.compile(
        rf"^\s*(?:export\s+{key}\b|declare\s+-\w*x\w*\s+{key}\b|set\s+(?:-\w+\s+)*{key}\b"
        rf"|setenv\s+{key}\b|{key}=)"
    )


def find_export_sites(name: str, files: Iterable[Path]) -> list[ExportSite]:
    """Lines in ``files`` that assign or export ``name`` (bash, zsh, fish, csh, /etc/environment)."""
    pattern = _pattern(name)
    sites: list[ExportSite] = []
    for path in files:
        try:
            if not path.is_file() or path.stat().st_size > _MAX_FILE_BYTES:
                continue
            text = path.read_text(errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.match(line):
                sites.append(ExportSite(path, number, mask_secrets(line.strip())))
    return sites


def export_sites(name: str, environ: Mapping[str, str]) -> list[ExportSite]:
    """The shell startup lines that export ``name`` for this user (none found, or Windows: empty)."""
    if sys.platform == "win32":
        return []
    home = Path(environ.get("HOME") or Path.home())
    return find_export_sites(name, shell_files(home))


def where_is_it_set(name: str, environ: Mapping[str, str]) -> str:
    """One line saying where ``name`` is probably set, for a conflict message (a Msg: show it with ``tr``)."""
    if sys.platform == "win32":
        return WINDOWS_HINT
    home = Path(environ.get("HOME") or Path.home())
    sites = find_export_sites(name, shell_files(home))
    if not sites:
        return Msg(
            "no shell startup file sets it; it comes from whatever launched this terminal "
            "(check your IDE, systemd unit or CI settings), or run 'unset {name}'",
            name=name,
        )
    return Msg("set at {sites}", sites="; ".join(str(site) for site in sites[:3]))
