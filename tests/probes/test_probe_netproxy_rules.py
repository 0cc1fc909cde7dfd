"""HTTPS_PROXY / HTTP_PROXY / NO_PROXY decided as Go's httpproxy package does (and shown masked)."""

from __future__ import annotations

import pytest

from goproxy_tui.core.probes.netproxy import ProxyEnv, parse_proxy_value, proxy_for_url

CORP = "http://corp:3128"


def route(url: str, **env: str) -> str:
    r = proxy_for_url(url, ProxyEnv.from_environ(env))
    return "error" if r.error else (r.proxy or "direct")


def test_upper_case_first_and_empty_means_unset() -> None:
    assert route("https://x.org", HTTPS_PROXY="http://up:1", https_proxy="http://low:2") == "http://up:1"
    assert route("https://x.org", HTTPS_PROXY="", https_proxy="http://low:2") == "http://low:2"
    env = ProxyEnv.from_environ({"HTTPS_PROXY": "", "https_proxy": "http://low:2"})
    assert env.https_proxy_var == "https_proxy"


def test_scheme_selects_the_variable_and_all_proxy_is_ignored() -> None:
    env = {"HTTP_PROXY": "http://h:1", "ALL_PROXY": "http://all:9"}
    assert route("http://x.org", **env) == "http://h:1"
    assert route("https://x.org", **env) == "direct"


@pytest.mark.parametrize(
    ("no_proxy", "url", "expected"),
    [
        (".example.com", "https://a.example.com", "direct"),
        (".example.com", "https://example.com", CORP),  # leading dot: subdomains only
        ("example.com", "https://example.com", "direct"),
        ("example.com", "https://deep.a.example.com", "direct"),
        ("example.com", "https://notexample.com", CORP),
        ("*.example.com", "https://example.com", CORP),
        ("example.com:8443", "https://example.com:8443", "direct"),
        ("example.com:8443", "https://example.com", CORP),
        ("10.0.0.0/8", "https://10.9.8.7", "direct"),
        ("10.0.0.0/8", "https://ten.example", CORP),  # CIDRs never match names
        ("192.168.1.1:8443", "https://192.168.1.1:8443", "direct"),
        ("192.168.1.1:8443", "https://192.168.1.1", CORP),
        ("[2001:db8::2]:9", "https://[2001:db8::2]:9", "direct"),
        ("1.2.3.4", "https://[::ffff:1.2.3.4]", "direct"),  # net.IP.Equal: v4-mapped equals v4
        ("Mixed.Case", "https://mixed.case", "direct"),
        ("*", "https://anything.example", "direct"),
        (" , ,", "https://anything.example", CORP),
    ],
)
def test_no_proxy_entries(no_proxy: str, url: str, expected: str) -> None:
    assert route(url, HTTPS_PROXY=CORP, NO_PROXY=no_proxy) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://localhost:8443", "direct"),
        ("https://127.0.0.9", "direct"),
        ("https://[::1]:8443", "direct"),
        ("https://LOCALHOST", CORP),  # Go compares "localhost" case-sensitively before lower-casing
    ],
)
def test_localhost_and_loopback_are_never_proxied(url: str, expected: str) -> None:
    assert route(url, HTTPS_PROXY=CORP) == expected


def test_proxy_values_without_scheme_get_http() -> None:
    assert parse_proxy_value("corp:3128") == "http://corp:3128"
    assert parse_proxy_value("10.1.1.1:3128") == "http://10.1.1.1:3128"
    assert parse_proxy_value("socks5://s:1080") == "socks5://s:1080"
    # Go retries a failed parse with "http://" prepended, and keeps whatever parses:
    assert parse_proxy_value("http://h:notaport") == "http://http://h:notaport"
    assert parse_proxy_value("corp proxy:3128") is None  # unparsable either way: Go ignores it
    assert route("https://x.org", HTTPS_PROXY="corp proxy:3128") == "direct"


def test_cgi_refuses_http_proxy() -> None:
    env = {"HTTP_PROXY": CORP, "REQUEST_METHOD": "GET"}
    r = proxy_for_url("http://x.org", ProxyEnv.from_environ(env))
    assert r.error is not None and "REQUEST_METHOD" in r.error
    assert r.describe().startswith("refused: refusing to use HTTP_PROXY value in CGI environment")
    assert route("https://x.org", **env) == "direct"


def test_description_masks_credentials() -> None:
    r = proxy_for_url("https://x.org", ProxyEnv.from_environ({"https_proxy": "http://bob:hunter2@corp:3128"}))
    assert r.proxy == "http://bob:hunter2@corp:3128"  # handed to httpx as is
    assert r.describe() == "via http://bob:***@corp:3128 (https_proxy)"
    assert proxy_for_url("https://x.org", ProxyEnv()).describe() == "direct (HTTPS_PROXY is not set)"
