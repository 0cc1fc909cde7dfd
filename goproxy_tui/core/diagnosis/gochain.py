"""Walk a GOPROXY list exactly as ``modfetch.TryProxies`` does, given what each entry answered.

Go tries the entries in order. An entry that answers ends the walk. After a 404/410 Go always moves
on; after any other error only behind ``|``; behind ``,`` the error is final. ``direct`` and ``off``
end the list. What probes add to Go's rules: an entry that never answers (dropped SYNs, a server that
accepts and stays silent) does not *fail* for Go, it *hangs* — cmd/go sets no client timeout — so a
timeout ends the walk as ``hang`` whatever the separator (DESIGN §3).

The same walk decides where checksum lookups go (``dbClient.initBase``): ``/sumdb/<name>/supported``
answering 200 means "use this proxy", 404/410 (or an error behind ``|``) means "next", anything else
means the database is unavailable; falling off the end, or reaching ``direct``/``off``, means Go
connects to the database directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.rules.goproxy import ProxyEntry

HANG_FAULTS = frozenset(
    {Fault.CONNECT_TIMEOUT, Fault.READ_TIMEOUT, Fault.TLS_HANDSHAKE_TIMEOUT, Fault.WRITE_TIMEOUT}
)
NOT_FOUND_FAULTS = frozenset({Fault.HTTP_404, Fault.HTTP_410})

Ending = Literal["served", "hang", "error", "not-found", "direct", "off", "empty"]


@dataclass(frozen=True)
class Step:
    """One entry Go reaches: what it answered and what Go does next."""

    index: int
    entry: ProxyEntry
    fault: Fault | None  # None for direct/off (not probed)
    action: Literal["served", "next", "stop", "hang", "direct", "off"]


@dataclass(frozen=True)
class Walk:
    steps: tuple[Step, ...]
    ending: Ending
    deciding: int | None = None  # index of the entry that decided the ending

    @property
    def reached(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.steps)


def walk(entries: Sequence[ProxyEntry], faults: Sequence[Fault | None]) -> Walk:
    """``faults[i]`` is what entry ``i`` answered (``Fault.OK`` = it serves the request)."""
    steps: list[Step] = []
    best: tuple[int, int] | None = None  # (rank, index): Go reports proxy errors over not-found
    for i, entry in enumerate(entries):
        if entry.kind == "off":
            steps.append(Step(i, entry, None, "off"))
            return Walk(tuple(steps), "off", i)
        if entry.kind == "direct":
            steps.append(Step(i, entry, None, "direct"))
            return Walk(tuple(steps), "direct", i)
        fault = faults[i] if i < len(faults) else None
        if fault is Fault.OK:
            steps.append(Step(i, entry, fault, "served"))
            return Walk(tuple(steps), "served", i)
        if fault in HANG_FAULTS:
            steps.append(Step(i, entry, fault, "hang"))
            return Walk(tuple(steps), "hang", i)
        not_found = fault in NOT_FOUND_FAULTS
        rank = 0 if not_found else 1
        if best is None or rank >= best[0]:  # the last error of the highest rank is what Go reports
            best = (rank, i)
        if not_found or entry.fallback == "any-error":
            steps.append(Step(i, entry, fault, "next"))
            continue
        steps.append(Step(i, entry, fault, "stop"))
        return Walk(tuple(steps), "error", i)
    if best is None:
        return Walk(tuple(steps), "empty")
    return Walk(tuple(steps), "not-found" if best[0] == 0 else "error", best[1])


SumdbEnding = Literal["proxied", "direct", "unavailable", "hang"]


@dataclass(frozen=True)
class SumdbWalk:
    steps: tuple[Step, ...]
    ending: SumdbEnding
    deciding: int | None = None


def sumdb_walk(entries: Sequence[ProxyEntry], faults: Sequence[Fault | None]) -> SumdbWalk:
    """``faults[i]``: the answer of entry ``i`` to ``/sumdb/<name>/supported`` (OK = 200)."""
    steps: list[Step] = []
    best: tuple[int, int] | None = None
    for i, entry in enumerate(entries):
        if entry.kind in ("off", "direct"):
            steps.append(Step(i, entry, None, entry.kind))  # type: ignore[arg-type]
            return SumdbWalk(tuple(steps), "direct", i)
        fault = faults[i] if i < len(faults) else None
        if fault is Fault.OK:
            steps.append(Step(i, entry, fault, "served"))
            return SumdbWalk(tuple(steps), "proxied", i)
        if fault in HANG_FAULTS:
            steps.append(Step(i, entry, fault, "hang"))
            return SumdbWalk(tuple(steps), "hang", i)
        not_found = fault in NOT_FOUND_FAULTS
        if not not_found:
            best = (1, i)
        if not_found or entry.fallback == "any-error":
            steps.append(Step(i, entry, fault, "next"))
            continue
        steps.append(Step(i, entry, fault, "stop"))
        return SumdbWalk(tuple(steps), "unavailable", i)
    if best is not None:  # the last error ranks above "not found": Go reports it, no direct fallback
        return SumdbWalk(tuple(steps), "unavailable", best[1])
    return SumdbWalk(tuple(steps), "direct", None)
