"""The core must run without a screen: importing it may not pull in textual or rich."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import goproxy_tui.core


def test_core_imports_neither_textual_nor_rich() -> None:
    modules = [
        info.name for info in pkgutil.walk_packages(goproxy_tui.core.__path__, prefix="goproxy_tui.core.")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) >= 3
    assert result.stdout.strip() == "", f"core imported: {result.stdout.strip()}"
