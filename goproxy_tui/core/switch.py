"""Making a mirror the active GOPROXY: the chain to write, the best pick, and the GOSUMDB decision.

One plan serves the ``u`` key, ``gotui use NAME|URL``, ``gotui use --best`` and auto-failover, so the
same rules apply everywhere:

* **Chain** (``[switch] chain``). ``resilient`` (default): ``chosen|next|next|direct`` — the chosen
  mirror first, then up to :data:`MAX_FALLBACKS` other *healthy* mirrors by median latency, then
  ``direct``. Behind ``|`` Go moves on after any error (a reset, a 5xx, a refused connection), behind
  ``,`` only after 404/410 (DESIGN §3). Unhealthy mirrors are never put in the chain: a mirror that
  accepts and never answers makes ``go`` hang even behind ``|``. ``plain``: ``chosen,direct``.
* **Best**: the healthy mirror with the lowest median latency; ties go to the one that proxies
  sum.golang.org, then to the name.
* **GOSUMDB**: with the default ``GOSUMDB=sum.golang.org`` Go asks each chain entry for
  ``/sumdb/sum.golang.org/supported`` and falls back to sum.golang.org directly (see
  ``core/probes/sumdb.py``). If the chain does not lead to a mirror that proxies the database and
  sum.golang.org does not answer, the plan also sets ``GOSUMDB=sum.golang.google.cn`` (if that answers)
  or ``sum.golang.org <mirror>/sumdb/sum.golang.org`` through a healthy mirror that proxies it, and
  says why. It never proposes ``GOSUMDB=off``, and never overrides a GOSUMDB the user chose
  (another database, an explicit URL, ``off``, or one set in the OS environment).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from goproxy_tui.core.config import ChainStyle
from goproxy_tui.core.health import MirrorStats
from goproxy_tui.core.mirrors import Catalog, Mirror, check_mirror_url, normalize_url
from goproxy_tui.core.probes.sumdb import CN_ALIAS, CN_URL, ORIGIN_URL, SUMDB_NAME, SumdbReach, probe_sumdb
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.goproxy import parse_goproxy
from goproxy_tui.core.rules.settings import validate_setting
from goproxy_tui.core.rules.sumdb import parse_gosumdb
from goproxy_tui.i18n import N_, Joined, Msg

MAX_FALLBACKS = 2
"""Healthy mirrors after the chosen one in a resilient chain (each one is a place a download can hang)."""

Reach = Callable[[str], Awaitable[SumdbReach]]
"""Is the checksum database at this URL reachable? (``probe_sumdb`` bound to a timeout by default.)"""


class SwitchError(ValueError):
    """The switch cannot be planned (unknown mirror, failing mirror, invalid value); one line + hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# --------------------------------------------------------------------------------------------------
# Ranking and the chain


def _rank(mirror: Mirror, stats: MirrorStats) -> tuple[float, int, str]:
    median = stats.median_ms if stats.median_ms is not None else math.inf
    return (median, 0 if stats.sumdb is True else 1, mirror.name.casefold())


def healthy_ranked(mirrors: Sequence[Mirror], stats: Mapping[str, MirrorStats]) -> list[Mirror]:
    """Healthy mirrors, fastest first (ties: sumdb support, then name)."""
    usable = [m for m in mirrors if m.name in stats and stats[m.name].healthy]
    return sorted(usable, key=lambda m: _rank(m, stats[m.name]))


def pick_best(
    mirrors: Sequence[Mirror], stats: Mapping[str, MirrorStats], exclude: Sequence[str] = ()
) -> Mirror | None:
    """What ``gotui use --best`` and auto-failover pick; ``None`` when no mirror is healthy."""
    excluded = {name.casefold() for name in exclude}
    for mirror in healthy_ranked(mirrors, stats):
        if mirror.name.casefold() not in excluded:
            return mirror
    return None


def _same_server(a: str, b: str) -> bool:
    return _identity(a) == _identity(b)


def _identity(url: str) -> str:
    parts = urlsplit(normalize_url(url))
    host = (parts.hostname or "").lower()
    return f"{parts.scheme.lower()}://{host}:{parts.port or ''}{parts.path.rstrip('/')}"


def chain_for(
    chosen: Mirror, mirrors: Sequence[Mirror], stats: Mapping[str, MirrorStats], style: ChainStyle
) -> tuple[Mirror, ...]:
    """The mirrors to put in GOPROXY, in order (``direct`` is added by :func:`goproxy_value`)."""
    if style == "plain":
        return (chosen,)
    chain = [chosen]
    for mirror in healthy_ranked(mirrors, stats):
        if len(chain) > MAX_FALLBACKS:
            break
        if not any(_same_server(mirror.url, m.url) for m in chain):
            chain.append(mirror)
    return tuple(chain)


