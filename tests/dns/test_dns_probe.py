"""probe_dns against real loopback DNS servers: one test per outcome the user can meet."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import dns_fixtures
from dns_fixtures import StartServer, SystemOf, spec
from loopnet.dns_server import NODATA, SERVFAIL, SILENT

from goproxy_tui.core.probes.dns import (
    DnsReason,
    ResolverSpec,
    SystemResolver,
    probe_dns,
    read_resolv_conf,
)
from goproxy_tui.core.probes.faults import Fault

# The shared fixtures, bound by name so pytest finds them (see dns_fixtures.py).
dns_server = dns_fixtures.dns_server
resolv_conf = dns_fixtures.resolv_conf
system_of = dns_fixtures.system_of


HOST = "proxy.golang.org"
ADDRS = ["142.251.42.241", "2404:6800:4012:1::2011"]



async def test_ok_with_per_resolver_timings(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: ADDRS}, delay=0.15)
    public = dns_server({HOST: ADDRS})
    result = await probe_dns(HOST, system=system_of(system), public=[spec(public)], timeout=2)
    assert result.fault is Fault.OK and result.reason is DnsReason.OK
    assert result.addresses == tuple(ADDRS)
    assert not result.suspicious
    assert result.system.elapsed_ms is not None and result.system.elapsed_ms >= 150
    assert result.public[0].elapsed_ms is not None and result.public[0].elapsed_ms < 150
    assert result.public[0].resolver == public.entry
    assert result.dns_ms == result.system.elapsed_ms
    asked = sorted((q.name, q.rdtype) for q in system.queries)
    assert asked == [(HOST + ".", "A"), (HOST + ".", "AAAA")]  # absolute name: the search list is not used


async def test_resolvers_are_queried_concurrently(dns_server: StartServer, system_of: SystemOf) -> None:
    servers = [dns_server({HOST: ADDRS}, delay=0.3) for _ in range(4)]
    start = time.perf_counter()
    result = await probe_dns(
        HOST, system=system_of(servers[0]), public=[spec(s) for s in servers[1:]], timeout=2
    )
    elapsed = time.perf_counter() - start
    assert result.ok and all(p.ok for p in result.public)
    assert elapsed < 0.6, f"4 resolvers x 2 queries each delayed 0.3 s took {elapsed:.2f} s"


async def test_truncated_udp_answers_are_retried_over_tcp(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    system = dns_server({HOST: ADDRS}, truncate_udp=True)
    result = await probe_dns(HOST, system=system_of(system), public=[], timeout=2)
    assert result.ok and result.addresses == tuple(ADDRS)
    assert {q.transport for q in system.queries} == {"udp", "tcp"}


async def test_nxdomain(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({})
    public = dns_server({})
    host = "no-such-mirror.example"
    result = await probe_dns(host, system=system_of(system), public=[spec(public)], timeout=2)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.NXDOMAIN
    assert result.explanation.startswith("The resolver says the name does not exist (NXDOMAIN).")
    assert "Public resolvers find no address for it either" in result.explanation


async def test_no_answer(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: NODATA})
    result = await probe_dns(HOST, system=system_of(system), public=[], timeout=2)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.NO_ANSWER
    assert "no A or AAAA address" in result.explanation


async def test_empty_address_list_is_no_answer_too(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: []})
    result = await probe_dns(HOST, system=system_of(system), public=[], timeout=2)
    assert result.reason is DnsReason.NO_ANSWER


async def test_ipv4_only_name_is_ok(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: ["142.251.42.241"]})
    result = await probe_dns(HOST, system=system_of(system), public=[], timeout=2)
    assert result.ok and result.addresses == ("142.251.42.241",)


async def test_servfail(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: SERVFAIL})
    result = await probe_dns(HOST, system=system_of(system), public=[], timeout=2)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.SERVFAIL
    assert f"127.0.0.1:{system.port} answered SERVFAIL" in result.explanation


async def test_timeout_within_its_configured_timeout(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: SILENT})
    public = dns_server({HOST: ADDRS})
    start = time.perf_counter()
    result = await probe_dns(HOST, system=system_of(system), public=[spec(public)], timeout=0.3)
    elapsed = time.perf_counter() - start
    assert result.fault is Fault.DNS_TIMEOUT and result.reason is DnsReason.TIMEOUT
    assert 0.3 <= elapsed <= 0.33, elapsed
    assert result.system.elapsed_ms is not None and result.system.elapsed_ms <= 330
    # The public resolver did answer, so the user is told where the problem is.
    assert result.public[0].ok
    assert f"Public resolver {public.entry} does resolve it" in result.explanation
    assert "the system's DNS is the problem" in result.explanation


async def test_every_resolver_silent_says_dns_is_blocked(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    silent = [dns_server({}, default=SILENT) for _ in range(2)]
    result = await probe_dns(HOST, system=system_of(silent[0]), public=[spec(silent[1])], timeout=0.2)
    assert result.fault is Fault.DNS_TIMEOUT
    assert result.public[0].outcome is DnsReason.TIMEOUT
    assert "No public resolver answered either" in result.explanation


async def test_system_fails_over_to_its_next_nameserver(dns_server: StartServer) -> None:
    dead = dns_server({}, default=SILENT)
    alive = dns_server({HOST: ADDRS})
    servers = (ResolverSpec("127.0.0.1", dead.port), ResolverSpec("127.0.0.1", alive.port))
    system = SystemResolver("test", servers)
    result = await probe_dns(HOST, system=system, public=[], timeout=0.2)
    assert result.ok and result.addresses == tuple(ADDRS)
    assert result.system.elapsed_ms is not None and 200 <= result.system.elapsed_ms < 400


async def test_deadline_bounds_the_whole_probe(dns_server: StartServer) -> None:
    dead = [dns_server({}, default=SILENT) for _ in range(3)]
    system = SystemResolver("test", tuple(ResolverSpec("127.0.0.1", d.port) for d in dead))
    start = time.perf_counter()
    result = await probe_dns(HOST, system=system, public=[spec(dead[0])], timeout=1.0, deadline=0.25)
    elapsed = time.perf_counter() - start
    assert result.reason is DnsReason.TIMEOUT
    assert elapsed <= 0.25 * 1.1, elapsed


async def test_no_nameservers(dns_server: StartServer, resolv_conf: Callable[..., Path]) -> None:
    public = dns_server({HOST: ADDRS})
    path = resolv_conf("search corp.example\n")
    result = await probe_dns(HOST, system=read_resolv_conf(path, port=1), public=[spec(public)], timeout=1)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.NO_NAMESERVERS
    assert result.system.elapsed_ms is None  # nothing was sent
    assert f"({path} has no nameserver line)" in result.explanation
    assert result.public[0].ok  # the public resolvers are still asked


async def test_missing_resolv_conf(dns_server: StartServer, tmp_path: Path) -> None:
    public = dns_server({HOST: ADDRS})
    system = read_resolv_conf(tmp_path / "missing.conf", port=public.port)
    result = await probe_dns(HOST, system=system, public=[spec(public)], timeout=1)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.RESOLV_CONF_UNREADABLE
    assert "No such file or directory" in result.explanation
    assert len(public.queries) == 2  # only the public resolver's A and AAAA


async def test_garbage_resolv_conf(resolv_conf: Callable[..., Path]) -> None:
    system = read_resolv_conf(resolv_conf("{\n  \"nameservers\": [\"8.8.8.8\"]\n}\n"))
    result = await probe_dns(HOST, system=system, public=[], timeout=1)
    assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.RESOLV_CONF_MALFORMED
    assert "contains no resolv.conf directive" in result.explanation


async def test_ip_literal_needs_no_lookup(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({})
    result = await probe_dns("[2001:db8::1]", system=system_of(system), public=[], timeout=1)
    assert result.ok and result.reason is DnsReason.IP_LITERAL
    assert result.addresses == ("2001:db8::1",)
    assert system.queries == []


async def test_a_bad_host_name_is_a_result_not_an_exception(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    system = dns_server({})
    for host in ("", "goproxy.cn:443", "a..b", "x" * 64 + ".example", "https://goproxy.cn"):
        result = await probe_dns(host, system=system_of(system), public=[], timeout=1)
        assert result.fault is Fault.DNS_FAILURE and result.reason is DnsReason.BAD_NAME, host
        assert len(result.explanation.splitlines()) == 1
    assert system.queries == []


async def test_result_is_json_ready(dns_server: StartServer, system_of: SystemOf) -> None:
    system = dns_server({HOST: ADDRS})
    result = await probe_dns(HOST, system=system_of(system), public=[spec(system)], timeout=1)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["fault"] == "ok" and data["reason"] == "ok"
    assert data["addresses"] == ADDRS
    assert data["system"]["servers"] == [system.entry]
    assert data["public"][0]["resolver"] == system.entry
