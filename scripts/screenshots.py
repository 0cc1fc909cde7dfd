#!/usr/bin/env python3
"""Regenerate the README screenshots (``screenshots/*.svg``) from the real app, headless.

    python scripts/screenshots.py                 # all five, stable: fixed probe results
    python scripts/screenshots.py --live          # main + mirror table probe the loopback demo network
    python scripts/screenshots.py --only main flowchart --out /tmp/shots

Every image is the real :class:`~goproxy_tui.tui.app.GotuiApp` (or its wizard screen) driven with
``App.run_test()`` at a fixed terminal size. By default probe results and the diagnosis walk are
injected with fixed timings, so running the script twice writes the same bytes and the README only
changes when the UI does. ``--live`` instead starts loopback Go module proxies from ``tests/loopnet``
(healthy, slow, without sum.golang.org, failing with 503, blackholed) and probes them for real;
those images change from run to run. Nothing ever leaves 127.0.0.1.

Images: main.svg (main screen, the default proxy failing), mirror-table.svg (the table after a
switch, focused, all columns), wizard-finding.svg (a diagnosis step with its finding and fix),
flowchart.svg (a finished walk on the flowchart panel), zh-CN.svg (the main screen in Chinese;
needs the compiled zh_CN catalog, see scripts/compile_catalogs.py).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "mirrors")]

from mirrorlab import fixed_environment, fixed_loader, fixed_result, scripted_prober  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from goproxy_tui.core.config import CatalogSettings, Config, LoadedConfig, ProbeSettings  # noqa: E402
from goproxy_tui.core.diagnosis.context import CheckTarget  # noqa: E402
from goproxy_tui.core.diagnosis.engine import Diagnosis, NodeFinished, NodeStarted, WalkFinished  # noqa: E402
from goproxy_tui.core.diagnosis.findings import Finding, Remedy  # noqa: E402
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID  # noqa: E402
from goproxy_tui.core.diagnosis.results import NodeResult  # noqa: E402
from goproxy_tui.core.mirrors import Mirror  # noqa: E402
from goproxy_tui.core.probes.faults import Fault  # noqa: E402
from goproxy_tui.core.probes.http import GoproxyProbeResult  # noqa: E402
from goproxy_tui.tui.app import GotuiApp  # noqa: E402

NAMES = ("main", "mirror-table", "wizard-finding", "flowchart", "zh-CN")
CONFIG_PATH = Path("/home/dev/.config/gotui/config.toml")
CORP = Mirror("corp", "https://ci:s3cret@athens.corp.example.com", "Contoso Athens")
ROUNDS = 6
GOLANG = "https://proxy.golang.org"
GOOD = "https://goproxy.cn"

Prepare = Callable[[Pilot], Awaitable[None]]


# -- fixed data ------------------------------------------------------------------------------------------


def _series(url: str, values: list[float | Fault], **timings: Any) -> list[GoproxyProbeResult]:
    return [fixed_result(url, v) if isinstance(v, Fault) else fixed_result(url, ttfb=v, **timings) for v in values]


TIMEOUT = Fault.CONNECT_TIMEOUT
SCRIPT = {
    "golang": _series(GOLANG, [180, 210, TIMEOUT, TIMEOUT, TIMEOUT, TIMEOUT], dns=21, tcp=60, tls=64),
    "goproxy.cn": _series(GOOD, [85, 88, 83, 90, 84, 86], dns=12, tcp=28, tls=31),
    "goproxy.io": _series("https://goproxy.io", [140, 152, 147, 139, 160, 150], dns=15, tcp=45, tls=47),
    "aliyun": _series("https://mirrors.aliyun.com/goproxy", [40, 42, 39, 41, 40, 43], dns=8, tcp=12, tls=14,
                      sumdb=False),
    "tencent": _series("https://mirrors.cloud.tencent.com/go", [60, 62, Fault.READ_TIMEOUT, 64, 61, 63],
                       dns=9, tcp=18, tls=20),
    "huawei": _series("https://mirrors.huaweicloud.com/repository/goproxy", [55, 57, 58, 56, 59, 57],
                      dns=10, tcp=16, tls=19, sumdb=None),
    "corp": [fixed_result("https://ci:***@athens.corp.example.com", Fault.TLS_UNTRUSTED)] * ROUNDS,
}


def _catalog_config(mirrors: tuple[Mirror, ...] = (CORP,), include_builtin: bool = True) -> LoadedConfig:
    config = Config(catalog=CatalogSettings(include_builtin=include_builtin), mirrors=mirrors,
                    probe=ProbeSettings(interval=3600.0, timeout=1.0))
    return LoadedConfig(config, CONFIG_PATH, exists=True)


def fixed_app(goproxy: str) -> GotuiApp:
    """GOPROXY from the env file, everything else at Go's default; the scripted probe results."""
    return GotuiApp(load_environment=fixed_loader(fixed_environment(goproxy)), config=_catalog_config(),
                    probe_mirror=scripted_prober(SCRIPT))


