"""Hostile servers: what a mirror says is shown as text, never obeyed, and never read without bound.

Loopback mirrors put Rich/Textual markup (``[bold]``, ``[@click=app.quit]``), terminal escape sequences
(an OSC window title ``ESC ]0;pwned BEL``, clear-screen ``ESC [2J``, an 8-bit CSI) and format fields
into reason phrases, headers, version lists, ``.info`` JSON, HTML titles and certificate subjects, or
answer with 10 MB and endless bodies. The probes must stay bounded and classify; every surface that
shows their words (the terminal frame of the mirror table, its detail line and notifications, the
wizard's step view, the CLI) must show them literally and inert, and the app must keep running.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from helpers import wait_until
from loopnet.goproxy_server import GoproxyServer, Request, response_head
from loopnet.tls_servers import server_context
from rich.text import Text
from textual.app import App, ComposeResult

from goproxy_tui.core.config import load_config
from goproxy_tui.core.diagnosis.context import build_context
from goproxy_tui.core.diagnosis.engine import DiagnosisEngine
from goproxy_tui.core.diagnosis.findings import Finding, Remedy
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.journal import Journal
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv
from goproxy_tui.core.redact import printable
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.widgets.step_view import StepView, render_step

CLICK = "[@click=app.quit]"
OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CSI8 = "\x9b31m"
HOSTILE = f"[bold]{CLICK}{OSC_TITLE}{CLEAR}{CSI8}{{0}}{{name}}%s pwned"
SHOWN_TITLE = "\\x1b]0;pwned\\x07"  # what the OSC sequence must look like on screen
FAST = ProbeTimeouts(connect=0.5, read=0.5, write=0.5, pool=0.5, total=2.0)
BIG = 10_000_000


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The assertions read English: the developer's LANG must not translate the subprocesses' output."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")


def assert_inert(text: str, where: str) -> None:
    """No byte that could drive a terminal: ESC, BEL, the C1 range (8-bit CSI/OSC…), other C0 but tab/newline."""
    bad = sorted({f"{ord(c):#04x}" for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F})
    assert not bad, f"{where}: raw control characters {bad} in {text[:300]!r}"


def assert_frame_inert(frame: str, where: str) -> None:
    """A terminal frame is made of escape sequences; only the hostile ones must be absent."""
    for raw in (OSC_TITLE, "\x1b]0;", CLEAR, "\x07", "\x9b"):
        assert raw not in frame, f"{where}: {raw!r} reached the terminal"


# -- the hostile mirror -----------------------------------------------------------------------------------


class HostileProxy(GoproxyServer):
    """A Go module proxy that poisons one part of its answers (``poison``), else serves correctly."""

    def __init__(self, poison: str, **options: Any) -> None:
        super().__init__(**options)
        self.poison = poison

    async def _handle(self, request: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        path, poison = request.path, self.poison
        if poison == "list" and path.endswith("/@v/list"):
            return await self._send(writer, 200, f"v1.0.0\n{HOSTILE}\n".encode())
        if poison == "info" and path.endswith("/@latest"):
            body = json.dumps({"Version": HOSTILE, "Time": HOSTILE}).encode()
            return await self._send(writer, 200, body, "application/json")
        if poison == "html" and path.endswith("/@v/list"):
            page = f"<!DOCTYPE html><html><head><title>{HOSTILE}</title></head><body>{HOSTILE}</body></html>"
            return await self._send(writer, 200, page.encode(), "text/html")
        if poison == "reason" and path.endswith("/@v/list"):  # VCHARs only: h11 accepts it as is
            writer.write(response_head(503, f"{CLICK} [bold]pwned {{0}}", {"Content-Length": "0"}))
            await writer.drain()
            return True
        if poison == "reason-escape" and path.endswith("/@v/list"):
            writer.write(response_head(503, f"Busy {OSC_TITLE}{CLEAR}", {"Content-Length": "0"}))
            await writer.drain()
            return False
        if poison == "header":
            return await self._send(writer, 200, b"v1.0.0\n", extra={"X-Title": OSC_TITLE, "X-Markup": CLICK})
        if poison in ("big", "big-unsized", "endless", "trickle"):
            return await self._stream(writer, poison)
        return await super()._handle(request, reader, writer)

    async def _stream(self, writer: asyncio.StreamWriter, poison: str) -> bool:
        """10 MB (declared or not) or an endless chunked body, written from one reused 64 KiB chunk."""
        chunk = (HOSTILE.encode() + b"\n") * (65536 // (len(HOSTILE.encode()) + 1))
        if poison in ("big", "big-unsized"):
            headers = {"Content-Type": "text/plain", "Connection": "close"}
            if poison == "big":
                headers["Content-Length"] = str(BIG)
            writer.write(response_head(200, "OK", headers))
            sent = 0
            while sent < BIG and not writer.transport.is_closing():
                writer.write(chunk[: BIG - sent])
                sent += len(chunk)
                await writer.drain()
            return False
        writer.write(response_head(200, "OK", {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"}))
        piece = chunk if poison == "endless" else HOSTILE.encode() + b"\n"
        frame = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
        while not writer.transport.is_closing():
            writer.write(frame)
            await writer.drain()
            await asyncio.sleep(0 if poison == "endless" else 0.02)
        return False


@pytest.fixture
def hostile() -> Iterator[Callable[..., HostileProxy]]:
    """Start hostile mirrors on demand: ``hostile("list")``; all are stopped after the test."""
    servers: dict[str, HostileProxy] = {}

    def start(poison: str, **options: Any) -> HostileProxy:
        servers[poison] = HostileProxy(poison, **options).start()
        return servers[poison]

    yield start
    for server in servers.values():
        server.stop()


class HostileCerts:
    """A trusted test root (what the client trusts) and a 'corporate' CA whose names are hostile."""

    def __init__(self, directory: Path) -> None:
        self.root = trustme.CA(organization_name="gotui hostile-test root")
        self.ca_file = directory / "root.pem"
        self.root.cert_pem.write_to_path(str(self.ca_file))
        evil_ca = trustme.CA(organization_name=HOSTILE)
        # SAN for another name, so the certificate is named by its (hostile) common name
        self.leaf = evil_ca.issue_cert("wrong.example", common_name=HOSTILE)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> HostileCerts:
    return HostileCerts(tmp_path_factory.mktemp("hostile-certs"))


# -- the probes: bounded, classified, and their words inert once printable -----------------------------------


@pytest.mark.parametrize(
    ("poison", "fault", "literal"),
    [
        ("list", Fault.BAD_RESPONSE, CLICK),
        ("info", Fault.BAD_RESPONSE, CLICK),
        ("html", Fault.BAD_RESPONSE, CLICK),
        ("reason", Fault.HTTP_5XX, f"HTTP 503 {CLICK} [bold]pwned {{0}}"),
        ("reason-escape", Fault.HTTP_5XX, f"HTTP 503 Busy {SHOWN_TITLE}\\x1b[2J"),  # h11 passes ESC and BEL
        ("header", Fault.BAD_RESPONSE, ""),
    ],
)
async def test_hostile_words_are_classified_and_shown_literally(hostile, poison: str, fault: Fault, literal: str) -> None:
    server = hostile(poison)
    start = time.perf_counter()
    result = await probe_goproxy(server.url, proxy_env=ProxyEnv(), timeouts=FAST)
    assert time.perf_counter() - start < FAST.total
    assert result.fault is fault, result.explanation
    shown = printable(result.explanation)
    assert_inert(shown, f"{poison}: printable(explanation)")
    assert literal in shown
    for step in result.steps:
        assert_inert(printable(step.detail), f"{poison}: step {step.name}")


async def test_a_hostile_certificate_subject_reaches_the_explanation_raw_and_printable_defuses_it(
    certs: HostileCerts,
) -> None:
    server = GoproxyServer(ssl_context=server_context(certs.leaf)).start()
    try:
        result = await probe_goproxy(
            f"https://127.0.0.1:{server.port}", proxy_env=ProxyEnv(), timeouts=FAST, ca_file=str(certs.ca_file)
        )
    finally:
        server.stop()
    assert result.fault is Fault.TLS_UNTRUSTED
    assert OSC_TITLE in result.explanation  # the subject is data: the core keeps it as it came …
    shown = printable(result.explanation)  # … and every surface shows it through printable
    assert_inert(shown, "printable(certificate explanation)")
    assert f"the certificate for [bold]{CLICK}{SHOWN_TITLE}" in shown
    assert CLICK in shown and "{0}{name}%s pwned" in shown


@pytest.mark.parametrize(
    ("poison", "fault", "limit_s"),
    [
        ("big", Fault.TOO_LARGE, 2.0),  # refused on its declared length
        ("big-unsized", Fault.TOO_LARGE, 2.0),  # read up to max_body, then dropped
        ("endless", Fault.TOO_LARGE, 2.0),  # endless chunked, fast
        ("trickle", Fault.READ_TIMEOUT, FAST.total * 1.2),  # endless chunked, a line every 20 ms
    ],
)
async def test_huge_and_endless_bodies_stay_bounded_in_time_and_memory(
    hostile, poison: str, fault: Fault, limit_s: float
) -> None:
    server = hostile(poison)
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = await probe_goproxy(server.url, proxy_env=ProxyEnv(), timeouts=FAST, max_body=1 << 20)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.fault is fault, result.explanation
    assert elapsed < limit_s, f"{poison}: {elapsed:.2f} s"
    assert peak < 8 << 20, f"{poison}: {peak / 2**20:.1f} MiB allocated at peak for a {BIG:,}-byte body"
    assert all(step.size <= (1 << 20) + 65536 for step in result.steps)
    assert_inert(printable(result.explanation), poison)


# -- the TUI: the terminal frame, the table cells, the detail line, notifications --------------------------


def terminal_frame(app: App[Any]) -> str:
    """Exactly what the terminal would be sent for the whole screen (as ``export_screenshot`` renders it)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def screen_lines(app: App[Any]) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def click_text(pilot: Any, app: App[Any], needle: str) -> None:
    for y, line in enumerate(screen_lines(app)):
        x = line.find(needle)
        if x >= 0:
            await pilot.click(offset=(x + 1, y))
            return
    raise AssertionError(f"{needle!r} is not on screen:\n" + "\n".join(screen_lines(app)))


