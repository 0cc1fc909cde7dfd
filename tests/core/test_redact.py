"""Credentials never reach the screen; control characters never reach the terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goproxy_tui.core.redact import mask_secrets, printable, restore_secrets


def test_password_is_masked_in_a_goproxy_list() -> None:
    value = "https://alice:s3cret@goproxy.corp.example.com,https://goproxy.cn|direct"
    masked = mask_secrets(value)
    assert "s3cret" not in masked
    assert masked == "https://alice:***@goproxy.corp.example.com,https://goproxy.cn|direct"


def test_bare_token_is_masked_entirely() -> None:
    assert mask_secrets("http://ghp_token123@proxy:3128") == "http://***@proxy:3128"


def test_text_without_credentials_is_unchanged() -> None:
    text = "GOPROXY=https://goproxy.cn,direct; email me at dev@example.com"
    assert mask_secrets(text) == text


def test_printable_neutralises_terminal_escapes() -> None:
    hostile = "x\x1b]0;pwned\x07y\x1b[2J"
    shown = printable(hostile)
    assert "\x1b" not in shown and "\x07" not in shown
    assert shown == "x\\x1b]0;pwned\\x07y\\x1b[2J"


@given(st.text(), st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789!$%", min_size=3))
def test_planted_password_never_survives(prefix: str, password: str) -> None:
    assert f":{password}@" not in mask_secrets(f"{prefix} https://user:{password}@host.example/x")


def test_restore_secrets_keeps_the_stored_password_behind_an_untouched_mask() -> None:
    stored = "https://alice:pw@corp.example.com,https://goproxy.cn"
    shown = mask_secrets(stored)
    assert (
        restore_secrets(shown.replace(",", "|"), stored)
        == "https://alice:pw@corp.example.com|https://goproxy.cn"
    )
    assert (
        restore_secrets("https://alice:new@corp.example.com", stored) == "https://alice:new@corp.example.com"
    )


def test_a_password_containing_at_is_masked_like_go_splits_it() -> None:
    assert mask_secrets("http://bob:p@ss@proxy:3128,https://x") == "http://bob:***@proxy:3128,https://x"


@given(st.text(alphabet="ab:/@`*|,=h tp.#", max_size=60))
def test_masking_twice_changes_nothing(text: str) -> None:
    """Reports mask each value and then the whole document: the second pass must keep the first's
    result (a URL inside a Markdown code span once came out as ``http:***@host``)."""
    once = mask_secrets(text)
    assert mask_secrets(once) == once


def test_a_url_in_a_code_span_keeps_its_scheme_and_user() -> None:
    assert mask_secrets("`http://alice:pw@proxy:3128`") == "`http://alice:***@proxy:3128`"


def test_a_module_version_in_a_proxy_path_is_not_taken_for_a_password() -> None:
    """Go's own error line: no userinfo, a host:port, then a path ending in MODULE@VERSION."""
    line = "reading http://127.0.0.1:43567/sumdb/sum.golang.org/lookup/example.com/hello@v1.1.0: 404 Not Found"
    assert mask_secrets(line) == line
    assert mask_secrets("http://bob:12/34@127.0.0.1:1") == "http://bob:***@127.0.0.1:1"
