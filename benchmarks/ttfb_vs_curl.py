"""The probe's TTFB against curl's ``time_starttransfer`` on the same loopback endpoint.

Both open a fresh connection and count from the start of the request to the first byte of the answer
(DNS + TCP + request + server wait). Prints the median absolute difference over N paired runs
(target ≤ 2 ms). Run: python benchmarks/ttfb_vs_curl.py [N]
"""

from __future__ import annotations

import asyncio
import subprocess
import sys

import _util

from goproxy_tui.core.probes.http import ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv

CURL = "/usr/bin/curl"
PATH = "/github.com/gin-gonic/gin/@v/list"


def curl_ttfb(url: str) -> float:
    out = subprocess.run(
        [CURL, "-s", "-o", "/dev/null", "--noproxy", "*", "-w", "%{time_starttransfer}", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout) * 1000.0


async def probe_ttfb(base: str) -> float:
    result = await probe_goproxy(
        base, proxy_env=ProxyEnv(), timeouts=ProbeTimeouts.uniform(5), check_sumdb=False
    )
    assert result.ok and result.timings.ttfb_ms is not None, result.explanation
    return result.timings.ttfb_ms  # of the first request: the @v/list, on a fresh connection


async def main(runs: int) -> None:
    spec: list[tuple[str, str, dict[str, object]]] = [
        ("goproxy", "none", {}),
        ("goproxy", "delay", {"delay": 0.025, "path_contains": "@v/list"}),
    ]
    with _util.ServersProcess(spec) as servers:  # a separate process: no GIL shared with the probe
        print(f"ttfb_vs_curl: GET {PATH} on loopback servers in a child process, {runs} paired runs per case")
        for label, url in zip(("no injected delay", "25 ms injected delay"), servers.urls, strict=True):
            await probe_ttfb(url)  # warm-up
            curl_ttfb(url + PATH)
            diffs, ours, theirs = [], [], []
            for i in range(runs):
                if i % 2:
                    c = curl_ttfb(url + PATH)
                    p = await probe_ttfb(url)
                else:
                    p = await probe_ttfb(url)
                    c = curl_ttfb(url + PATH)
                ours.append(p)
                theirs.append(c)
                diffs.append(abs(p - c))
            print(f" {label}:")
            _util.row("probe TTFB (median)", f"{_util.median(ours):.2f} ms")
            _util.row("curl time_starttransfer (median)", f"{_util.median(theirs):.2f} ms")
            _util.row("median |probe - curl|", f"{_util.median(diffs):.2f} ms", "target <= 2 ms")
            _util.row("worst |probe - curl|", f"{max(diffs):.2f} ms")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
