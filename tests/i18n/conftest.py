"""Every i18n test starts and ends in English, whatever the developer's shell says (LANG=zh_CN.UTF-8)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from goproxy_tui.i18n import set_language


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield
    set_language("en")
