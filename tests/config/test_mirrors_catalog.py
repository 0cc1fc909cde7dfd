"""The mirror catalog: DESIGN §4 facts, merging with the user's list, look-ups, URL validation."""

from __future__ import annotations

import pytest

from goproxy_tui.core.mirrors import (
    BUILTIN_CATALOG,
    BUILTIN_MIRRORS,
    CatalogError,
    Mirror,
    check_mirror_name,
    check_mirror_url,
    merge_catalog,
    normalize_url,
)

# DESIGN §4, copied by hand: the catalog must match it row for row.
EXPECTED = [
    ("golang", "https://proxy.golang.org", "Google (Go team)", "origin"),
    ("goproxy.cn", "https://goproxy.cn", "Qiniu Cloud (七牛云)", "yes"),
    ("goproxy.io", "https://goproxy.io", "GOPROXY.IO", "yes"),
    ("aliyun", "https://mirrors.aliyun.com/goproxy/", "Alibaba Cloud (阿里云)", "probe"),
    ("tencent", "https://mirrors.cloud.tencent.com/go/", "Tencent Cloud (腾讯云)", "probe"),
    ("huawei", "https://mirrors.huaweicloud.com/repository/goproxy/", "Huawei Cloud (华为云)", "no"),
]


def test_builtin_catalog_matches_design_table() -> None:
    assert [(m.name, m.url, m.operator, m.sumdb) for m in BUILTIN_MIRRORS] == EXPECTED
    assert all(m.builtin for m in BUILTIN_MIRRORS)
    assert "time out" in BUILTIN_CATALOG.by_name("huawei").note  # type: ignore[union-attr]


def test_retired_or_wrong_mirrors_are_never_offered() -> None:
    text = repr(BUILTIN_MIRRORS).lower()
    assert "gocenter" not in text
    assert "tuna" not in text and "tsinghua" not in text
    goproxy_cn = BUILTIN_CATALOG.by_name("goproxy.cn")
    assert goproxy_cn is not None and "alibaba" not in goproxy_cn.operator.lower()
    assert "阿里" not in goproxy_cn.operator


def test_mirror_is_frozen() -> None:
    with pytest.raises(AttributeError):
        BUILTIN_MIRRORS[0].url = "https://evil.example"  # type: ignore[misc]


def test_merge_includes_builtins_then_user_mirrors() -> None:
    corp = Mirror("corp", "https://goproxy.corp.example.com")
    catalog = merge_catalog([corp], include_builtin=True)
    assert catalog.names() == ("golang", "goproxy.cn", "goproxy.io", "aliyun", "tencent", "huawei", "corp")


def test_include_builtin_false_gives_only_user_mirrors() -> None:
    corp = Mirror("corp", "https://goproxy.corp.example.com")
    assert merge_catalog([corp], include_builtin=False).names() == ("corp",)
    assert len(merge_catalog([], include_builtin=False)) == 0


def test_user_mirror_overrides_builtin_of_same_name_in_place() -> None:
    mine = Mirror("Aliyun", "https://aliyun-mirror.corp.example.com", "corp IT")
    catalog = merge_catalog([mine])
    assert catalog.names() == ("golang", "goproxy.cn", "goproxy.io", "Aliyun", "tencent", "huawei")
    found = catalog.by_name("aliyun")
    assert found == mine and not found.builtin


def test_duplicate_user_names_are_an_error() -> None:
    with pytest.raises(CatalogError, match="duplicate mirror name 'CORP'"):
        merge_catalog([Mirror("corp", "https://a.example"), Mirror("CORP", "https://b.example")])


@pytest.mark.parametrize("query", ["goproxy.cn", "GoProxy.CN", "  goproxy.cn "])
def test_lookup_by_name_is_case_insensitive(query: str) -> None:
    assert BUILTIN_CATALOG.by_name(query).url == "https://goproxy.cn"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "query",
    [
        "https://mirrors.aliyun.com/goproxy/",
        "https://mirrors.aliyun.com/goproxy",
        "HTTPS://Mirrors.Aliyun.COM/goproxy//",
        "https://mirrors.aliyun.com:443/goproxy",
        "mirrors.aliyun.com/goproxy",  # a bare host gets https:// as in Go
    ],
)
def test_lookup_by_url_is_normalised(query: str) -> None:
    assert BUILTIN_CATALOG.by_url(query).name == "aliyun"  # type: ignore[union-attr]
    assert BUILTIN_CATALOG.find(query).name == "aliyun"  # type: ignore[union-attr]


