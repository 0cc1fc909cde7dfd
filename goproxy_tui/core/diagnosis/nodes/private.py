"""Node 8: private modules. Does the target match GOPRIVATE / GONOPROXY / GONOSUMDB as intended?

A private module that matches none of them is sent to the public proxy, which answers 404/410 ("unknown
revision") because it cannot reach the company's code host; one that matches GONOPROXY but not
GONOSUMDB is fetched directly and then looked up in sum.golang.org, which does not know it either.
"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.common import labelled, shown
from goproxy_tui.core.diagnosis.remedies import env_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "dev.azure.com")


def private_prefix(path: str) -> str:
    """The GOPRIVATE pattern to offer: the host, or host/owner on shared code hosts."""
    parts = path.split("/")
    if parts[0] in CODE_HOSTS and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def _added(current: str, prefix: str) -> str:
    entries = [e for e in current.split(",") if e]
    return ",".join([*entries, prefix]) if prefix not in entries else current


def private_changes(ctx: DiagnosisContext, prefix: str) -> dict[str, str | None]:
    """GOPRIVATE += prefix; GONOPROXY/GONOSUMDB too when set explicitly (they then ignore GOPRIVATE)."""
    changes: dict[str, str | None] = {"GOPRIVATE": _added(ctx.value("GOPRIVATE"), prefix)}
    for key in ("GONOPROXY", "GONOSUMDB"):
        var = ctx.var(key)
        explicit = var.source != "default" if var is not None else bool(ctx.environ.get(key))
        if explicit and ctx.value(key) and _added(ctx.value(key), prefix) != ctx.value(key):
            changes[key] = _added(ctx.value(key), prefix)
    return changes


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    path = ctx.target.path
    noproxy, nosumdb = ctx.matches("GONOPROXY"), ctx.matches("GONOSUMDB")
    evidence: dict[str, object] = {
        "module": path,
        "GOPRIVATE": ctx.value("GOPRIVATE"),
        "GONOPROXY": ctx.value("GONOPROXY") or "(GOPRIVATE)",
        "GONOSUMDB": ctx.value("GONOSUMDB") or "(GOPRIVATE)",
        "matches GONOPROXY": noproxy,
        "matches GONOSUMDB": nosumdb,
    }
    prefix = private_prefix(path)
    summary = Msg("mark {prefix} as private (GOPRIVATE)", prefix=prefix)
    private_remedy = env_remedy(ctx, summary, private_changes(ctx, prefix))
    if noproxy and nosumdb:
        return Verdict("private", Msg("{path} is private: fetched from its origin, not checked against the checksum DB",
                                      path=path), evidence)
    if noproxy:
        finding = node.finding("sumdb-private").make(
            node.id,
            Msg("{path} matches GONOPROXY, so Go fetches it from its origin, but not GONOSUMDB: Go then asks the "
                "public checksum database about it, which does not know private modules ('verifying module: … 404 "
                "Not Found' or '410 Gone').", path=path),
            evidence=[f"GONOPROXY={ctx.value('GONOPROXY')}", f"GONOSUMDB={ctx.value('GONOSUMDB')}"],
            remedy=private_remedy,
        )
        return Verdict("sumdb-leak", N_("private for GOPROXY but not for the checksum database"), evidence, (finding,))
    plist, results, walk = await ctx.chain()
    answers = [
        labelled(shown(plist.entries[s.index].url), results[s.index].explanation)  # type: ignore[union-attr]
        for s in walk.steps
        if results[s.index] is not None
    ]
    evidence["chain"] = answers
    if walk.ending == "not-found":
        finding = node.finding("leak").make(
            node.id,
            Msg("Every GOPROXY entry answers 404/410 for {path}. If it is a private module, Go is sending its path to "
                "the public proxy, which cannot fetch it (the 'unknown revision' / 'not found' errors); mark it private "
                "so Go fetches it from its origin. If it is public, the path or version is wrong.", path=path),
            title=Msg("{path} is not on the public proxy: private?", path=path),
            evidence=answers,
            remedy=private_remedy,
        )
        return Verdict("leak", Msg("{path} is unknown to the proxies and not marked private", path=path), evidence,
                       (finding,))
    if nosumdb:
        finding = node.finding("nosumdb-public").make(
            node.id,
            Msg("{path} matches GONOSUMDB but is served by the public proxy: its checksum is not verified against "
                "the checksum database.", path=path),
            evidence=[f"GONOSUMDB={ctx.value('GONOSUMDB') or ctx.value('GOPRIVATE')}"],
        )
        return Verdict("ok", Msg("{path} is public (not verified against the checksum database)", path=path), evidence,
                       (finding,))
    return Verdict("ok", Msg("{path} is public and not caught by any private pattern", path=path), evidence)
