"""Rolling per-mirror health: what the live table shows and what switching decides on.

A single probe says little (one slow answer, one dropped SYN); a window of recent samples gives the
median latency, the success rate, a latency history for the sparkline and the streak of consecutive
failures that triggers auto-failover. :class:`HealthBook` is plain mutable state owned by whoever
receives probe results (the TUI's message handler, the headless ``gotui mirrors`` loop); decisions
are taken on frozen :class:`MirrorStats` snapshots, so a worker never reads state that is changing.

Status of a row:

* ``pending``: no result yet;
* ``failing``: the latest probe failed (its fault class is shown);
* ``warning``: the latest probe worked, but the mirror does not proxy sum.golang.org (or that is
  unknown), or some of the last :data:`RECENT` probes failed (flaky);
* ``ok``: otherwise.

:func:`probe_all` streams one round through ``core/probes/runner.stream_round`` (catalog mirrors are
passed through as they are, so results come back with the :class:`Mirror` they belong to).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import ssl
import statistics
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.results import GoproxyProbeResult, PhaseTimings, ProbeTimeouts
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

Status = Literal["pending", "ok", "warning", "failing"]

WINDOW = 20
"""Samples kept per mirror (median, success rate, sparkline)."""
RECENT = 5
"""A failure among the last RECENT samples makes a working mirror ``warning`` (flaky)."""
FAILOVER_AFTER = 3
"""Consecutive failed probes of the active mirror before auto-failover switches away."""


@dataclass(frozen=True)
class Sample:
    """One probe of one mirror, reduced to what the table and the switch logic need."""

    fault: Fault
    timings: PhaseTimings = field(default_factory=PhaseTimings)
    sumdb: bool | None = None
    explanation: str = ""
    auth: str | None = None  # "authenticated via .netrc (host)": the method and host, never the secret

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK

    @property
    def latency_ms(self) -> float | None:
        """Time to the first byte of the first request (fresh connection: DNS + TCP + TLS + wait)."""
        return self.timings.ttfb_ms if self.ok else None

    @classmethod
    def from_result(cls, result: GoproxyProbeResult) -> Sample:
        return cls(result.fault, result.timings, result.sumdb, result.explanation, result.auth)


@dataclass(frozen=True)
class MirrorStats:
    """A frozen summary of one mirror's recent health (safe to hand to a worker or print)."""

    name: str
    status: Status
    fault: Fault | None  # the latest probe's fault class, None while pending
    median_ms: float | None  # median latency of the successful samples in the window
    success_rate: float | None  # 0..1 over the window, None while pending
    samples: int  # in the window
    consecutive_failures: int
    streak_start: int  # probe number where the current failure streak began (0: no streak)
    sumdb: bool | None  # latest known answer to /sumdb/sum.golang.org/supported
    history: tuple[float | None, ...]  # latency per sample, oldest first; None = failed
    last: Sample | None
    label: str = "pending"  # what the status cell says: ok, flaky, no-sumdb, sumdb-unknown, a fault class
    reason: str = ""  # why warning / failing, one line

    @property
    def healthy(self) -> bool:
        """Usable right now: the latest probe succeeded."""
        return self.status in ("ok", "warning")

    def to_json(self) -> dict[str, Any]:
        timings = self.last.timings if self.last else PhaseTimings()
        return {
            "status": "failing" if self.status == "pending" else self.status,
            "fault": self.fault.value if self.fault else None,
            "label": self.label,
            "reason": self.reason,
            "latency_ms": _round(self.median_ms),
            "dns_ms": _round(timings.dns_ms),
            "tcp_ms": _round(timings.tcp_ms),
            "tls_ms": _round(timings.tls_ms),
            "ttfb_ms": _round(timings.ttfb_ms),
            "sumdb": self.sumdb,
            "success_rate": None if self.success_rate is None else round(self.success_rate, 3),
            "samples": self.samples,
            "consecutive_failures": self.consecutive_failures,
            "history_ms": [_round(v) for v in self.history],
            "explanation": mask_secrets(self.last.explanation) if self.last else "",
            "auth": self.last.auth if self.last else None,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


class MirrorHealth:
    """The sample window of one mirror."""

    def __init__(self, name: str, window: int = WINDOW) -> None:
        self.name = name
        self.samples: deque[Sample] = deque(maxlen=window)
        self.probes = 0  # ever recorded
        self.consecutive_failures = 0
        self.streak_start = 0
        self._sumdb: bool | None = None

    def record(self, sample: Sample) -> None:
        self.probes += 1
        self.samples.append(sample)
        if sample.ok:
            self.consecutive_failures = 0
            self.streak_start = 0
            if sample.sumdb is not None:
                self._sumdb = sample.sumdb
        else:
            if self.consecutive_failures == 0:
                self.streak_start = self.probes
            self.consecutive_failures += 1

    def stats(self) -> MirrorStats:
        samples = list(self.samples)
        last = samples[-1] if samples else None
        latencies = [s.latency_ms for s in samples if s.latency_ms is not None]
        status, label, reason = self._status(samples, last)
        return MirrorStats(
            name=self.name,
            status=status,
            fault=last.fault if last else None,
            median_ms=statistics.median(latencies) if latencies else None,
            success_rate=sum(s.ok for s in samples) / len(samples) if samples else None,
            samples=len(samples),
            consecutive_failures=self.consecutive_failures,
            streak_start=self.streak_start,
            sumdb=self._sumdb,
            history=tuple(s.latency_ms for s in samples),
            last=last,
            label=label,
            reason=reason,
        )

    def _status(self, samples: list[Sample], last: Sample | None) -> tuple[Status, str, str]:
        if last is None:
            return "pending", "pending", Msg("not probed yet")
        if not last.ok:
            streak = self.consecutive_failures
            fault, why = last.fault.value, last.fault.explanation
            if last.fault in (Fault.AUTH_REQUIRED, Fault.AUTH_DENIED) and last.explanation:
                why = last.explanation  # what was sent and the netrc line to add: the remedy itself
            if streak > 1:
                reason = Msg("{fault} ({count} probes in a row): {explanation}", fault=fault, count=streak, explanation=why)
            else:
                reason = Msg("{fault}: {explanation}", fault=fault, explanation=why)
            return "failing", fault, reason
        recent = samples[-RECENT:]
        failed = sum(not s.ok for s in recent)
        if failed:
            return "warning", "flaky", Msg(
                "flaky: {failed} of the last {count} probes failed", failed=failed, count=len(recent)
            )
        if self._sumdb is False:
            return "warning", "no-sumdb", Msg(
                "does not proxy sum.golang.org: Go asks sum.golang.org directly for checksums"
            )
        if self._sumdb is None:
            return "warning", "sumdb-unknown", Msg(
                "no clear answer to /sumdb/sum.golang.org/supported: checksum lookups may fail"
            )
        return "ok", "ok", ""


class HealthBook:
    """Health of every mirror, by name. Owned by one receiver of probe results; not thread-safe."""

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self._mirrors: dict[str, MirrorHealth] = {}

    def health(self, name: str) -> MirrorHealth:
        found = self._mirrors.get(name)
        if found is None:
            found = self._mirrors[name] = MirrorHealth(name, self.window)
        return found

    def record(self, name: str, result: GoproxyProbeResult | Sample) -> MirrorStats:
        sample = result if isinstance(result, Sample) else Sample.from_result(result)
        health = self.health(name)
        health.record(sample)
        return health.stats()

    def stats(self, name: str) -> MirrorStats:
        return self.health(name).stats()

    def snapshot(self, names: Iterable[str] | None = None) -> dict[str, MirrorStats]:
        """Frozen stats for ``names`` (default: every mirror seen)."""
        wanted = list(self._mirrors) if names is None else list(names)
        return {name: self.stats(name) for name in wanted}

    def forget(self, keep: Iterable[str]) -> None:
        """Drop mirrors no longer in the catalog."""
        kept = set(keep)
        for name in [n for n in self._mirrors if n not in kept]:
            del self._mirrors[name]


# --------------------------------------------------------------------------------------------------
# Probing a list of mirrors (on top of core/probes/runner.py)

ProbeOne = Callable[[Mirror], Awaitable[GoproxyProbeResult]]
"""Probe one mirror; never raises. The TUI and the CLI take one of these so tests can inject results."""


_LAZY_MODULES = (
    "goproxy_tui.core.probes.http",
    "anyio._backends._asyncio",
    "anyio.streams.tls",
    "anyio.to_thread",
)
"""The probe with httpx (not loaded for the first paint, ~150 ms) and what httpx's stack imports on its
first connection (~30 ms). Imported in a thread beforehand, so the event loop never stalls on them and
the first mirror probed is not measured slower than the others (that would bias ``--best``)."""


def _warm_up() -> None:
    for name in _LAZY_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def default_prober(module: str, timeout: float, environ: Mapping[str, str] | None = None) -> ProbeOne:
    """The real probe: the GOPROXY protocol for ``module``, ``timeout`` seconds per phase.

    Before the first probe, a thread reads the trust store and imports what the first connection
    would, so the event loop never stalls and the first probe's timings are not inflated.
    """
    timeouts = ProbeTimeouts.uniform(timeout)
    context: list[ssl.SSLContext] = []
    ready = asyncio.Lock()

    async def probe(mirror: Mirror) -> GoproxyProbeResult:
        async with ready:
            if not context:
                await asyncio.to_thread(_warm_up)
                from goproxy_tui.core.probes.trust import load_trust_store  # loaded by _warm_up too

                context.append((await load_trust_store(None, environ))[0])
        from goproxy_tui.core.probes.http import probe_goproxy  # loaded by _warm_up, off the loop

        return await probe_goproxy(
            mirror.url, module=module, timeouts=timeouts, environ=environ, ssl_context=context[0]
        )

    return probe


def round_deadline(timeout: float) -> float:
    """A whole round may take one probe's total limit (4 phases) plus a margin."""
    return ProbeTimeouts.uniform(timeout).total + 1.0


def missing_result(mirror: Mirror, reason: str) -> GoproxyProbeResult:
    """The row for a probe that raised or outlived the round deadline."""
    shown = mirror.display_url
    fault = Fault.READ_TIMEOUT
    explanation = Msg("{url}: {reason}. {explanation}", url=shown, reason=reason, explanation=fault.explanation)
    return GoproxyProbeResult(shown, "", fault, explanation, error=reason)


async def probe_all(
    mirrors: Sequence[Mirror], probe: ProbeOne, *, deadline: float, concurrency: int = 16
) -> AsyncIterator[tuple[Mirror, GoproxyProbeResult]]:
    """One round: every mirror concurrently, results in arrival order, all within ``deadline`` s."""
    from goproxy_tui.core.probes.runner import stream_round

    async for item in stream_round(
        mirrors,  # type: ignore[arg-type]  # the runner only carries the objects through
        probe,  # type: ignore[arg-type]
        deadline=deadline,
        on_missing=missing_result,  # type: ignore[arg-type]
        concurrency=concurrency,
    ):
        yield item.mirror, item.result  # type: ignore[misc]


async def probe_rounds(
    mirrors: Sequence[Mirror],
    probe: ProbeOne,
    *,
    rounds: int = 1,
    deadline: float,
    book: HealthBook | None = None,
) -> HealthBook:
    """``rounds`` full rounds, one after the other, recorded into ``book`` (what ``gotui mirrors`` runs)."""
    book = book or HealthBook()
    for mirror in mirrors:
        book.health(mirror.name)
    for _ in range(max(1, rounds)):
        async for mirror, result in probe_all(mirrors, probe, deadline=deadline):
            book.record(mirror.name, result)
    return book
