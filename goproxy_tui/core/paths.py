"""Where gotui keeps its own files (config, journal): the platform's user config dir."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir("gotui", appauthor=False))
