"""goproxy.py: GOPROXY lists read as proxyList() does, checked against the real go offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from rules_oracle import Oracle, build_file_proxy, closed_port, download_errors

from goproxy_tui.core.rules.goproxy import FALLBACK_CAVEAT, ProxyEntry, parse_goproxy, validate_goproxy


def test_default_list() -> None:
    plist = parse_goproxy("https://proxy.golang.org,direct")
    assert plist.ok
    assert plist.entries == (
        ProxyEntry("https://proxy.golang.org", "proxy", "not-found", "https://proxy.golang.org"),
        ProxyEntry("direct", "direct", None, "direct"),
    )


def test_separators_set_fallback_and_blank_entries_are_skipped() -> None:
    plist = parse_goproxy(" goproxy.cn | ,https://b.example/x ,, direct,ignored.example|off")
    assert plist.ok
    assert [(e.url, e.kind, e.fallback) for e in plist.entries] == [
        ("https://goproxy.cn", "proxy", "any-error"),
        ("https://b.example/x", "proxy", "not-found"),
        ("direct", "direct", None),
    ]
    assert plist.ignored == ("ignored.example", "off")
    assert plist.entries[0].raw == "goproxy.cn"


@pytest.mark.parametrize(
    ("entry", "url"),
    [("goproxy.cn", "https://goproxy.cn"), ("127.0.0.1:8080", "https://127.0.0.1:8080"),
     ("mirrors.aliyun.com/goproxy/", "https://mirrors.aliyun.com/goproxy/"),
     ("http://localhost:3000", "http://localhost:3000"), ("file:///srv/goproxy", "file:///srv/goproxy")],
)  # fmt: skip
def test_bare_hosts_get_https(entry: str, url: str) -> None:
    plist = parse_goproxy(entry)
    assert plist.ok and plist.entries[0].url == url and plist.entries[0].fallback is None


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("garbage", "invalid proxy URL missing scheme: garbage"),
        ("localhost", "invalid proxy URL missing scheme: localhost"),
        ("/srv/goproxy", "invalid proxy URL missing scheme: /srv/goproxy"),
        ("ftp://x", "invalid proxy URL scheme (must be https, http, file): ftp://x"),
        ("file://host/x", "invalid file:// proxy URL with non-path elements: file://host/x"),
        ("file:/srv/x", "invalid file:// proxy URL with non-path elements: file:/srv/x"),
        ("https://a b", 'parse "https://a b": invalid character " " in host name'),
        ("http://x:port", 'parse "http://x:port": invalid port ":port" after host'),
        ("https://[::1", "parse \"https://[::1\": missing ']' in host"),
        ("https://%zz", 'parse "https://%zz": invalid URL escape "%zz"'),
        ("http://a:1:2", 'parse "http://a:1:2": invalid port ":1:2" after host'),
        (",", "GOPROXY list is not the empty string, but contains no entries"),
        (" | , ", "GOPROXY list is not the empty string, but contains no entries"),
        ("", "GOPROXY list is not the empty string, but contains no entries"),
        ("https://goproxy.cn,garbage,direct", "invalid proxy URL missing scheme: garbage"),
    ],
)
def test_go_errors(value: str, error: str) -> None:
    check = validate_goproxy(value)
    assert check.error == error
    assert check.hint


def test_entries_after_direct_are_not_checked() -> None:
    check = validate_goproxy("direct,garbage")
    assert check.ok
    assert check.warnings == ("entries after 'direct' are ignored by Go: garbage",)


def test_comma_fallback_caveat() -> None:
    check = validate_goproxy("https://goproxy.cn,direct")
    assert check.warnings == (f"https://goproxy.cn: {FALLBACK_CAVEAT} (e.g. https://goproxy.cn|direct)",)
    assert "after ',' Go only falls back on 404/410; use '|' so a timeout falls through" in check.warnings[0]
    assert validate_goproxy("https://goproxy.cn|direct").warnings == ()
    assert validate_goproxy("https://goproxy.cn").warnings == ()  # nothing to fall back to
    assert validate_goproxy("https://goproxy.cn,off").warnings == ()  # 'off' would fail anyway


def test_cleartext_and_credentials_warn_and_secrets_are_masked() -> None:
    check = validate_goproxy("http://alice:s3cret@proxy.corp.example:8081|direct")
    assert check.ok
    text = " ".join(check.warnings)
    assert "plain http" in text and "credentials" in text
    assert "s3cret" not in text and "alice:***@" in text
    bad = validate_goproxy("ftp://alice:s3cret@x")
    assert bad.error and "s3cret" not in bad.error


def test_hostless_urls_are_accepted_but_flagged() -> None:
    assert parse_goproxy("https:goproxy.cn").entries == ()  # has '.' and ':' but no ':/': https:// is added
    for value in ("https://", "https:/goproxy.cn"):
        check = validate_goproxy(value)
        assert check.ok
        assert any("has no host" in w for w in check.warnings)


def test_off_warns() -> None:
    assert validate_goproxy("off").warnings == (
        "GOPROXY=off: Go downloads no modules at all, only the module cache is used",
    )


# --------------------------------------------------------------------------------------------------
# Oracle: `go mod download` of a module served by a file:// proxy, with GOPROXY set to each value.
# Values only ever name file:// proxies, closed loopback ports and `off` (no traffic leaves the box).

CASES = [
    # (template, what go does: ok | refused | off | fail | error = our error)
    ("{FILE}", "ok"),
    ("{FILE},direct", "ok"),
    (" {FILE} | off ", "ok"),
    ("{FILE},,|", "ok"),
    ("{DEAD}|{FILE}", "ok"),
    ("{DEAD},{FILE}", "refused"),
    ("{EMPTY},{FILE}", "ok"),
    ("{BARE}|{FILE}", "ok"),
    ("{BARE},{FILE}", "refused"),
    ("HTTPS://127.0.0.1:{PORT}", "refused"),
    ("off", "off"),
    ("off,garbage", "off"),
    ("https:/127.0.0.1", "fail"),
    ("https:127.0.0.1", "error"),
    ("{FILE}|garbage", "error"),
    ("garbage", "error"),
    (",", "error"),
    (" ", "error"),
    ("|,|", "error"),
    ("localhost", "error"),
    ("/srv/goproxy", "error"),
    ("file://host/x", "error"),
    ("file:/srv/x", "error"),
    ("{FILE}?x=1", "error"),
    ("{FILE}#frag", "error"),
    ("ftp://127.0.0.1", "error"),
    ("https://a b", "error"),
    ("https://[::1", "error"),
    ("http://x:port", "error"),
    ("https://%zz", "error"),
    ("http://a:1:2", "error"),
    ("http://[127.0.0.1]:1", "error"),
    ("http://\x7f", "error"),
]


def test_goproxy_values_agree_with_real_go(tmp_path: Path) -> None:
    oracle = Oracle(tmp_path)
    file_url = build_file_proxy(tmp_path / "proxy", [("example.com/a", "v1.0.0")])
    empty_url = build_file_proxy(tmp_path / "empty", [])
    port = closed_port()
    subst = {
        "{FILE}": file_url,
        "{EMPTY}": empty_url,
        "{DEAD}": f"http://127.0.0.1:{port}",
        "{BARE}": f"127.0.0.1:{port}",
        "{PORT}": str(port),
    }
    values = []
    for template, _ in CASES:
        for key, sub in subst.items():
            template = template.replace(key, sub)
        values.append(template)
    work = oracle.workdir("dl", module=None)
    jobs = [
        (
            ["mod", "download", "-json", "example.com/a@v1.0.0"],
            work,
            oracle.env(GOPROXY=v, GONOSUMDB="example.com"),
        )
        for v in values
    ]
    for (template, expect), value, result in zip(CASES, values, oracle.run_many(jobs), strict=True):
        go_error = download_errors(result).get("example.com/a@v1.0.0", "no JSON: " + result.output)
        ours = parse_goproxy(value)
        if expect == "error":
            assert ours.error is not None, template
            assert go_error == f"example.com/a@v1.0.0: {ours.error}", template
            continue
        assert ours.ok, (template, ours.error)
        if expect == "ok":
            assert go_error is None, (template, go_error)
        elif expect == "refused":
            assert go_error and "refused" in go_error, (template, go_error)
        elif expect == "off":
            assert go_error and "module lookup disabled by GOPROXY=off" in go_error
        else:
            assert go_error and "invalid proxy URL" not in go_error and "parse " not in go_error
    # what the parse says about falling through is what go did
    dead_pipe = parse_goproxy(values[4]).entries[0]
    dead_comma = parse_goproxy(values[5]).entries[0]
    assert (dead_pipe.fallback, dead_comma.fallback) == ("any-error", "not-found")
    assert parse_goproxy(values[7]).entries[0].url == f"https://127.0.0.1:{port}"


def test_empty_goproxy_in_env_file_is_an_error_for_go(tmp_path: Path) -> None:
    """`go env -w GOPROXY=` leaves Go with an empty list, not the default: same error as ours."""
    oracle = Oracle(tmp_path)
    envfile = tmp_path / "goenv"
    envfile.write_text("GOPROXY=\n")
    env = oracle.env(GOENV=str(envfile), GONOSUMDB="example.com")
    del env["GOPROXY"]
    result = oracle.run(["mod", "download", "-json", "example.com/a@v1.0.0"], oracle.workdir("e", None), env)
    assert (
        download_errors(result)["example.com/a@v1.0.0"]
        == f"example.com/a@v1.0.0: {validate_goproxy('').error}"
    )
