"""DNS probe: resolve a host with the system resolver and with public resolvers, then compare.

Why both: Go resolves through the system's resolvers, and behind the GFW or a captive network those
may time out, answer NXDOMAIN or answer *wrong* (poisoned). Asking independent public resolvers at
the same time tells "the name is broken" apart from "this network's DNS is broken", and comparing
the answers exposes tampering. Disagreement alone is only suspicious (CDNs answer differently per
resolver); an address that cannot be the real one (loopback, private for a public name, reserved,
or a forged address the GFW is known to inject) is strong evidence.

Public API::

    parse_resolver(entry) -> ResolverSpec            # raises ResolverError (one-line message)
    parse_resolvers(value) -> ResolverList           # never raises; bad entries become errors
    check_resolvers(value) -> Check                  # for validating config before it is saved
    parse_resolv_conf(text, port=53) -> SystemResolver
    read_resolv_conf(path=/etc/resolv.conf, port=53) -> SystemResolver   # never raises
    default_system_resolver() -> SystemResolver
    await probe_dns(host, system=..., public=[...], timeout=..., deadline=None) -> DnsResult
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import dns.asyncresolver
import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.rules.check import Check
from goproxy_tui.i18n import N_, Joined, Msg, message_of

DEFAULT_RESOLV_CONF = Path("/etc/resolv.conf")
DEFAULT_PUBLIC_RESOLVERS: tuple[str, ...] = ("223.5.5.5", "119.29.29.29", "8.8.8.8")
DEFAULT_TIMEOUT = 3.0
GLIBC_MAXNS = 3  # glibc (resolv/res_init.c) uses at most three nameserver lines
_RESOLVER_EXAMPLES = '"8.8.8.8", "8.8.8.8:53" or "[2001:4860:4860::8888]:53"'


class DnsReason(str, Enum):
    """The finer reason behind a DNS result's ``Fault``; values are part of the JSON output."""

    # outcome of one lookup
    OK = "ok"
    IP_LITERAL = "ip-literal"
    NXDOMAIN = "nxdomain"
    NO_ANSWER = "no-answer"
    TIMEOUT = "timeout"
    SERVFAIL = "servfail"
    UNREACHABLE = "unreachable"
    NO_NAMESERVERS = "no-nameservers"
    RESOLV_CONF_UNREADABLE = "resolv-conf-unreadable"
    RESOLV_CONF_MALFORMED = "resolv-conf-malformed"
    BAD_NAME = "bad-name"
    ERROR = "error"
    # verdict on a system answer compared with the public ones
    ANSWERS_DIFFER = "answers-differ"
    PRIVATE_UNCONFIRMED = "private-unconfirmed"
    INTERNAL_NAME = "internal-name"
    FAKE_IP = "fake-ip"
    BOGUS_ADDRESS = "bogus-address"
    GFW_FORGED = "gfw-forged"

    @property
    def explanation(self) -> str:
        return _REASON_TEXT[self]


_REASON_TEXT: dict[DnsReason, str] = {
    DnsReason.OK: N_("The name resolves and the answers agree."),
    DnsReason.IP_LITERAL: N_("The host is an IP address: no DNS lookup is needed."),
    DnsReason.NXDOMAIN: N_("The resolver says the name does not exist (NXDOMAIN)."),
    DnsReason.NO_ANSWER: N_("The name exists but has no A or AAAA address (NOERROR, no data)."),
    DnsReason.TIMEOUT: N_("The resolver did not answer in time."),
    DnsReason.SERVFAIL: N_("The resolver answered with an error (SERVFAIL or REFUSED)."),
    DnsReason.UNREACHABLE: N_(
        "The resolver could not be reached (no route to it, or it refused "
        "the connection)."
    ),
    DnsReason.NO_NAMESERVERS: N_(
        "No nameserver is configured, so nothing can be resolved "
        "(glibc would fall back to 127.0.0.1, where usually no DNS server runs)."
    ),
    DnsReason.RESOLV_CONF_UNREADABLE: N_("The resolver configuration file cannot be read."),
    DnsReason.RESOLV_CONF_MALFORMED: N_("The resolver configuration file has no usable nameserver line."),
    DnsReason.BAD_NAME: N_("The host is not a valid DNS name."),
    DnsReason.ERROR: N_("The DNS lookup failed unexpectedly."),
    DnsReason.ANSWERS_DIFFER: N_(
        "The system resolver's addresses share none with the public resolvers'. "
        "CDNs do this legitimately, so this is only suspicious; check that connections succeed."
    ),
    DnsReason.PRIVATE_UNCONFIRMED: N_(
        "The system resolver answers a private address and no public "
        "resolver could confirm or refute it: either an internal name or tampering."
    ),
    DnsReason.INTERNAL_NAME: N_(
        "The system resolver answers a private address for a name that public "
        "resolvers do not know: an internal (split-horizon) name, not tampering."
    ),
    DnsReason.FAKE_IP: N_(
        "The system resolver answers fake-ip addresses (198.18.0.0/15): a local proxy "
        "tool (Clash, Surge…) intercepts DNS and routes the traffic itself."
    ),
    DnsReason.BOGUS_ADDRESS: N_(
        "The system resolver answers an address that cannot belong to this "
        "public name (loopback, private, reserved or unspecified): DNS is being tampered with."
    ),
    DnsReason.GFW_FORGED: N_(
        "The system resolver answers an address the GFW is known to inject in "
        "forged DNS replies: DNS is poisoned."
    ),
}

