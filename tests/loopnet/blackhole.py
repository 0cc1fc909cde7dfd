"""A loopback address whose SYNs are dropped: a real connect timeout without leaving 127.0.0.1.

On Linux a listening socket with ``listen(0)`` accepts one connection into its queue; once that
connection sits there un-accepted, the kernel drops every further SYN (``sk_acceptq_is_full`` →
drop), so clients retransmit and finally time out — exactly what a firewall that drops packets does.
"""

from __future__ import annotations

import socket
import time


def fill_accept_queue(listener: socket.socket, attempts: int = 3) -> list[socket.socket]:
    """``listen(0)`` on ``listener`` and park connections in its queue until a connect no longer completes.

    Returns the parked client sockets; keep them open for as long as the blackhole must last.
    """
    listener.listen(0)
    address = listener.getsockname()[:2]
    parked: list[socket.socket] = []
    for _ in range(attempts):
        client = socket.socket(listener.family, socket.SOCK_STREAM)
        client.settimeout(0.2)
        try:
            client.connect(address)
        except OSError:  # the queue is already full: this SYN was dropped
            client.close()
            break
        parked.append(client)
    return parked


def is_blackholed(address: tuple[str, int], timeout: float = 0.2) -> bool:
    """True if a connect to ``address`` times out (rather than completing or being refused)."""
    probe = socket.socket(socket.AF_INET6 if ":" in address[0] else socket.AF_INET, socket.SOCK_STREAM)
    probe.settimeout(timeout)
    try:
        probe.connect(address)
    except TimeoutError:
        return True
    except OSError:
        return False
    finally:
        probe.close()
    return False


class Blackhole:
    """``with Blackhole() as hole: hole.port`` — a 127.0.0.1 port that never answers a SYN."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.listener = socket.socket(family, socket.SOCK_STREAM)
        self.listener.bind((host, 0))
        self.host = host
        self.port: int = self.listener.getsockname()[1]
        self._parked = fill_accept_queue(self.listener)

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    def url(self, scheme: str = "http") -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{shown}:{self.port}"

    def close(self) -> None:
        for client in self._parked:
            client.close()
        self.listener.close()

    def __enter__(self) -> Blackhole:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":  # manual check: python tests/loopnet/blackhole.py
    with Blackhole() as hole:
        start = time.perf_counter()
        print("blackholed:", is_blackholed(hole.address, 0.5), f"{time.perf_counter() - start:.2f}s")
