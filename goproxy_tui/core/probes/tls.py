"""TLS probe: handshake time, protocol, the presented chain, and why verification failed.

The verdict comes from one *verifying* handshake with Go's trust store (``trust.py``). The chain the
server presented is read from that same handshake even when verification fails (OpenSSL keeps the
peer chain), so the user sees *who* issued the certificate — "Contoso Corp Proxy CA" is recognisable
as the company's TLS-intercepting proxy. Verification is never disabled.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.netproxy import TunnelError, open_connect_tunnel
from goproxy_tui.core.probes.tcp import (
    Resolution,
    Resolve,
    dial,
    fmt_ms,
    host_port,
    is_ip,
    ms_since,
    os_reason,
)
from goproxy_tui.core.probes.trust import load_trust_store
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Joined, Msg, message_of

# OpenSSL X509_V_ERR_* codes (x509_vfy.h) grouped by what the user must do about them.
_UNTRUSTED_CODES = {2, 18, 19, 20, 21, 27, 28}  # unknown issuer, self-signed, untrusted, rejected
_EXPIRED_CODES = {9, 10, 13, 14}  # not yet valid, expired, malformed validity fields
_HOSTNAME_CODES = {62, 63, 64}  # host name, e-mail, IP address mismatch

_SHORT_ATTRS = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "stateOrProvinceName": "ST",
    "localityName": "L",
    "emailAddress": "E",
}


def classify_ssl_error(exc: BaseException) -> Fault:
    """An ``ssl`` exception → tls-untrusted / tls-expired / tls-hostname / tls-error."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        if code in _UNTRUSTED_CODES:
            return Fault.TLS_UNTRUSTED
        if code in _EXPIRED_CODES:
            return Fault.TLS_EXPIRED
        if code in _HOSTNAME_CODES:
            return Fault.TLS_HOSTNAME
    return Fault.TLS_ERROR


@dataclass(frozen=True)
class CertInfo:
    """One presented certificate, as people read it."""

    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    alt_names: tuple[str, ...] = ()
    subject_cn: str | None = None
    issuer_cn: str | None = None
    issuer_org: str | None = None

    @property
    def issuer_name(self) -> str:
        """The issuer's most recognisable name: CN, else O, else the whole DN."""
        return self.issuer_cn or self.issuer_org or self.issuer

    @property
    def name(self) -> str:
        """What the certificate is for: its CN, else its first alternative name, else the subject."""
        return self.subject_cn or (self.alt_names[0] if self.alt_names else self.subject)

    def valid_at(self, when: datetime) -> bool:
        return self.not_before <= when <= self.not_after


def _dn(rdns: Sequence[Sequence[tuple[str, str]]]) -> tuple[str, dict[str, str]]:
    pairs = [(name, value) for rdn in rdns for name, value in rdn]
    text = ", ".join(f"{_SHORT_ATTRS.get(n, n)}={v}" for n, v in pairs)
    first: dict[str, str] = {}
    for n, v in pairs:
        first.setdefault(n, v)
    return text, first


def cert_info(decoded: Mapping[str, Any]) -> CertInfo:
    """From the dict form ``getpeercert()`` uses."""
    subject, subject_attrs = _dn(decoded.get("subject", ()))
    issuer, issuer_attrs = _dn(decoded.get("issuer", ()))

    def when(key: str) -> datetime:
        try:
            return datetime.fromtimestamp(ssl.cert_time_to_seconds(decoded[key]), tz=timezone.utc)
        except (KeyError, ValueError):
            return datetime.fromtimestamp(0, tz=timezone.utc)

    return CertInfo(
        subject=subject,
        issuer=issuer,
        not_before=when("notBefore"),
        not_after=when("notAfter"),
        alt_names=tuple(value for _kind, value in decoded.get("subjectAltName", ())),
        subject_cn=subject_attrs.get("commonName"),
        issuer_cn=issuer_attrs.get("commonName"),
        issuer_org=issuer_attrs.get("organizationName"),
    )


def presented_chain(obj: ssl.SSLObject) -> tuple[CertInfo, ...]:
    """The chain the server sent, read even after a failed verification.

    CPython ≥ 3.10 keeps it on the private ``_sslobj.get_unverified_chain()`` (public from 3.13);
    when that is unavailable the chain is simply not shown — never fetched by an unverified handshake.
    """
    getter = getattr(getattr(obj, "_sslobj", None), "get_unverified_chain", None)
    if getter is None:
        return ()
    try:
        certs = getter() or []
        return tuple(cert_info(cert.get_info()) for cert in certs)
    except (AttributeError, ValueError, ssl.SSLError):
        return ()


