"""Fixtures for the mirror tests: loopback Go proxies, a blackhole, a refused port, a checksum DB."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from loopnet.goproxy_server import GoproxyServer

TREE_NOTE = (
    b"go.sum database tree\n31415926\nQ4GQcuxzGH7YHQz0J+ok8GcBoNgfKTFNeIpAZgCEqVg=\n\n"
    b"\xe2\x80\x94 sum.golang.org Az3grnmrIb5AK8E1dlTz8Nd6u5/qY71AVm5IHt+CcxLykphz7Oxgw1EP2VZ4cnrJ+pqkvJiBQjzUNFVZUNLo6Z7x1Qs=\n"
)


@pytest.fixture
def start_proxy() -> Iterator[Callable[..., GoproxyServer]]:
    """``start_proxy(sumdb_supported=False)`` → a running loopback Go module proxy (stopped after)."""
    started: list[GoproxyServer] = []

    def start(**options: Any) -> GoproxyServer:
        server = GoproxyServer(**options).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()




@pytest.fixture
def refused_url() -> str:
    """A loopback URL nothing listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


class SumdbServer:
    """A loopback checksum database front: ``/latest`` answers a tree note (or ``body`` if given)."""

    def __init__(self, body: bytes = TREE_NOTE, status: int = 200, content_type: str = "text/plain") -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server calls do_<METHOD>
                outer.requests.append(self.path)
                data = outer.body if self.path.endswith("/latest") else b"not found\n"
                self.send_response(outer.status if self.path.endswith("/latest") else 404)
                self.send_header("Content-Type", outer.content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.body, self.status, self.content_type = body, status, content_type
        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def sumdb_server() -> Iterator[Callable[..., SumdbServer]]:
    made: list[SumdbServer] = []

    def make(**options: Any) -> SumdbServer:
        server = SumdbServer(**options)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()