_LOOKUP_FAULTS: dict[DnsReason, Fault] = {DnsReason.TIMEOUT: Fault.DNS_TIMEOUT}


# ------------------------------------------------------------------------------------------------
# Resolver entries: "8.8.8.8", "8.8.8.8:5353", "2001:db8::1", "[2001:db8::1]:5353"


class ResolverError(ValueError):
    """A resolver entry that is not an IP address with an optional port; ``str()`` is one line."""


@dataclass(frozen=True)
class ResolverSpec:
    """One DNS server to ask over plain DNS (UDP, TCP on truncation)."""

    address: str
    port: int = 53

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return host if self.port == 53 else f"{host}:{self.port}"


@dataclass(frozen=True)
class ResolverList:
    """Parsed ``[dns] resolvers``: the usable entries (in order, no duplicates) and one error per bad one."""

    resolvers: tuple[ResolverSpec, ...]
    errors: tuple[str, ...] = ()


_BRACKETED = re.compile(r"\[(?P<addr>[^\]]*)\](?::(?P<port>.*))?")


def _shown(entry: str) -> str:
    """Quote an entry for a message; repr() escapes newlines so the message stays on one line."""
    return repr(entry if len(entry) <= 60 else entry[:57] + "...")


def _parse_port(entry: str, text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise ResolverError(
            Msg("bad resolver {entry}: port {port} is not a number", entry=_shown(entry), port=_shown(text))
        )
    port = int(text)
    if not 1 <= port <= 65535:
        raise ResolverError(
            Msg("bad resolver {entry}: port {port} is out of range 1-65535", entry=_shown(entry), port=port)
        )
    return port


def _parse_ip(entry: str, text: str, *, want_v6: bool | None) -> str:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        if want_v6:
            why = Msg("{value} is not an IPv6 address", value=_shown(text))
        elif any(c.isalpha() for c in text) and ":" not in text:
            why = Msg("a resolver must be an IP address (resolving its name would itself need DNS)")
        else:
            why = Msg("{value} is not an IP address", value=_shown(text))
        raise ResolverError(
            Msg("bad resolver {entry}: {why}; write {examples}", entry=_shown(entry), why=why, examples=_RESOLVER_EXAMPLES)
        ) from None
    if want_v6 and ip.version != 6:
        raise ResolverError(Msg("bad resolver {entry}: brackets are only for IPv6 addresses", entry=_shown(entry)))
    if ip.is_multicast or ip.is_unspecified:
        raise ResolverError(
            Msg("bad resolver {entry}: {address} is not a unicast address", entry=_shown(entry), address=str(ip))
        )
    return str(ip)


def parse_resolver(entry: str) -> ResolverSpec:
    """Parse one resolver entry; raise ``ResolverError`` with a one-line message when it is bad."""
    if not isinstance(entry, str):
        raise ResolverError(
            Msg("bad resolver {entry}: expected a string such as {examples}", entry=repr(entry), examples=_RESOLVER_EXAMPLES)
        )
    text = entry.strip()
    if not text:
        raise ResolverError(Msg("bad resolver {entry}: empty entry", entry=_shown(entry)))
    if "://" in text or "/" in text:
        raise ResolverError(
            Msg(
                "bad resolver {entry}: only plain DNS servers are supported (no URL, DoH or DoT); write {examples}",
                entry=_shown(entry),
                examples=_RESOLVER_EXAMPLES,
            )
        )
    if text.startswith("["):
        match = _BRACKETED.fullmatch(text)
        if match is None:
            raise ResolverError(Msg("bad resolver {entry}: expected [IPv6]:port", entry=_shown(entry)))
        address = _parse_ip(entry, match["addr"], want_v6=True)
        port = 53 if match["port"] is None else _parse_port(entry, match["port"])
        return ResolverSpec(address, port)
    if text.count(":") == 1:
        host, _, port_text = text.partition(":")
        if not port_text:
            raise ResolverError(Msg("bad resolver {entry}: missing port after ':'", entry=_shown(entry)))
        return ResolverSpec(_parse_ip(entry, host, want_v6=False), _parse_port(entry, port_text))
    # No colon: IPv4. Two or more colons: a bare IPv6 address (its port cannot be given unbracketed).
    return ResolverSpec(_parse_ip(entry, text, want_v6=None))


def parse_resolvers(value: object) -> ResolverList:
    """Parse a resolver list (a TOML array, or one string separated by commas/blanks); never raises."""
    if isinstance(value, str):
        entries: list[object] = [part for part in re.split(r"[,\s]+", value) if part]
    elif isinstance(value, (list, tuple)):
        entries = list(value)
    else:
        return ResolverList(
            (), (Msg("[dns] resolvers must be a list of strings, not {type}", type=type(value).__name__),)
        )
    resolvers: list[ResolverSpec] = []
    errors: list[str] = []
    for entry in entries:
        try:
            spec = parse_resolver(entry)  # type: ignore[arg-type]
        except ResolverError as exc:
            errors.append(message_of(exc))
            continue
        if spec not in resolvers:
            resolvers.append(spec)
    return ResolverList(tuple(resolvers), tuple(errors))


def check_resolvers(value: object) -> Check:
    """Validate a ``[dns] resolvers`` value the way other settings are validated (``Check``)."""
    parsed = parse_resolvers(value)
    if parsed.errors:
        return Check.fail(parsed.errors[0], Msg("write addresses such as {examples}", examples=_RESOLVER_EXAMPLES))
    if not parsed.resolvers:
        example = DEFAULT_PUBLIC_RESOLVERS[0]
        return Check.fail(Msg("[dns] resolvers is empty"), Msg("list at least one, e.g. {example}", example=repr(example)))
    return Check()


def default_public_resolvers() -> tuple[ResolverSpec, ...]:
    return parse_resolvers(list(DEFAULT_PUBLIC_RESOLVERS)).resolvers


# ------------------------------------------------------------------------------------------------
# The system resolver: /etc/resolv.conf read the way glibc reads it.


@dataclass(frozen=True)
class SystemResolver:
    """The system's nameservers, or why there are none (``problem`` + a one-line ``detail``)."""

    source: str
    nameservers: tuple[ResolverSpec, ...]
    problem: DnsReason | None = None
    detail: str = ""
    warnings: tuple[str, ...] = ()


_MAX_RESOLV_CONF = 1 << 20
_KEYWORDS = ("nameserver", "domain", "search", "sortlist", "options", "lookup", "family")


def parse_resolv_conf(text: str, *, port: int = 53, source: str = str(DEFAULT_RESOLV_CONF)) -> SystemResolver:
    """Parse resolv.conf text; never raises. ``port`` exists for tests: resolv.conf has no ports.

    Like glibc: ``#``/``;`` start comments, unknown lines are ignored, an unparsable nameserver
    is skipped, only the first three count. A file with no directive at all is reported as
    malformed rather than as "no nameservers" because it is probably not a resolv.conf.
    """
    if "\x00" in text:
        return SystemResolver(
            source,
            (),
            DnsReason.RESOLV_CONF_MALFORMED,
            Msg("{file} is a binary file, not a resolv.conf", file=source),
        )
    nameservers: list[ResolverSpec] = []
    bad: list[str] = []
    directives = 0
    content_lines = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        content_lines += 1
        tokens = line.split()
        if tokens[0] not in _KEYWORDS:
            continue
        directives += 1
        if tokens[0] != "nameserver":
            continue
        address = tokens[1] if len(tokens) > 1 else ""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            bad.append(Msg("ignored {line}: not an IP address", line=_shown(line)))
            continue
        spec = ResolverSpec(str(ip), port)
        if spec not in nameservers:
            nameservers.append(spec)
    warnings = list(bad)
    if len(nameservers) > GLIBC_MAXNS:
        extra = ", ".join(str(ns.address) for ns in nameservers[GLIBC_MAXNS:])
        warnings.append(
            Msg("only the first {count} nameservers are used; ignored: {extra}", count=GLIBC_MAXNS, extra=extra)
        )
        nameservers = nameservers[:GLIBC_MAXNS]
    if nameservers:
        return SystemResolver(source, tuple(nameservers), warnings=tuple(warnings))
    if bad:
        return SystemResolver(
            source, (), DnsReason.RESOLV_CONF_MALFORMED, Joined(": ", (source, bad[0])), tuple(warnings)
        )
    if content_lines and not directives:
        return SystemResolver(
            source,
            (),
            DnsReason.RESOLV_CONF_MALFORMED,
            Msg("{file} contains no resolv.conf directive (nameserver, search, options…)", file=source),
        )
    return SystemResolver(
        source, (), DnsReason.NO_NAMESERVERS, Msg("{file} has no nameserver line", file=source)
    )


def read_resolv_conf(path: Path | str = DEFAULT_RESOLV_CONF, *, port: int = 53) -> SystemResolver:
    """Read and parse a resolv.conf file; a missing or unreadable file is a result, not an exception."""
    source = str(path)
    try:
        with open(path, "rb") as file:
            data = file.read(_MAX_RESOLV_CONF)  # a path such as /dev/zero must not hang the probe
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return SystemResolver(
            source, (), DnsReason.RESOLV_CONF_UNREADABLE, Msg("cannot read {file}: {why}", file=source, why=why)
        )
    return parse_resolv_conf(data.decode("utf-8", errors="replace"), port=port, source=source)


def default_system_resolver() -> SystemResolver:
    """The machine's resolvers: /etc/resolv.conf, or on Windows the registry via dnspython."""
    if sys.platform != "win32":
        return read_resolv_conf()
    try:
        configured = dns.resolver.Resolver(configure=True)
        specs = [parse_resolver(str(getattr(ns, "address", ns))) for ns in configured.nameservers]
    except Exception as exc:  # dnspython's registry reader has several failure modes
        return SystemResolver("Windows registry", (), DnsReason.RESOLV_CONF_UNREADABLE, str(exc))
    if not specs:
        return SystemResolver("Windows registry", (), DnsReason.NO_NAMESERVERS, Msg("no DNS server configured"))
    return SystemResolver("Windows registry", tuple(specs[:GLIBC_MAXNS]))


# ------------------------------------------------------------------------------------------------
# Address classification for the poisoning heuristic.

# Addresses the GFW was documented injecting in forged replies (ChinaDNS / OONI lists).
GFW_FORGED_ADDRESSES: frozenset[str] = frozenset(
    """
    4.36.66.178 8.7.198.45 37.61.54.158 46.82.174.68 59.24.3.173 64.33.88.161 64.33.99.47
    64.66.163.251 65.104.202.252 65.160.219.113 66.45.252.237 72.14.205.99 72.14.205.104
    78.16.49.15 93.46.8.89 128.121.126.139 159.106.121.75 169.132.13.103 192.67.198.6 202.106.1.2
    202.181.7.85 203.98.7.65 203.161.230.171 207.12.88.98 208.56.31.43 209.36.73.33 209.145.54.50
    209.220.30.174 211.94.66.147 213.169.251.35 216.221.188.182 216.234.179.13 243.185.187.39
    """.split()
)

_GFW = "known GFW forged address"
_FAKE_IP_KIND = "fake-ip (198.18.0.0/15)"
_FAKE_IP = ipaddress.ip_network("198.18.0.0/15")
# Weak kinds are plausible for an internal (split-horizon) name; strong ones never are a real answer.
_WEAK_NETS: tuple[tuple[str, tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]], ...] = tuple(
    (kind, tuple(ipaddress.ip_network(n) for n in nets))
    for kind, nets in (
        ("private", ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
        ("shared (CGNAT)", ("100.64.0.0/10",)),
        ("link-local", ("169.254.0.0/16", "fe80::/10")),
    )
)


@dataclass(frozen=True)
class BadAddress:
    """An answered address that cannot be a public name's real address, and why (``kind``: English, as in JSON)."""

    address: str
    kind: str
    strong: bool


def classify_address(text: str) -> BadAddress | None:
    """Return why ``text`` is not a plausible public address, or ``None`` when it is one."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return BadAddress(text, "not an IP address", True)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if str(ip) in GFW_FORGED_ADDRESSES:
        return BadAddress(text, _GFW, True)
    if ip.is_loopback:
        return BadAddress(text, "loopback", True)
    if ip.is_unspecified:
        return BadAddress(text, "unspecified", True)
    if ip.is_multicast:
        return BadAddress(text, "multicast", True)
    if ip.version == 4 and ip in _FAKE_IP:
        return BadAddress(text, _FAKE_IP_KIND, False)
    for kind, nets in _WEAK_NETS:
        if any(ip.version == net.version and ip in net for net in nets):
            return BadAddress(text, kind, False)
    if ip.is_reserved:
        return BadAddress(text, "reserved", True)
    if not ip.is_global:
        return BadAddress(text, "not globally routable", True)
    return None


# ------------------------------------------------------------------------------------------------
# Results


_KIND_TEMPLATES: dict[str, str] = {
    _GFW: N_("{address} (known GFW forged address)"),
    _FAKE_IP_KIND: N_("{address} (fake-ip (198.18.0.0/15))"),
    "not an IP address": N_("{address} (not an IP address)"),
    "loopback": N_("{address} (loopback)"),
    "unspecified": N_("{address} (unspecified)"),
    "multicast": N_("{address} (multicast)"),
    "private": N_("{address} (private)"),
    "shared (CGNAT)": N_("{address} (shared (CGNAT))"),
    "link-local": N_("{address} (link-local)"),
    "reserved": N_("{address} (reserved)"),
    "not globally routable": N_("{address} (not globally routable)"),
}
"""``address (kind)`` for evidence lines, one catalog entry per kind (a bare kind such as "private" would be
too short a msgid: every parameter that happens to read "private" would be translated with it)."""


def _marked(address: str, kind: str) -> str:
    template = _KIND_TEMPLATES.get(kind)
    return Joined("", (address, " (", kind, ")")) if template is None else Msg(template, address=address)


@dataclass(frozen=True)
class Lookup:
    """What one resolver (the system's, or one public resolver) said about the host."""

    resolver: str  # "system" or the public resolver as written, e.g. "8.8.8.8:53"
    servers: tuple[str, ...]
    outcome: DnsReason
    addresses: tuple[str, ...] = ()
    elapsed_ms: float | None = None  # None when no query was sent
    detail: str = ""
    bad: tuple[BadAddress, ...] = ()

    @property
    def ok(self) -> bool:
        return self.outcome is DnsReason.OK

    def said(self) -> str:
        """One line for evidence: who said what."""
        if self.ok:
            kinds = {b.address: b.kind for b in self.bad}
            what: str = Joined(", ", (_marked(a, kinds[a]) if a in kinds else a for a in self.addresses))
        else:
            what = Joined(": ", (self.outcome.value, self.detail)) if self.detail else self.outcome.value
        return Msg("{resolver} said {what}", resolver=self.resolver, what=what)

    def as_dict(self) -> dict[str, Any]:
        return {
            "resolver": self.resolver,
            "servers": list(self.servers),
            "outcome": self.outcome.value,
            "addresses": list(self.addresses),
            "elapsed_ms": None if self.elapsed_ms is None else round(self.elapsed_ms, 1),
            "detail": self.detail,
            "bad": [{"address": b.address, "kind": b.kind} for b in self.bad],
        }


@dataclass(frozen=True)
class DnsResult:
    """The DNS probe's verdict on one host: ``fault`` for the flowchart, ``reason`` for humans."""

    host: str
    fault: Fault
    reason: DnsReason
    explanation: str
    system: Lookup
    public: tuple[Lookup, ...] = ()
    evidence: tuple[str, ...] = ()
    suspicious: bool = False
    warnings: tuple[str, ...] = ()
    elapsed_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK

    @property
    def addresses(self) -> tuple[str, ...]:
        """What Go will connect to: the system resolver's answer."""
        return self.system.addresses

    @property
    def dns_ms(self) -> float | None:
        return self.system.elapsed_ms

    def as_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "fault": self.fault.value,
            "reason": self.reason.value,
            "explanation": self.explanation,
            "suspicious": self.suspicious,
            "addresses": list(self.addresses),
            "dns_ms": None if self.dns_ms is None else round(self.dns_ms, 1),
            "system": self.system.as_dict(),
            "public": [lookup.as_dict() for lookup in self.public],
            "evidence": list(self.evidence),
            "warnings": list(self.warnings),
        }


# ------------------------------------------------------------------------------------------------
# Lookups


@dataclass
class _TypeResult:
    outcome: DnsReason
    addresses: list[str] = field(default_factory=list)
    detail: str = ""


def _describe_errors(errors: Iterable[Any]) -> tuple[bool, str]:
    """From dnspython's error trace: did any server answer with an rcode, and a one-line summary."""
    answered = False
    parts: list[str] = []
    for err in errors:
        server, what = str(err[0]), err[3]
        server = server.removeprefix("Do53:").replace("@", ":")
        if isinstance(what, str):
            answered = True
            parts.append(Msg("{server} answered {rcode}", server=server, rcode=what))
        else:
            text = getattr(what, "strerror", None) or str(what) or type(what).__name__
            parts.append(f"{server}: {text}")
    return answered, Joined("; ", dict.fromkeys(parts))


async def _resolve_type(
    resolver: dns.asyncresolver.Resolver, name: dns.name.Name, rdtype: dns.rdatatype.RdataType
) -> _TypeResult:
    try:
        answer = await resolver.resolve(name, rdtype, search=False, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return _TypeResult(DnsReason.NXDOMAIN)
    except dns.exception.Timeout as exc:  # includes LifetimeTimeout
        _, detail = _describe_errors(getattr(exc, "kwargs", {}).get("errors", ()))
        return _TypeResult(DnsReason.TIMEOUT, detail=detail)
    except dns.resolver.NoNameservers as exc:
        answered, detail = _describe_errors(exc.kwargs.get("errors", ()))
        return _TypeResult(DnsReason.SERVFAIL if answered else DnsReason.UNREACHABLE, detail=detail)
    except dns.resolver.NoAnswer:
        return _TypeResult(DnsReason.NO_ANSWER)
    except (dns.exception.DNSException, OSError, ValueError) as exc:
        lines = str(exc).splitlines()
        return _TypeResult(DnsReason.ERROR, detail=lines[0] if lines else type(exc).__name__)
    if answer.rrset is None:
        return _TypeResult(DnsReason.NO_ANSWER)
    return _TypeResult(DnsReason.OK, [rdata.address for rdata in answer.rrset])


# When A and AAAA disagree on failure, the more telling outcome wins (NXDOMAIN concerns the name).
_PRIORITY = (
    DnsReason.NXDOMAIN,
    DnsReason.TIMEOUT,
    DnsReason.SERVFAIL,
    DnsReason.UNREACHABLE,
    DnsReason.ERROR,
    DnsReason.NO_ANSWER,
)


def _combine(a: _TypeResult, aaaa: _TypeResult) -> tuple[DnsReason, list[str], str]:
    addresses = a.addresses + aaaa.addresses
    if addresses:
        return DnsReason.OK, addresses, ""
    for reason in _PRIORITY:
        for part in (a, aaaa):
            if part.outcome is reason:
                return reason, [], part.detail
    return DnsReason.ERROR, [], a.detail or aaaa.detail


async def _lookup(
    label: str, servers: Sequence[ResolverSpec], name: dns.name.Name, *, timeout: float, lifetime: float
) -> Lookup:
    """Ask ``servers`` (in order, like the system resolver) for A and AAAA, bounded by ``lifetime``."""
    shown = tuple(str(s) for s in servers)
    resolver = dns.asyncresolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(s.address, s.port) for s in servers]
    resolver.cache = None
    resolver.retry_servfail = False
    resolver.timeout = timeout
    resolver.lifetime = lifetime
    start = time.perf_counter()
    try:
        a, aaaa = await asyncio.wait_for(
            asyncio.gather(
                _resolve_type(resolver, name, dns.rdatatype.A),
                _resolve_type(resolver, name, dns.rdatatype.AAAA),
            ),
            lifetime,
        )
    except asyncio.TimeoutError:
        elapsed = (time.perf_counter() - start) * 1000
        return Lookup(
            label, shown, DnsReason.TIMEOUT, (), elapsed, Msg("no answer within {seconds:g} s", seconds=lifetime)
        )
    elapsed = (time.perf_counter() - start) * 1000
    outcome, addresses, detail = _combine(a, aaaa)
    if outcome is DnsReason.TIMEOUT and not detail:
        detail = Msg("no answer within {seconds:g} s", seconds=lifetime)
    unique = tuple(dict.fromkeys(addresses))
    bad = tuple(b for b in (classify_address(x) for x in unique) if b is not None)
    return Lookup(label, shown, outcome, unique, elapsed, detail, bad)


def _parse_host(host: str) -> tuple[dns.name.Name | None, str | None, str]:
    """Return (DNS name, IP literal, error) for the probed host."""
    text = host.strip() if isinstance(host, str) else ""
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return None, str(ipaddress.ip_address(text)), ""
    except ValueError:
        pass
    if not text or any(c.isspace() or c in "/:@" for c in text):
        return None, None, Msg("{host} is not a host name", host=repr(host))
    try:
        name = dns.name.from_text(text)
    except (dns.exception.DNSException, UnicodeError, ValueError) as exc:
        return None, None, Msg("{host} is not a valid DNS name: {error}", host=repr(host), error=str(exc))
    if len(name.labels) < 2:
        return None, None, Msg("{host} is not a valid DNS name: empty", host=repr(host))
    return name, None, ""


# ------------------------------------------------------------------------------------------------
# The verdict


def _verdict(system: Lookup, public: Sequence[Lookup]) -> tuple[DnsReason, bool, list[str]]:
    """Compare a successful system answer with the public ones: (reason, suspicious, evidence)."""
    answered = [p for p in public if p.ok]
    evidence = [p.said() for p in answered if p.bad]  # a public resolver tampered with on the way
    trusted = [p for p in answered if not p.bad]
    public_addrs = {a for p in answered for a in p.addresses}
    said = system.said()
    if system.bad:
        confirm = [p.said() for p in trusted]
        if any(b.kind == _GFW for b in system.bad):  # forged even when other resolvers agree
            return DnsReason.GFW_FORGED, False, [said, *confirm, *evidence]
        if all(b.address in public_addrs for b in system.bad):  # e.g. a name that really is 127.0.0.1
            return DnsReason.OK, False, [said, *[p.said() for p in answered]]
        if all(b.kind == _FAKE_IP_KIND for b in system.bad):
            return DnsReason.FAKE_IP, False, [said]
        if any(b.strong for b in system.bad) or trusted:
            return DnsReason.BOGUS_ADDRESS, False, [said, *confirm, *evidence]
        denied = [p for p in public if p.outcome in (DnsReason.NXDOMAIN, DnsReason.NO_ANSWER)]
        if denied:
            return DnsReason.INTERNAL_NAME, False, [said, *[p.said() for p in denied]]
        return DnsReason.PRIVATE_UNCONFIRMED, True, [said, *[p.said() for p in public]]
    trusted_addrs = {a for p in trusted for a in p.addresses}
    if trusted_addrs and not trusted_addrs & set(system.addresses):
        return DnsReason.ANSWERS_DIFFER, True, [said, *[p.said() for p in trusted], *evidence]
    if not answered and public and all(p.outcome is DnsReason.NXDOMAIN for p in public):
        return DnsReason.ANSWERS_DIFFER, True, [said, *[p.said() for p in public]]
    return DnsReason.OK, False, [said, *[p.said() for p in trusted], *evidence]


def _with_detail(explanation: str, detail: str) -> str:
    """``explanation (detail)``, or the explanation alone."""
    if not detail:
        return explanation
    return Msg("{explanation} ({detail})", explanation=explanation, detail=detail)


def _failure_explanation(system: Lookup, public: Sequence[Lookup]) -> str:
    text = _with_detail(system.outcome.explanation, system.detail)
    good = [p for p in public if p.ok and not p.bad]
    more: str | None = None
    if good:
        best = min(good, key=lambda p: p.elapsed_ms or 0.0)
        more = Msg(
            "Public resolver {resolver} does resolve it ({addresses}): the system's DNS is the problem.",
            resolver=best.resolver,
            addresses=", ".join(best.addresses[:3]),
        )
    elif public and all(p.outcome is DnsReason.TIMEOUT for p in public):
        more = Msg("No public resolver answered either: DNS traffic is blocked or the network is down.")
    elif public and all(p.outcome in (DnsReason.NXDOMAIN, DnsReason.NO_ANSWER) for p in public):
        more = Msg("Public resolvers find no address for it either: check the host name.")
    return text if more is None else Joined(" ", (text, more))


async def probe_dns(
    host: str,
    *,
    system: SystemResolver,
    public: Sequence[ResolverSpec],
    timeout: float = DEFAULT_TIMEOUT,
    deadline: float | None = None,
) -> DnsResult:
    """Resolve ``host`` (A and AAAA) with the system resolver and every public one, concurrently.

    ``timeout`` bounds one query to one server. ``deadline`` bounds the whole probe; by default it
    leaves the system resolver time to fail over through its nameservers one ``timeout`` each.
    Never raises for bad input or network trouble: that is what the result describes.
    """
    started = time.perf_counter()
    timeout = max(float(timeout), 0.001)
    n_system = max(1, min(len(system.nameservers), GLIBC_MAXNS))
    total = max(float(deadline), 0.001) if deadline is not None else timeout * n_system
    warnings = system.warnings
    name, literal, error = _parse_host(host)
    servers = tuple(str(s) for s in system.nameservers)
    if literal is not None or name is None:
        reason = DnsReason.IP_LITERAL if literal is not None else DnsReason.BAD_NAME
        lookup = Lookup("system", servers, reason, (literal,) if literal else (), None, error)
        text = _with_detail(reason.explanation, error)
        fault = Fault.OK if literal is not None else Fault.DNS_FAILURE
        return DnsResult(host, fault, reason, text, lookup, warnings=warnings)

    async def _system() -> Lookup:
        if system.problem is not None:
            return Lookup("system", servers, system.problem, detail=system.detail)
        return await _lookup("system", system.nameservers, name, timeout=timeout, lifetime=total)

    lookups = await asyncio.gather(
        _system(),
        *(_lookup(str(p), (p,), name, timeout=timeout, lifetime=min(timeout, total)) for p in public),
    )
    sys_lookup, pub_lookups = lookups[0], tuple(lookups[1:])
    elapsed = (time.perf_counter() - started) * 1000
    if not sys_lookup.ok:
        fault = _LOOKUP_FAULTS.get(sys_lookup.outcome, Fault.DNS_FAILURE)
        evidence = (sys_lookup.said(), *(p.said() for p in pub_lookups))
        text = _failure_explanation(sys_lookup, pub_lookups)
        return DnsResult(
            host, fault, sys_lookup.outcome, text, sys_lookup, pub_lookups, evidence, False, warnings, elapsed
        )
    reason, suspicious, evidence_list = _verdict(sys_lookup, pub_lookups)
    poisoned = reason in (DnsReason.BOGUS_ADDRESS, DnsReason.GFW_FORGED)
    fault = Fault.DNS_POISONED if poisoned else Fault.OK
    text = reason.explanation
    if evidence_list and reason is not DnsReason.OK:
        text = Msg("{explanation} {evidence}.", explanation=text, evidence=Joined("; ", evidence_list))
    return DnsResult(
        host,
        fault,
        reason,
        text,
        sys_lookup,
        pub_lookups,
        tuple(evidence_list),
        suspicious,
        warnings,
        elapsed,
    )