async def _handshake(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    obj: ssl.SSLObject,
    outgoing: ssl.MemoryBIO,
    incoming: ssl.MemoryBIO,
) -> None:
    """Drive ``obj``'s handshake over a plain stream (so the SSLObject survives a failure for inspection)."""
    while True:
        try:
            obj.do_handshake()
            done = True
        except ssl.SSLWantReadError:
            done = False
        except ssl.SSLError:
            pending = outgoing.read()  # send our alert, as a real client would
            if pending:
                writer.write(pending)
            raise
        pending = outgoing.read()
        if pending:
            writer.write(pending)
            await writer.drain()
        if done:
            return
        data = await reader.read(65536)
        if not data:
            raise ConnectionResetError(Msg("the server closed the connection during the TLS handshake"))
        incoming.write(data)


@dataclass(frozen=True)
class TlsResult:
    """The TLS probe of ``host:port`` (SNI ``server_name``), optionally through an HTTP proxy (``via``)."""

    host: str
    port: int
    server_name: str
    fault: Fault
    explanation: str
    address: str | None = None
    via: str | None = None
    dns_ms: float | None = None
    connect_ms: float | None = None
    handshake_ms: float | None = None
    protocol: str | None = None
    cipher: str | None = None
    chain: tuple[CertInfo, ...] = ()
    verify_code: int | None = None
    verify_message: str | None = None
    trust: str = ""

    @property
    def ok(self) -> bool:
        return self.fault is Fault.OK

    @property
    def issuer(self) -> str | None:
        return self.chain[0].issuer_name if self.chain else None


def explain_tls(
    fault: Fault,
    where: str,
    *,
    chain: Sequence[CertInfo] = (),
    verify_message: str | None = None,
    trust: str = "",
    server_name: str = "",
    handshake_ms: float | None = None,
    protocol: str | None = None,
    timeout: float | None = None,
    now: datetime | None = None,
    trust_problem: str | None = None,
) -> str:
    """One paragraph for people, naming the issuer so a corporate CA is recognisable."""
    leaf = chain[0] if chain else None
    label = (server_name if server_name in leaf.alt_names else leaf.name) if leaf else ""
    issuer = repr(leaf.issuer_name) if leaf else ""
    store = Joined("", (" (", trust, ")")) if trust else ""
    if fault is Fault.OK:
        issued = Msg(", certificate for {label} issued by {issuer}", label=label, issuer=issuer) if leaf else ""
        return Msg(
            "{where}: TLS handshake OK in {time} ({protocol}{issued}).",
            where=where,
            time=fmt_ms(handshake_ms),
            protocol=protocol or "TLS",
            issued=issued,
        )
    if fault is Fault.TLS_HANDSHAKE_TIMEOUT:
        if timeout is None:
            return Msg(
                "{where}: the TCP connection opened but the TLS handshake did not complete. {explanation}",
                where=where,
                explanation=fault.explanation,
            )
        return Msg(
            "{where}: the TCP connection opened but the TLS handshake did not complete within {seconds:g} s. "
            "{explanation}",
            where=where,
            seconds=timeout,
            explanation=fault.explanation,
        )
    if fault is Fault.TLS_UNTRUSTED and leaf is not None and trust_problem:
        return Msg(
            "{where}: the certificate for {label} is issued by {issuer}, which this machine does not trust, "
            "and the CA setting meant to add a root is broken: {problem}. Point it at an existing PEM file "
            "holding your CA (or unset it); this is not evidence of TLS interception.",
            where=where,
            label=label,
            issuer=issuer,
            problem=trust_problem,
        )
    if fault is Fault.TLS_UNTRUSTED and leaf is not None:
        return Msg(
            "{where}: the certificate for {label} is issued by {issuer}, which this machine "
            "does not trust{store}: likely TLS interception by a corporate proxy. If {issuer} is "
            "your company's CA, add it to the system store or SSL_CERT_FILE; never turn verification off.",
            where=where,
            label=label,
            issuer=issuer,
            store=store,
        )
    if fault is Fault.TLS_EXPIRED and leaf is not None:
        now = now or datetime.now(timezone.utc)
        if now < leaf.not_before:
            state = Msg("is not valid before {when} UTC", when=f"{leaf.not_before:%Y-%m-%d %H:%M}")
        else:
            state = Msg("expired on {when} UTC", when=f"{leaf.not_after:%Y-%m-%d %H:%M}")
        return Msg(
            "{where}: the certificate for {label} (issued by {issuer}) {state}; "
            "this machine's clock says {now} UTC. {explanation}",
            where=where,
            label=label,
            issuer=issuer,
            state=state,
            now=f"{now:%Y-%m-%d %H:%M}",
            explanation=fault.explanation,
        )
    if fault is Fault.TLS_HOSTNAME and leaf is not None:
        names = ", ".join(leaf.alt_names) or leaf.name
        return Msg(
            "{where}: the certificate (issued by {issuer}) is valid for {names}, not for {server_name}. "
            "{explanation}",
            where=where,
            issuer=issuer,
            names=names,
            server_name=server_name,
            explanation=fault.explanation,
        )
    if verify_message:
        return Msg(
            "{where}: {explanation} ({detail})", where=where, explanation=fault.explanation, detail=verify_message
        )
    return Msg("{where}: {explanation}", where=where, explanation=fault.explanation)


