"""Loopback fixtures every test directory may use (imported by tests/conftest.py)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from loopnet.blackhole import Blackhole
from loopnet.dns_server import DnsServer
from loopnet.goproxy_server import GoproxyServer


@pytest.fixture
def goproxy() -> Iterator[GoproxyServer]:
    """A healthy plain-HTTP Go module proxy; tests inject faults with ``set_fault``."""
    with GoproxyServer() as server:
        yield server


@pytest.fixture
def blackhole() -> Iterator[Blackhole]:
    """A loopback port that drops SYNs: connects time out."""
    with Blackhole() as hole:
        yield hole


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dns_server() -> Iterator[Callable[..., DnsServer]]:
    """Start loopback DNS servers on demand: ``dns_server({"name": ["1.2.3.4"]}, delay=0.1)``."""
    servers: list[DnsServer] = []

    def start(zone: dict[str, Any] | None = None, **options: Any) -> DnsServer:
        server = DnsServer(zone, **options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
