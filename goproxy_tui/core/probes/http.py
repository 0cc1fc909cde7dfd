"""GOPROXY protocol probe: ask a mirror what ``go mod download`` would ask, time each phase, name ONE fault.

Requests (paths joined to the base URL as ``modfetch/proxy.go`` does, the module escaped):
``<module>/@v/list``, ``<module>/@latest`` (or ``@v/<version>.info``), ``/sumdb/sum.golang.org/supported``,
optionally ``golang.org/toolchain/@v/list`` and a ``.zip`` for throughput. Phase timings come from
httpx's ``trace`` extension; DNS is timed by a resolving network backend (the resolver is injectable).

Exceptions → fault classes (the first failing step decides; ``__cause__``/``__context__`` are walked)::

    probe deadline (asyncio)        by the phase in progress: dns → dns-timeout, tcp → connect-timeout,
                                    tls → tls-handshake-timeout, anything later → read-timeout
    ResolveError, socket.gaierror   dns-failure | dns-timeout | dns-poisoned (as the resolver says)
    httpx.HTTPError
    ├── TransportError
    │   ├── TimeoutException
    │   │   ├── ConnectTimeout ──── tls-handshake-timeout if the TLS phase had started; read-timeout
    │   │   │                       if the proxy never answered CONNECT; else connect-timeout
    │   │   ├── ReadTimeout ─────── read-timeout (accepted, no answer)
    │   │   ├── WriteTimeout ────── write-timeout
    │   │   └── PoolTimeout ─────── connect-timeout
    │   ├── NetworkError
    │   │   ├── ConnectError ────── ssl.SSLCertVerificationError → tls-untrusted|tls-expired|tls-hostname
    │   │   │                       other ssl.SSLError → tls-error
    │   │   │                       ConnectionRefusedError → connect-refused (proxy-refused via a proxy)
    │   │   │                       ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL → connect-unreachable
    │   │   │                       reset / EOF during the TLS handshake → reset
    │   │   └── ReadError, WriteError, CloseError → reset (ssl errors → tls-error)
    │   ├── ProtocolError
    │   │   ├── RemoteProtocolError "Server disconnected…", "peer closed connection…" → reset;
    │   │   │                       anything h11 cannot parse (garbage status line) → bad-response
    │   │   └── LocalProtocolError  bad-response
    │   ├── ProxyError ──────────── "407 …" → proxy-auth-required; other CONNECT answers → proxy-refused
    │   └── UnsupportedProtocol ─── bad-response (redirected to a non-HTTP URL)
    ├── DecodingError ───────────── bad-response
    └── TooManyRedirects ────────── redirect-loop (more than Go's 10)
    HTTP status                     404 → http-404, 410 → http-410, 407 via a proxy → proxy-auth-required,
                                    401 → auth-required, 403 → auth-denied,
                                    5xx → http-5xx, any other non-200 → http-other
    200 body                        over ``max_body`` → too-large; not the protocol (HTML, garbage, list
                                    lines that are not versions, .info without Version) → bad-response
"""

from __future__ import annotations

import asyncio
import errno
import importlib.util
import json
import os
import re
import ssl
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx

from goproxy_tui.core.auth import Credential, Credentials, cached_credentials, netrc_template
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.netproxy import ProxyEnv, Route, proxy_for_url
from goproxy_tui.core.probes.results import (  # re-exported: the probe's public result types
    DEFAULT_TIMEOUTS,
    GoproxyProbeResult,
    PhaseTimings,
    ProbeTimeouts,
    StepResult,
)
from goproxy_tui.core.probes.tcp import (
    Resolve,
    ResolveError,
    classify_os_error,
    host_port,
    is_ip,
    os_reason,
    partial_timeout,
    timed_resolve,
)
from goproxy_tui.core.probes.tls import TlsResult, classify_ssl_error, probe_tls
from goproxy_tui.core.probes.trust import load_trust_store
from goproxy_tui.core.redact import mask_secrets, server_text
from goproxy_tui.core.rules.module import EscapeError, escape_path, escape_version
from goproxy_tui.core.rules.semver import is_valid as is_semver
from goproxy_tui.i18n import Joined, Msg, message_of

T = TypeVar("T")

