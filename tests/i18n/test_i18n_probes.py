"""Probe results, health reasons, switch refusals and mirror checks in Chinese, from real loopback probes.

What people read (``tr()`` of an explanation, a health reason, a switch error, a check error) is Chinese
and keeps its data (host:port, issuer, fault class); the same objects stay English in JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest
from loopnet.blackhole import Blackhole
from loopnet.dns_server import DnsServer
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import INTERCEPTION_CA_NAME, TEST_HOST, TlsCertificates

from goproxy_tui.core.health import HealthBook
from goproxy_tui.core.mirrors import Catalog, Mirror, check_mirror_name, check_mirror_url
from goproxy_tui.core.probes.dns import check_resolvers, parse_resolv_conf, parse_resolver, probe_dns
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import GoproxyProbeResult, ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.probes.sumdb import SumdbReach, probe_sumdb
from goproxy_tui.core.probes.tcp import ResolveError, probe_tcp
from goproxy_tui.core.probes.tls import probe_tls
from goproxy_tui.core.switch import SwitchError, plan_switch, refusal, resolve_target
from goproxy_tui.i18n import set_language, tr

CJK = re.compile(r"[\u4e00-\u9fff]")
FAST = ProbeTimeouts(connect=0.5, read=0.5, write=0.5, pool=0.5, total=3.0)


def chinese(english: str) -> str:
    """``english`` (text from the core) as shown in Chinese; fails if it stayed English."""
    shown = tr(english)
    assert shown != english and CJK.search(shown), f"not translated: {english!r}"
    return shown


async def probe(url: str, **kwargs: Any) -> GoproxyProbeResult:
    kwargs.setdefault("proxy_env", ProxyEnv())
    kwargs.setdefault("timeouts", FAST)
    return await probe_goproxy(url, **kwargs)








@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("certs"))




def loopback(table: dict[str, Sequence[str]]) -> Callable[[str], Awaitable[Sequence[str]]]:
    async def resolve(host: str) -> Sequence[str]:
        if host not in table:
            raise ResolveError(Fault.DNS_FAILURE, f"{host}: NXDOMAIN")
        return list(table[host])

    return resolve


# -- the GOPROXY probe -----------------------------------------------------------------------------------


async def test_a_blackholed_mirror_is_explained_in_chinese_and_stays_english_in_json(blackhole: Blackhole) -> None:
    result = await probe(blackhole.url())
    assert result.fault is Fault.CONNECT_TIMEOUT
    english = result.explanation
    host = f"127.0.0.1:{blackhole.address[1]}"
    assert english.startswith(f"{host}: GET ") and "no TCP answer within 0.5 s" in english
    before = json.dumps(result.to_json())

    set_language("zh_CN")
    shown = chinese(result.explanation)
    assert host in shown and f"GET {blackhole.url()}" in shown
    assert "0.5 秒内 TCP 无应答" in shown and tr(Fault.CONNECT_TIMEOUT.explanation) in shown
    assert "no TCP answer" not in shown and Fault.CONNECT_TIMEOUT.explanation not in shown
    assert "总计" in shown  # the phase timings: "total" is a word, DNS/TCP/TLS are not
    assert result.to_json()["explanation"] == english and json.dumps(result.to_json()) == before
    assert not CJK.search(before)


async def test_a_captive_portal_and_a_working_mirror_are_explained_in_chinese(goproxy: GoproxyServer) -> None:
    ok = await probe(goproxy.url)
    goproxy.set_fault(FaultMode.HTML_LOGIN)
    portal = await probe(goproxy.url)
    assert ok.fault is Fault.OK and portal.fault is Fault.BAD_RESPONSE
    english = (ok.explanation, portal.explanation)
    assert "answered as a Go module proxy" in ok.explanation and "an HTML page titled" in portal.explanation

    set_language("zh_CN")
    working = chinese(ok.explanation)
    assert f"127.0.0.1:{goproxy.port} 按 Go 模块代理协议应答" in working
    assert "github.com/gin-gonic/gin" in working and "个版本" in working and "answered as" not in working
    page = chinese(portal.explanation)
    assert "HTML 页面" in page and "强制门户" in page and "captive portal" not in page.replace("（captive portal）", "")
    assert tr(Fault.BAD_RESPONSE.explanation) in page
    assert (ok.to_json()["explanation"], portal.to_json()["explanation"]) == english


async def test_a_bad_mirror_url_is_refused_in_chinese() -> None:
    result = await probe("ftp://mirror.test/go")
    assert result.fault is Fault.BAD_URL
    assert result.explanation == "invalid mirror URL ftp://mirror.test/go: the scheme must be https or http."
    set_language("zh_CN")
    assert chinese(result.explanation) == "镜像 URL 无效 ftp://mirror.test/go：协议必须是 https 或 http。"
    assert result.to_json()["explanation"].startswith("invalid mirror URL")


# -- TCP, TLS, DNS, checksum database -------------------------------------------------------------------


async def test_tcp_refused_and_tls_interception_are_explained_in_chinese(
    closed_port: int, certs: TlsCertificates
) -> None:
    tcp = await probe_tcp("127.0.0.1", closed_port, timeout=1)
    assert tcp.fault is Fault.CONNECT_REFUSED and "TCP connect failed" in tcp.explanation
    with GoproxyServer(ssl_context=certs.untrusted) as server:
        tls = await probe_tls(
            TEST_HOST, server.port, ca_file=str(certs.ca_file), resolve=loopback({TEST_HOST: ["127.0.0.1"]}), timeout=2
        )
    assert tls.fault is Fault.TLS_UNTRUSTED
    english = tls.explanation
    assert "likely TLS interception by a corporate proxy" in english

    set_language("zh_CN")
    refused = chinese(tcp.explanation)
    assert refused.startswith(f"127.0.0.1:{closed_port}：TCP 连接失败") and "TCP connect failed" not in refused
    assert tr(Fault.CONNECT_REFUSED.explanation) in refused
    intercepted = chinese(tls.explanation)
    assert f"{TEST_HOST}:{server.port}：" in intercepted and f"'{INTERCEPTION_CA_NAME}'" in intercepted
    assert "很可能是企业代理在拦截 TLS" in intercepted and f"CA 文件 {certs.ca_file}" in intercepted
    assert "corporate proxy" not in intercepted
    assert tls.explanation == english


async def test_dns_poisoning_evidence_is_shown_in_chinese(dns_server: Callable[..., DnsServer]) -> None:
    host = "proxy.golang.org"
    system = dns_server({host: ["127.0.0.2"]})
    public = dns_server({host: ["142.250.1.141"]})
    resolver = parse_resolv_conf("nameserver 127.0.0.1\n", port=system.port)
    result = await probe_dns(host, system=resolver, public=[parse_resolver(public.entry)], timeout=1)
    assert result.fault is Fault.DNS_POISONED
    english = result.explanation
    assert "system said 127.0.0.2 (loopback)" in english
    set_language("zh_CN")
    shown = chinese(result.explanation)
    assert "DNS 正在被篡改" in shown and "system 应答：127.0.0.2（回环地址）" in shown
    assert f"{public.entry} 应答：142.250.1.141" in shown and "said" not in shown
    assert result.as_dict()["explanation"] == english and result.as_dict()["system"]["bad"][0]["kind"] == "loopback"


async def test_an_unreachable_checksum_database_and_bad_resolvers_are_described_in_chinese(closed_port: int) -> None:
    reach = await probe_sumdb(f"http://127.0.0.1:{closed_port}", timeout=1, environ={})
    assert not reach.reachable and reach.describe().startswith(f"http://127.0.0.1:{closed_port} is unreachable: ")
    check = check_resolvers(["8.8.8.8:99999"])
    assert check.error == "bad resolver '8.8.8.8:99999': port 99999 is out of range 1-65535"
    set_language("zh_CN")
    assert chinese(reach.describe()).startswith(f"http://127.0.0.1:{closed_port} 不可达：connect-refused（")
    assert chinese(check.error) == "解析器 '8.8.8.8:99999' 无效：端口 99999 超出 1-65535 范围"


# -- health, switch, mirror checks ----------------------------------------------------------------------


async def test_health_reasons_are_chinese(blackhole: Blackhole, goproxy: GoproxyServer) -> None:
    book = HealthBook()
    failed = await probe(blackhole.url())
    book.record("hole", failed)
    stats = book.record("hole", failed)
    book.record("flaky", failed)
    flaky = book.record("flaky", await probe(goproxy.url))
    assert stats.reason.startswith("connect-timeout (2 probes in a row): The TCP connection was never answered")
    assert flaky.reason == "flaky: 1 of the last 2 probes failed"
    english = (stats.to_json(), flaky.to_json())

    set_language("zh_CN")
    assert chinese(stats.reason).startswith("connect-timeout（连续 2 次探测失败）：TCP 连接始终没有应答")
    assert chinese(flaky.reason) == "不稳定：最近 2 次探测中有 1 次失败"
    assert (stats.to_json(), flaky.to_json()) == english


async def test_switch_refusals_and_the_gosumdb_note_are_chinese(blackhole: Blackhole, closed_port: int) -> None:
    hole = Mirror("hole", blackhole.url())
    book = HealthBook()
    book.record("hole", await probe(hole.url))
    refused = refusal(hole, book.stats("hole"))
    assert refused is not None and refused.message == "hole is failing (connect-timeout): Go would stall or fail on it"
    with pytest.raises(SwitchError) as unknown:
        resolve_target("nosuch", Catalog((hole,)))

    async def reach(url: str) -> SumdbReach:  # every checksum database is a closed loopback port here
        return await probe_sumdb(f"http://127.0.0.1:{closed_port}", timeout=1, environ={})

    fast = Mirror("fast", "http://127.0.0.1:9/")
    stats = {"fast": _healthy_without_sumdb(book, fast)}
    plan = await plan_switch(fast, [fast], stats, reach=reach)
    assert plan.gosumdb.warning and "no healthy mirror proxies it" in plan.gosumdb.note

    set_language("zh_CN")
    assert chinese(refused.message) == "hole 正在失败（connect-timeout）：Go 会在它上面卡住或失败"
    assert "gotui use --best" in chinese(refused.hint or "")
    assert chinese(unknown.value.message) == "没有名为 'nosuch' 的镜像"
    assert chinese(unknown.value.hint or "").startswith("已知镜像：hole")
    note = chinese(plan.gosumdb.note)
    assert "fast 不代理 sum.golang.org" in note and "不可达：connect-refused" in note and "校验和查询将会失败" in note
    assert [tr(line) for line in plan.describe()][-1] == chinese(plan.notes[0])


def _healthy_without_sumdb(book: HealthBook, mirror: Mirror) -> Any:
    from goproxy_tui.core.health import Sample
    from goproxy_tui.core.probes.results import PhaseTimings

    return book.record(mirror.name, Sample(Fault.OK, PhaseTimings(ttfb_ms=5.0), sumdb=False))


def test_bad_mirror_urls_and_names_are_reported_in_chinese() -> None:
    scheme = check_mirror_url("ftp://mirror.test")
    bare = check_mirror_url("goproxy.corp.test")
    plain = check_mirror_url("http://mirror.test")
    name = check_mirror_name("corp/proxy")
    assert scheme.error == "scheme 'ftp' is not allowed: a mirror URL is http or https"
    assert (bare.error, bare.hint) == ("'goproxy.corp.test' has no scheme", "write https://goproxy.corp.test")

    set_language("zh_CN")
    assert chinese(scheme.error or "") == "不允许协议 'ftp'：镜像 URL 只能是 http 或 https"
    assert chinese(bare.error or "") == "'goproxy.corp.test' 缺少协议（scheme）"
    assert tr(bare.hint) == "写成 https://goproxy.corp.test"
    assert chinese(plain.warnings[0]).startswith("明文 http")
    assert chinese(name.error or "") == "'corp/proxy' 包含 '/'、':'、',' 或 '|'"
    assert chinese(check_mirror_url(3).error or "") == "必须是字符串，而不是整数"


def test_text_built_while_chinese_is_in_use_is_still_english() -> None:
    """The core never translates when it builds text: only tr() shows it in the user's language."""
    set_language("zh_CN")
    result = check_mirror_url("ftp://mirror.test")
    assert result.error == "scheme 'ftp' is not allowed: a mirror URL is http or https"
    assert not CJK.search(json.dumps({"error": result.error}))
