"""Network guard: no test may send traffic beyond loopback.

Importing this module patches ``socket.socket`` so any connect/sendto to a non-loopback address raises
and is recorded; ``conftest.py`` fails the test at teardown when anything was recorded, even if the code
under test caught the error (a probe would otherwise classify it as a fault and pass). It lives apart
from conftest.py so that test directories may have their own conftest without shadowing it.
"""

from __future__ import annotations

import ipaddress
import socket


class NetworkGuardError(OSError):
    """Raised instead of letting a test talk to anything but loopback."""


violations: list[str] = []


def _is_loopback(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX paths
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = address[0]
    if isinstance(host, bytes):
        host = host.decode()
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a lookup elsewhere


def _guarded(original):
    def wrapper(self: socket.socket, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            message = f"test tried to reach non-loopback address {address!r}"
            violations.append(message)
            raise NetworkGuardError(message)
        return original(self, address, *args)

    return wrapper


def _guarded_sendto(original):
    def wrapper(self: socket.socket, data, *args):
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            message = f"test tried to send to non-loopback address {address!r}"
            violations.append(message)
            raise NetworkGuardError(message)
        return original(self, data, *args)

    return wrapper


socket.socket.connect = _guarded(socket.socket.connect)  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded(socket.socket.connect_ex)  # type: ignore[method-assign]
socket.socket.sendto = _guarded_sendto(socket.socket.sendto)  # type: ignore[method-assign]


