"""TCP connect probe: resolve, then time a connect to every address, telling refused / timeout / unreachable.

The resolver is injectable (``resolve``) so the DNS probe can be plugged in; the default is
``loop.getaddrinfo``. Every phase is bounded by its timeout, so a dropped SYN costs at most ``timeout``.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.i18n import Joined, Msg, message_of

Resolve = Callable[[str], Awaitable[Sequence[str]]]
"""An async resolver: host name → IP address strings; raises :class:`ResolveError` (or OSError)."""

_UNREACHABLE_ERRNOS = {
    errno.ENETUNREACH,
    errno.EHOSTUNREACH,
    errno.ENETDOWN,
    errno.EHOSTDOWN,
    errno.EADDRNOTAVAIL,
}


class ResolveError(Exception):
    """A resolver failure already classified (``dns-failure``, ``dns-timeout``, ``dns-poisoned``)."""

    def __init__(self, fault: Fault, message: str) -> None:
        super().__init__(message)
        self.fault = fault


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:g} s"


def host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    return True


def os_reason(exc: BaseException) -> str:
    """The OS's words for an error ("Connection refused"), not asyncio's wrapper text."""
    number = getattr(exc, "errno", None)
    if isinstance(number, int) and number > 0:
        return os.strerror(number)
    if isinstance(exc, OSError) and exc.strerror:  # e.g. socket.gaierror: "Name or service not known"
        return exc.strerror
    text = str(exc)
    if not text:
        return type(exc).__name__
    message = message_of(exc)  # still translatable when raised with a Msg
    return message if message == text else text


def classify_os_error(exc: BaseException) -> Fault:
    """A connect-time OS error → fault (refused, timeout, unreachable; anything else: reset)."""
    if isinstance(exc, ResolveError):
        return exc.fault
    if isinstance(exc, socket.gaierror):
        return Fault.DNS_FAILURE
    if isinstance(exc, ConnectionRefusedError):
        return Fault.CONNECT_REFUSED
    if isinstance(exc, (TimeoutError, asyncio.TimeoutError)):
        return Fault.CONNECT_TIMEOUT
    if isinstance(exc, ConnectionError):
        return Fault.RESET
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE_ERRNOS:
        return Fault.CONNECT_UNREACHABLE
    if isinstance(exc, OSError) and exc.errno == errno.ETIMEDOUT:
        return Fault.CONNECT_TIMEOUT
    return Fault.CONNECT_UNREACHABLE


async def system_resolve(host: str) -> list[str]:
    """The platform resolver (what cgo-less Go also ends up asking on most systems)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Resolution:
    """The DNS phase: addresses in the resolver's order, its duration, and its fault (``ok`` or dns-*)."""

    host: str
    addresses: tuple[str, ...]
    elapsed_ms: float
    fault: Fault
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK


async def timed_resolve(host: str, resolve: Resolve | None = None, timeout: float = 5.0) -> Resolution:
    """Run ``resolve`` under ``timeout``; IP literals need no lookup and take 0 ms."""
    if is_ip(host):
        return Resolution(host, (host,), 0.0, Fault.OK)
    start = time.perf_counter()
    try:
        addresses = await asyncio.wait_for((resolve or system_resolve)(host), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        return Resolution(
            host, (), ms_since(start), Fault.DNS_TIMEOUT, Msg("no answer within {seconds:g} s", seconds=timeout)
        )
    except ResolveError as exc:
        return Resolution(host, (), ms_since(start), exc.fault, message_of(exc))
    except OSError as exc:
        return Resolution(host, (), ms_since(start), Fault.DNS_FAILURE, os_reason(exc))
    elapsed = ms_since(start)
    if not addresses:
        return Resolution(host, (), elapsed, Fault.DNS_FAILURE, Msg("no addresses"))
    return Resolution(host, tuple(addresses), elapsed, Fault.OK)


@dataclass(frozen=True)
class ConnectAttempt:
    """One address: how long the connect took, or how it failed."""

    address: str
    port: int
    connect_ms: float | None
    fault: Fault
    error: str | None = None


async def connect_once(address: str, port: int, timeout: float) -> ConnectAttempt:
    """Open and close one TCP connection, classifying the failure from the real OS error."""
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    start = time.perf_counter()
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        return ConnectAttempt(address, port, None, classify_os_error(exc), os_reason(exc))
    sock.setblocking(False)
    try:
        await asyncio.wait_for(loop.sock_connect(sock, (address, port)), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        return ConnectAttempt(
            address, port, None, Fault.CONNECT_TIMEOUT, Msg("no answer within {seconds:g} s", seconds=timeout)
        )
    except OSError as exc:
        return ConnectAttempt(address, port, None, classify_os_error(exc), os_reason(exc))
    finally:
        sock.close()
    return ConnectAttempt(address, port, ms_since(start), Fault.OK)


@dataclass(frozen=True)
class TcpResult:
    """The TCP probe of ``host:port``: the DNS phase, one attempt per address, one fault."""

    host: str
    port: int
    resolution: Resolution
    attempts: tuple[ConnectAttempt, ...]
    fault: Fault
    explanation: str
    timeout: float

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK

    @property
    def connect_ms(self) -> float | None:
        """The fastest successful connect."""
        times = [a.connect_ms for a in self.attempts if a.connect_ms is not None]
        return min(times) if times else None


def _explain_tcp(
    host: str, port: int, res: Resolution, attempts: Sequence[ConnectAttempt], fault: Fault, timeout: float
) -> str:
    where = host_port(host, port)
    if not res.ok:
        return Msg(
            "{where}: DNS lookup failed after {time} ({error}). {explanation}",
            where=where,
            time=fmt_ms(res.elapsed_ms),
            error=res.error or "",
            explanation=fault.explanation,
        )
    dns = f"DNS {fmt_ms(res.elapsed_ms)}, " if not is_ip(host) else ""
    parts = []
    for a in attempts:
        shown = host_port(a.address, a.port)
        parts.append(f"{shown} {fmt_ms(a.connect_ms)}" if a.fault is Fault.OK else f"{shown} {a.fault.value}")
    detail = "; ".join(parts)
    if fault is Fault.OK:
        return Msg("{where}: TCP connect OK ({dns}{detail}).", where=where, dns=dns, detail=detail)
    if fault is Fault.CONNECT_TIMEOUT:
        return Msg(
            "{where}: no TCP answer within {seconds:g} s ({dns}{detail}). {explanation}",
            where=where,
            seconds=timeout,
            dns=dns,
            detail=detail,
            explanation=fault.explanation,
        )
    errors = Joined("; ", (Joined(": ", (host_port(a.address, a.port), a.error or "")) for a in attempts if a.error))
    return Msg(
        "{where}: TCP connect failed ({dns}{errors}). {explanation}",
        where=where,
        dns=dns,
        errors=errors,
        explanation=fault.explanation,
    )


async def probe_tcp(
    host: str,
    port: int,
    *,
    timeout: float = 5.0,
    resolve: Resolve | None = None,
    dns_timeout: float | None = None,
) -> TcpResult:
    """Resolve ``host`` and connect to every address at once, each bounded by ``timeout``.

    The fault is ``ok`` if any address connects, else the fault of the first address (the one Go
    tries first), so a dual-stack host with a dead IPv6 route still shows what Go hits.
    """
    res = await timed_resolve(host, resolve, timeout if dns_timeout is None else dns_timeout)
    if not res.ok:
        return TcpResult(
            host, port, res, (), res.fault, _explain_tcp(host, port, res, (), res.fault, timeout), timeout
        )
    attempts = tuple(await asyncio.gather(*(connect_once(a, port, timeout) for a in res.addresses)))
    fault = Fault.OK if any(a.fault is Fault.OK for a in attempts) else attempts[0].fault
    return TcpResult(
        host, port, res, attempts, fault, _explain_tcp(host, port, res, attempts, fault, timeout), timeout
    )


def partial_timeout(remaining: float, addresses_left: int) -> float:
    """Go's ``partialDeadline``: share the budget among addresses, but give each at least 2 s if possible."""
    share = remaining / max(addresses_left, 1)
    return max(share, min(2.0, remaining))


@dataclass
class Dialed:
    """An open stream (or why there is none), with the DNS phase and every connect attempt."""

    resolution: Resolution
    attempts: tuple[ConnectAttempt, ...]
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None

    @property
    def fault(self) -> Fault:
        if not self.resolution.ok:
            return self.resolution.fault
        if self.writer is not None:
            return Fault.OK
        return self.attempts[0].fault if self.attempts else Fault.CONNECT_UNREACHABLE

    @property
    def address(self) -> str | None:
        return self.attempts[-1].address if self.writer is not None and self.attempts else None


async def dial(
    host: str, port: int, *, timeout: float, resolve: Resolve | None = None, dns_timeout: float | None = None
) -> Dialed:
    """Connect like Go's ``dialSerial``: addresses in order, the ``timeout`` budget shared between them."""
    res = await timed_resolve(host, resolve, timeout if dns_timeout is None else dns_timeout)
    if not res.ok:
        return Dialed(res, ())
    attempts: list[ConnectAttempt] = []
    deadline = time.perf_counter() + timeout
    for i, address in enumerate(res.addresses):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        budget = partial_timeout(remaining, len(res.addresses) - i)
        start = time.perf_counter()
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(address, port), budget)
        except (asyncio.TimeoutError, TimeoutError):
            attempts.append(
                ConnectAttempt(
                    address,
                    port,
                    None,
                    Fault.CONNECT_TIMEOUT,
                    Msg("no answer within {seconds:g} s", seconds=round(budget, 3)),
                )
            )
            continue
        except OSError as exc:
            attempts.append(
                ConnectAttempt(address, port, None, classify_os_error(exc), os_reason(exc))
            )
            continue
        attempts.append(ConnectAttempt(address, port, ms_since(start), Fault.OK))
        return Dialed(res, tuple(attempts), reader, writer)
    return Dialed(res, tuple(attempts))