DEFAULT_MODULE = "github.com/gin-gonic/gin"
TOOLCHAIN_MODULE = "golang.org/toolchain"
USER_AGENT = "gotui-probe/1 (GOPROXY protocol probe)"
GO_MAX_REDIRECTS = 10  # cmd/go/internal/web: "stopped after 10 redirects"


@dataclass
class _Timeline:
    """perf_counter marks of one request, filled by the trace hook and the resolving backend."""

    start: float = field(default_factory=time.perf_counter)
    phase: str = "pool"
    dns_ms: float | None = None
    address: str | None = None
    tcp_start: float | None = None
    tcp_end: float | None = None
    tls_start: float | None = None
    tls_end: float | None = None
    sent: float | None = None
    headers: float | None = None
    end: float | None = None

    async def trace(self, name: str, info: Mapping[str, Any]) -> None:
        now = time.perf_counter()
        request = info.get("request")
        connect_request = getattr(request, "method", b"") == b"CONNECT"
        event = name.rsplit(".", 1)[-1]
        step = name.split(".")[-2] if name.count(".") >= 2 else name
        if step == "connect_tcp":
            if event == "started":
                self.tcp_start, self.phase = now, "tcp"
            elif event == "complete":
                self.tcp_end = now
        elif step == "start_tls":
            if event == "started":
                self.tls_start, self.tls_end, self.phase = now, None, "tls"
            elif event == "complete":
                self.tls_end = now
        elif step == "send_request_headers" and event == "started":
            if connect_request:
                self.phase = "tunnel"
            else:
                self.sent, self.phase = now, "write"
        elif step == "receive_response_headers":
            if event == "started" and not connect_request:
                self.phase = "wait"
            elif event == "complete" and not connect_request:
                self.headers, self.phase = now, "body"

    def timings(self) -> PhaseTimings:
        def span(a: float | None, b: float | None) -> float | None:
            return None if a is None or b is None else (b - a) * 1000.0

        tcp = span(self.tcp_start, self.tcp_end)
        if tcp is not None and self.dns_ms is not None:
            tcp = max(tcp - self.dns_ms, 0.0)
        return PhaseTimings(
            dns_ms=self.dns_ms,
            tcp_ms=tcp,
            tls_ms=span(self.tls_start, self.tls_end),
            ttfb_ms=span(self.tcp_start if self.tcp_start is not None else self.sent, self.headers),
            wait_ms=span(self.sent, self.headers),
            total_ms=span(self.start, self.end),
        )


