"""The network guard itself: a test that reaches beyond loopback must fail, even if the error is caught."""

from __future__ import annotations

import socket

import netguard
import pytest


def test_guard_blocks_non_loopback_connect_and_records_it() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(netguard.NetworkGuardError):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: must never be attempted
    finally:
        sock.close()
    assert netguard.violations, "a blocked attempt must be recorded so the test fails at teardown"
    netguard.violations.clear()  # this test wanted the violation; do not fail it


def test_guard_blocks_udp_sendto() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        with pytest.raises(netguard.NetworkGuardError):
            sock.sendto(b"x", ("8.8.8.8", 53))
    finally:
        sock.close()
    netguard.violations.clear()


def test_guard_allows_loopback() -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    client = socket.create_connection(server.getsockname(), timeout=2)
    client.close()
    server.close()
    assert not netguard.violations
