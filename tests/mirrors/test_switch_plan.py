"""What a switch writes: the GOPROXY chain, the best pick, and when GOSUMDB must change too."""

from __future__ import annotations

import pytest

from goproxy_tui.core.health import HealthBook, MirrorStats, Sample
from goproxy_tui.core.mirrors import Catalog, Mirror
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import PhaseTimings
from goproxy_tui.core.probes.sumdb import CN_URL, ORIGIN_URL, SumdbReach, probe_sumdb
from goproxy_tui.core.switch import (
    SwitchError,
    active_mirror,
    chain_for,
    decide_gosumdb,
    goproxy_value,
    pick_best,
    plan_switch,
    refusal,
    resolve_target,
    sumdb_route,
)

A = Mirror("a", "https://a.example")
B = Mirror("b", "https://b.example/go/")
C = Mirror("c", "https://c.example")
D = Mirror("d", "https://d.example")
DOWN = Mirror("down", "https://down.example")
ALL = (A, B, C, D, DOWN)


def stats_of(**spec: tuple[float | None, bool | None]) -> dict[str, MirrorStats]:
    """name=(latency or None for a failure, sumdb)."""
    book = HealthBook()
    for name, (ms, sumdb) in spec.items():
        if ms is None:
            book.record(name, Sample(Fault.CONNECT_TIMEOUT))
        else:
            book.record(name, Sample(Fault.OK, PhaseTimings(ttfb_ms=ms), sumdb))
    return book.snapshot()


HEALTH = stats_of(a=(40, True), b=(20, False), c=(30, True), d=(90, True), down=(None, None))


def test_resilient_chain_puts_the_choice_first_then_the_fastest_healthy_then_direct() -> None:
    chain = chain_for(D, ALL, HEALTH, "resilient")
    assert [m.name for m in chain] == ["d", "b", "c"]  # never 'down', at most two fallbacks
    assert goproxy_value(chain, "resilient") == "https://d.example|https://b.example/go/|https://c.example|direct"


def test_plain_chain_is_the_mirror_then_direct() -> None:
    chain = chain_for(A, ALL, HEALTH, "plain")
    assert goproxy_value(chain, "plain") == "https://a.example,direct"


def test_the_same_server_is_not_listed_twice() -> None:
    twin = Mirror("a-again", "HTTPS://A.example/")
    stats = stats_of(a=(40, True), **{"a-again": (10, True)})
    assert [m.name for m in chain_for(A, (A, twin), stats, "resilient")] == ["a"]


def test_best_is_the_fastest_healthy_mirror_and_ties_go_to_sumdb_support() -> None:
    assert pick_best(ALL, HEALTH) == B
    tie = stats_of(a=(20, False), b=(20, True))
    assert pick_best((A, B), tie) == B
    fastest_down = stats_of(a=(50, True), b=(None, None), c=(70, True))
    assert pick_best((A, B, C), fastest_down) == A
    assert pick_best((A,), stats_of(a=(None, None))) is None
    assert pick_best(ALL, HEALTH, exclude=["B"]) == C


def test_active_mirror_is_the_first_goproxy_entry_matched_in_the_catalog() -> None:
    catalog = Catalog(ALL)
    assert active_mirror("https://b.example/go|https://a.example|direct", catalog) == B
    assert active_mirror("b.example/go,direct", catalog) == B  # a bare host gets https:// as in Go
    assert active_mirror("direct", catalog) is None
    assert active_mirror("https://elsewhere.example,direct", catalog) is None


@pytest.mark.parametrize(
    ("chain", "style", "expected"),
    [
        ([True], "plain", ("proxied", 0)),
        ([False], "plain", ("direct", None)),
        ([None], "plain", ("unavailable", 0)),  # after ',' Go stops at an unclear answer
        ([None, True], "resilient", ("proxied", 1)),  # after '|' Go moves on
        ([False, False], "resilient", ("direct", None)),
    ],
)
def test_sumdb_route_walks_the_chain_like_go(chain, style, expected) -> None:
    assert sumdb_route(chain, style) == expected


class Reach:
    """Real checksum-DB probes, with sum.golang.org and its .cn alias redirected to loopback URLs."""

    def __init__(self, origin: str, cn: str) -> None:
        self.targets = {ORIGIN_URL: origin, CN_URL: cn}
        self.asked: list[str] = []

    async def __call__(self, url: str) -> SumdbReach:
        self.asked.append(url)
        return await probe_sumdb(self.targets[url], timeout=1.0, environ={})


async def test_no_gosumdb_change_when_the_chain_proxies_the_checksum_db(refused_url) -> None:
    reach = Reach(refused_url, refused_url)
    decision = await decide_gosumdb((A,), HEALTH, "plain", "sum.golang.org", from_os=False, candidates=ALL,
                                    reach=reach)
    assert decision.value is None and not decision.warning
    assert reach.asked == []  # nothing to find out: Go will use the mirror


