"""A real Go module proxy on 127.0.0.1:0 that can misbehave on demand.

It serves the GOPROXY protocol (``$module/@v/list``, ``@latest``, ``@v/$version.{info,mod,zip}``,
``/sumdb/sum.golang.org/supported``) for the modules of ``modules.py``, well enough for the real
``go mod download``. Faults are injected per server with :meth:`GoproxyServer.set_fault`, optionally
only for paths containing a substring. Servers run on a background event loop thread so a test's own
loop (or a ``go`` subprocess) can talk to them while the test waits.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
import ssl
import struct
import threading
from collections.abc import Coroutine
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import unquote

from goproxy_tui.core.goerrors.fields import unescape  # Go's '!x' → 'X' escaping, undone once
from loopnet.blackhole import fill_accept_queue
from loopnet.modules import Module, default_modules

T = TypeVar("T")

LOGIN_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Sign in - Contoso Web Gateway</title></head>\n"
    b"<body><form method=post action=/login><input name=user><input name=password type=password>"
    b"</form></body></html>\n"
)


class BackgroundLoop:
    """An asyncio loop on a daemon thread; ``run(coro)`` executes there and returns the result."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="loopnet", daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)


_shared: BackgroundLoop | None = None
_shared_lock = threading.Lock()


def background_loop() -> BackgroundLoop:
    """The process-wide loop all loopnet servers share (started on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = BackgroundLoop()
        return _shared


class FaultMode(str, Enum):
    NONE = "none"
    BLACKHOLE = "blackhole"  # SYNs dropped: connect timeout
    STALL = "stall"  # accept the TCP connection, then never say anything (not even TLS)
    RESET = "reset"  # read the request, answer with a TCP RST
    CLOSE = "close"  # read the request, close without a word
    STATUS = "status"  # answer with ``status`` (404, 410, 500, 503, 403, ...)
    GARBAGE = "garbage"  # bytes that are not HTTP
    HTML_LOGIN = "html-login"  # 200 with a captive-portal / login page
    WRONG_CONTENT = "wrong-content"  # 200 text/plain that is not a version list / .info JSON
    SLOW_DRIP = "slow-drip"  # headers at once, then one body byte every ``interval`` seconds
    HUGE_BODY = "huge-body"  # 200 with a 10 GiB Content-Length, zeros streamed
    ENDLESS_CHUNKED = "endless-chunked"  # 200, chunked, never ends
    REDIRECT_LOOP = "redirect-loop"  # 302 to itself forever
    DELAY = "delay"  # answer correctly after ``delay`` seconds


@dataclass(frozen=True)
class FaultSpec:
    mode: FaultMode = FaultMode.NONE
    status: int = 503
    delay: float = 0.0
    interval: float = 0.05
    path_contains: str | None = None
    reason: str | None = None  # STATUS: the reason phrase (default: the standard one)

    def applies(self, path: str) -> bool:
        return self.mode is not FaultMode.NONE and (self.path_contains is None or self.path_contains in path)


@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The percent-decoded path: Go sends ``!`` as ``%21`` (``/github.com/%21burnt%21sushi/...``)."""
        return unquote(self.target.split("?", 1)[0])


async def read_request(reader: asyncio.StreamReader, prefix: bytes = b"") -> Request | None:
    """One HTTP/1.1 request head (``prefix``: bytes already read from it); ``None`` on EOF or junk."""
    try:
        head = prefix + await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    headers = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return Request(parts[0], parts[1], headers)


