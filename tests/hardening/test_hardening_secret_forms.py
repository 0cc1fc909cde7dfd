"""Every form of a credential is masked in every output (issue #15, "Secrets").

Random passwords (with '#', '@', '/', ':', '?', unicode) are planted with and without a scheme in
every credential-bearing variable (GOPROXY and GOSUMDB in the env file; HTTPS_PROXY, HTTP_PROXY,
ALL_PROXY in the OS environment) and in the gotui config (a ``[[mirrors]]`` url, and a ``[probe]``
value Go never sees). Then the outputs a user shares or sees are grepped: ``env``, ``env --json``,
``set``'s warning, ``history``, ``report``, ``profile export``, the journal's summaries and the TUI
screen. The servers named are loopback ports nothing listens on, so nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
from pathlib import Path

import netguard
import pytest
import tomlkit
from helpers import wait_until
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable

from goproxy_tui.cli import run
from goproxy_tui.core.journal import Journal
from goproxy_tui.core.redact import mask_secrets

CREDENTIAL_OS_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy")


def _closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# A password may hold anything a shell and a TOML string can carry, except what ends a list entry
# for Go itself (',' '|' whitespace) and what would make it a different URL ("://", the proxy
# protocol's "/@v/"): those cannot be one password in one URL for any reader.
_PASSWORD_CHARS = st.characters(
    blacklist_categories=("Z", "C"), blacklist_characters=",|\"'\\`$"
)
passwords = (
    st.text(_PASSWORD_CHARS, min_size=4, max_size=14)
    .map(lambda s: f"Pw{s}")
    .filter(lambda p: "://" not in p and "/@" not in p)
)
# For the commands that probe: an '@' followed by '/', '?' or '#' makes Go (and gotui) read the text
# between them as the host and look it up in DNS, which the network guard forbids.
probe_safe = passwords.filter(lambda p: "@" not in p or not any(c in p[p.index("@"):] for c in "/?#"))
forms = st.sampled_from(["scheme", "bare"])


def planted(password: str, form: str, user: str, port: int) -> str:
    auth = f"{user}:{password}@127.0.0.1:{port}"
    return f"http://{auth}" if form == "scheme" else auth


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(argv))
    assert not netguard.violations, (argv, netguard.violations)
    return code, out.getvalue() + err.getvalue()


def plant_everywhere(go_env, monkeypatch: pytest.MonkeyPatch, password: str, form: str) -> list[str]:
    port = _closed_port()
    values = {name: planted(password, form, "u" + name.lower(), port) for name in CREDENTIAL_OS_VARS}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NO_PROXY", "")
    goproxy = planted(password, form, "alice", port)
    gosumdb = f"sum.golang.org http://sum:{password}@127.0.0.1:{port}"
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_text(f"GOPROXY={goproxy}\nGOSUMDB={gosumdb}\n")
    doc = tomlkit.document()
    doc["catalog"] = {"include_builtin": False}
    doc["probe"] = {"module": "github.com/gin-gonic/gin", "timeout": 1.0, "interval": 1.0}
    doc["dns"] = {"resolvers": [f"127.0.0.1:{_closed_port()}"]}
    mirrors = tomlkit.aot()
    mirrors.append(tomlkit.item({"name": "corp", "url": planted(password, "scheme", "carol", port)}))
    doc["mirrors"] = mirrors
    go_env.config.write_text(tomlkit.dumps(doc))
    return [goproxy, gosumdb, *values.values()]


def assert_masked(password: str, where: str, text: str) -> None:
    assert password not in text, f"{where} shows the password {password!r}:\n{text[:3000]}"


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=probe_safe, form=forms)
@example(password="s3cr3tPW", form="bare")  # GOPROXY=alice:s3cr3tPW@proxy…, HTTPS_PROXY=bob:hunter2@…
@example(password="pa#ss", form="scheme")  # http://zed:pa#ss@host
@example(password="pa#ss", form="bare")
@example(password="pa/ss:wo?rd@é", form="scheme")
@example(password="p/ss:wo?rd@密码", form="bare")
def test_planted_password_is_masked_in_every_cli_output(
    go_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, password: str, form: str
) -> None:
    journal = tmp_path / f"journal-{os.urandom(4).hex()}.toml"
    monkeypatch.setenv("GOTUI_JOURNAL", str(journal))
    plant_everywhere(go_env, monkeypatch, password, form)
    outputs: dict[str, str] = {}
    for argv in (["env"], ["env", "--json"], ["profile", "export"]):
        outputs[" ".join(argv)] = _run(*argv)[1]
    report = tmp_path / "report.md"
    outputs["report"] = _run("report", "-o", str(report))[1]
    outputs["report file"] = report.read_text()
    # set's warning echoes the value it writes
    outputs["set"] = _run("set", f"GOPROXY={planted(password, form, 'dave', _closed_port())}")[1]
    outputs["history"] = _run("history")[1]
    outputs["history --json"] = _run("history", "--json")[1]
    outputs["journal summaries"] = "\n".join(e.summary for e in Journal(journal).entries())
    for where, text in outputs.items():
        assert_masked(password, where, text)
    assert ":***@127.0.0.1" in outputs["env"]  # masked, still recognisable
    assert "http://http://" not in "".join(outputs.values())


@settings(max_examples=300, deadline=None)
@given(password=passwords, form=forms, user=st.sampled_from(["alice", "u", "x.y-z"]),
       wrap=st.sampled_from(["{v}", "GOPROXY={v}", "{v},direct", "https://goproxy.cn|{v}", 'parse "{v}": bad',
                             "({v})", "HTTPS_PROXY={v} NO_PROXY=x", "sum.golang.org {v}"]))
def test_mask_secrets_hides_any_password_in_any_form(password: str, form: str, user: str, wrap: str) -> None:
    value = planted(password, form, user, 3128)
    shown = mask_secrets(wrap.format(v=value))
    assert password not in shown
    assert f"{user}:***@127.0.0.1:3128" in shown  # the rest of the URL stays readable


async def _screen_shows_no_password(go_env, monkeypatch: pytest.MonkeyPatch, password: str, form: str) -> None:
    from goproxy_tui.tui.app import GotuiApp

    plant_everywhere(go_env, monkeypatch, password, form)
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, lambda: app.environment is not None)
        table = app.main_screen.query_one("#env-table", DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            assert_masked(password, f"the TUI (env row {row})", app.export_screenshot())
        await pilot.pause(0.5)  # the mirror table's probes (loopback, closed ports) answer at once
        assert_masked(password, "the TUI mirror table", app.export_screenshot())


@pytest.mark.parametrize(("password", "form"), [("s3cr3tPW", "bare"), ("pa#ss@x", "scheme")])
async def test_planted_password_is_masked_on_the_tui_screen(
    go_env, monkeypatch: pytest.MonkeyPatch, password: str, form: str
) -> None:
    await _screen_shows_no_password(go_env, monkeypatch, password, form)
