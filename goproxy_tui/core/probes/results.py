"""What a GOPROXY probe returns, without the probe: these types cost no httpx import.

The TUI holds probe results and timeouts from its first paint on, long before any probe runs;
keeping them apart from :mod:`~goproxy_tui.core.probes.http` lets the app start without loading
httpx (about 170 modules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.i18n import Joined, Msg

if TYPE_CHECKING:  # the probe modules: the TUI's first paint holds results' types, not the probes
    import httpx

    from goproxy_tui.core.probes.netproxy import Route
    from goproxy_tui.core.probes.tls import TlsResult


@dataclass(frozen=True)
class ProbeTimeouts:
    """Separate limits (seconds): connect covers DNS, TCP and TLS each; ``total`` bounds the whole probe."""

    connect: float = 5.0
    read: float = 5.0
    write: float = 5.0
    pool: float = 5.0
    total: float = 20.0

    @classmethod
    def uniform(cls, seconds: float, total: float | None = None) -> ProbeTimeouts:
        return cls(seconds, seconds, seconds, seconds, total if total is not None else seconds * 4)

    def httpx(self) -> httpx.Timeout:
        import httpx  # here: the first paint must not load httpx just to hold a timeout

        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


DEFAULT_TIMEOUTS = ProbeTimeouts()


@dataclass(frozen=True)
class PhaseTimings:
    """Milliseconds; ``None``: the phase did not run (an IP needs no DNS, a reused connection no TCP).

    ``ttfb_ms`` is cumulative like curl's ``time_starttransfer``: from the first network action (the DNS
    lookup, else the TCP connect, else sending the request) to the response headers, so Python's own
    request building is not billed to the mirror. ``wait_ms`` is the server's share (request sent →
    headers); ``total_ms`` spans the whole request including the body."""

    dns_ms: float | None = None
    tcp_ms: float | None = None
    tls_ms: float | None = None
    ttfb_ms: float | None = None
    wait_ms: float | None = None
    total_ms: float | None = None

    def describe(self) -> str:
        """``DNS 1.2 ms, TCP 3.4 ms, …, total 9 ms``: English as a string, translatable with ``tr()``."""
        from goproxy_tui.core.probes.tcp import fmt_ms

        parts: list[str] = [
            f"{label} {fmt_ms(value)}"
            for label, value in (
                ("DNS", self.dns_ms),
                ("TCP", self.tcp_ms),
                ("TLS", self.tls_ms),
                ("TTFB", self.ttfb_ms),
            )
            if value is not None
        ]
        if self.total_ms is not None:
            parts.append(Msg("total {time}", time=fmt_ms(self.total_ms)))
        return Joined(", ", parts)


@dataclass(frozen=True)
class StepResult:
    """One request of the probe."""

    name: str
    url: str
    fault: Fault
    status: int | None = None
    timings: PhaseTimings = field(default_factory=PhaseTimings)
    size: int = 0
    detail: str = ""
    address: str | None = None


@dataclass(frozen=True)
class GoproxyProbeResult:
    """Everything one mirror probe found; ``fault`` and ``explanation`` are what people see first."""

    base_url: str
    module: str
    fault: Fault
    explanation: str
    host: str = ""
    port: int = 0
    route: Route | None = None
    timings: PhaseTimings = field(default_factory=PhaseTimings)
    status_code: int | None = None
    steps: tuple[StepResult, ...] = ()
    versions: tuple[str, ...] = ()
    latest: str | None = None
    sumdb: bool | None = None
    toolchain: bool | None = None
    throughput_bps: float | None = None
    tls: TlsResult | None = None
    error: str | None = None
    auth: str | None = None  # "authenticated via .netrc (host)" when Go's credentials were sent

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK

    @property
    def status(self) -> str:
        """``failing`` on a fault; ``warning`` when working but sum.golang.org is not proxied; else ``ok``."""
        if self.fault is not Fault.OK:
            return "failing"
        return "ok" if self.sumdb else "warning"

    @property
    def latency_ms(self) -> float | None:
        return self.timings.ttfb_ms

    def to_json(self) -> dict[str, Any]:
        """The per-mirror fields of the ``mirrors`` JSON contract (DESIGN §2) this probe can fill."""
        t = self.timings
        return {
            "url": self.base_url,
            "status": self.status,
            "fault": self.fault.value,
            "latency_ms": t.ttfb_ms,
            "dns_ms": t.dns_ms,
            "tcp_ms": t.tcp_ms,
            "tls_ms": t.tls_ms,
            "ttfb_ms": t.ttfb_ms,
            "sumdb": self.sumdb,
            "route": self.route.describe() if self.route else None,
            "explanation": self.explanation,
            "auth": self.auth,
        }