def goproxy_value(chain: Sequence[Mirror], style: ChainStyle) -> str:
    """``a|b|c|direct`` (resilient) or ``a,direct`` (plain). URLs are written as configured."""
    if style == "plain":
        return f"{chain[0].url},direct"
    return "|".join([*(m.url for m in chain), "direct"])


def active_chain(goproxy: str, catalog: Catalog) -> tuple[Mirror | None, ...]:
    """The GOPROXY proxy entries in order, each matched to a catalog mirror (``None``: not in the catalog)."""
    plist = parse_goproxy(goproxy)
    return tuple(catalog.by_url(entry.url) for entry in plist.proxies)


def active_mirror(goproxy: str, catalog: Catalog) -> Mirror | None:
    """The mirror Go asks first: the first GOPROXY entry, when it is in the catalog."""
    chain = active_chain(goproxy, catalog)
    return chain[0] if chain else None


def first_proxy_url(goproxy: str) -> str | None:
    """The first GOPROXY entry that is a URL (``None`` for ``direct``/``off`` first, or a broken value)."""
    plist = parse_goproxy(goproxy)
    if not plist.entries or plist.entries[0].kind != "proxy":
        return None
    return plist.entries[0].url


def resolve_target(name_or_url: str, catalog: Catalog) -> Mirror:
    """``gotui use NAME|URL``: a catalog name, a catalog URL, or a new valid mirror URL."""
    text = name_or_url.strip()
    found = catalog.find(text)
    if found is not None:
        return found
    if "://" not in text:
        names = ", ".join(catalog.names()) or Msg("none configured")
        raise SwitchError(
            Msg("no mirror named {name}", name=repr(mask_secrets(text))),
            Msg("known mirrors: {names}; or give a URL (https://…)", names=names),
        )
    check = check_mirror_url(text)
    if not check.ok:
        raise SwitchError(Msg("mirror URL {error}", error=check.error or ""), check.hint)
    host = urlsplit(text).hostname or "mirror"
    return Mirror(name=host, url=text, operator=N_("(given on the command line)"))


def refusal(chosen: Mirror, stats: MirrorStats | None) -> SwitchError | None:
    """Why ``chosen`` must not become the first GOPROXY entry right now, if it must not."""
    if stats is None or stats.status == "pending":
        return SwitchError(
            Msg("{name} has not been probed yet", name=chosen.name), Msg("wait for its result in the table")
        )
    if not stats.healthy:
        fault = stats.fault.value if stats.fault else "failing"
        return SwitchError(
            Msg("{name} is failing ({fault}): Go would stall or fail on it", name=chosen.name, fault=fault),
            Msg("pick a healthy mirror (gotui use --best), or pass --force to write it anyway"),
        )
    return None


# --------------------------------------------------------------------------------------------------
# GOSUMDB

SumdbRoute = Literal["proxied", "direct", "unavailable"]


def sumdb_route(chain_sumdb: Sequence[bool | None], style: ChainStyle) -> tuple[SumdbRoute, int | None]:
    """Where Go would fetch sum.golang.org from, walking the chain as ``dbClient.initBase`` does.

    ``True``: the mirror proxies it (Go uses it, index returned). ``False`` (404/410): next entry.
    ``None`` (any other answer): behind ``|`` Go moves on; behind ``,`` the database is unavailable.
    Past the last mirror comes ``direct``: Go connects to sum.golang.org itself.
    """
    for index, supported in enumerate(chain_sumdb):
        if supported is True:
            return "proxied", index
        if supported is None and style == "plain":
            return "unavailable", index
    return "direct", None


@dataclass(frozen=True)
class GosumdbDecision:
    """``value``: what to write (``None``: leave GOSUMDB alone); ``note``: what to tell the user."""

    value: str | None = None
    note: str = ""
    warning: bool = False  # the note is a problem the plan could not fix


