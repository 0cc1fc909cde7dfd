"""One catalog entry: a Go error text → a finding. The entries are in network.py and modules.py.

An entry matches a line when every ``needle`` occurs in it and no ``unless`` does (plain substring
tests: linear, no regex). When several entries match one line the highest ``rank`` wins, so the
most specific reading is kept (``reading …/@v/list: 410 Gone`` is ``gone``, not just an HTTP error).
``example`` is a line in Go's own format, built from the cited format string: the test suite feeds
every example to ``gotui explain``. Hints never weaken verification: no GOSUMDB=off, GONOSUMDB,
GOINSECURE, -insecure or deleting go.sum (a test checks every hint).
"""

from __future__ import annotations

from dataclasses import dataclass

from goproxy_tui.i18n import Msg


@dataclass(frozen=True)
class Entry:
    kind: str  # stable id (kebab-case), also the JSON "kind"
    node: str  # the flowchart node (core/diagnosis/graph.py) where the walk should start
    needles: tuple[str, ...]
    summary: Msg
    hint: Msg | None
    example: str
    rank: int = 10
    unless: tuple[str, ...] = ()
    status: int | None = None  # the HTTP status this kind means
    network: bool = False  # a transport failure: during a checksum-database lookup it starts at sumdb
    host_from: str = "auto"  # "dial": the host is the address Go dialled (the HTTP proxy)
    http: tuple[int, int] | None = None  # the ``reading URL: NNN`` status must be in this range

    def matches(self, line: str, status: int | None) -> bool:
        if self.http is not None and (status is None or not self.http[0] <= status <= self.http[1]):
            return False
        return all(n in line for n in self.needles) and not any(u in line for u in self.unless)
