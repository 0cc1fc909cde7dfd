"""A package path or ``go install`` target → its module root, and the route that module takes.

Go never asks a proxy about a package: ``cmd/go/internal/modload/query.go`` (``QueryPattern`` →
``queryPrefixModules``) tries every prefix of the path, longest first, and the module that answers
holds the package. So for ``example.com/tool/cmd/x@v1.0.0`` the module is ``example.com/tool``; the
proxies' 404 for ``example.com/tool/cmd/x`` does not make it private.

The route (:func:`module_route`) is Go's, from the same settings: the GOPROXY entries it may contact
(none when the module matches GONOPROXY), whether it goes to the origin, and which checksum database
verifies it (none under GONOSUMDB or GOSUMDB=off).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from goproxy_tui.core.diagnosis.context import CheckTarget, DiagnosisContext
from goproxy_tui.core.probes.http import normalize_base_url
from goproxy_tui.core.rules.module import check_path


@dataclass(frozen=True)
class Resolution:
    requested: str  # the path the user gave
    module: str  # its module root (== requested when no shorter prefix answered)
    served_by: str | None  # the GOPROXY entry that answered for ``module``

    @property
    def changed(self) -> bool:
        return self.module != self.requested


def prefixes(path: str) -> list[str]:
    """Every valid module-path prefix of ``path``, longest first (``queryPrefixModules``)."""
    parts = path.split("/")
    found = ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return [p for p in found if check_path(p) is None]


async def resolve_module_root(ctx: DiagnosisContext) -> Resolution:
    """The longest prefix an on-route proxy serves at the target's version.

    The path itself is asked exactly as the chain step asks it (one memoised probe), so a target that
    is a module root costs nothing extra; shorter prefixes are asked only when every entry refused it.
    """
    path, version = ctx.target.path, ctx.target.probe_version
    urls = [e.url for _, e in ctx.proxies_on_route() if e.kind == "proxy" and normalize_base_url(e.url)[0]]
    candidates = prefixes(path)
    if not urls or len(candidates) < 2:
        return Resolution(path, path, None)
    first = await asyncio.gather(*(ctx.goproxy(url) for url in urls))
    for url, result in zip(urls, first, strict=True):
        if result.ok:
            return Resolution(path, path, url)
    if not all(r.fault.go_falls_back_after_comma for r in first):  # 404/410 everywhere
        return Resolution(path, path, None)  # an entry failed for another reason: nothing to conclude
    shorter = candidates[1:]
    answers = await asyncio.gather(*(
        asyncio.gather(*(ctx.goproxy(url, prefix, version, sumdb=False) for url in urls)) for prefix in shorter))
    for prefix, results in zip(shorter, answers, strict=True):
        for url, result in zip(urls, results, strict=True):
            if result.ok:
                return Resolution(path, prefix, url)
    return Resolution(path, path, None)


async def resolve_target(ctx: DiagnosisContext) -> Resolution | None:
    """Before the walk: make a package path's module root the target (``ctx.resolution`` records it)."""
    if not ctx.explicit_target or ctx.command is not None:
        return None
    resolution = await resolve_module_root(ctx)
    ctx.resolution = resolution
    if resolution.changed:
        ctx.target = CheckTarget(resolution.module, ctx.target.version)  # no probe of the walk ran yet
    return resolution


def module_route(ctx: DiagnosisContext) -> dict[str, Any]:
    """Where Go fetches and verifies the target from, by Go's rules (for ``check --json``)."""
    on_route = [e for _, e in ctx.proxies_on_route()]
    direct = ctx.matches("GONOPROXY") or any(e.kind == "direct" for e in on_route)
    db = ctx.gosumdb
    route: dict[str, Any] = {
        "module": ctx.target.path,
        "proxies": [e.url for e in on_route if e.kind == "proxy"],
        "direct": direct,
        "off": bool(on_route) and on_route[0].kind == "off",
        "private": ctx.matches("GOPRIVATE"),
        "sumdb": (db.name if db.ok else None) if ctx.sumdb_needed() else None,
    }
    resolution = ctx.resolution
    if resolution is not None:
        route["requested"] = resolution.requested
        route["resolved_from_package"] = resolution.changed
    return route