async def decide_gosumdb(
    chain: Sequence[Mirror],
    stats: Mapping[str, MirrorStats],
    style: ChainStyle,
    current: str,
    *,
    from_os: bool,
    candidates: Sequence[Mirror],
    reach: Reach,
) -> GosumdbDecision:
    """Keep Go's checksum lookups working after the switch (see the module docstring)."""
    db = parse_gosumdb(current)
    if db.off:
        return GosumdbDecision(note=Msg("GOSUMDB=off left as it is (checksums are not verified)"), warning=True)
    if not db.ok or db.name != SUMDB_NAME or db.url is not None:
        return GosumdbDecision()  # the user's own database or URL: GOPROXY does not decide its route
    route, index = sumdb_route([stats[m.name].sumdb if m.name in stats else None for m in chain], style)
    if route == "proxied":
        return GosumdbDecision()
    first = chain[0].name
    if route == "direct":
        origin = await reach(ORIGIN_URL)
        if origin.reachable:
            return GosumdbDecision()
        why = Msg("{name} does not proxy {db} and {reach}", name=first, db=SUMDB_NAME, reach=origin.describe())
    else:
        assert index is not None
        why = Msg(
            "{name} gives no clear answer to /sumdb/{db}/supported, so Go cannot verify",
            name=chain[index].name,
            db=SUMDB_NAME,
        )
    if from_os:
        return GosumdbDecision(
            note=Msg(
                "{why}; GOSUMDB is set in the OS environment, so it was not changed: checksum lookups "
                "may fail (set GOSUMDB={alias} there)",
                why=why,
                alias=CN_ALIAS,
            ),
            warning=True,
        )
    cn = await reach(CN_URL)
    if cn.reachable:
        return GosumdbDecision(CN_ALIAS, Msg("also set GOSUMDB={alias}: {why}", alias=CN_ALIAS, why=why))
    for mirror in healthy_ranked(candidates, stats):
        if stats[mirror.name].sumdb is True:
            value = f"{SUMDB_NAME} {mirror.url.rstrip('/')}/sumdb/{SUMDB_NAME}"
            return GosumdbDecision(
                value,
                Msg(
                    "also set GOSUMDB to {db} through {name}: {why}, and {reach}",
                    db=SUMDB_NAME,
                    name=mirror.name,
                    why=why,
                    reach=cn.describe(),
                ),
            )
    return GosumdbDecision(
        note=Msg(
            "{why}; {reach} and no healthy mirror proxies it: checksum lookups will fail "
            "(GOSUMDB=off is not the fix; try again when a mirror that proxies it is healthy)",
            why=why,
            reach=cn.describe(),
        ),
        warning=True,
    )


def default_reach(timeout: float, environ: Mapping[str, str] | None = None) -> Reach:
    """Probe a checksum database for real, once per URL per plan."""
    seen: dict[str, asyncio.Future[SumdbReach]] = {}

    async def reach(url: str) -> SumdbReach:
        if url not in seen:
            seen[url] = asyncio.ensure_future(probe_sumdb(url, timeout=timeout, environ=environ))
        return await seen[url]

    return reach


# --------------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class SwitchPlan:
    """What a switch writes and why; ``changes()`` goes to ``goenv.apply_changes``."""

    mirror: Mirror
    chain: tuple[Mirror, ...]
    goproxy: str
    gosumdb: GosumdbDecision = field(default_factory=GosumdbDecision)
    notes: tuple[str, ...] = ()

    def changes(self) -> dict[str, str | None]:
        changes: dict[str, str | None] = {"GOPROXY": self.goproxy}
        if self.gosumdb.value is not None:
            changes["GOSUMDB"] = self.gosumdb.value
        return changes

    def describe(self, *, warning: bool = True) -> list[str]:
        """Lines for people, secrets masked; ``warning=False`` leaves out a GOSUMDB note that is a
        warning (the CLI prints that once, on stderr)."""
        lines = [f"GOPROXY={mask_secrets(self.goproxy)}"]
        if self.gosumdb.value is not None:
            lines.append(f"GOSUMDB={mask_secrets(self.gosumdb.value)}")
        if self.gosumdb.note and (warning or not self.gosumdb.warning):
            lines.append(mask_secrets(self.gosumdb.note))
        lines += [mask_secrets(n) for n in self.notes]
        return lines


async def plan_switch(
    chosen: Mirror,
    mirrors: Sequence[Mirror],
    stats: Mapping[str, MirrorStats],
    *,
    style: ChainStyle = "resilient",
    current_gosumdb: str = SUMDB_NAME,
    gosumdb_from_os: bool = False,
    reach: Reach | None = None,
    timeout: float = 5.0,
) -> SwitchPlan:
    """Build the GOPROXY chain for ``chosen`` and decide GOSUMDB; raises :class:`SwitchError`."""
    chain = chain_for(chosen, mirrors, stats, style)
    value = goproxy_value(chain, style)
    check = validate_setting("GOPROXY", value)
    if not check.ok:
        raise SwitchError(Joined(": ", (f"GOPROXY={mask_secrets(value)}", check.error or "")), check.hint)
    gosumdb = await decide_gosumdb(
        chain,
        stats,
        style,
        current_gosumdb,
        from_os=gosumdb_from_os,
        candidates=mirrors,
        reach=reach or default_reach(timeout),
    )
    if gosumdb.value is not None:
        sumdb_check = validate_setting("GOSUMDB", gosumdb.value)
        if not sumdb_check.ok:
            gosumdb = GosumdbDecision(
                note=Msg("GOSUMDB not changed: {error}", error=sumdb_check.error or ""), warning=True
            )
    notes: list[str] = []
    if style == "resilient" and len(chain) == 1:
        notes.append(Msg("no other healthy mirror to fall back on: the chain is the chosen mirror, then direct"))
    return SwitchPlan(chosen, chain, value, gosumdb, tuple(notes))