async def wait(pilot: Pilot, predicate: Callable[[], bool], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: the app did not reach the expected state in time")
        await pilot.pause(0.02)


async def probe_rounds(pilot: Pilot, rounds: int = ROUNDS) -> None:
    """Let the scheduler deliver ``rounds`` results per mirror (``r`` starts the next round)."""
    app = pilot.app
    assert isinstance(app, GotuiApp)
    await wait(pilot, lambda: app.environment is not None)
    for number in range(1, rounds + 1):
        await wait(pilot, lambda n=number: all(app.health.stats(m.name).samples >= n for m in app.mirrors))
        if number < rounds:
            await pilot.press("r")
    await wait(pilot, lambda: app.settled)
    await pilot.pause()


async def focus_mirror(pilot: Pilot, name: str) -> None:
    app = pilot.app
    assert isinstance(app, GotuiApp)
    table = app.mirror_table.table
    table.focus()
    table.move_cursor(row=table.get_row_index(name))
    await pilot.pause()


# -- the diagnosis walk shown in the wizard images ----------------------------------------------------------

# (node, outcome, summary, evidence)
WALK: list[tuple[str, str, str, dict[str, Any]]] = [
    ("toolchain", "ok", "go1.27.3 at /usr/local/go/bin/go, module mode on", {"go": "go1.27.3"}),
    ("connectivity", "ok", "223.5.5.5:53 answered in 9 ms", {"223.5.5.5:53": "9 ms"}),
    ("dns", "ok", "proxy.golang.org resolves the same on the system and public resolvers",
     {"proxy.golang.org": "142.250.66.81"}),
    ("tcp", "all-failed", "proxy.golang.org:443: connect-timeout", {"proxy.golang.org:443": "connect-timeout after 5000 ms"}),
    ("goproxy", "hang", "https://proxy.golang.org never answers: go mod download would hang",
     {GOLANG: "connect-timeout"}),
    ("sumdb", "unreachable", "sum.golang.org: connect-timeout", {"sum.golang.org:443": "connect-timeout after 5000 ms"}),
    ("private", "ok", "GOPRIVATE is empty: nothing is private", {"GOPRIVATE": ""}),
    ("module", "unknown", "github.com/gin-gonic/gin is a valid path; no proxy could be asked",
     {"path": "github.com/gin-gonic/gin", "version": "latest"}),
    ("gomod", "none", "no go.mod in /home/dev/src/hello", {}),
    ("modcache", "ok", "/home/dev/go/pkg/mod: 214 modules, no leftovers", {"modules": 214}),
    ("verify", "timeout", "go mod download github.com/gin-gonic/gin@latest: no answer within 60 s",
     {"command": "go mod download -json github.com/gin-gonic/gin@latest"}),
]


def _findings(node_id: str) -> tuple[Finding, ...]:
    node = NODE_BY_ID[node_id]
    switch = Remedy("switch-mirror", f"switch to goproxy.cn ({GOOD}), falling through on any error",
                    env={"GOPROXY": f"{GOOD}|direct"}, commands=(("go", "env", "-w", f"GOPROXY={GOOD}|direct"),),
                    mirror="goproxy.cn")
    if node_id == "tcp":
        return (node.finding("connect-timeout").make(
            "tcp", "proxy.golang.org:443 never answered the TCP handshake (connect-timeout after 5.0 s): packets "
            "are dropped on the way, typically by a firewall such as the GFW.",
            title="proxy.golang.org does not accept connections",
            evidence=["proxy.golang.org:443: connect-timeout after 5000 ms", "goproxy.cn:443: connected in 28 ms"],
            remedy=switch),)
    if node_id == "goproxy":
        return (node.finding("hang").make(
            "goproxy", "Every GOPROXY entry before 'direct' times out, and after ',' Go does not move on after a "
            "timeout: go mod download waits for minutes, then fails.",
            evidence=[f"{GOLANG}: connect-timeout"], remedy=switch),)
    if node_id == "sumdb":
        return (node.finding("unreachable").make(
            "sumdb", "sum.golang.org cannot be reached, and the GOPROXY in use does not proxy it.",
            evidence=["sum.golang.org:443: connect-timeout after 5000 ms"],
            remedy=Remedy("gosumdb-mirror", "use the checksum database mirror sum.golang.google.cn",
                          env={"GOSUMDB": "sum.golang.google.cn"},
                          commands=(("go", "env", "-w", "GOSUMDB=sum.golang.google.cn"),))),)
    if node_id == "verify":
        return (node.finding("download-timeout").make(
            "verify", "go mod download github.com/gin-gonic/gin@latest did not finish within 60 s.",
            evidence=["go: github.com/gin-gonic/gin@latest: Get \"https://proxy.golang.org/github.com/gin-gonic/gin/"
                      "@v/list\": dial tcp 142.250.66.81:443: i/o timeout"], remedy=switch),)
    return ()


def walk_results() -> list[NodeResult]:
    results = []
    for node_id, outcome_id, summary, evidence in WALK:
        node = NODE_BY_ID[node_id]
        outcome = node.outcome(outcome_id)
        results.append(NodeResult(node_id, node.number, node.title, outcome.id, outcome.status, summary, evidence,
                                  _findings(node_id), outcome.next, 12.0))
    return results


def post_walk(wizard: Any, results: list[NodeResult], finished: bool) -> None:
    from goproxy_tui.tui.screens.wizard import WalkEvent

    for index, result in enumerate(results):
        wizard.post_message(WalkEvent(NodeStarted(NODE_BY_ID[result.node], index)))
        wizard.post_message(WalkEvent(NodeFinished(result, index)))
    if finished:
        skipped = tuple(n for n in NODE_BY_ID if n not in {r.node for r in results})
        diagnosis = Diagnosis(CheckTarget("github.com/gin-gonic/gin", "latest"), tuple(results), skipped,
                              "2026-01-01T08:00:00+08:00", 9000.0, None, {"GOPROXY": f"{GOLANG},direct"})
        wizard.post_message(WalkEvent(WalkFinished(diagnosis)))


async def open_wizard(pilot: Pilot, results: list[NodeResult], finished: bool, show: str) -> None:
    from goproxy_tui.tui.screens.wizard import WizardScreen

    app = pilot.app
    await probe_rounds(pilot, 1)
    app.push_screen(WizardScreen("github.com/gin-gonic/gin@latest"))
    await wait(pilot, lambda: isinstance(app.screen, WizardScreen) and bool(app.screen.query("#step-scroll")))
    wizard = app.screen
    post_walk(wizard, results, finished)
    await wait(pilot, lambda: len(wizard.results) == len(results))
    await pilot.pause()
    wizard.query_one("#step-scroll").focus()
    for _step in range(len(results)):  # step back to the node to show
        if wizard.current_result() is None or wizard.current_result().node == show:
            break
        await pilot.press("b")
    await pilot.pause()


# -- the live variant: loopback Go module proxies, real probes -------------------------------------------------


@contextmanager
def demo_network() -> Iterator[dict[str, str]]:
    """Five loopback mirrors, each with a different problem (or none)."""
    from loopnet.blackhole import Blackhole
    from loopnet.goproxy_server import FaultMode, GoproxyServer

    healthy, slow, nosum, broken = (GoproxyServer().start(), GoproxyServer().start(),
                                    GoproxyServer(sumdb_supported=False).start(), GoproxyServer().start())
    slow.set_fault(FaultMode.DELAY, delay=0.25)
    broken.set_fault(FaultMode.STATUS, status=503)
    hole = Blackhole()
    try:
        yield {"healthy": healthy.url, "slow": slow.url, "no-sumdb": nosum.url, "broken": broken.url,
               "blackholed": hole.url()}
    finally:
        for server in (healthy, slow, nosum, broken):
            server.stop()
        hole.close()


def live_app(urls: dict[str, str], goproxy_name: str) -> GotuiApp:
    mirrors = tuple(Mirror(name, url, "loopback demo") for name, url in urls.items())
    env = fixed_environment(f"{urls[goproxy_name]},direct")
    return GotuiApp(load_environment=fixed_loader(env), config=_catalog_config(mirrors, include_builtin=False))


# -- shooting ---------------------------------------------------------------------------------------------


async def shoot(app: GotuiApp, size: tuple[int, int], prepare: Prepare, target: Path) -> None:
    async with app.run_test(size=size) as pilot:
        await prepare(pilot)
        svg = app.export_screenshot(title="gotui")
    target.write_text(svg if svg.endswith("\n") else svg + "\n", encoding="utf-8", newline="\n")
    print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")


async def main_screen(out: Path, live: bool) -> None:
    if live:
        with demo_network() as urls:
            await shoot(live_app(urls, "blackholed"), (130, 36), lambda p: probe_rounds(p, 3), out / "main.svg")
        return
    await shoot(fixed_app(f"{GOLANG},direct"), (130, 38), probe_rounds, out / "main.svg")


async def mirror_table(out: Path, live: bool) -> None:
    async def prepare(pilot: Pilot) -> None:
        await probe_rounds(pilot, 3 if live else ROUNDS)
        await focus_mirror(pilot, "healthy" if live else "goproxy.cn")

    if live:
        with demo_network() as urls:
            await shoot(live_app(urls, "healthy"), (160, 40), prepare, out / "mirror-table.svg")
        return
    app = fixed_app(f"{GOOD}|https://goproxy.io|direct")  # both proxy sum.golang.org: GOSUMDB stays
    await shoot(app, (160, 40), prepare, out / "mirror-table.svg")


async def wizard_finding(out: Path, live: bool) -> None:
    results = walk_results()[:4]
    await shoot(fixed_app(f"{GOLANG},direct"), (130, 30), lambda p: open_wizard(p, results, False, "tcp"),
                out / "wizard-finding.svg")


async def flowchart(out: Path, live: bool) -> None:
    await shoot(fixed_app(f"{GOLANG},direct"), (130, 30), lambda p: open_wizard(p, walk_results(), True, "sumdb"),
                out / "flowchart.svg")


async def zh_cn(out: Path, live: bool) -> None:
    from goproxy_tui.i18n import set_language

    if set_language("zh_CN") != "zh_CN":
        print("skipped zh-CN.svg: no compiled zh_CN catalog (run scripts/compile_catalogs.py)", file=sys.stderr)
        return
    try:
        await shoot(fixed_app(f"{GOLANG},direct"), (130, 38), probe_rounds, out / "zh-CN.svg")
    finally:
        set_language("en")


SHOTS = {"main": main_screen, "mirror-table": mirror_table, "wizard-finding": wizard_finding,
         "flowchart": flowchart, "zh-CN": zh_cn}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=REPO / "screenshots", help="directory (default: screenshots/)")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help=f"some of: {', '.join(NAMES)}")
    parser.add_argument("--live", action="store_true",
                        help="probe loopback demo mirrors for real (main, mirror-table); images then vary per run")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.only or NAMES:
        asyncio.run(SHOTS[name](args.out.resolve(), args.live))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
