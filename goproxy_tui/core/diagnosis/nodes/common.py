"""Small helpers shared by the node evaluators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

Evaluator = Callable[[DiagnosisContext, Node], Awaitable[Verdict]]


def shown(text: str) -> str:
    """A URL or value as it may be displayed (credentials masked)."""
    return mask_secrets(text)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def labelled(label: str, text: str) -> Msg:
    """``label: text`` that stays translatable (the colon is full-width in Chinese)."""
    return Msg("{label}: {text}", label=label, text=text)
