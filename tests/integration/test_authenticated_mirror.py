"""A company GOPROXY behind basic auth, end to end with the real ``go`` and a real https loopback mirror.

Each case first shows plain ``go mod download`` failing, then what gotui finds, then (where gotui can
fix it, or the user adds the line gotui names) the same download succeeding. Go sends GOAUTH/.netrc
credentials over https only, so the mirror presents a trustme certificate trusted via SSL_CERT_FILE.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import gotui
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TlsCertificates

LOGIN = "alice"
PASSWORD = "pl4nted-Pa55word-9f3c"  # must never appear in anything gotui prints
MODULE = "example.com/hello@v1.1.0"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def corp(go_env: Any, certs: TlsCertificates, monkeypatch: pytest.MonkeyPatch) -> Iterator[GoproxyServer]:
    """The company mirror (basic auth) as the only catalog entry and the active GOPROXY."""
    with GoproxyServer(ssl_context=certs.valid, basic_auth=(LOGIN, PASSWORD)) as server:
        go_env.config.write_text(
            "[catalog]\ninclude_builtin = false\n[[mirrors]]\n"
            f'name = "corp"\nurl = "{server.url}"\n[probe]\nmodule = "example.com/hello"\n'
        )
        monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
        monkeypatch.setenv("GOPROXY", server.url)
        monkeypatch.setenv("GONOSUMDB", "example.com")  # stand-in modules: the real sumdb does not know them
        monkeypatch.setenv("GOFLAGS", "-mod=mod")
        yield server


def download(go_env: Any) -> subprocess.CompletedProcess[str]:
    work = Path(go_env.root) / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(["go", "mod", "download", "-json", MODULE], cwd=work, capture_output=True, text=True,
                          timeout=120, check=False)


def mirrors() -> tuple[dict[str, Any], str]:
    result = gotui("mirrors", "--json")
    assert PASSWORD not in result.stdout + result.stderr
    return json.loads(result.stdout)["mirrors"][0], result.stdout


def netrc_line(server: GoproxyServer, password: str = PASSWORD) -> str:
    return f"machine 127.0.0.1:{server.port} login {LOGIN} password {password}\n"


def test_without_netrc_go_gets_401_gotui_names_the_line_then_go_works(go_env: Any, corp: GoproxyServer) -> None:
    failed = download(go_env)
    assert failed.returncode != 0 and "401 Unauthorized" in failed.stdout

    row, _ = mirrors()
    assert (row["fault"], row["status"]) == ("auth-required", "failing")
    netrc = go_env.home / ".netrc"
    template = f"machine 127.0.0.1:{corp.port} login YOUR_USERNAME password YOUR_TOKEN"
    assert f"add this line to {netrc}: {template}" in row["reason"]
    plain = gotui("mirrors")
    assert "auth-required" in plain.stdout and template in plain.stdout

    # The member follows the advice with their own secret: gotui never writes the password.
    netrc.write_text(template.replace("YOUR_USERNAME", LOGIN).replace("YOUR_TOKEN", PASSWORD) + "\n")
    done = download(go_env)
    assert done.returncode == 0, done.stdout + done.stderr
    row, text = mirrors()
    assert (row["fault"], row["auth"]) == ("ok", f"authenticated via .netrc (127.0.0.1:{corp.port})")
    assert LOGIN not in text  # the host and the method only
    assert "authenticated via .netrc" in gotui("mirrors").stdout


def test_netrc_variable_points_go_and_gotui_at_another_file(
    go_env: Any, corp: GoproxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = Path(go_env.root) / "secrets" / "corp.netrc"
    elsewhere.parent.mkdir()
    monkeypatch.setenv("NETRC", str(elsewhere))
    (go_env.home / ".netrc").write_text(netrc_line(corp))  # ignored: NETRC wins
    assert download(go_env).returncode != 0
    row, _ = mirrors()
    assert row["fault"] == "auth-required" and f"add this line to {elsewhere}:" in row["reason"]
    elsewhere.write_text("# corp mirror\n" + netrc_line(corp))
    assert download(go_env).returncode == 0
    row, _ = mirrors()
    assert row["auth"] == f"authenticated via corp.netrc (127.0.0.1:{corp.port})"


def test_a_wrong_password_is_reported_as_rejected_not_missing(go_env: Any, corp: GoproxyServer) -> None:
    (go_env.home / ".netrc").write_text(netrc_line(corp, "wrong-" + PASSWORD))
    failed = download(go_env)
    assert failed.returncode != 0 and "401 Unauthorized" in failed.stdout
    row, text = mirrors()
    assert row["fault"] == "auth-required"
    assert "Credentials were sent (authenticated via .netrc" in row["reason"] and "rejected" in row["reason"]
    assert "wrong-" not in text


def test_a_403_is_auth_denied_not_http_other(go_env: Any, certs: TlsCertificates, monkeypatch: pytest.MonkeyPatch) -> None:
    with GoproxyServer(ssl_context=certs.valid, basic_auth=(LOGIN, PASSWORD), auth_status=403) as server:
        go_env.config.write_text(f'[catalog]\ninclude_builtin = false\n[[mirrors]]\nname = "corp"\nurl = "{server.url}"\n'
                                 '[probe]\nmodule = "example.com/hello"\n')
        monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
        row, _ = mirrors()
    assert row["fault"] == "auth-denied"
    assert "403 Forbidden" in row["reason"]


def test_a_goauth_command_answer_is_sent_like_go_sends_it(
    go_env: Any, corp: GoproxyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import base64

    token = base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
    helper = Path(go_env.root) / "corp-auth.py"
    helper.write_text(f"import sys\nsys.stdout.write('https://127.0.0.1:{corp.port}\\n\\nAuthorization: Basic {token}\\n\\n')\n")
    monkeypatch.setenv("GOAUTH", f"{sys.executable} {helper}")
    done = download(go_env)
    assert done.returncode == 0, done.stdout + done.stderr
    row, text = mirrors()
    assert row["fault"] == "ok"
    assert row["auth"] == f"authenticated via the GOAUTH command {Path(sys.executable).name} (127.0.0.1:{corp.port})"
    assert token not in text


def test_goauth_off_combined_is_refused_by_gotui_and_fixed(go_env: Any, corp: GoproxyServer) -> None:
    (go_env.home / ".netrc").write_text(netrc_line(corp))
    # Written some other way (go env -w accepts anything): every download then stops.
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_text("GOAUTH=off;netrc\n")
    failed = download(go_env)
    assert failed.returncode != 0
    go_says = "GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)"
    assert go_says in failed.stderr

    refused = gotui("set", "GOAUTH=off;netrc")
    assert refused.returncode == 2
    assert go_says in refused.stderr and "use GOAUTH=off alone" in refused.stderr
    env = {v["name"]: v for v in json.loads(gotui("env", "--json").stdout)["vars"]}
    assert env["GOAUTH"]["source"] == "file"
    assert any(go_says in w for w in env["GOAUTH"]["warnings"])
    row, _ = mirrors()
    assert row["fault"] == "auth-required" and "GOAUTH is invalid" in row["reason"]

    fixed = gotui("set", "GOAUTH=netrc")
    assert fixed.returncode == 0, fixed.stderr
    done = download(go_env)
    assert done.returncode == 0, done.stdout + done.stderr


def test_plain_http_mirror_gets_no_credentials_and_gotui_says_why(go_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    with GoproxyServer(basic_auth=(LOGIN, PASSWORD)) as server:
        (go_env.home / ".netrc").write_text(f"machine 127.0.0.1:{server.port} login {LOGIN} password {PASSWORD}\n")
        go_env.config.write_text(f'[catalog]\ninclude_builtin = false\n[[mirrors]]\nname = "corp"\nurl = "{server.url}"\n'
                                 '[probe]\nmodule = "example.com/hello"\n')
        monkeypatch.setenv("GOPROXY", server.url)
        monkeypatch.setenv("GONOSUMDB", "example.com")
        failed = download(go_env)
        assert failed.returncode != 0 and "401 Unauthorized" in failed.stdout
        assert set(server.authorizations) == {""}  # Go sent nothing over plain http
        row, _ = mirrors()
    assert row["fault"] == "auth-required" and "only over https" in row["reason"]
    assert os.environ.get("NETRC") is None


async def test_the_sumdb_probe_sends_the_same_credentials(go_env: Any, corp: GoproxyServer) -> None:
    from goproxy_tui.core.probes.sumdb import probe_proxy_sumdb

    without = await probe_proxy_sumdb(corp.url, environ=dict(os.environ), timeout=3)
    assert (without.fault.value, without.supported) == ("auth-required", None)
    (go_env.home / ".netrc").write_text(netrc_line(corp))
    with_netrc = await probe_proxy_sumdb(corp.url, environ=dict(os.environ), timeout=3)
    assert (with_netrc.fault.value, with_netrc.supported) == ("ok", True)
    assert corp.authorizations[-1].startswith("Basic ")
