"""An HTTP proxy on 127.0.0.1:0 like a corporate one: CONNECT tunnels, plain forwarding, 407, refusal.

Modes: ``tunnel`` (open), ``auth`` (Basic credentials required, else 407), ``refuse`` (403 to every
CONNECT / request). With ``ssl_context`` it is an ``https://`` proxy. ``hosts`` maps names to addresses, so tests can use realistic host names that only
the proxy resolves (as a real proxy resolves names the client cannot). Every request line is logged.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ssl
from typing import Any
from urllib.parse import urlsplit

from loopnet.goproxy_server import BackgroundLoop, background_loop, read_request, response_head


class ConnectProxy:
    def __init__(
        self,
        mode: str = "tunnel",
        *,
        username: str = "alice",
        password: str = "s3cret",
        hosts: dict[str, str] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        loop: BackgroundLoop | None = None,
    ) -> None:
        self.mode = mode
        self.ssl_context = ssl_context  # set: an https:// proxy (TLS between client and proxy)
        self.username = username
        self.password = password
        self.hosts = dict(hosts or {})
        self.seen: list[str] = []
        self.port = 0
        self._bg = loop or background_loop()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def scheme(self) -> str:
        return "https" if self.ssl_context else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    @property
    def url_with_credentials(self) -> str:
        return f"{self.scheme}://{self.username}:{self.password}@127.0.0.1:{self.port}"

    def start(self) -> ConnectProxy:
        self._bg.run(self._start())
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._bg.run(self._stop())

    def __enter__(self) -> ConnectProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0, ssl=self.ssl_context)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):  # ends every pipe; cancelling start_server's tasks would log noise
            writer.transport.abort()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._server = None

    def _authorized(self, headers: dict[str, str]) -> bool:
        expected = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return headers.get("proxy-authorization", "") == f"Basic {expected}"

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            request = await read_request(reader)
            if request is None:
                return
            self.seen.append(f"{request.method} {request.target}")
            if self.mode == "refuse":
                writer.write(response_head(403, "Forbidden", {"Content-Length": "0", "Connection": "close"}))
                return
            if self.mode == "auth" and not self._authorized(request.headers):
                writer.write(
                    response_head(
                        407,
                        "Proxy Authentication Required",
                        {
                            "Proxy-Authenticate": 'Basic realm="loopnet"',
                            "Content-Length": "0",
                            "Connection": "close",
                        },
                    )
                )
                return
            if request.method == "CONNECT":
                host, _, port = request.target.rpartition(":")
                await self._tunnel(host.strip("[]"), int(port), reader, writer)
            else:
                await self._forward(request.method, request.target, request.headers, reader, writer)
        except (ConnectionError, OSError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                await writer.drain()
            writer.close()

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(self.hosts.get(host, host), port), 5.0
            )
        except (OSError, asyncio.TimeoutError):
            return None
        self._writers.add(writer)
        return reader, writer

    async def _tunnel(
        self, host: str, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        upstream = await self._open(host, port)
        if upstream is None:
            writer.write(response_head(502, "Bad Gateway", {"Content-Length": "0", "Connection": "close"}))
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await _pipe_both(reader, writer, *upstream)

    async def _forward(
        self,
        method: str,
        target: str,
        headers: dict[str, str],
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        parts = urlsplit(target)
        upstream = await self._open(parts.hostname or "", parts.port or 80) if parts.hostname else None
        if upstream is None:
            writer.write(response_head(502, "Bad Gateway", {"Content-Length": "0", "Connection": "close"}))
            return
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        kept = {k: v for k, v in headers.items() if not k.startswith("proxy-") and k != "connection"}
        lines = [f"{method} {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in kept.items()] + ["Connection: close"]
        upstream[1].write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await _pipe_both(reader, writer, *upstream)


async def _pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
    try:
        while data := await src.read(65536):
            dst.write(data)
            await dst.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            dst.close()


async def _pipe_both(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    up_reader: asyncio.StreamReader,
    up_writer: asyncio.StreamWriter,
) -> None:
    await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))


class PortMapProxy(ConnectProxy):
    """A CONNECT proxy that sends ``host``:443 to a loopback port and refuses every other host.

    A module path cannot carry a port, so this is how Go and git reach ``https://<host>/…`` on loopback;
    a request for any other host (a mistake in a test) is refused instead of leaving the machine.
    """

    def __init__(self, host: str, port: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target_host, self.target_port = host, port

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        return await super()._open("127.0.0.1", self.target_port) if host == self.target_host else None
