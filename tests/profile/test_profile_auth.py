"""``[[auth]]`` in a team profile: onboarding a member onto a company mirror behind basic auth.

The profile holds no secret. ``gotui apply`` writes the Go settings, checks the member's netrc the way
Go looks for it, and names the exact line to add where; after the member adds it (with their own
token) the real ``go`` downloads through the mirror. gotui never writes the netrc file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import gotui
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TlsCertificates

from goproxy_tui.core.mirrors import Catalog
from goproxy_tui.core.profile import parse_profile

TOKEN = "tok-Pl4nted-7f1e0c"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("tls"))


def _download(go_env: Any) -> subprocess.CompletedProcess[str]:
    work = Path(go_env.root) / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=work,
                          capture_output=True, text=True, timeout=120, check=False)


def test_apply_names_the_netrc_line_and_go_works_once_the_member_adds_it(
    go_env: Any, certs: TlsCertificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
    with GoproxyServer(ssl_context=certs.valid, basic_auth=("alice", TOKEN)) as corp:
        host = f"127.0.0.1:{corp.port}"
        team = go_env.root / "repo" / "team.toml"
        team.parent.mkdir(parents=True)
        team.write_text(f'[go]\nGOPROXY = "{corp.url}"\nGONOSUMDB = "example.com"\nGOFLAGS = "-mod=mod"\n\n'
                        f'[[auth]]\nhost = "{host}"\nvia = "netrc"\nlogin = "alice"\n')
        applied = gotui("apply", str(team), "--yes")
        assert applied.returncode == 0, applied.stderr
        netrc = go_env.home / ".netrc"
        line = f"machine {host} login alice password YOUR_TOKEN"
        assert f"! credentials: {host}: no netrc line: add this line to {netrc}" in applied.stdout
        assert line in applied.stdout and "still to do by hand: 1 credential" in applied.stdout
        assert not netrc.exists()  # gotui never writes the token file

        failed = _download(go_env)
        assert failed.returncode != 0 and "401 Unauthorized" in failed.stdout

        netrc.write_text(line.replace("YOUR_TOKEN", TOKEN) + "\n")
        netrc.chmod(0o600)
        again = gotui("apply", str(team), "--dry-run")
        assert again.returncode == 0
        assert f"✓ credentials: {host}: credentials found in {netrc}" in again.stdout
        assert "nothing to change" in again.stdout and "still to do" not in again.stdout
        assert TOKEN not in again.stdout + again.stderr + applied.stdout + applied.stderr
        done = _download(go_env)
        assert done.returncode == 0, done.stdout + done.stderr


def test_apply_says_when_goauth_keeps_go_from_reading_the_netrc(go_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    team = go_env.root / "team.toml"
    team.write_text('[go]\nGOAUTH = "off"\n\n[[auth]]\nhost = "goproxy.corp.example.com"\n')
    shown = gotui("apply", str(team), "--dry-run")
    assert shown.returncode == 0, shown.stderr
    assert "! credentials: GOAUTH=off does not read the netrc file" in shown.stdout


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('host = "goproxy.corp.example.com"\npassword = "hunter2"', "a team profile never holds secrets"),
        ('host = "goproxy.corp.example.com"\ntoken = "abc"', "a team profile never holds secrets"),
        ('host = "bob:pw@goproxy.corp.example.com"', "a team profile never holds secrets (user@host)"),
        ('host = "http://goproxy.corp.example.com"', "Go sends credentials only over https"),
        ('host = "goproxy.corp.example.com"\nvia = "smoke-signals"', "unsupported via 'smoke-signals'"),
        ('via = "netrc"', "missing host"),
    ],
)
def test_auth_entries_that_would_hold_a_secret_or_cannot_work_are_refused(entry: str, message: str) -> None:
    loaded = parse_profile(f"[[auth]]\n{entry}\n", "team.toml", Catalog(()))
    assert not loaded.ok
    assert any(message in p.message for p in loaded.problems), [p.message for p in loaded.problems]
    assert all("hunter2" not in p.message and "pw@" not in p.message for p in loaded.problems)


def test_the_tui_profile_dialog_shows_the_same_netrc_line(go_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from goproxy_tui.core.goenv import read_environment
    from goproxy_tui.core.profile import plan_profile
    from goproxy_tui.tui.screens.profile_dialog import render_plan

    loaded = parse_profile('[[auth]]\nhost = "goproxy.corp.example.com"\nlogin = "dev"\n', "team.toml", Catalog(()))
    assert loaded.profile is not None
    env = asyncio.run(read_environment())
    shown = render_plan(plan_profile(loaded.profile, env, Catalog(())), env.envfile).plain
    assert (f"! credentials: goproxy.corp.example.com: no netrc line: add this line to {go_env.home / '.netrc'}"
            in shown)
    assert "machine goproxy.corp.example.com login dev password YOUR_TOKEN" in shown