async def test_no_gosumdb_change_when_sum_golang_org_answers(sumdb_server, refused_url) -> None:
    db = sumdb_server()
    decision = await decide_gosumdb((B,), HEALTH, "plain", "sum.golang.org", from_os=False, candidates=ALL,
                                    reach=Reach(db.url, refused_url))
    assert decision.value is None
    assert db.requests == ["/latest"]


async def test_cn_alias_when_sum_golang_org_is_unreachable(sumdb_server, blackhole) -> None:
    cn = sumdb_server()
    decision = await decide_gosumdb((B,), HEALTH, "plain", "sum.golang.org", from_os=False, candidates=ALL,
                                    reach=Reach(blackhole.url(), cn.url))
    assert decision.value == "sum.golang.google.cn"
    assert "b does not proxy sum.golang.org" in decision.note and "connect-timeout" in decision.note


async def test_a_proxying_mirror_when_neither_database_answers(refused_url) -> None:
    decision = await decide_gosumdb((B,), HEALTH, "plain", "sum.golang.org", from_os=False, candidates=ALL,
                                    reach=Reach(refused_url, refused_url))
    assert decision.value == "sum.golang.org https://c.example/sumdb/sum.golang.org"  # fastest with sumdb
    assert "connect-refused" in decision.note


async def test_nothing_works_gives_a_warning_and_never_off(refused_url) -> None:
    only_b = stats_of(b=(20, False))
    decision = await decide_gosumdb((B,), only_b, "plain", "sum.golang.org", from_os=False, candidates=(B,),
                                    reach=Reach(refused_url, refused_url))
    assert decision.value is None and decision.warning
    assert "checksum lookups will fail" in decision.note


async def test_a_captive_portal_200_does_not_count_as_reachable(sumdb_server) -> None:
    portal = sumdb_server(body=b"<html>login</html>", content_type="text/html")
    result = await probe_sumdb(portal.url, timeout=1.0, environ={})
    assert result.fault is Fault.BAD_RESPONSE and not result.reachable


@pytest.mark.parametrize(
    "current",
    ["off", "sum.golang.google.cn", "sum.golang.org https://sum.example.com",
     "sum.example.com+12345678+AZ3grnmrIb5AK8E1dlTz8Nd6u5/qY71AVm5IHt+CcxLy"],
)
async def test_the_users_own_gosumdb_is_never_overridden(current, refused_url) -> None:
    decision = await decide_gosumdb((B,), HEALTH, "plain", current, from_os=False, candidates=ALL,
                                    reach=Reach(refused_url, refused_url))
    assert decision.value is None


async def test_gosumdb_from_the_os_environment_is_reported_not_written(refused_url) -> None:
    decision = await decide_gosumdb((B,), HEALTH, "plain", "sum.golang.org", from_os=True, candidates=ALL,
                                    reach=Reach(refused_url, refused_url))
    assert decision.value is None and decision.warning
    assert "OS environment" in decision.note


async def test_plan_changes_are_what_apply_changes_writes(refused_url) -> None:
    plan = await plan_switch(B, ALL, HEALTH, style="plain", reach=Reach(refused_url, refused_url))
    assert plan.changes() == {
        "GOPROXY": "https://b.example/go/,direct",
        "GOSUMDB": "sum.golang.org https://c.example/sumdb/sum.golang.org",
    }
    assert plan.describe()[0] == "GOPROXY=https://b.example/go/,direct"


async def test_plan_masks_credentials_in_what_it_says(refused_url) -> None:
    corp = Mirror("corp", "https://ci:s3cret@athens.example")
    stats = stats_of(corp=(5, True))
    plan = await plan_switch(corp, (corp,), stats, reach=Reach(refused_url, refused_url))
    assert plan.changes()["GOPROXY"] == "https://ci:s3cret@athens.example|direct"
    assert "s3cret" not in " ".join(plan.describe())


def test_resolve_target_by_name_url_or_new_url() -> None:
    catalog = Catalog((A, B))
    assert resolve_target("A", catalog) == A
    assert resolve_target("https://b.example/go", catalog) == B
    new = resolve_target("https://new.example/goproxy", catalog)
    assert new.url == "https://new.example/goproxy" and new.name == "new.example"
    with pytest.raises(SwitchError, match="no mirror named 'nope'"):
        resolve_target("nope", catalog)
    with pytest.raises(SwitchError, match="mirror URL"):
        resolve_target("ftp://x.example", catalog)


def test_pending_and_failing_mirrors_are_refused() -> None:
    assert "not been probed" in str(refusal(A, None))
    failing = refusal(DOWN, HEALTH["down"])
    assert failing is not None and "connect-timeout" in failing.message
    assert refusal(A, HEALTH["a"]) is None
