"""Helpers shared by the probe tests (a module, not conftest, so tests can import them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tcp import ResolveError


def make_resolver(table: dict[str, Sequence[str]]) -> Callable[[str], Awaitable[Sequence[str]]]:
    """A resolver answering from ``table`` and NXDOMAIN otherwise (what the DNS probe would plug in)."""

    async def resolve(host: str) -> Sequence[str]:
        if host not in table:
            raise ResolveError(Fault.DNS_FAILURE, f"{host}: NXDOMAIN")
        return list(table[host])

    return resolve


def assert_within(elapsed: float, limit: float) -> None:
    """A timeout must fire on time: not before 90 % of it, not after 110 %."""
    assert limit * 0.9 <= elapsed <= limit * 1.1, f"took {elapsed:.3f} s for a {limit} s limit"