class _ResolvingBackend(httpcore.AsyncNetworkBackend):
    """Times DNS with the injectable resolver, then dials the addresses in order like Go's dialSerial."""

    def __init__(
        self, inner: httpcore.AsyncNetworkBackend, resolve: Resolve | None, current: Callable[[], _Timeline]
    ) -> None:
        self._inner = inner
        self._resolve = resolve
        self._current = current

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        timeline = self._current()
        budget = 5.0 if timeout is None else timeout
        timeline.phase = "dns"
        res = await timed_resolve(host, self._resolve, budget)
        timeline.dns_ms = None if is_ip(host) else res.elapsed_ms
        if not res.ok:
            raise ResolveError(res.fault, res.error or Msg("{host} does not resolve", host=host))
        timeline.phase = "tcp"
        deadline = time.perf_counter() + budget
        last: Exception | None = None
        for i, address in enumerate(res.addresses):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            try:
                stream = await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=partial_timeout(remaining, len(res.addresses) - i),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            timeline.address = address
            return stream
        raise last or httpcore.ConnectTimeout(
            Msg("no address of {host} answered within {seconds:g} s", host=host, seconds=budget)
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def normalize_base_url(entry: str) -> tuple[str | None, str | None]:
    """A GOPROXY entry → (base URL, None) or (None, one-line error). A bare host gets ``https://``
    (``proxyList``); ``direct``/``off`` and ``file://`` are not network mirrors."""
    entry = entry.strip()
    shown = mask_secrets(entry)
    if not entry:
        return None, Msg("empty GOPROXY entry")
    if entry in ("direct", "off"):
        return None, Msg("{entry} is a GOPROXY keyword, not a mirror URL", entry=repr(entry))
    if any(c in entry for c in ".:/") and ":/" not in entry and not entry.startswith("/"):
        entry = "https://" + entry
    try:
        parts = urlsplit(entry)
        _ = parts.port
    except ValueError as exc:
        return None, Msg("invalid mirror URL {url}: {error}", url=shown, error=str(exc))
    scheme = parts.scheme.lower()
    if scheme == "file" or entry.startswith("/"):
        return None, Msg("{url} is a file:// proxy: Go reads it from disk, there is no server to probe", url=shown)
    if scheme not in ("http", "https"):
        return None, Msg("invalid mirror URL {url}: the scheme must be https or http", url=shown)
    if not parts.hostname:
        return None, Msg("invalid mirror URL {url}: no host", url=shown)
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", "")), None


def _join(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path


def _exceptions(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes (``__cause__``, ``__context__``, exception-group members), outermost first."""
    out: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if any(e is seen for seen in out):
            continue
        out.append(e)
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        todo.extend(getattr(e, "exceptions", ()))
    return out


def classify_exception(exc: BaseException, timeline: _Timeline, via_proxy: bool) -> Fault:
    """Map one real exception to a fault class (see the module docstring for the whole map)."""
    chain = _exceptions(exc)
    for e in chain:
        if isinstance(e, ResolveError):
            return e.fault
    if isinstance(exc, httpx.TooManyRedirects):
        return Fault.REDIRECT_LOOP
    if isinstance(exc, httpx.ProxyError):
        return Fault.PROXY_AUTH_REQUIRED if str(exc).startswith("407") else Fault.PROXY_REFUSED
    if isinstance(exc, httpx.ConnectTimeout):
        if timeline.phase == "tls":
            return Fault.TLS_HANDSHAKE_TIMEOUT
        return Fault.READ_TIMEOUT if timeline.phase == "tunnel" else Fault.CONNECT_TIMEOUT
    if isinstance(exc, httpx.ReadTimeout):
        return Fault.READ_TIMEOUT
    if isinstance(exc, httpx.WriteTimeout):
        return Fault.WRITE_TIMEOUT
    if isinstance(exc, httpx.PoolTimeout):
        return Fault.CONNECT_TIMEOUT
    for e in chain:
        if isinstance(e, ssl.SSLError):
            return classify_ssl_error(e)
    if isinstance(exc, httpx.ConnectError):
        if timeline.phase == "tls":
            return Fault.RESET  # the TCP connection opened, then closed or reset during the handshake
        for e in chain:
            if isinstance(e, ConnectionRefusedError):
                return Fault.PROXY_REFUSED if via_proxy else Fault.CONNECT_REFUSED
            if isinstance(e, OSError) and e.errno is not None:
                fault = classify_os_error(e)
                if via_proxy and fault is Fault.CONNECT_REFUSED:
                    return Fault.PROXY_REFUSED
                return fault
        return Fault.CONNECT_UNREACHABLE
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc)
        if text.startswith(("Server disconnected", "peer closed connection")):
            return Fault.RESET
        return Fault.BAD_RESPONSE
    if isinstance(
        exc, (httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.DecodingError, httpx.InvalidURL)
    ):
        return Fault.BAD_RESPONSE
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return Fault.RESET
    for e in chain:
        if isinstance(e, OSError) and e.errno in (errno.ECONNRESET, errno.EPIPE):
            return Fault.RESET
    return Fault.RESET if isinstance(exc, httpx.TransportError) else Fault.BAD_RESPONSE


def _deadline_fault(timeline: _Timeline) -> Fault:
    return {
        "dns": Fault.DNS_TIMEOUT,
        "tcp": Fault.CONNECT_TIMEOUT,
        "pool": Fault.CONNECT_TIMEOUT,
        "tls": Fault.TLS_HANDSHAKE_TIMEOUT,
        "write": Fault.WRITE_TIMEOUT,
    }.get(timeline.phase, Fault.READ_TIMEOUT)


def status_fault(status: int, via_proxy: bool) -> Fault:
    if status == 200:
        return Fault.OK
    if status == 404:
        return Fault.HTTP_404
    if status == 410:
        return Fault.HTTP_410
    if status == 407 and via_proxy:
        return Fault.PROXY_AUTH_REQUIRED
    if status == 401:
        return Fault.AUTH_REQUIRED
    if status == 403:
        return Fault.AUTH_DENIED
    if 500 <= status <= 599:
        return Fault.HTTP_5XX
    return Fault.HTTP_OTHER


def _looks_like_html(body: bytes, content_type: str) -> bool:
    head = body.lstrip()[:64].lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html", b"<head", b"<body"))


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _html_page(body: bytes) -> str:
    """``an HTML page titled 'Sign in - …'``: the title is what lets people recognise a portal."""
    match = _TITLE.search(body[:65536])
    if match:
        title = " ".join(match.group(1).decode("utf-8", "replace").split())[:80]
        return Msg("an HTML page titled {title}", title=repr(title))
    return Msg("an HTML page ({snippet})", snippet=_snippet(body))


def _snippet(body: bytes) -> str:
    text = body.strip()[:60].decode("utf-8", "replace").replace("\n", " ")
    return repr(text)


def validate_list(body: bytes, content_type: str) -> tuple[tuple[str, ...], str | None]:
    """``@v/list``: one version per line (extra fields allowed, as Go reads it); else why not."""
    if _looks_like_html(body, content_type):
        return (), Msg("{page} instead of a version list: a login or captive portal?", page=_html_page(body))
    versions: list[str] = []
    for number, line in enumerate(body.decode("utf-8", "replace").splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if not is_semver(fields[0]):
            return (), Msg("line {number} is {line}, not a version", number=number, line=repr(line.strip()[:60]))
        versions.append(fields[0])
    return tuple(versions), None


def validate_info(body: bytes, content_type: str) -> tuple[str | None, str | None]:
    """``@latest`` / ``.info``: a JSON object whose ``Version`` is a valid semantic version."""
    if _looks_like_html(body, content_type):
        return None, Msg("{page} instead of JSON: a login or captive portal?", page=_html_page(body))
    try:
        info = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, Msg("not JSON: {snippet}", snippet=_snippet(body))
    version = info.get("Version") if isinstance(info, dict) else None
    if not isinstance(version, str) or not is_semver(version):
        return None, Msg('JSON without a valid "Version": {snippet}', snippet=_snippet(body))
    return version, None


async def _within(coro: Coroutine[Any, Any, T], seconds: float) -> T:
    """``asyncio.timeout`` (3.11+: no extra task, so no extra scheduling delay in the timings), else wait_for."""
    timeout = getattr(asyncio, "timeout", None)
    if timeout is None:
        return await asyncio.wait_for(coro, seconds)
    async with timeout(seconds):
        return await coro


@dataclass
class _Fetched:
    step: StepResult
    body: bytes = b""
    content_type: str = ""


class _Session:
    """One probe: one client (fresh connection, so the first request shows DNS/TCP/TLS), shared deadline."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        timeouts: ProbeTimeouts,
        via_proxy: bool,
        max_body: int,
        headers: Mapping[str, str] | None,
        credentials: Credentials | None = None,
    ) -> None:
        self.client = client
        self.credentials = credentials
        self.auth_used: Credential | None = None
        self.timeouts = timeouts
        self.via_proxy = via_proxy
        self.max_body = max_body
        self.headers = dict(headers or {})
        self.deadline = time.perf_counter() + timeouts.total
        self.timeline = _Timeline()
        self.last_error: str | None = None

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    async def fetch(
        self, name: str, url: str, *, limit: int | None = None, read_for: float | None = None
    ) -> _Fetched:
        """GET ``url``; never raises. ``read_for`` stops reading the body after that many seconds."""
        self.timeline = timeline = _Timeline()
        shown = mask_secrets(url)
        remaining = self.remaining()
        if remaining <= 0:
            return _Fetched(StepResult(name, shown, Fault.READ_TIMEOUT, detail=Msg("no time left in the probe")))
        try:
            fetched = await _within(self._get(name, url, timeline, limit, read_for), remaining)
        except (asyncio.TimeoutError, TimeoutError):
            timeline.end = time.perf_counter()
            fault = _deadline_fault(timeline)
            total = self.timeouts.total
            detail = Msg("no complete answer within the probe's {seconds:g} s limit", seconds=total)
            if timeline.headers is not None:
                detail = Msg("the body was still trickling in after {seconds:g} s", seconds=total)
            return _Fetched(
                StepResult(
                    name, shown, fault, timings=timeline.timings(), detail=detail, address=timeline.address
                )
            )
        except Exception as exc:  # every failure becomes a fault; nothing escapes the probe
            timeline.end = time.perf_counter()
            fault = classify_exception(exc, timeline, self.via_proxy)
            self.last_error = mask_secrets(f"{type(exc).__name__}: {exc}".rstrip(": "))
            return _Fetched(
                StepResult(
                    name,
                    shown,
                    fault,
                    timings=timeline.timings(),
                    detail=self._exception_detail(exc, fault),
                    address=timeline.address,
                )
            )
        return fetched

    def _exception_detail(self, exc: BaseException, fault: Fault) -> str:
        limits = self.timeouts
        if fault is Fault.REDIRECT_LOOP:
            return Msg("more than {count} redirects", count=GO_MAX_REDIRECTS)
        if fault is Fault.READ_TIMEOUT and self.timeline.phase == "tunnel":
            return Msg("the proxy did not answer CONNECT within {seconds:g} s", seconds=limits.connect)
        if fault is Fault.READ_TIMEOUT:
            return Msg("connected and sent the request, no answer within {seconds:g} s", seconds=limits.read)
        if fault is Fault.WRITE_TIMEOUT:
            return Msg("the request could not be sent within {seconds:g} s", seconds=limits.write)
        if fault is Fault.CONNECT_TIMEOUT:
            return Msg("no TCP answer within {seconds:g} s", seconds=limits.connect)
        if fault is Fault.TLS_HANDSHAKE_TIMEOUT:
            return Msg("TCP connected, TLS handshake not done within {seconds:g} s", seconds=limits.connect)
        text = server_text(str(exc)) or type(exc).__name__
        chain = _exceptions(exc)
        for e in chain[1:]:
            if isinstance(e, OSError) and (e.errno or e.strerror):
                return os_reason(e)
        resolve_error = next((e for e in chain if isinstance(e, ResolveError)), None)
        if resolve_error is not None and str(exc) and str(resolve_error) == str(exc):
            return mask_secrets(message_of(resolve_error))  # the resolver's words, still translatable
        return text

    async def _get(
        self, name: str, url: str, timeline: _Timeline, limit: int | None, read_for: float | None
    ) -> _Fetched:
        limit = self.max_body if limit is None else limit
        shown = mask_secrets(url)
        extensions = {"trace": timeline.trace}
        body = bytearray()
        headers = self.headers
        found = self.credentials.lookup(url) if self.credentials is not None else None
        if found is not None:  # what Go's auth.AddCredentials adds (https only); never shown
            headers = {**headers, **dict(found.headers)}
            self.auth_used = found
        async with self.client.stream("GET", url, headers=headers, extensions=extensions) as response:
            if timeline.headers is None:
                timeline.headers = time.perf_counter()
            status = response.status_code
            fault = status_fault(status, self.via_proxy)
            content_type = response.headers.get("content-type", "")
            declared = response.headers.get("content-length", "")
            step = dict(name=name, url=shown, status=status, address=timeline.address)
            if fault is not Fault.OK:
                timeline.end = time.perf_counter()
                detail = server_text(f"HTTP {status} {response.reason_phrase}".strip())
                return _Fetched(StepResult(fault=fault, timings=timeline.timings(), detail=detail, **step))
            if read_for is None and declared.isdigit() and int(declared) > limit:
                timeline.end = time.perf_counter()
                return _Fetched(
                    StepResult(
                        fault=Fault.TOO_LARGE,
                        timings=timeline.timings(),
                        detail=Msg(
                            "Content-Length {size:,} bytes exceeds the {limit:,}-byte limit",
                            size=int(declared),
                            limit=limit,
                        ),
                        **step,
                    )
                )
            stop_at = None if read_for is None else time.perf_counter() + read_for
            # decoded for validation (mirrors may gzip); raw bytes on the wire for throughput
            chunks = response.aiter_bytes() if read_for is None else response.aiter_raw()
            async for chunk in chunks:
                body += chunk
                if len(body) > limit:
                    if read_for is not None:
                        break
                    timeline.end = time.perf_counter()
                    return _Fetched(
                        StepResult(
                            fault=Fault.TOO_LARGE,
                            timings=timeline.timings(),
                            size=len(body),
                            detail=Msg("the body exceeds the {limit:,}-byte limit", limit=limit),
                            **step,
                        )
                    )
                if stop_at is not None and time.perf_counter() >= stop_at:
                    break
            timeline.end = time.perf_counter()
            return _Fetched(
                StepResult(
                    fault=Fault.OK,
                    timings=timeline.timings(),
                    size=len(body),
                    detail=Msg("{size:,} bytes", size=len(body)),
                    **step,
                ),
                bytes(body),
                content_type,
            )


def _remember_missing_sniffio() -> None:
    """httpcore runs ``import sniffio`` on every request; when sniffio is not installed (anyio ≥ 4 no
    longer needs it) each failed import rescans sys.path — ~16 per probe, ~0.2 ms each, all on the
    event loop. ``sys.modules[name] = None`` is Python's documented "known missing" marker."""
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def _build_client(
    route: Route,
    context: ssl.SSLContext,
    timeouts: ProbeTimeouts,
    max_redirects: int,
    resolve: Resolve | None,
    current: Callable[[], _Timeline],
) -> httpx.AsyncClient:
    _remember_missing_sniffio()
    # An https:// proxy is verified with the same (Go) trust store as the mirror, not httpx's certifi.
    proxy: httpx.Proxy | None = None
    if route.proxy:
        tls_proxy = route.proxy.lower().startswith("https://")
        proxy = httpx.Proxy(route.proxy, ssl_context=context if tls_proxy else None)
    transport = httpx.AsyncHTTPTransport(verify=context, proxy=proxy, trust_env=False, retries=0)
    # httpcore has no public hook for name resolution; wrapping its network backend is the one place
    # where DNS can be timed apart from TCP and the injectable resolver honoured (a test guards this).
    pool = getattr(transport, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if inner is not None:
        pool._network_backend = _ResolvingBackend(inner, resolve, current)  # type: ignore[union-attr]
    return httpx.AsyncClient(
        transport=transport,
        trust_env=False,
        timeout=timeouts.httpx(),
        follow_redirects=True,
        max_redirects=max_redirects,
        headers={"User-Agent": USER_AGENT},
    )


async def probe_goproxy(
    base_url: str,
    *,
    module: str = DEFAULT_MODULE,
    version: str | None = None,
    timeouts: ProbeTimeouts | float = DEFAULT_TIMEOUTS,
    check_sumdb: bool = True,
    check_toolchain: bool = False,
    throughput: bool = False,
    throughput_seconds: float = 2.0,
    throughput_bytes: int = 16 * 1024 * 1024,
    max_body: int = 1024 * 1024,
    max_redirects: int = GO_MAX_REDIRECTS,
    ssl_context: ssl.SSLContext | None = None,
    ca_file: str | None = None,
    resolve: Resolve | None = None,
    proxy_env: ProxyEnv | None = None,
    environ: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    credentials: Credentials | None = None,
) -> GoproxyProbeResult:
    """Probe one GOPROXY mirror for ``module``; never raises, always within ``timeouts.total`` (+ close).

    ``proxy_env``/``environ`` decide HTTPS_PROXY/NO_PROXY as Go would (default: this process's env);
    ``ssl_context``/``ca_file`` default to Go's trust store; ``resolve`` replaces the system resolver;
    ``credentials`` (default: what GOAUTH/.netrc give for ``environ``) are sent as Go sends them.
    """
    limits = timeouts if isinstance(timeouts, ProbeTimeouts) else ProbeTimeouts.uniform(timeouts)
    shown_base = mask_secrets(base_url.strip())
    base, error = normalize_base_url(base_url)
    try:
        escaped = escape_path(module)
        escaped_version = escape_version(version) if version else None
    except EscapeError as exc:
        error = error or Msg(
            "module {module}@{version} cannot be escaped: {error}",
            module=repr(module),
            version=version or "latest",
            error=message_of(exc),
        )
    if base is None or error:
        return GoproxyProbeResult(shown_base, module, Fault.BAD_URL, _sentence(error or ""), error=error)
    parts = urlsplit(base)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    route = proxy_for_url(base, proxy_env or ProxyEnv.from_environ(environ))
    common = dict(base_url=mask_secrets(base), module=module, host=host, port=port, route=route)
    if route.error:
        return GoproxyProbeResult(
            fault=Fault.PROXY_REFUSED, explanation=_sentence(route.error), error=route.error, **common
        )
    context = ssl_context or (await load_trust_store(ca_file, environ))[0]
    if credentials is None and parts.scheme == "https":
        credentials = await asyncio.to_thread(cached_credentials, environ)

    session: _Session | None = None
    try:
        client = _build_client(
            route,
            context,
            limits,
            max_redirects,
            resolve,
            lambda: session.timeline if session else _Timeline(),
        )
    except (ImportError, ValueError, RuntimeError, httpx.InvalidURL) as exc:  # e.g. socks5:// without socksio
        error = Msg(
            "cannot use the proxy {proxy} ({source}): {error}",
            proxy=str(route.proxy_masked),
            source=str(route.source),
            error=server_text(str(exc)),
        )
        return GoproxyProbeResult(fault=Fault.BAD_URL, explanation=_sentence(error), error=error, **common)
    async with client:
        session = _Session(client, limits, not route.direct, max_body, headers, credentials)
        steps: list[StepResult] = []
        module_url = _join(base, escaped)
        listed = await session.fetch("list", _join(module_url, "@v/list"))
        steps.append(listed.step)
        versions: tuple[str, ...] = ()
        latest: str | None = None
        fault, deciding = listed.step.fault, listed.step
        if fault is Fault.OK:
            versions, problem = validate_list(listed.body, listed.content_type)
            if problem:
                fault, deciding = Fault.BAD_RESPONSE, _with(listed.step, Fault.BAD_RESPONSE, problem)
                steps[-1] = deciding
        if fault is Fault.OK:
            path = f"@v/{escaped_version}.info" if escaped_version else "@latest"
            info = await session.fetch("info" if version else "latest", _join(module_url, path))
            steps.append(info.step)
            fault, deciding = info.step.fault, info.step
            if fault is Fault.OK:
                latest, problem = validate_info(info.body, info.content_type)
                if problem:
                    fault, deciding = Fault.BAD_RESPONSE, _with(info.step, Fault.BAD_RESPONSE, problem)
                    steps[-1] = deciding
        sumdb: bool | None = None
        toolchain: bool | None = None
        throughput_bps: float | None = None
        if fault is Fault.OK and check_sumdb:
            supported = await session.fetch("sumdb", _join(base, "sumdb/sum.golang.org/supported"))
            steps.append(supported.step)
            if supported.step.fault is Fault.OK:
                sumdb = True
            elif supported.step.fault in (Fault.HTTP_404, Fault.HTTP_410):
                sumdb = False
        if fault is Fault.OK and check_toolchain:
            chain = await session.fetch("toolchain", _join(_join(base, TOOLCHAIN_MODULE), "@v/list"))
            steps.append(chain.step)
            if chain.step.fault is Fault.OK:
                toolchain = bool(validate_list(chain.body, chain.content_type)[0])
            elif chain.step.fault in (Fault.HTTP_404, Fault.HTTP_410):
                toolchain = False
        if fault is Fault.OK and throughput and latest:
            zipped = await session.fetch(
                "zip",
                _join(module_url, f"@v/{escape_version(latest)}.zip"),
                limit=throughput_bytes,
                read_for=throughput_seconds,
            )
            steps.append(zipped.step)
            t = session.timeline
            if (
                zipped.step.fault is Fault.OK
                and t.headers is not None
                and t.end is not None
                and t.end > t.headers
            ):
                throughput_bps = zipped.step.size / (t.end - t.headers)

    tls_detail: TlsResult | None = None
    left = session.remaining() if session else 0.0
    if fault in (Fault.TLS_UNTRUSTED, Fault.TLS_EXPIRED, Fault.TLS_HOSTNAME, Fault.TLS_ERROR) and left > 0:
        # Read the presented chain (who issued it?) with one more *verifying* handshake, in the time left.
        chain_probe = probe_tls(
            host,
            port,
            timeout=min(limits.connect, left),
            ssl_context=ssl_context,
            ca_file=ca_file,
            environ=environ,
            resolve=resolve,
            proxy=route.proxy,
        )
        try:
            tls_detail = await _within(chain_probe, left)
        except (asyncio.TimeoutError, TimeoutError):
            tls_detail = None
    timings = steps[0].timings
    explanation = _explain(
        fault, deciding, timings, route, host, port, module, versions, latest, sumdb, tls_detail
    )
    used = session.auth_used if session else None
    if fault in (Fault.AUTH_REQUIRED, Fault.AUTH_DENIED):
        explanation = Joined(" ", (explanation, *_auth_advice(fault, base, used, credentials, environ)))
    return GoproxyProbeResult(
        fault=fault,
        explanation=explanation,
        timings=timings,
        status_code=deciding.status,
        steps=tuple(steps),
        versions=versions,
        latest=latest,
        sumdb=sumdb,
        toolchain=toolchain,
        throughput_bps=throughput_bps,
        tls=tls_detail,
        error=session.last_error if fault is not Fault.OK else None,
        auth=used.describe() if used else None,
        **common,
    )


def _auth_advice(
    fault: Fault,
    base: str,
    used: Credential | None,
    credentials: Credentials | None,
    environ: Mapping[str, str] | None,
) -> tuple[str, ...]:
    """What Go sent and what to add where: never the credential, only the method and the host."""
    if urlsplit(base).scheme != "https":
        return (Msg("Go sends GOAUTH/.netrc credentials only over https; use an https:// URL for this mirror."),)
    if credentials is not None and credentials.error:
        return (Msg("Go sends no credentials because GOAUTH is invalid: {error}.", error=credentials.error),)
    if used is not None:
        if fault is Fault.AUTH_REQUIRED:
            return (Msg("Credentials were sent ({auth}) and rejected: check the login and the token in "
                        "that entry.", auth=used.describe()),)
        return (Msg("Credentials were sent ({auth}); this account may not read it.", auth=used.describe()),)
    goauth = credentials.goauth if credentials is not None else "netrc"
    where, line = netrc_template(base, os.environ if environ is None else environ)
    if credentials is not None and goauth.strip() == "off":
        return (Msg("GOAUTH=off: Go sends no credentials. Set GOAUTH=netrc and add this line to {where}: "
                    "{line}", where=where, line=line),)
    return (Msg("Go would send no credentials (GOAUTH={goauth}): add this line to {where}: {line}",
                goauth=goauth, where=where, line=line),)


def _sentence(text: str) -> str:
    """``text.`` (a full stop after a one-line error), still translatable."""
    return Msg("{text}.", text=text)


def _with(step: StepResult, fault: Fault, detail: str) -> StepResult:
    return StepResult(step.name, step.url, fault, step.status, step.timings, step.size, detail, step.address)


def _explain(
    fault: Fault,
    step: StepResult,
    timings: PhaseTimings,
    route: Route,
    host: str,
    port: int,
    module: str,
    versions: tuple[str, ...],
    latest: str | None,
    sumdb: bool | None,
    tls_detail: TlsResult | None,
) -> str:
    where = host_port(host, port)
    if route.direct and step.address and step.address != host:
        where += f" ({step.address})"
    path = "" if route.direct else Joined("", (", ", route.describe()))
    measured = timings.describe()
    times = Joined("", (" [", measured, "]")) if measured else ""
    if fault is Fault.OK:
        if len(versions) == 1:
            count = Msg("{count} version", count=len(versions))
        else:
            count = Msg("{count} versions", count=len(versions))
        db = {
            True: Msg("proxies sum.golang.org"),
            False: Msg("does not proxy sum.golang.org"),
            None: Msg("sum.golang.org support unknown"),
        }[sumdb]
        return Msg(
            "{where} answered as a Go module proxy{path}: {count} of {module}, latest {latest}; {db}.{times}",
            where=where,
            path=path,
            count=count,
            module=module,
            latest=str(latest),
            db=db,
            times=times,
        )
    if tls_detail is not None and tls_detail.fault is fault:
        if route.direct:
            return tls_detail.explanation
        return Joined("", (tls_detail.explanation, " (", route.describe(), ")"))
    request = f"GET {step.url}"
    detail = step.detail
    if detail.endswith("."):
        detail = detail.rstrip(".")  # text from an exception; a Msg detail ends without a full stop
    return Msg(
        "{where}{path}: {request}: {detail}{stop} {explanation}{times}",
        where=where,
        path=path,
        request=request,
        detail=detail,
        stop="" if detail.endswith("?") else ".",
        explanation=fault.explanation,
        times=times,
    )