def response_head(status: int, reason: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def abort_with_reset(writer: asyncio.StreamWriter) -> None:
    """Close so the peer gets a TCP RST (SO_LINGER 0), not a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


_REASONS = {
    200: "OK",
    401: "Unauthorized",
    302: "Found",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class GoproxyServer:
    """``with GoproxyServer() as proxy: proxy.url`` — see the module docstring."""

    def __init__(
        self,
        modules: dict[str, Module] | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
        sumdb_supported: bool = True,
        prefix: str = "",
        host: str = "127.0.0.1",
        loop: BackgroundLoop | None = None,
        basic_auth: tuple[str, str] | None = None,
        auth_status: int = 401,
    ) -> None:
        self.basic_auth = basic_auth  # (login, password) every request must carry, as Athens/Nexus demand
        self.auth_status = auth_status  # what a request without them gets (Artifactory may say 404)
        self.authorizations: list[str] = []  # the Authorization header of each request ("" when none)
        self.modules = default_modules() if modules is None else modules
        self.ssl_context = ssl_context
        self.sumdb_supported = sumdb_supported
        self.prefix = "/" + prefix.strip("/") if prefix.strip("/") else ""
        self.host = host
        self.fault = FaultSpec()
        self.requests: list[str] = []
        self._bg = loop or background_loop()
        self._sock: socket.socket | None = None
        self._accept_task: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()
        self._parked: list[socket.socket] = []
        self.port = 0

    # ---------------------------------------------------------------- lifecycle
    @property
    def scheme(self) -> str:
        return "https" if self.ssl_context else "http"

    @property
    def url(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{shown}:{self.port}{self.prefix}"

    def start(self) -> GoproxyServer:
        self._bg.run(self._start())
        return self

    def stop(self) -> None:
        if self._sock is not None:
            self._bg.run(self._stop())

    def __enter__(self) -> GoproxyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start(self) -> None:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        sock.listen(128)
        sock.setblocking(False)
        self._sock = sock
        self.port = sock.getsockname()[1]
        self._accept_task = asyncio.get_running_loop().create_task(self._accept_loop())

    async def _stop(self) -> None:
        if self._accept_task:
            self._accept_task.cancel()
        for writer in list(self._writers):
            writer.transport.abort()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for client in self._parked:
            client.close()
        self._parked = []
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    # ---------------------------------------------------------------- faults
    def set_fault(self, mode: FaultMode, **params: Any) -> None:
        """Misbehave from now on (``status=``, ``reason=``, ``delay=``, ``interval=``, ``path_contains=``)."""
        was_blackholed = self.fault.mode is FaultMode.BLACKHOLE
        self.fault = FaultSpec(mode, **params)
        if mode is FaultMode.BLACKHOLE and not was_blackholed:
            self._bg.run(self._blackhole(True))
        elif mode is not FaultMode.BLACKHOLE and was_blackholed:
            self._bg.run(self._blackhole(False))

    def clear_fault(self) -> None:
        self.set_fault(FaultMode.NONE)

    async def _blackhole(self, on: bool) -> None:
        assert self._sock is not None
        if on:
            if self._accept_task:
                self._accept_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._accept_task
            # the parking connects block briefly; they complete at once while the queue has room
            self._parked = await asyncio.get_running_loop().run_in_executor(
                None, fill_accept_queue, self._sock
            )
        else:
            for client in self._parked:
                client.close()
            self._parked = []
            self._sock.listen(128)
            self._accept_task = asyncio.get_running_loop().create_task(self._accept_loop())

    # ---------------------------------------------------------------- serving
    async def _accept_loop(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._sock is not None
        while True:
            conn, _ = await loop.sock_accept(self._sock)
            task = loop.create_task(self._connection(conn))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _connection(self, conn: socket.socket) -> None:
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        loop = asyncio.get_running_loop()
        if self.fault.mode is FaultMode.STALL and self.fault.path_contains is None:
            try:  # not even a TLS handshake: the client sees a TLS handshake timeout or a read timeout
                await asyncio.sleep(3600)
            finally:
                conn.close()
            return
        reader = asyncio.StreamReader(limit=1 << 20)
        protocol = asyncio.StreamReaderProtocol(reader)
        try:
            transport, _ = await loop.connect_accepted_socket(
                lambda: protocol,
                conn,
                ssl=self.ssl_context,
                ssl_handshake_timeout=5.0 if self.ssl_context else None,
            )
        except (OSError, ssl.SSLError, asyncio.TimeoutError):
            conn.close()
            return
        writer = asyncio.StreamWriter(transport, protocol, reader, loop)
        self._writers.add(writer)
        try:
            first = b""
            if self.ssl_context is None:
                first = await reader.read(1)
                if first == b"\x16":  # a TLS ClientHello on the plain port: answer like a web server
                    await self._send(writer, 400, b"Client sent a TLS handshake to an HTTP server.\n")
                    return
            while True:
                request = await read_request(reader, first)
                first = b""
                if request is None:
                    break
                self.requests.append(request.path)
                keep = await self._handle(request, reader, writer)
                if not keep or request.headers.get("connection", "").lower() == "close":
                    break
        except (ConnectionError, OSError, ssl.SSLError):
            pass
        finally:
            self._writers.discard(writer)
            if not writer.transport.is_closing():
                writer.close()

    async def _send(
        self,
        writer: asyncio.StreamWriter,
        status: int,
        body: bytes,
        content_type: str = "text/plain; charset=utf-8",
        extra: dict[str, str] | None = None,
        close: bool = False,
        reason: str | None = None,
    ) -> bool:
        headers = {"Content-Type": content_type, "Content-Length": str(len(body)), **(extra or {})}
        if close:  # the client asked for it: say so, as HTTP/1.1 servers must (proxies relay it)
            headers["Connection"] = "close"
        writer.write(response_head(status, reason or _REASONS.get(status, "Status"), headers) + body)
        await writer.drain()
        return True

    async def _handle(
        self, request: Request, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Answer one request; False closes the connection."""
        fault = self.fault
        path = request.path
        close = request.headers.get("connection", "").lower() == "close"
        given = request.headers.get("authorization", "")
        self.authorizations.append(given)
        if self.basic_auth is not None:
            expected = "Basic " + base64.b64encode(":".join(self.basic_auth).encode()).decode()
            if given != expected:
                extra = {"WWW-Authenticate": 'Basic realm="loopback goproxy"'} if self.auth_status == 401 else {}
                body = f"{self.auth_status} credentials required\n".encode()
                return await self._send(writer, self.auth_status, body, extra=extra, close=close)
        if fault.applies(path):
            handled = await self._misbehave(fault, request, writer, close)
            if handled is not None:
                return handled
        return await self._serve(path, writer, close)

    async def _misbehave(
        self, fault: FaultSpec, request: Request, writer: asyncio.StreamWriter, close: bool
    ) -> bool | None:
        mode = fault.mode
        if mode is FaultMode.DELAY:
            await asyncio.sleep(fault.delay)
            return None
        if mode is FaultMode.STALL:
            await asyncio.sleep(3600)
            return False
        if mode is FaultMode.RESET:
            abort_with_reset(writer)
            return False
        if mode is FaultMode.CLOSE:
            return False
        if mode is FaultMode.STATUS:
            body = f"{fault.status} injected by the loopback proxy\n".encode()
            await self._send(writer, fault.status, body, close=close, reason=fault.reason)
            return True
        if mode is FaultMode.GARBAGE:
            writer.write(b"\x00\x01SSH-2.0-garbage not http at all\r\n\r\n")
            await writer.drain()
            return False
        if mode is FaultMode.HTML_LOGIN:
            await self._send(writer, 200, LOGIN_PAGE, "text/html; charset=utf-8", close=close)
            return True
        if mode is FaultMode.WRONG_CONTENT:
            await self._send(writer, 200, b"hello world\nthis is not a Go module proxy\n", close=close)
            return True
        if mode is FaultMode.REDIRECT_LOOP:
            await self._send(writer, 302, b"", extra={"Location": request.target}, close=close)
            return True
        if mode is FaultMode.HUGE_BODY:
            writer.write(
                response_head(200, "OK", {"Content-Type": "text/plain", "Content-Length": str(10 << 30)})
            )
            chunk = b"\0" * 65536
            while not writer.transport.is_closing():
                writer.write(chunk)
                await writer.drain()
            return False
        if mode is FaultMode.ENDLESS_CHUNKED:
            writer.write(
                response_head(200, "OK", {"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
            )
            chunk = b"v1.0.0\n" * 1024
            frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
            while not writer.transport.is_closing():
                writer.write(frame)
                await writer.drain()
                await asyncio.sleep(0)
            return False
        if mode is FaultMode.SLOW_DRIP:
            status, body, content_type = self._content(request.path)
            writer.write(
                response_head(
                    status,
                    _REASONS.get(status, "Status"),
                    {"Content-Type": content_type, "Content-Length": str(len(body))},
                )
            )
            await writer.drain()
            for i in range(len(body)):
                await asyncio.sleep(fault.interval)
                writer.write(body[i : i + 1])
                await writer.drain()
            return True
        return None

    def _content(self, path: str) -> tuple[int, bytes, str]:
        """The correct answer for ``path``: (status, body, content type)."""
        if self.prefix:
            if not path.startswith(self.prefix + "/"):
                return 404, b"not found\n", "text/plain; charset=utf-8"
            path = path[len(self.prefix) :]
        if path == "/sumdb/sum.golang.org/supported":
            return (200, b"", "text/plain") if self.sumdb_supported else (404, b"not proxied\n", "text/plain")
        text = "text/plain; charset=utf-8"
        if path.endswith("/@latest"):
            module = self.modules.get(path[1 : -len("/@latest")])
            latest = module.latest() if module and not module.list_only else None
            if latest is None:
                return 404, f"not found: {path}\n".encode(), text
            return 200, latest.info(), "application/json"
        escaped, sep, rest = path[1:].partition("/@v/")
        module = self.modules.get(escaped) if sep else None
        if module is None:
            return 404, f"not found: {path}\n".encode(), text
        if rest == "list":
            return 200, module.listing(), text
        for suffix in (".info", ".mod", ".zip"):
            if rest.endswith(suffix):
                version = module.version(unescape(rest[: -len(suffix)]))
                if version is None or module.list_only:
                    return 404, f"not found: {path}\n".encode(), text
                if suffix == ".info":
                    return 200, version.info(), "application/json"
                if suffix == ".mod":
                    return 200, version.mod(), text
                return 200, version.zip_bytes, "application/zip"
        return 404, f"not found: {path}\n".encode(), text

    async def _serve(self, path: str, writer: asyncio.StreamWriter, close: bool = False) -> bool:
        status, body, content_type = self._content(path)
        return await self._send(writer, status, body, content_type, close=close)
