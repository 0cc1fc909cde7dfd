"""Planted credentials of Go's own stores never reach a screen, JSON, report, journal or log.

One password sits in ~/.netrc (for an https company mirror behind basic auth), another is the answer
of a GOAUTH command (for a second mirror). gotui must *use* both (the probes are authenticated, as Go's
requests are) and show neither: not in any command's stdout/stderr, the report file, the journal, nor
the TUI's main screen; nor their base64 form (the Authorization header). Companion of
test_hardening_secrets.py (URL userinfo), kept in its own file.
"""

from __future__ import annotations

import base64
import html
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import wait_until
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TlsCertificates
from textual.widgets import DataTable

from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp

NETRC_PASSWORD = "Netrc-Pl4nted-9a7b"
COMMAND_PASSWORD = "Goauth-Pl4nted-4c2d"
TESTS_DIR = Path(__file__).resolve().parents[1]
_LAUNCH = (
    "import atexit, runpy, sys\n"
    f"sys.path.insert(0, {str(TESTS_DIR)!r})\n"
    "import netguard\n"
    "atexit.register(lambda: netguard.violations and sys.stderr.write(f'NETGUARD {netguard.violations}'))\n"
    "sys.argv = ['gotui', *sys.argv[1:]]\n"
    "runpy.run_module('goproxy_tui', run_name='__main__', alter_sys=True)\n"
)


def _forms(login: str, password: str) -> tuple[str, ...]:
    return password, base64.b64encode(f"{login}:{password}".encode()).decode()


SECRETS = (*_forms("alice", NETRC_PASSWORD), *_forms("ci-bot", COMMAND_PASSWORD))


@dataclass
class Lab:
    root: Path
    netrc_mirror: GoproxyServer
    command_mirror: GoproxyServer
    profile: Path
    outputs: Path


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def lab(go_env, certs: TlsCertificates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lab]:
    with GoproxyServer(ssl_context=certs.valid, basic_auth=("alice", NETRC_PASSWORD)) as by_netrc, \
            GoproxyServer(ssl_context=certs.valid, basic_auth=("ci-bot", COMMAND_PASSWORD)) as by_command:
        (go_env.home / ".netrc").write_text(f"machine 127.0.0.1:{by_netrc.port}\n  login alice\n"
                                            f"  password {NETRC_PASSWORD}\n")
        helper = tmp_path / "corp_auth.py"
        header = base64.b64encode(f"ci-bot:{COMMAND_PASSWORD}".encode()).decode()
        helper.write_text("import sys\n"
                          f"sys.stdout.write('https://127.0.0.1:{by_command.port}\\n\\n'\n"
                          f"                 'Authorization: Basic {header}\\n\\n')\n")
        monkeypatch.setenv("GOAUTH", f"netrc;{sys.executable} {helper}")
        monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
        monkeypatch.setenv("GONOSUMDB", "example.com")
        go_env.config.write_text(
            "[catalog]\ninclude_builtin = false\n\n"
            "[probe]\nmodule = \"example.com/hello\"\ntimeout = 3.0\ninterval = 1.0\n\n"
            "[dns]\nresolvers = [\"127.0.0.1:9\"]\n\n"
            f"[[mirrors]]\nname = \"corp\"\nurl = \"{by_netrc.url}\"\n\n"
            f"[[mirrors]]\nname = \"ci\"\nurl = \"{by_command.url}\"\n"
        )
        go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
        go_env.envfile.write_text(f"GOPROXY={by_netrc.url}|{by_command.url}\n")
        profile = tmp_path / "team.toml"
        profile.write_text(f'[go]\nGOPROXY = "{by_command.url}"\n\n[[auth]]\nhost = "127.0.0.1:{by_netrc.port}"\n'
                           f'\n[[auth]]\nhost = "127.0.0.1:{by_command.port}"\n')
        outputs = tmp_path / "outputs"
        outputs.mkdir()
        yield Lab(tmp_path, by_netrc, by_command, profile, outputs)


def _text(svg: str) -> str:
    """The screenshot's characters as plain text (the SVG writes spaces as &#160;)."""
    return html.unescape(svg).replace("\xa0", " ")


def run_gotui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _LAUNCH, *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)


def test_netrc_and_goauth_secrets_are_used_but_never_shown(lab: Lab) -> None:
    report = lab.outputs / "report.md"
    runs = [
        ("env",), ("env", "--json"), ("mirrors",), ("mirrors", "--json"),
        ("check", "--json", "--module", "example.com/hello@v1.1.0"), ("check", "--module", "example.com/hello@v1.1.0"),
        ("report", "-o", str(report)), ("module", "--json", "example.com/hello@v1.1.0"),
        ("apply", str(lab.profile), "--dry-run"), ("apply", str(lab.profile), "--yes"),
        ("set", "GOAUTH=off;netrc"), ("set", f"GOAUTH=netrc;{sys.executable} {lab.root / 'corp_auth.py'}"),
        ("history", "--json"), ("undo",),
    ]
    for argv in runs:
        result = run_gotui(*argv)
        shown = f"$ gotui {' '.join(argv)} (exit {result.returncode})"
        assert "NETGUARD" not in result.stderr, f"{shown}: {result.stderr[-300:]}"
        assert "Traceback" not in result.stderr, f"{shown} crashed"
        for secret in SECRETS:
            assert secret not in result.stdout + result.stderr, f"{shown} printed a planted credential"
    mirrors = run_gotui("mirrors", "--json").stdout
    assert f"authenticated via .netrc (127.0.0.1:{lab.netrc_mirror.port})" in mirrors
    assert f"authenticated via the GOAUTH command {Path(sys.executable).name} (127.0.0.1:{lab.command_mirror.port})" \
        in mirrors
    # gotui did send both credentials (as Go does) ...
    sent = {*lab.netrc_mirror.authorizations, *lab.command_mirror.authorizations}
    assert f"Basic {SECRETS[1]}" in sent and f"Basic {SECRETS[3]}" in sent
    # ... and kept them out of every file it writes
    for written in [report, Journal().path, *lab.outputs.iterdir()]:
        text = written.read_text(errors="replace")
        assert all(secret not in text for secret in SECRETS), f"{written.name} holds a planted credential"


async def test_the_main_screen_never_shows_them(lab: Lab) -> None:
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        table = app.main_screen.query_one("#env-table", DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            screen = app.export_screenshot()
            assert all(secret not in screen for secret in SECRETS), f"env row {row} shows a credential"
        mirrors = app.main_screen.query_one("#mirror-table", DataTable)
        await wait_until(pilot, lambda: mirrors.row_count == 2)
        for name, server, via in (("corp", lab.netrc_mirror, ".netrc"), ("ci", lab.command_mirror, "the GOAUTH")):
            # each mirror's detail names how it was authenticated (method and host), never with what
            mirrors.move_cursor(row=mirrors.get_row_index(name))
            expected = f"authenticated via {via}"
            where = f"(127.0.0.1:{server.port})"
            await wait_until(pilot, lambda e=expected, w=where: e in _text(app.export_screenshot())
                             and w in _text(app.export_screenshot()), timeout=30)
            screen = app.export_screenshot()
            assert all(secret not in screen for secret in SECRETS), f"mirror {name} shows a credential"
