"""Warnings for the OS-only variables of the Environment pane, and the look-alike names Go ignores.

Kept apart from :mod:`goproxy_tui.core.goenv` (which attributes values and sources): these checks read
files (CA bundles, the netrc file) and the whole environment.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping

from goproxy_tui.core.auth import netrc_path
from goproxy_tui.core.probes.trust import ca_setting_problems
from goproxy_tui.core.rules.envcheck import lookalikes, os_var_warnings
from goproxy_tui.i18n import Msg


def netrc_warnings(environ: Mapping[str, str]) -> list[str]:
    """A NETRC naming nothing, and a netrc file other users can read (it holds passwords)."""
    out: list[str] = []
    path = netrc_path(environ)
    named = environ.get("NETRC", "")
    if path is None:
        return out
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if named:
            out.append(Msg("NETRC={path}: this file does not exist, so Go sends no netrc credentials",
                           path=named))
        return out
    except OSError as exc:
        out.append(Msg("cannot read {path}: {error}", path=str(path), error=exc.strerror or str(exc)))
        return out
    if stat.S_ISDIR(mode):
        out.append(Msg("{path} is a directory, not a netrc file: Go sends no netrc credentials", path=str(path)))
    elif mode & 0o077:
        out.append(Msg("{path} holds passwords and other users can read it (mode {mode}): run chmod 600 {path}",
                       path=str(path), mode=f"{stat.S_IMODE(mode):04o}"))
    return out


def os_only_warnings(name: str, value: str, environ: Mapping[str, str]) -> list[str]:
    """Warnings for one variable Go reads from the OS environment only."""
    if name in ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        problem = ca_setting_problems(environ).get(name)
        return [problem] if problem and value else []
    if name == "NETRC":
        return netrc_warnings(environ)
    return os_var_warnings(name, value)


def lookalike_names(
    environ: Mapping[str, str], file_values: Mapping[str, str]
) -> list[tuple[str, str, str, str]]:
    """(name, value, source, warning) of every set variable that looks like a Go setting but is not one."""
    found = [(name, environ[name], "os", warning) for name, warning in lookalikes(environ).items()]
    seen = {name for name, *_ in found}
    found += [(name, file_values[name], "file", warning) for name, warning in lookalikes(file_values).items()
              if name not in seen]
    return found


__all__ = ["lookalike_names", "netrc_warnings", "os_only_warnings"]