async def probe_tls(
    host: str,
    port: int = 443,
    *,
    server_name: str | None = None,
    timeout: float = 5.0,
    ssl_context: ssl.SSLContext | None = None,
    ca_file: str | None = None,
    resolve: Resolve | None = None,
    proxy: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> TlsResult:
    """Connect (directly or via ``proxy``'s CONNECT tunnel) and run one verifying TLS handshake.

    Each phase (DNS, TCP or tunnel, handshake) is bounded by ``timeout``. ``ssl_context`` defaults to
    Go's trust store (``ca_file`` replaces it); it must verify — a non-verifying context is refused.
    """
    sni = server_name or host
    trust_problem: str | None = None
    if ssl_context is None:
        ssl_context, store = await load_trust_store(ca_file, environ)
        trust, trust_problem = store.description, store.problem
    else:
        trust = Msg("the supplied trust store")
    where = host_port(host, port)
    via = mask_secrets(proxy) if proxy else None
    base: dict[str, Any] = {"host": host, "port": port, "server_name": sni, "via": via, "trust": trust}
    if ssl_context.verify_mode != ssl.CERT_REQUIRED or not ssl_context.check_hostname:
        return TlsResult(
            fault=Fault.TLS_ERROR,
            explanation=Msg("{where}: refusing to probe with a context that does not verify certificates.", where=where),
            **base,
        )
    if via:
        where = Msg("{where} via {proxy}", where=where, proxy=via)

    start = time.perf_counter()
    dns_ms: float | None = None
    address: str | None = None
    if proxy:
        try:
            reader, writer = await open_connect_tunnel(
                proxy, host, port, timeout=timeout, ssl_context=ssl_context
            )
        except TunnelError as exc:
            explanation = Msg(
                "{where}: {error}. {explanation}",
                where=where,
                error=message_of(exc),
                explanation=exc.fault.explanation,
            )
            return TlsResult(fault=exc.fault, explanation=explanation, **base)
        connect_ms = ms_since(start)
    else:
        dialed = await dial(host, port, timeout=timeout, resolve=resolve)
        res: Resolution = dialed.resolution
        dns_ms = None if is_ip(host) else res.elapsed_ms
        if dialed.writer is None or dialed.reader is None:
            fault = dialed.fault
            error = (
                res.error or ""
                if not res.ok
                else Joined("; ", (Joined(": ", (host_port(a.address, a.port), a.error or "")) for a in dialed.attempts))
            )
            explanation = Msg("{where}: {error}. {explanation}", where=where, error=error, explanation=fault.explanation)
            return TlsResult(fault=fault, dns_ms=dns_ms, explanation=explanation, **base)
        reader, writer = dialed.reader, dialed.writer
        address = dialed.address
        connect_ms = dialed.attempts[-1].connect_ms
    base.update(address=address, dns_ms=dns_ms, connect_ms=connect_ms)

    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ssl_context.wrap_bio(incoming, outgoing, server_hostname=sni)
    hs_start = time.perf_counter()
    try:
        await asyncio.wait_for(_handshake(reader, writer, obj, outgoing, incoming), timeout)
    except (asyncio.TimeoutError, TimeoutError):
        fault = Fault.TLS_HANDSHAKE_TIMEOUT
        return TlsResult(fault=fault, explanation=explain_tls(fault, where, timeout=timeout), **base)
    except ssl.SSLError as exc:
        fault = classify_ssl_error(exc)
        chain = presented_chain(obj)
        message = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        return TlsResult(
            fault=fault,
            chain=chain,
            handshake_ms=ms_since(hs_start),
            verify_code=getattr(exc, "verify_code", None),
            verify_message=message,
            explanation=explain_tls(
                fault, where, chain=chain, verify_message=message, trust=trust, server_name=sni,
                trust_problem=trust_problem,
            ),
            **base,
        )
    except OSError as exc:
        fault = Fault.RESET
        explanation = Msg(
            "{where}: {error}. {explanation}", where=where, error=os_reason(exc), explanation=fault.explanation
        )
        return TlsResult(fault=fault, explanation=explanation, **base)
    finally:
        writer.close()
    handshake_ms = ms_since(hs_start)
    chain = presented_chain(obj)
    cipher = obj.cipher()
    protocol = obj.version()
    return TlsResult(
        fault=Fault.OK,
        handshake_ms=handshake_ms,
        protocol=protocol,
        cipher=cipher[0] if cipher else None,
        chain=chain,
        explanation=explain_tls(
            Fault.OK, where, chain=chain, handshake_ms=handshake_ms, protocol=protocol, server_name=sni
        ),
        **base,
    )