@pytest.fixture
def hostile_config(go_env, hostile, certs: HostileCerts, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Three hostile mirrors (markup in a name, escapes in an operator, a hostile certificate) and one
    mirror whose name is refused (control characters): that refusal is a notification too."""
    listed, reason = hostile("list"), hostile("reason")
    tls = GoproxyServer(ssl_context=server_context(certs.leaf)).start()
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))  # Go's trust store: the test root only
    names = {"markup": CLICK, "reason": "[bold]reason", "cert": "cert"}
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_text(f"GOPROXY=https://127.0.0.1:{tls.port}\nGONOSUMDB=github.com\n")  # for `module`
    go_env.config.write_text(
        "[catalog]\ninclude_builtin = false\n\n[probe]\ntimeout = 1.0\ninterval = 60.0\n\n"
        f'[[mirrors]]\nname = "{CLICK}"\nurl = "{listed.url}"\n'
        'operator = "[bold]\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m"\n\n'
        f'[[mirrors]]\nname = "[bold]reason"\nurl = "{reason.url}"\n\n'
        f'[[mirrors]]\nname = "cert"\nurl = "https://127.0.0.1:{tls.port}"\n\n'
        '[[mirrors]]\nname = "evil\\u001b]0;pwned\\u0007"\nurl = "http://127.0.0.1:1"\n'
    )
    yield names
    tls.stop()


async def test_the_mirror_table_shows_hostile_words_literally_and_keeps_running(
    go_env, hostile_config: dict[str, str]
) -> None:
    app = GotuiApp(config=load_config(go_env.config), journal=Journal())
    names = list(hostile_config.values())
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await wait_until(pilot, lambda: all(app.health.stats(n).samples for n in names) and app.settled)
        assert {n: app.health.stats(n).fault for n in names} == {
            CLICK: Fault.BAD_RESPONSE, "[bold]reason": Fault.HTTP_5XX, "cert": Fault.TLS_UNTRUSTED
        }
        table = app.mirror_table.table
        for row in range(table.row_count):
            for cell in table.get_row_at(row):
                assert_inert(cell.plain if isinstance(cell, Text) else str(cell), f"table cell in row {row}")
        seen: list[str] = []
        table.focus()
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            assert_frame_inert(terminal_frame(app), f"frame with row {row} highlighted")
            seen.append("\n".join(screen_lines(app)))
        everything = "\n".join(seen)
        assert CLICK in everything and "[bold]reason" in everything  # markup shown as typed
        assert SHOWN_TITLE in everything  # the operator's and the certificate's OSC, made visible
        assert f"HTTP 503 {CLICK} [bold]pwned" in everything  # the reason phrase, literally
        assert "'evil\\x1b]0;pwned\\x07' contains" in everything  # the refused name, in a notification

        await click_text(pilot, app, CLICK)  # markup would make this text a button that quits
        table.move_cursor(row=app.mirror_table.row_names().index(CLICK))
        await pilot.press("t")  # a speed test of the hostile mirror: its failure is a notification
        await wait_until(pilot, lambda: "Speed test of" in "\n".join(screen_lines(app)))
        assert_frame_inert(terminal_frame(app), "frame with the speed-test notification")
        await pilot.press("s")  # still alive and obeying keys
        await pilot.pause()
        assert app.return_code is None
        assert "sorted by name" in "\n".join(screen_lines(app))


# -- the wizard's step view --------------------------------------------------------------------------------


def hostile_result() -> NodeResult:
    node = NODE_BY_ID["goproxy"]
    remedy = Remedy(kind="instructions", summary=HOSTILE, commands=(("go", "env", "-w", f"GOPROXY={HOSTILE}"),),
                    instructions=(HOSTILE,))
    finding = Finding(id="goproxy.chain-fails", node="goproxy", severity="error", title=HOSTILE, detail=HOSTILE,
                      evidence=(HOSTILE,), remedy=remedy)
    return NodeResult(node=node.id, number=node.number, title=node.title, outcome="fails", status="fail",
                      summary=HOSTILE, evidence={HOSTILE: HOSTILE, "versions": [HOSTILE], "count": 1},
                      findings=(finding,), next="sumdb", duration_ms=12.0)


class StepApp(App[None]):
    def compose(self) -> ComposeResult:
        yield StepView()

    def on_mount(self) -> None:
        self.query_one(StepView).show(NODE_BY_ID["goproxy"], hostile_result(), 5, 12)


async def test_the_step_view_shows_hostile_evidence_literally_and_a_click_on_it_does_nothing() -> None:
    text = render_step(NODE_BY_ID["goproxy"], hostile_result(), 5, 12)
    assert_inert(text.plain, "render_step")
    assert text.plain.count(CLICK) >= 8 and SHOWN_TITLE in text.plain and "{0}{name}%s" in text.plain
    app = StepApp()
    async with app.run_test(size=(140, 50), notifications=True) as pilot:
        await pilot.pause()
        assert_frame_inert(terminal_frame(app), "step view frame")
        await click_text(pilot, app, CLICK)
        await pilot.pause()
        assert app.return_code is None and app.is_running


async def test_a_real_tls_step_on_a_hostile_certificate_renders_inert(go_env, certs: HostileCerts, monkeypatch) -> None:
    server = GoproxyServer(ssl_context=server_context(certs.leaf)).start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
        go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
        go_env.envfile.write_text(f"GOPROXY=https://127.0.0.1:{server.port}\nGONOSUMDB=github.com\n")
        go_env.config.write_text("[catalog]\ninclude_builtin = false\n[probe]\ntimeout = 1.0\n")
        ctx = await build_context(module="github.com/gin-gonic/gin@v1.9.1", loaded=load_config(go_env.config))
        try:
            result = await DiagnosisEngine(ctx).run_node("tls")
        finally:
            await ctx.close()
    finally:
        server.stop()
    assert result.outcome == "intercepted"
    assert any(OSC_TITLE in f.detail for f in result.findings)  # the raw subject travels in the finding …
    text = render_step(NODE_BY_ID["tls"], result, 4, 12)  # … and is defused where it is shown
    assert_inert(text.plain, "tls step")
    assert SHOWN_TITLE in text.plain and CLICK in text.plain


# -- the CLI -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["mirrors"], ["mirrors", "--json"], ["module", "github.com/gin-gonic/gin"], ["module", "--json", "github.com/gin-gonic/gin"]],
)
def test_cli_output_stays_inert(go_env, hostile_config: dict[str, str], args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "goproxy_tui", *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60, check=False)
    assert "Traceback" not in done.stderr
    assert_inert(done.stdout, f"gotui {' '.join(args)} stdout")
    assert_inert(done.stderr, f"gotui {' '.join(args)} stderr")
    if args[0] == "module":
        if "--json" in args:  # the data survives: only its serialisation is escaped
            assert OSC_TITLE in json.loads(done.stdout)["lookup"]
        else:
            assert f"the certificate for [bold]{CLICK}{SHOWN_TITLE}" in done.stdout
    elif "--json" in args:
        rows = {row["name"]: row for row in json.loads(done.stdout)["mirrors"]}
        assert rows["cert"]["fault"] == "tls-untrusted" and OSC_TITLE in rows["cert"]["explanation"]
    else:
        assert CLICK in done.stdout and "http-5xx" in done.stdout and "tls-untrusted" in done.stdout
    if args[:2] != ["module", "--json"]:  # (module --json keeps config warnings quiet)
        assert "'evil\\x1b]0;pwned\\x07' contains" in done.stderr  # the refused name, made visible
