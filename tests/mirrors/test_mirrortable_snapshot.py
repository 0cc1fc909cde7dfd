"""Snapshot of a populated mirror table. Review the SVG when it changes (pytest --snapshot-update).

Timings must not vary between runs, so this test (and only this one) injects fixed probe results;
the built-in catalog is shown but never contacted.
"""

from __future__ import annotations

from pathlib import Path

from mirrorlab import fixed_environment, fixed_loader, fixed_result, scripted_prober

from goproxy_tui.core.config import Config, LoadedConfig, ProbeSettings
from goproxy_tui.core.mirrors import Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.tui.app import GotuiApp

ROUNDS = 6
CORP = Mirror("corp", "https://ci:s3cret@athens.corp.example.com", "Contoso Athens")


def _series(url: str, ttfbs: list[float | Fault], **kw) -> list:
    out = []
    for value in ttfbs:
        if isinstance(value, Fault):
            out.append(fixed_result(url, value))
        else:
            out.append(fixed_result(url, ttfb=value, **kw))
    return out


SCRIPT = {
    "golang": _series("https://proxy.golang.org", [180, 210, Fault.CONNECT_TIMEOUT, Fault.CONNECT_TIMEOUT,
                                                   Fault.CONNECT_TIMEOUT, Fault.CONNECT_TIMEOUT],
                      dns=21, tcp=60, tls=64),
    "goproxy.cn": _series("https://goproxy.cn", [85, 88, 83, 90, 84, 86], dns=12, tcp=28, tls=31),
    "goproxy.io": _series("https://goproxy.io", [140, 152, 147, 139, 160, 150], dns=15, tcp=45, tls=47),
    "aliyun": _series("https://mirrors.aliyun.com/goproxy", [40, 42, 39, 41, 40, 43], dns=8, tcp=12, tls=14,
                      sumdb=False),
    "tencent": _series("https://mirrors.cloud.tencent.com/go", [60, 62, Fault.READ_TIMEOUT, 64, 61, 63],
                       dns=9, tcp=18, tls=20),
    "huawei": _series("https://mirrors.huaweicloud.com/repository/goproxy", [55, 57, 58, 56, 59, 57],
                      dns=10, tcp=16, tls=19, sumdb=None),
    "corp": [fixed_result("https://ci:***@athens.corp.example.com", Fault.TLS_UNTRUSTED)] * ROUNDS,
}


def _app() -> GotuiApp:
    config = LoadedConfig(Config(mirrors=(CORP,), probe=ProbeSettings(interval=3600.0)),
                          Path("/home/dev/.config/gotui/config.toml"), exists=True)
    env = fixed_environment("https://proxy.golang.org,direct")
    return GotuiApp(load_environment=fixed_loader(env), config=config, probe_mirror=scripted_prober(SCRIPT))


async def _six_rounds(pilot) -> None:
    app: GotuiApp = pilot.app
    for round_number in range(1, ROUNDS + 1):
        while not all(app.health.stats(name).samples >= round_number for name in SCRIPT):
            await pilot.pause(0.01)
        if round_number < ROUNDS:
            await pilot.press("r")
    while not app.settled:
        await pilot.pause(0.01)
    await pilot.pause()


def test_populated_mirror_table(snap_compare) -> None:
    """Reviewer: the Mirrors pane has a red border titled 'ACTIVE MIRROR FAILING' and a red status line
    'active mirror golang is failing: connect-timeout (4 probes in a row)'; golang's row is marked ▶ in red,
    its history ends in four red ×. Healthy rows come first by median latency: aliyun (⚠ no-sumdb, SumDB no),
    huawei (⚠ sumdb-unknown), tencent (⚠ flaky, one × in its history, OK% 83%), goproxy.cn, goproxy.io;
    then the failing golang and corp (✖ tls-untrusted). corp's URL shows ci:***@, never the password.
    DNS/TCP/TLS/TTFB columns hold the last sample's fixed timings; the environment pane is below."""
    assert snap_compare(_app(), terminal_size=(150, 40), run_before=_six_rounds)
