"""Helpers for the onboarding tests (help, palette, first run, profiles, small terminals).

Fixed probe results exist for snapshots and for the first-run case "proxy.golang.org times out",
which must never be tried for real (the network guard fails any attempt); behaviour that depends
on real probing uses loopback servers from ``loopnet``.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from pathlib import Path

from helpers import wait_until
from rich.console import Console
from snapshot_env import snapshot_environment
from textual.app import App
from textual.pilot import Pilot

from goproxy_tui.core.config import CatalogSettings, Config, LoadedConfig, ProbeSettings
from goproxy_tui.core.goenv import GoEnvironment
from goproxy_tui.core.health import ProbeOne
from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, PhaseTimings
from goproxy_tui.core.rules.goproxy import DEFAULT_GOPROXY

CONFIG_PATH = Path("/home/dev/.config/gotui/config.toml")


def catalog_config(*mirrors: Mirror, include_builtin: bool = True) -> LoadedConfig:
    """The built-in catalog (plus ``mirrors``), probed once an hour: one round per test."""
    config = Config(catalog=CatalogSettings(include_builtin=include_builtin), mirrors=mirrors,
                    probe=ProbeSettings(interval=3600.0))
    return LoadedConfig(config, CONFIG_PATH, exists=True)


def fixed_result(url: str, fault: Fault = Fault.OK, ttfb: float = 80.0) -> GoproxyProbeResult:
    timings = PhaseTimings(dns_ms=10.0, tcp_ms=20.0, tls_ms=25.0, ttfb_ms=ttfb, total_ms=ttfb)
    if fault is not Fault.OK:
        timings = PhaseTimings(dns_ms=10.0)
    return GoproxyProbeResult(url, "github.com/gin-gonic/gin", fault, fault.explanation, timings=timings,
                              sumdb=True if fault is Fault.OK else None)


def fixed_prober(faults: Mapping[str, Fault] | None = None, ttfb: Mapping[str, float] | None = None) -> ProbeOne:
    """Every mirror answers OK (or with its fault from ``faults``) at once, with fixed timings."""
    faults = faults or {}
    ttfb = ttfb or {}

    async def probe(mirror: Mirror) -> GoproxyProbeResult:
        return fixed_result(mirror.url, faults.get(mirror.name, Fault.OK), ttfb.get(mirror.name, 80.0))

    return probe


def fixed_env() -> GoEnvironment:
    """snapshot_env's machine: GOPROXY=https://goproxy.cn,direct in the env file, a masked proxy password."""
    return snapshot_environment()


def untouched_env() -> GoEnvironment:
    """The same machine before anyone set GOPROXY: no env-file value, Go's default in effect."""
    env = snapshot_environment()
    variables = []
    for var in env.vars:
        if var.name == "GOPROXY":
            var = replace(var, effective=DEFAULT_GOPROXY, file=None, default=DEFAULT_GOPROXY, source="default",
                          warnings=())
        variables.append(var)
    return replace(env, vars=tuple(variables))


def env_with_goproxy(value: str) -> GoEnvironment:
    """snapshot_env's machine with GOPROXY=``value`` in the env file, warned about by the real validators."""
    from goproxy_tui.core.rules.settings import validate_setting, warnings_by_key

    env = snapshot_environment()
    warnings = list(warnings_by_key({"GOPROXY": value}).get("GOPROXY", ()))
    warnings += [w for w in validate_setting("GOPROXY", value).warnings if w not in warnings]
    variables = [replace(v, effective=value, file=value, warnings=tuple(warnings)) if v.name == "GOPROXY" else v
                 for v in env.vars]
    return replace(env, vars=tuple(variables))


def loader(env: GoEnvironment) -> Callable[[], Awaitable[GoEnvironment]]:
    async def load() -> GoEnvironment:
        return env

    return load


def screen_text(app: App[object]) -> str:
    """The screen as plain text, exactly as the terminal shows it (what the user reads)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def wait_text(pilot: Pilot, app: App[object], *texts: str, timeout: float = 20.0) -> str:
    """Run the app until every one of ``texts`` is on screen; returns the screen.

    A screen that was just pushed is composed before it is painted, so reading it at once can
    give an empty or stale frame (seen under load); this waits for what the user would read.
    """
    shown = ""

    def found() -> bool:
        nonlocal shown
        shown = screen_text(app)
        return all(text in shown for text in texts)

    try:
        await wait_until(pilot, found, timeout)
    except AssertionError:
        missing = [t for t in texts if t not in shown]
        raise AssertionError(f"not on screen: {missing}\n{shown}") from None
    return shown
