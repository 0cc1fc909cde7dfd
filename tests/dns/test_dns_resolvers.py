"""The `[dns] resolvers` list: entries are IP addresses with an optional port, bad ones get one line."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goproxy_tui.core.probes.dns import (
    DEFAULT_PUBLIC_RESOLVERS,
    ResolverError,
    ResolverSpec,
    check_resolvers,
    default_public_resolvers,
    parse_resolver,
    parse_resolvers,
)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("8.8.8.8", ResolverSpec("8.8.8.8", 53)),
        (" 223.5.5.5 ", ResolverSpec("223.5.5.5", 53)),
        ("127.0.0.1:5353", ResolverSpec("127.0.0.1", 5353)),
        ("2001:4860:4860::8888", ResolverSpec("2001:4860:4860::8888", 53)),
        ("[2001:4860:4860::8888]:5353", ResolverSpec("2001:4860:4860::8888", 5353)),
        ("[::1]", ResolverSpec("::1", 53)),
        ("[2001:DB8::1]:53", ResolverSpec("2001:db8::1", 53)),
    ],
)
def test_valid_entries(entry: str, expected: ResolverSpec) -> None:
    assert parse_resolver(entry) == expected


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("", "empty entry"),
        ("dns.google", "must be an IP address"),
        ("8.8.8.8:", "missing port"),
        ("8.8.8.8:dns", "is not a number"),
        ("8.8.8.8:0", "out of range"),
        ("8.8.8.8:70000", "out of range"),
        ("[8.8.8.8]:53", "brackets are only for IPv6"),
        ("[2001:db8::1", "expected [IPv6]:port"),
        ("[2001:db8::zz]:53", "is not an IPv6 address"),
        ("https://dns.google/dns-query", "no URL, DoH or DoT"),
        ("tls://1.1.1.1", "no URL, DoH or DoT"),
        ("256.1.1.1", "is not an IP address"),
        ("224.0.0.1", "not a unicast address"),
        ("0.0.0.0", "not a unicast address"),
        ("8.8.8.8\n:53", "is not an IP address"),
    ],
)
def test_bad_entries_get_a_clear_one_line_error(entry: str, message: str) -> None:
    with pytest.raises(ResolverError) as info:
        parse_resolver(entry)
    text = str(info.value)
    assert message in text
    assert "\n" not in text
    assert text.startswith("bad resolver ")


def test_list_keeps_good_entries_in_order_and_reports_each_bad_one() -> None:
    parsed = parse_resolvers(["223.5.5.5", "dns.google", "8.8.8.8:5353", "223.5.5.5", 53])
    assert parsed.resolvers == (ResolverSpec("223.5.5.5"), ResolverSpec("8.8.8.8", 5353))
    assert len(parsed.errors) == 2
    assert "'dns.google'" in parsed.errors[0]
    assert parsed.errors[1].startswith("bad resolver 53: expected a string")


def test_a_single_string_is_split_on_commas_and_blanks() -> None:
    parsed = parse_resolvers("1.1.1.1, [::1]:5300  9.9.9.9")
    assert [str(r) for r in parsed.resolvers] == ["1.1.1.1", "[::1]:5300", "9.9.9.9"]
    assert parsed.errors == ()


def test_a_non_list_value_is_an_error_not_an_exception() -> None:
    parsed = parse_resolvers({"resolvers": "8.8.8.8"})
    assert parsed.resolvers == ()
    assert parsed.errors == ("[dns] resolvers must be a list of strings, not dict",)


def test_check_resolvers_reports_the_first_bad_entry_with_a_hint() -> None:
    assert check_resolvers(["8.8.8.8", "[::1]:53"]).ok
    bad = check_resolvers(["8.8.8.8", "resolver.corp"])
    assert not bad.ok
    assert bad.error is not None and "'resolver.corp'" in bad.error
    assert bad.hint is not None and "8.8.8.8:53" in bad.hint
    empty = check_resolvers([])
    assert empty.error == "[dns] resolvers is empty"


def test_the_default_list_is_the_documented_one() -> None:
    assert [str(r) for r in default_public_resolvers()] == list(DEFAULT_PUBLIC_RESOLVERS)
    assert DEFAULT_PUBLIC_RESOLVERS == ("223.5.5.5", "119.29.29.29", "8.8.8.8")


@given(st.ip_addresses(), st.integers(min_value=1, max_value=65535))
def test_a_spec_written_out_parses_back_to_itself(ip: ipaddress._BaseAddress, port: int) -> None:
    if ip.is_multicast or ip.is_unspecified:
        return
    spec = ResolverSpec(str(ip), port)
    assert parse_resolver(str(spec)) == spec


@given(st.one_of(st.text(), st.lists(st.one_of(st.text(), st.integers(), st.none()))))
def test_parsing_any_value_never_raises_and_errors_are_one_line(value: object) -> None:
    parsed = parse_resolvers(value)
    for error in parsed.errors:
        assert len(error.splitlines()) == 1
    for spec in parsed.resolvers:
        assert 1 <= spec.port <= 65535
        ipaddress.ip_address(spec.address)


@given(st.text())
def test_parse_resolver_raises_only_resolver_error(text: str) -> None:
    try:
        parse_resolver(text)
    except ResolverError as exc:
        assert len(str(exc).splitlines()) == 1
