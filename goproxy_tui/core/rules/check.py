"""The result every validator returns: one error (Go's rule that failed) or none, plus warnings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    """Outcome of validating one value.

    ``error`` is a one-line statement of the rule that failed (``None`` when the value is valid);
    ``hint`` says what to type instead; ``warnings`` are accepted-but-risky findings such as
    settings that lower security or a fallback that won't help on timeouts.

    Messages are :class:`~goproxy_tui.i18n.Msg`: the English text (as Go words it, where it mirrors
    Go) for JSON and comparisons; show them with ``tr()`` to get the user's language.
    """

    error: str | None = None
    hint: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def fail(cls, error: str, hint: str | None = None) -> Check:
        return cls(error=error, hint=hint)