def test_lookup_by_url_keeps_path_case_and_scheme() -> None:
    assert BUILTIN_CATALOG.by_url("https://mirrors.aliyun.com/GOPROXY") is None
    assert BUILTIN_CATALOG.by_url("http://goproxy.cn") is None
    assert BUILTIN_CATALOG.find("nonexistent") is None
    assert BUILTIN_CATALOG.find("https://[::1") is None  # malformed input: no match, no exception


def test_lookup_by_url_ignores_credentials() -> None:
    corp = Mirror("corp", "https://bob:s3cret@goproxy.corp.example.com")
    catalog = merge_catalog([corp])
    assert catalog.by_url("https://goproxy.corp.example.com/") == corp


def test_normalize_url() -> None:
    assert normalize_url("HTTPS://U:P@GoProxy.CN:443/A/") == "https://U:P@goproxy.cn/A"
    assert normalize_url("http://[::1]:8080/") == "http://[::1]:8080"
    assert normalize_url("goproxy.cn") == "https://goproxy.cn"


def test_credentials_are_flagged_and_masked() -> None:
    corp = Mirror("corp", "https://bob:s3cret@goproxy.corp.example.com/")
    assert corp.has_credentials
    assert corp.display_url == "https://bob:***@goproxy.corp.example.com/"
    assert "s3cret" not in corp.display_url
    assert not BUILTIN_MIRRORS[0].has_credentials


@pytest.mark.parametrize(
    "url",
    [
        "https://goproxy.corp.example.com",
        "https://goproxy.corp.example.com/",
        "http://127.0.0.1:8080/proxy",
        "https://[::1]:8443/",
        "https://athens_proxy.intra:3000",
    ],
)
def test_valid_urls(url: str) -> None:
    assert check_mirror_url(url).ok


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("", "must not be empty"),
        ("ftp://goproxy.cn", "scheme 'ftp' is not allowed"),
        ("file:///srv/goproxy", "scheme 'file' is not allowed"),
        ("goproxy.cn", "has no scheme"),
        ("https://", "has no valid host"),
        ("https://:443/x", "has no valid host"),
        ("https://goproxy.cn/?x=1", "query or fragment"),
        ("https://goproxy.cn/#top", "query or fragment"),
        ("https://goproxy.cn,direct", "separates GOPROXY entries"),
        ("https://a.example|https://b.example", "separates GOPROXY entries"),
        ("https://goproxy .cn", "whitespace"),
        ("https://goproxy.cn:99999", "not a valid URL"),
        ("https://bad_host-.example", "has no valid host"),
        ("https://[::1", "not a valid URL"),
        (42, "must be a string"),
    ],
)
def test_invalid_urls_give_one_line_errors(url: object, error: str) -> None:
    check = check_mirror_url(url)
    assert not check.ok
    assert error in str(check.error)
    assert "\n" not in str(check.error)


def test_url_errors_never_show_the_password() -> None:
    check = check_mirror_url("ftp://bob:s3cret@goproxy.cn")
    assert not check.ok and "s3cret" not in str(check.error)


def test_url_warnings() -> None:
    assert any("credentials" in w for w in check_mirror_url("https://u:p@a.example").warnings)
    assert any("plain http" in w for w in check_mirror_url("http://a.example").warnings)
    assert any("retired" in w for w in check_mirror_url("https://gocenter.io").warnings)
    assert check_mirror_url("https://a.example").warnings == ()


@pytest.mark.parametrize("name", ["corp", "goproxy.cn", "公司", "corp-proxy_2"])
def test_valid_names(name: str) -> None:
    assert check_mirror_name(name).ok


@pytest.mark.parametrize("name", ["", "my corp", "https://x", "a/b", "a,b", "x" * 65, None, "a\tb"])
def test_invalid_names(name: object) -> None:
    assert not check_mirror_name(name).ok
