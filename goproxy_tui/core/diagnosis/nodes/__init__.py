"""One evaluator per flowchart node, keyed by node id (the graph itself is data in ``graph.py``)."""

from __future__ import annotations

from goproxy_tui.core.diagnosis.nodes import (
    connectivity,
    dns,
    git,
    gomod,
    goproxy,
    modcache,
    module,
    private,
    sumdb,
    tcp,
    tls,
    toolchain,
    verify,
)
from goproxy_tui.core.diagnosis.nodes.common import Evaluator

EVALUATORS: dict[str, Evaluator] = {
    "toolchain": toolchain.evaluate,
    "connectivity": connectivity.evaluate,
    "dns": dns.evaluate,
    "tcp": tcp.evaluate,
    "tls": tls.evaluate,
    "goproxy": goproxy.evaluate,
    "sumdb": sumdb.evaluate,
    "private": private.evaluate,
    "git": git.evaluate,
    "module": module.evaluate,
    "gomod": gomod.evaluate,
    "modcache": modcache.evaluate,
    "verify": verify.evaluate,
}

__all__ = ["EVALUATORS", "Evaluator"]
