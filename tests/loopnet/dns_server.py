"""A loopback DNS server (UDP + TCP on one port) that answers from a small zone or misbehaves on purpose.

Built on dnspython's message/wire functions so the probe under test meets real DNS packets. Each
name maps either to its addresses (IPv4 → A, IPv6 → AAAA; an empty list is NOERROR with no data)
or to a behaviour: ``NXDOMAIN``, ``NODATA``, ``SERVFAIL``, ``REFUSED`` or ``SILENT`` (never answers,
to provoke timeouts). "Poisoned" answers are simply zone entries with bogus addresses; two servers
with different zones emulate "the system resolver" and "a public resolver".

    with DnsServer({"proxy.golang.org": ["142.250.1.1"]}) as server:
        server.port, server.entry  # entry == "127.0.0.1:<port>"
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

NXDOMAIN = "nxdomain"
NODATA = "nodata"
SERVFAIL = "servfail"
REFUSED = "refused"
SILENT = "silent"
BEHAVIOURS = (NXDOMAIN, NODATA, SERVFAIL, REFUSED, SILENT)

ZoneValue = Sequence[str] | str


@dataclass(frozen=True)
class Query:
    """One question the server received (for assertions such as "A and AAAA were asked over TCP")."""

    name: str
    rdtype: str
    transport: str  # "udp" or "tcp"


def _key(name: str | dns.name.Name) -> str:
    text = name.to_text() if isinstance(name, dns.name.Name) else name
    return text.lower().rstrip(".") + "."


class DnsServer:
    """Serve ``zone`` on 127.0.0.1 (UDP and TCP, same port) from background threads.

    ``default`` is the behaviour for names not in the zone; ``delay`` (seconds) postpones every
    answer; ``truncate_udp`` answers UDP with TC set and no records, forcing clients onto TCP.
    """

    def __init__(
        self,
        zone: Mapping[str, ZoneValue] | None = None,
        *,
        default: str = NXDOMAIN,
        delay: float = 0.0,
        truncate_udp: bool = False,
        ttl: int = 60,
        host: str = "127.0.0.1",
    ) -> None:
        self._zone: dict[str, ZoneValue] = {}
        for name, value in (zone or {}).items():
            self.set(name, value)
        if default not in BEHAVIOURS:
            raise ValueError(f"unknown default behaviour {default!r}")
        self.default = default
        self.delay = delay
        self.truncate_udp = truncate_udp
        self.ttl = ttl
        self.host = host
        self.port = 0
        self.queries: list[Query] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None
        self._conns: list[socket.socket] = []

    # -- configuration ---------------------------------------------------------------------------

    def set(self, name: str, value: ZoneValue) -> None:
        """Add or replace a zone entry: a list of addresses or one of ``BEHAVIOURS``."""
        if isinstance(value, str) and value not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {value!r}; use a list of addresses or one of {BEHAVIOURS}")
        self._zone[_key(name)] = value if isinstance(value, str) else tuple(value)

    @property
    def entry(self) -> str:
        """The server as a resolver entry, ``127.0.0.1:<port>``."""
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> DnsServer:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        for _attempt in range(20):
            udp = socket.socket(family, socket.SOCK_DGRAM)
            udp.bind((self.host, 0))
            port = udp.getsockname()[1]
            tcp = socket.socket(family, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                tcp.bind((self.host, port))
            except OSError:
                udp.close()
                tcp.close()
                continue
            break
        else:  # pragma: no cover - would need 20 collisions in a row
            raise OSError("could not bind UDP and TCP on the same loopback port")
        tcp.listen(16)
        udp.settimeout(0.05)
        tcp.settimeout(0.05)
        self._udp, self._tcp, self.port = udp, tcp, port
        for target in (self._serve_udp, self._serve_tcp):
            thread = threading.Thread(target=target, name=f"dns-{port}-{target.__name__}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2)
        with self._lock:
            conns, self._conns = self._conns, []
        for sock in (self._udp, self._tcp, *conns):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answering -------------------------------------------------------------------------------

    def answer(self, wire: bytes, transport: str) -> bytes | None:
        """Build the reply to one query; ``None`` means stay silent."""
        try:
            query = dns.message.from_wire(wire)
        except Exception:  # malformed input: a real server would FORMERR or drop it
            return None
        if not query.question:
            return None
        question = query.question[0]
        key = _key(question.name)
        rdtype = dns.rdatatype.to_text(question.rdtype)
        with self._lock:
            self.queries.append(Query(key, rdtype, transport))
        value = self._zone.get(key, self.default)
        if value == SILENT:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        if transport == "udp" and self.truncate_udp:
            response.flags |= dns.flags.TC
            return response.to_wire()
        if value == NXDOMAIN:
            response.set_rcode(dns.rcode.NXDOMAIN)
        elif value == SERVFAIL:
            response.set_rcode(dns.rcode.SERVFAIL)
        elif value == REFUSED:
            response.set_rcode(dns.rcode.REFUSED)
        elif value != NODATA and question.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
            want_v6 = question.rdtype == dns.rdatatype.AAAA
            addresses = [a for a in value if (":" in a) == want_v6]
            if addresses:
                rrset = dns.rrset.from_text(question.name, self.ttl, dns.rdataclass.IN, rdtype, *addresses)
                response.answer.append(rrset)
        return response.to_wire()

    def _reply_later(self, reply: bytes, send: object) -> None:
        def run() -> None:
            if not self._stop.wait(self.delay):
                with contextlib.suppress(OSError):
                    send(reply)  # type: ignore[operator]

        threading.Thread(target=run, daemon=True).start()

    def _serve_udp(self) -> None:
        assert self._udp is not None
        sock = self._udp
        while not self._stop.is_set():
            try:
                wire, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            reply = self.answer(wire, "udp")
            if reply is None:
                continue
            if self.delay:
                self._reply_later(reply, lambda data, peer=peer: sock.sendto(data, peer))
            else:
                with contextlib.suppress(OSError):
                    sock.sendto(reply, peer)

    def _serve_tcp(self) -> None:
        assert self._tcp is not None
        while not self._stop.is_set():
            try:
                conn, _peer = self._tcp.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._serve_conn, args=(conn,), daemon=True).start()

    def _serve_conn(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        buffer = b""
        try:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65535)
                except TimeoutError:
                    continue
                if not chunk:
                    return
                buffer += chunk
                while len(buffer) >= 2 and len(buffer) >= 2 + int.from_bytes(buffer[:2], "big"):
                    size = int.from_bytes(buffer[:2], "big")
                    wire, buffer = buffer[2 : 2 + size], buffer[2 + size :]
                    reply = self.answer(wire, "tcp")
                    if reply is None:
                        continue  # keep the connection open and silent
                    framed = len(reply).to_bytes(2, "big") + reply
                    if self.delay:
                        self._reply_later(framed, conn.sendall)
                    else:
                        conn.sendall(framed)
        except OSError:
            return
        finally:
            # Give a delayed reply the chance to leave before closing.
            if self.delay and not self._stop.is_set():
                time.sleep(self.delay)
            with contextlib.suppress(OSError):
                conn.close()
