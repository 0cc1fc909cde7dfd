"""GOAUTH validation against the real ``go``: every value gotui refuses stops Go with the same words,
and every value gotui accepts lets the same download through (an https loopback mirror, no auth)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import gotui
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TlsCertificates

from goproxy_tui.core.rules.settings import validate_setting


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Any:
    certs = TlsCertificates.create(tmp_path_factory.mktemp("tls"))
    with GoproxyServer(ssl_context=certs.valid) as server:
        yield server, certs.ca_file


def _download(go_env: Any, mirror: Any, monkeypatch: pytest.MonkeyPatch, goauth: str) -> subprocess.CompletedProcess[str]:
    server, ca_file = mirror
    for key, value in {"GOPROXY": server.url, "SSL_CERT_FILE": str(ca_file), "GONOSUMDB": "example.com",
                       "GOFLAGS": "-mod=mod", "GOAUTH": goauth}.items():
        monkeypatch.setenv(key, value)
    work = Path(go_env.root) / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=work,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("value", ["off;netrc", "netrc;off", "netrc;", ";netrc", "netrc;;netrc", "git", "git relative/dir",
                                   "git /nonexistent/gotui-dir", "git /etc/hostname"])
def test_values_gotui_refuses_stop_go_with_the_same_error(
    go_env: Any, mirror: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    if value == "git /etc/hostname" and not Path("/etc/hostname").is_file():
        pytest.skip("needs a plain file at /etc/hostname")
    check = validate_setting("GOAUTH", value)
    assert check.error is not None and check.hint
    done = _download(go_env, mirror, monkeypatch, value)
    assert done.returncode != 0
    assert f"go: {check.error}" in done.stderr, done.stderr


@pytest.mark.parametrize("value", ["netrc", "off", "", " netrc ", "git /tmp", "netrc;git /tmp"])
def test_values_gotui_accepts_let_go_download(
    go_env: Any, mirror: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    assert validate_setting("GOAUTH", value).ok
    done = _download(go_env, mirror, monkeypatch, value)
    assert done.returncode == 0, done.stdout + done.stderr


def test_gotui_set_refuses_off_combined_with_gos_reason_and_writes_nothing(go_env: Any) -> None:
    refused = gotui("set", "GOAUTH=off;netrc")
    assert refused.returncode == 2
    assert "GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)" in refused.stderr
    assert "use GOAUTH=off alone" in refused.stderr
    assert go_env.env_bytes() is None
    done = gotui("set", "GOAUTH=netrc")
    assert done.returncode == 0, done.stderr
    env = {v["name"]: v for v in json.loads(gotui("env", "--json").stdout)["vars"]}
    assert (env["GOAUTH"]["effective"], env["GOAUTH"]["source"], env["GOAUTH"]["file"]) == ("netrc", "file", "netrc")
    assert env["GOAUTH"]["about"].startswith("where Go finds credentials")


def test_env_flags_settings_go_ignores_and_settings_that_lower_security(go_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONOSUMCHECK", "1")
    monkeypatch.setenv("GOPROXYS", "https://goproxy.cn")
    monkeypatch.setenv("GONOSUMDB", "github.com")
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "https:http")
    monkeypatch.setenv("GODEBUG", "tlssha1=1")
    env = {v["name"]: v for v in json.loads(gotui("env", "--json").stdout)["vars"]}
    assert env["GONOSUMCHECK"]["warnings"] == ["GONOSUMCHECK is not a Go setting: Go ignores this (did you mean GONOSUMDB?)"]
    assert env["GOPROXYS"]["source"] == "os" and "did you mean GOPROXY?" in env["GOPROXYS"]["warnings"][0]
    assert any("covers public modules" in w for w in env["GONOSUMDB"]["warnings"])
    assert any("lists http" in w for w in env["GIT_ALLOW_PROTOCOL"]["warnings"])
    assert env["GODEBUG"]["source"] == "os" and env["GODEBUG"]["warnings"]
    for name in ("GOAUTH", "GOWORK", "GOVCS", "NETRC", "GIT_TERMINAL_PROMPT", "GIT_SSH_COMMAND"):
        assert name in env
    # Go agrees: GONOSUMCHECK and GOPROXYS change nothing, GONOSUMDB is what go reports.
    truth = json.loads(subprocess.run(["go", "env", "-json", "GONOSUMDB", "GOPROXY"], capture_output=True, text=True,
                                      check=True).stdout)
    assert truth == {"GONOSUMDB": "github.com", "GOPROXY": env["GOPROXY"]["effective"]}


def test_a_removed_godebug_setting_is_named_when_go_refuses_to_start(go_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from goproxy_tui.core.rules.envcheck import godebug_warnings

    monkeypatch.setenv("GODEBUG", "tlsrsakex=1")
    go_says = subprocess.run(["go", "version"], capture_output=True, text=True, check=False)
    assert go_says.returncode != 0 and 'removed GODEBUG "tlsrsakex"' in go_says.stderr
    result = gotui("env")
    assert result.returncode != 0
    assert "go refuses to start: fatal error: removed GODEBUG" in result.stderr
    assert "remove that setting from GODEBUG" in result.stderr
    assert "was removed from Go" in godebug_warnings("tlsrsakex=1")[0]
    assert godebug_warnings("tlsrsakex=0") == []  # a non-old value is allowed (go.dev/issue/76163)
