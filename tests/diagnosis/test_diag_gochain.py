"""``gochain.walk`` follows modfetch.TryProxies: ',' vs '|', 404/410, direct/off, and hangs."""

from __future__ import annotations

import pytest

from goproxy_tui.core.diagnosis.gochain import sumdb_walk, walk
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.rules.goproxy import parse_goproxy

OK, T, R, E, N = Fault.OK, Fault.CONNECT_TIMEOUT, Fault.RESET, Fault.HTTP_5XX, Fault.HTTP_404
A, B, C = "https://a.example", "https://b.example", "https://c.example"


@pytest.mark.parametrize(
    ("goproxy", "faults", "ending", "deciding", "reached"),
    [
        (f"{A},{B}", [OK, OK], "served", 0, (0,)),
        (f"{A},{B}", [N, OK], "served", 1, (0, 1)),  # 404 falls through after ','
        (f"{A},{B}", [E, OK], "error", 0, (0,)),  # a 500 after ',' is fatal
        (f"{A}|{B}", [E, OK], "served", 1, (0, 1)),  # ... and falls through after '|'
        (f"{A}|{B}", [R, OK], "served", 1, (0, 1)),
        (f"{A},{B}", [T, OK], "hang", 0, (0,)),  # a timeout is a hang: Go has no client timeout
        (f"{A}|{B}", [T, OK], "hang", 0, (0,)),  # ... even behind '|'
        (f"{A},{B},{C}", [N, N, N], "not-found", 2, (0, 1, 2)),
        (f"{A}|{B},{C}", [E, N, N], "error", 0, (0, 1, 2)),  # Go reports the proxy error over not-found
        (f"{A},direct", [N, None], "direct", 1, (0, 1)),
        (f"{A},off", [N, None], "off", 1, (0, 1)),
        (f"{A},{B}", [Fault.HTTP_410, E], "error", 1, (0, 1)),
    ],
)
def test_walk_matches_go(goproxy: str, faults: list, ending: str, deciding: int, reached: tuple) -> None:
    plist = parse_goproxy(goproxy)
    result = walk(plist.entries, faults)
    assert (result.ending, result.deciding, result.reached) == (ending, deciding, reached)


@pytest.mark.parametrize(
    ("goproxy", "faults", "ending", "deciding"),
    [
        (f"{A},{B}", [OK, OK], "proxied", 0),
        (f"{A},{B}", [N, OK], "proxied", 1),
        (f"{A},{B}", [N, N], "direct", None),  # all 404: connect to the database directly
        (f"{A},direct", [N, None], "direct", 1),
        (f"{A},{B}", [E, OK], "unavailable", 0),  # "any other response: the database is unavailable"
        (f"{A}|{B}", [E, N], "unavailable", 0),  # the proxy error outranks the later 404
        (f"{A}|direct", [E, None], "direct", 1),  # reaching direct overrides it
        (f"{A}|{B}", [T, OK], "hang", 0),
    ],
)
def test_sumdb_walk_matches_init_base(goproxy: str, faults: list, ending: str, deciding: int | None) -> None:
    result = sumdb_walk(parse_goproxy(goproxy).entries, faults)
    assert (result.ending, result.deciding) == (ending, deciding)
