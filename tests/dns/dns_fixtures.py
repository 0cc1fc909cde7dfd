"""Fixtures for the DNS probe tests: loopback DNS servers and temporary resolv.conf files.

Not a conftest.py on purpose: with pytest's prepend import mode a second ``conftest`` module would
replace the root one in ``sys.modules`` and break ``import conftest`` in tests/test_guard.py.
Test modules import these fixtures by name.

Every resolver used here is a loopback server: the network guard fails any test that would send
to the default public resolvers or to the nameservers of the real /etc/resolv.conf.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from loopnet.dns_server import DnsServer
from loopnet.fixtures import dns_server  # noqa: F401  (re-exported: tests bind it by name)

from goproxy_tui.core.probes.dns import ResolverSpec, SystemResolver, parse_resolver, read_resolv_conf

StartServer = Callable[..., DnsServer]
SystemOf = Callable[[DnsServer], SystemResolver]


def spec(server: DnsServer) -> ResolverSpec:
    """A loopback server as a public resolver entry."""
    return parse_resolver(server.entry)




@pytest.fixture
def resolv_conf(tmp_path: Path) -> Callable[..., Path]:
    """Write a temporary resolv.conf (text or bytes) and return its path."""
    counter = iter(range(1000))

    def write(content: str | bytes) -> Path:
        path = tmp_path / f"resolv{next(counter)}.conf"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return path

    return write


@pytest.fixture
def system_of(resolv_conf: Callable[..., Path]) -> SystemOf:
    """The "system resolver" pointing at a loopback server, read through a real resolv.conf file."""

    def make(server: DnsServer) -> SystemResolver:
        path = resolv_conf(f"# written by the test\nsearch example.test\nnameserver {server.host}\n")
        return read_resolv_conf(path, port=server.port)

    return make
