"""Probe many mirrors at once and hand each result over the moment it exists.

A round starts every probe concurrently (optionally capped), yields results in arrival order (async
iterator, plus an optional callback), and ends at a whole-round deadline: probes still running then
are cancelled and reported as timed out, so one hanging mirror never holds back the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.results import DEFAULT_TIMEOUTS, GoproxyProbeResult, ProbeTimeouts
from goproxy_tui.core.probes.trust import load_trust_store
from goproxy_tui.core.redact import mask_secrets, server_text
from goproxy_tui.i18n import Msg

R = TypeVar("R")


@dataclass(frozen=True)
class Mirror:
    """What to probe: a display name and a GOPROXY entry URL."""

    name: str
    url: str


@dataclass(frozen=True)
class RoundItem(Generic[R]):
    """One finished probe; ``elapsed_ms`` counts from the start of the round."""

    mirror: Mirror
    result: R
    elapsed_ms: float
    timed_out: bool = False


async def stream_round(
    mirrors: Iterable[Mirror],
    probe: Callable[[Mirror], Awaitable[R]],
    *,
    deadline: float,
    on_missing: Callable[[Mirror, str], R],
    on_result: Callable[[RoundItem[R]], None] | None = None,
    concurrency: int | None = None,
    release_after: float | None = None,
) -> AsyncIterator[RoundItem[R]]:
    """Run ``probe`` for every mirror; yield each result as it arrives, all within ``deadline`` seconds.

    ``on_missing(mirror, reason)`` builds the result for a probe that raised or outlived the deadline.
    ``concurrency`` caps how many probes are *starting* at once: a probe holds its slot until it
    finishes or has run ``release_after`` seconds (``None``: until it finishes). Dozens of probes
    started together get their answers in the same loop iterations, and handling them all at once
    stalls a UI sharing the loop; a hanging mirror gives its slot back after ``release_after`` and
    so delays nobody by more than that. Leaving the iteration early cancels the probes still running.
    """
    targets = list(mirrors)
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    end = loop.time() + deadline
    queue: asyncio.Queue[tuple[int, R]] = asyncio.Queue()
    gate = asyncio.Semaphore(concurrency) if concurrency else None

    async def gated(mirror: Mirror) -> R:
        assert gate is not None
        async with gate:
            inner = loop.create_task(probe(mirror))
            try:
                await asyncio.wait({inner}, timeout=release_after)
            except BaseException:
                inner.cancel()
                raise
        try:
            return await inner
        except asyncio.CancelledError:
            inner.cancel()
            raise

    async def run(index: int, mirror: Mirror) -> None:
        try:
            result = await (probe(mirror) if gate is None else gated(mirror))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a broken probe still yields a row
            error = server_text(str(exc)) or type(exc).__name__
            result = on_missing(mirror, Msg("the probe failed: {error}", error=error))
        queue.put_nowait((index, result))

    tasks = [loop.create_task(run(i, m)) for i, m in enumerate(targets)]
    done: set[int] = set()

    def emit(index: int, result: R, timed_out: bool = False) -> RoundItem[R]:
        item = RoundItem(targets[index], result, (time.perf_counter() - start) * 1000.0, timed_out)
        if on_result is not None:
            on_result(item)
        return item

    try:
        while len(done) < len(targets):
            remaining = end - loop.time()
            if remaining <= 0:
                break
            try:
                index, result = await asyncio.wait_for(queue.get(), remaining)
            except (asyncio.TimeoutError, TimeoutError):
                break
            done.add(index)
            yield emit(index, result)
        for index, task in enumerate(tasks):
            if index not in done:
                task.cancel()
        for index in range(len(targets)):
            if index not in done:
                reason = Msg("no result within the round's {seconds:g} s deadline", seconds=deadline)
                yield emit(index, on_missing(targets[index], reason), timed_out=True)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _missing_goproxy(mirror: Mirror, reason: str) -> GoproxyProbeResult:
    from goproxy_tui.core.probes.http import normalize_base_url  # here: the first paint imports no httpx

    base, _ = normalize_base_url(mirror.url)
    fault = Fault.READ_TIMEOUT
    shown = mask_secrets(base or mirror.url)
    return GoproxyProbeResult(
        base_url=shown,
        module="",
        fault=fault,
        explanation=Msg("{url}: {reason}. {explanation}", url=shown, reason=reason, explanation=fault.explanation),
        error=reason,
    )


async def probe_mirrors(
    mirrors: Iterable[Mirror | str],
    *,
    deadline: float = 20.0,
    timeouts: ProbeTimeouts | float = DEFAULT_TIMEOUTS,
    on_result: Callable[[RoundItem[GoproxyProbeResult]], None] | None = None,
    concurrency: int | None = 8,
    release_after: float | None = 0.1,
    ssl_context: ssl.SSLContext | None = None,
    ca_file: str | None = None,
    proxy_env: ProxyEnv | None = None,
    environ: Mapping[str, str] | None = None,
    **probe_options: Any,
) -> AsyncIterator[RoundItem[GoproxyProbeResult]]:
    """One round of :func:`probe_goproxy` over ``mirrors``, streamed (see :func:`stream_round`).

    Each probe's own total limit is capped just below the round deadline so it can still say *which*
    phase hung; the trust store and proxy settings are read once for the whole round. By default at
    most 8 probes start together and a slow one frees its slot after 0.1 s (see ``stream_round``).
    """
    targets = [m if isinstance(m, Mirror) else Mirror(m, m) for m in mirrors]
    limits = timeouts if isinstance(timeouts, ProbeTimeouts) else ProbeTimeouts.uniform(timeouts)
    limits = dataclasses.replace(limits, total=min(limits.total, deadline * 0.95))
    from goproxy_tui.core.probes.http import probe_goproxy  # here: the first paint imports no httpx

    if ssl_context is None:
        await load_trust_store(ca_file, environ)  # once, off the loop; every probe then hits the cache
    env = proxy_env or ProxyEnv.from_environ(environ)

    async def one(mirror: Mirror) -> GoproxyProbeResult:
        return await probe_goproxy(
            mirror.url,
            timeouts=limits,
            ssl_context=ssl_context,
            ca_file=ca_file,
            proxy_env=env,
            environ=environ,
            **probe_options,
        )

    async for item in stream_round(
        targets,
        one,
        deadline=deadline,
        on_missing=_missing_goproxy,
        on_result=on_result,
        concurrency=concurrency,
        release_after=release_after,
    ):
        yield item
