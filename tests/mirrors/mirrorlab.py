"""Helpers for the mirror tests: loopback-only configs, a fixed Go environment and fixed probe results.

Fixed results (:func:`fixed_result`) exist for the snapshot only, where timings must not vary between
runs; every behavioural test probes real loopback servers.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot

from goproxy_tui.core.goenv import SPECS, EnvVar, GoEnvironment
from goproxy_tui.core.gotool import GoTool
from goproxy_tui.core.health import ProbeOne
from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, PhaseTimings


def write_config(
    path: Path,
    mirrors: Mapping[str, str],
    *,
    timeout: float = 1.0,
    interval: float = 1.0,
    chain: str = "resilient",
    auto_failover: bool = False,
    include_builtin: bool = False,
    header: str = "",
) -> Path:
    """A gotui config listing only ``mirrors`` (loopback URLs): the public ones are never probed."""
    lines = [header] if header else []
    lines += [
        "[catalog]",
        f"include_builtin = {'true' if include_builtin else 'false'}",
        "",
        "[probe]",
        f"timeout = {timeout}",
        f"interval = {interval}",
        "",
        "[switch]",
        f'chain = "{chain}"',
        f"auto_failover = {'true' if auto_failover else 'false'}",
        "",
    ]
    for name, url in mirrors.items():
        lines += ["[[mirrors]]", f'name = "{name}"', f'url = "{url}"', ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def wait_for(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 15.0) -> float:
    """Run the app until ``predicate()`` holds; returns the seconds it took."""
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("condition not reached within timeout")
        await pilot.pause(0.02)
    return time.monotonic() - start


# -- fixed data for the snapshot ---------------------------------------------------------------------


def fixed_environment(goproxy: str, gosumdb: str = "sum.golang.org") -> GoEnvironment:
    """A Go environment with ``GOPROXY`` from the env file and everything else at its default."""
    values = {"GOPROXY": goproxy, "GOSUMDB": gosumdb, "GOPATH": "/home/dev/go", "GOROOT": "/usr/local/go",
              "GOMODCACHE": "/home/dev/go/pkg/mod", "GOCACHE": "/home/dev/.cache/go-build",
              "GOENV": "/home/dev/.config/go/env", "GOTOOLCHAIN": "auto", "GOVERSION": "go1.27.3"}
    variables = []
    for spec in SPECS:
        value = values.get(spec.name, "")
        in_file = spec.name == "GOPROXY"
        variables.append(
            EnvVar(
                name=spec.name,
                effective=value,
                file=value if in_file else None,
                default="https://proxy.golang.org,direct" if in_file else value,
                source="file" if in_file else "default",
                about=spec.about,
                writable=spec.writable,
            )
        )
    go = GoTool(Path("/usr/local/go/bin/go"), "go1.27.3", (1, 27, 3), "/usr/local/go")
    return GoEnvironment(go=go, envfile=Path("/home/dev/.config/go/env"), vars=tuple(variables), environ={})


def fixed_result(
    url: str,
    fault: Fault = Fault.OK,
    *,
    ttfb: float | None = None,
    dns: float | None = None,
    tcp: float | None = None,
    tls: float | None = None,
    sumdb: bool | None = True,
    explanation: str = "",
) -> GoproxyProbeResult:
    timings = PhaseTimings(dns_ms=dns, tcp_ms=tcp, tls_ms=tls, ttfb_ms=ttfb, total_ms=ttfb)
    text = explanation or (f"{url} answered as a Go module proxy." if fault is Fault.OK else fault.explanation)
    return GoproxyProbeResult(url, "github.com/gin-gonic/gin", fault, text, timings=timings,
                              sumdb=sumdb if fault is Fault.OK else None)


def scripted_prober(script: Mapping[str, Sequence[GoproxyProbeResult]]) -> ProbeOne:
    """Each call for a mirror returns its next scripted result (the last one repeats)."""
    calls: dict[str, int] = {}

    async def probe(mirror: Mirror) -> GoproxyProbeResult:
        index = calls.get(mirror.name, 0)
        calls[mirror.name] = index + 1
        results = script[mirror.name]
        return results[min(index, len(results) - 1)]

    return probe


def fixed_loader(env: GoEnvironment) -> Callable[[], Awaitable[GoEnvironment]]:
    async def load() -> GoEnvironment:
        return env

    return load


async def key_latency(app: App[object], key: str, moved: Callable[[], bool], limit: float = 5.0) -> float:
    """Seconds from a key arriving (as the terminal driver delivers it) until ``moved()`` holds.

    ``Pilot.press`` waits for the whole app to go idle, which a table streaming results never is,
    so it cannot measure how fast a key is answered.
    """
    event = events.Key(key, None)
    event.set_sender(app)
    start = time.perf_counter()
    app._driver.send_message(event)  # type: ignore[union-attr]
    while not moved():
        if time.perf_counter() - start > limit:
            raise AssertionError(f"{key!r} not handled within {limit} s")
        await asyncio.sleep(0.0005)
    return time.perf_counter() - start
