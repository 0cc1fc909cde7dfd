"""The poisoning heuristic: strong evidence is flagged, CDN-style disagreement is only suspicious.

The names are public-looking; the "system" and "public" resolvers are two loopback servers with
different zones.
"""

from __future__ import annotations

import dns_fixtures
import pytest
from dns_fixtures import StartServer, SystemOf, spec
from loopnet.dns_server import NXDOMAIN, SILENT

from goproxy_tui.core.probes.dns import (
    DnsReason,
    DnsResult,
    classify_address,
    probe_dns,
)
from goproxy_tui.core.probes.faults import Fault

# The shared fixtures, bound by name so pytest finds them (see dns_fixtures.py).
dns_server = dns_fixtures.dns_server
resolv_conf = dns_fixtures.resolv_conf  # system_of uses it
system_of = dns_fixtures.system_of


HOST = "proxy.golang.org"
REAL = ["142.251.42.241"]



async def run(
    dns_server: StartServer,
    system_of: SystemOf,
    system_answer: object,
    *public_answers: object,
    host: str = HOST,
) -> DnsResult:
    """Probe ``host`` with a system resolver and one public resolver per answer given."""
    system = dns_server({host: system_answer})
    public = [dns_server({host: answer}) for answer in public_answers]
    return await probe_dns(host, system=system_of(system), public=[spec(p) for p in public], timeout=0.3)


async def test_private_address_for_a_public_name_is_poisoning(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    result = await run(dns_server, system_of, ["10.10.34.34"], REAL, REAL)
    assert result.fault is Fault.DNS_POISONED and result.reason is DnsReason.BOGUS_ADDRESS
    assert result.evidence[0] == "system said 10.10.34.34 (private)"
    assert result.evidence[1].endswith(" said 142.251.42.241")
    assert "DNS is being tampered with" in result.explanation
    assert "system said 10.10.34.34 (private)" in result.explanation


async def test_loopback_answer_is_poisoning_even_when_no_public_resolver_answers(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    result = await run(dns_server, system_of, ["127.0.0.1"], SILENT)
    assert result.fault is Fault.DNS_POISONED and result.reason is DnsReason.BOGUS_ADDRESS
    assert result.evidence == ("system said 127.0.0.1 (loopback)",)


async def test_known_gfw_forged_address(dns_server: StartServer, system_of: SystemOf) -> None:
    # A public-looking address: only the known-injection list tells it apart.
    result = await run(dns_server, system_of, ["243.185.187.39"], SILENT)
    assert result.fault is Fault.DNS_POISONED and result.reason is DnsReason.GFW_FORGED
    result = await run(dns_server, system_of, ["93.46.8.89"], REAL)
    assert result.reason is DnsReason.GFW_FORGED
    assert "system said 93.46.8.89 (known GFW forged address)" in result.evidence


async def test_disagreement_alone_is_only_suspicious(dns_server: StartServer, system_of: SystemOf) -> None:
    result = await run(dns_server, system_of, ["8.8.4.4"], REAL, ["142.251.42.242"])
    assert result.fault is Fault.OK and result.reason is DnsReason.ANSWERS_DIFFER
    assert result.suspicious
    assert result.evidence[0] == "system said 8.8.4.4"
    assert len(result.evidence) == 3  # who said what: the system and both public resolvers


async def test_cdn_answers_that_overlap_are_clean(dns_server: StartServer, system_of: SystemOf) -> None:
    result = await run(dns_server, system_of, ["1.1.1.1", "2.2.2.2"], ["2.2.2.2", "3.3.3.3"], ["4.4.4.4"])
    assert result.fault is Fault.OK and result.reason is DnsReason.OK
    assert not result.suspicious


async def test_internal_name_is_split_horizon_not_poisoning(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    host = "goproxy.corp.example.com"
    result = await run(dns_server, system_of, ["10.0.0.5"], NXDOMAIN, host=host)
    assert result.fault is Fault.OK and result.reason is DnsReason.INTERNAL_NAME
    assert not result.suspicious


async def test_private_answer_nobody_can_confirm_is_suspicious(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    result = await run(dns_server, system_of, ["192.168.1.20"], SILENT)
    assert result.fault is Fault.OK and result.reason is DnsReason.PRIVATE_UNCONFIRMED
    assert result.suspicious


async def test_fake_ip_proxy_tools_are_not_poisoning(dns_server: StartServer, system_of: SystemOf) -> None:
    result = await run(dns_server, system_of, ["198.18.0.42"], REAL)
    assert result.fault is Fault.OK and result.reason is DnsReason.FAKE_IP
    assert "Clash" in result.explanation


async def test_a_name_that_really_points_to_loopback_is_clean(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    result = await run(dns_server, system_of, ["127.0.0.1"], ["127.0.0.1"], host="localtest.me")
    assert result.fault is Fault.OK and result.reason is DnsReason.OK


async def test_a_tampered_public_resolver_is_reported_but_not_blamed_on_the_system(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    result = await run(dns_server, system_of, REAL, REAL, ["243.185.187.39"])
    assert result.fault is Fault.OK and result.reason is DnsReason.OK
    assert any(line.endswith("said 243.185.187.39 (known GFW forged address)") for line in result.evidence)


async def test_system_answers_where_public_resolvers_say_nxdomain(
    dns_server: StartServer, system_of: SystemOf
) -> None:
    # ISP "NXDOMAIN redirection" (or an internal name with a public address): worth a look.
    result = await run(dns_server, system_of, ["61.135.169.121"], NXDOMAIN, host="no-such-mirror.example")
    assert result.fault is Fault.OK and result.reason is DnsReason.ANSWERS_DIFFER and result.suspicious


async def test_evidence_is_in_the_json(dns_server: StartServer, system_of: SystemOf) -> None:
    result = await run(dns_server, system_of, ["10.10.34.34"], REAL)
    data = result.as_dict()
    assert data["fault"] == "dns-poisoned"
    assert data["system"]["bad"] == [{"address": "10.10.34.34", "kind": "private"}]
    assert data["public"][0]["addresses"] == REAL
    assert data["evidence"][0] == "system said 10.10.34.34 (private)"


@pytest.mark.parametrize(
    ("address", "kind", "strong"),
    [
        ("142.251.42.241", None, None),
        ("2404:6800:4012:1::2011", None, None),
        ("10.1.2.3", "private", False),
        ("172.20.0.1", "private", False),
        ("fd00::1", "private", False),
        ("100.64.0.1", "shared (CGNAT)", False),
        ("169.254.1.1", "link-local", False),
        ("198.18.3.4", "fake-ip (198.18.0.0/15)", False),
        ("127.0.0.1", "loopback", True),
        ("::1", "loopback", True),
        ("::ffff:127.0.0.1", "loopback", True),
        ("0.0.0.0", "unspecified", True),
        ("::", "unspecified", True),
        ("224.0.0.1", "multicast", True),
        ("240.0.0.1", "reserved", True),
        ("243.185.187.39", "known GFW forged address", True),
        ("8.7.198.45", "known GFW forged address", True),
        ("192.0.2.1", "not globally routable", True),
    ],
)
def test_classify_address(address: str, kind: str | None, strong: bool | None) -> None:
    bad = classify_address(address)
    if kind is None:
        assert bad is None
    else:
        assert bad is not None and (bad.kind, bad.strong) == (kind, strong)
