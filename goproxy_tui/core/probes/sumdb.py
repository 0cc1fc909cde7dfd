"""Checksum database probes: can Go reach a GOSUMDB, and does a GOPROXY mirror proxy it?

Go verifies every download against the checksum database (``modfetch/sumdb.go``). With
``GOSUMDB=sum.golang.org`` it first asks each GOPROXY entry for ``/sumdb/sum.golang.org/supported``
(200: use the proxy, 404/410: next entry, anything else: the database is unavailable) and only then
connects to ``https://sum.golang.org`` directly. Switching to a mirror that does not proxy the
database is therefore only safe when the database itself is reachable; these probes find out, the
way Go would travel (HTTPS_PROXY/NO_PROXY as Go applies them, Go's trust store, redirects followed).

``probe_sumdb`` asks ``<url>/latest`` (the signed tree head every client fetches first) and checks
that the answer is a tree note, so a captive portal's 200 does not count as reachable.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.netproxy import ProxyEnv, proxy_for_url
from goproxy_tui.core.probes.tcp import classify_os_error
from goproxy_tui.core.probes.tls import classify_ssl_error
from goproxy_tui.core.probes.trust import go_trust_store
from goproxy_tui.core.redact import mask_secrets, server_text
from goproxy_tui.i18n import Msg

SUMDB_NAME = "sum.golang.org"
ORIGIN_URL = "https://sum.golang.org"
CN_ALIAS = "sum.golang.google.cn"
"""The GOSUMDB value Go maps to ``sum.golang.org https://sum.golang.google.cn`` (reachable in mainland China)."""
CN_URL = "https://sum.golang.google.cn"
TREE_NOTE = b"go.sum database tree\n"
USER_AGENT = "gotui-probe/1 (checksum database probe)"
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class SumdbReach:
    """Whether a checksum database answered ``/latest`` with a tree note."""

    url: str  # masked
    fault: Fault
    latency_ms: float | None = None
    detail: str = ""

    @property
    def reachable(self) -> bool:
        return self.fault is Fault.OK

    def describe(self) -> str:
        if self.reachable:
            if self.latency_ms:
                return Msg("{url} answered ({ms:.0f} ms)", url=self.url, ms=self.latency_ms)
            return Msg("{url} answered", url=self.url)
        if self.detail:
            return Msg(
                "{url} is unreachable: {fault} ({detail})", url=self.url, fault=self.fault.value, detail=self.detail
            )
        return Msg("{url} is unreachable: {fault}", url=self.url, fault=self.fault.value)


@dataclass(frozen=True)
class ProxySumdbSupport:
    """A mirror's answer to ``/sumdb/<name>/supported``: True (200), False (404/410), None (anything else)."""

    url: str  # masked
    supported: bool | None
    fault: Fault
    detail: str = ""


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop(0)
        if any(e is seen for seen in out):
            continue
        out.append(e)
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
    return out


def classify(exc: BaseException, via_proxy: bool) -> Fault:
    """An httpx/OS exception → fault class (the same classes as the GOPROXY probe, coarser phases)."""
    import httpx  # here, as in _get: importing this module (the TUI does at start) must not load httpx

    chain = _chain(exc)
    if isinstance(exc, httpx.TooManyRedirects):
        return Fault.REDIRECT_LOOP
    if isinstance(exc, httpx.ProxyError):
        return Fault.PROXY_AUTH_REQUIRED if str(exc).startswith("407") else Fault.PROXY_REFUSED
    if isinstance(exc, (httpx.ConnectTimeout, httpx.PoolTimeout)):
        return Fault.CONNECT_TIMEOUT
    if isinstance(exc, httpx.ReadTimeout):
        return Fault.READ_TIMEOUT
    if isinstance(exc, httpx.WriteTimeout):
        return Fault.WRITE_TIMEOUT
    for e in chain:
        if isinstance(e, ssl.SSLError):
            return classify_ssl_error(e)
    if isinstance(exc, httpx.ConnectError):
        for e in chain:
            if isinstance(e, OSError) and (e.errno is not None or isinstance(e, ConnectionRefusedError)):
                fault = classify_os_error(e)
                return Fault.PROXY_REFUSED if via_proxy and fault is Fault.CONNECT_REFUSED else fault
        text = str(exc).lower()
        if "name or service" in text or "nodename" in text or "resolution" in text:
            return Fault.DNS_FAILURE
        return Fault.PROXY_REFUSED if via_proxy else Fault.CONNECT_UNREACHABLE
    if isinstance(exc, httpx.RemoteProtocolError):
        return Fault.RESET if str(exc).startswith(("Server disconnected", "peer closed")) else Fault.BAD_RESPONSE
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.CloseError)):
        return Fault.RESET
    if isinstance(exc, (httpx.LocalProtocolError, httpx.UnsupportedProtocol, httpx.InvalidURL)):
        return Fault.BAD_RESPONSE
    return Fault.RESET if isinstance(exc, httpx.TransportError) else Fault.BAD_RESPONSE


def _status_fault(status: int) -> Fault:
    if status == 200:
        return Fault.OK
    if status in (404, 410):
        return Fault.HTTP_404 if status == 404 else Fault.HTTP_410
    if status in (401, 403):
        return Fault.AUTH_REQUIRED if status == 401 else Fault.AUTH_DENIED
    return Fault.HTTP_5XX if 500 <= status <= 599 else Fault.HTTP_OTHER


async def _credentials(url: str, environ: Mapping[str, str] | None) -> dict[str, str]:
    """What Go's auth.AddCredentials adds to this https request (GOAUTH / .netrc); never shown."""
    if not url.startswith("https://"):
        return {}
    from goproxy_tui.core.auth import cached_credentials

    return (await asyncio.to_thread(cached_credentials, environ)).headers_for(url)


async def _get(
    url: str,
    timeout: float,
    environ: Mapping[str, str] | None,
    ssl_context: ssl.SSLContext | None,
) -> tuple[Fault, int | None, bytes, float | None, str]:
    """GET ``url`` as Go would route it; (fault, status, body prefix, ms to headers, detail). Never raises."""
    route = proxy_for_url(url, ProxyEnv.from_environ(environ))
    if route.error:
        return Fault.PROXY_REFUSED, None, b"", None, route.error
    import httpx  # here: the first paint imports this module, not httpx

    context = ssl_context or go_trust_store(None, environ)[0]
    transport = httpx.AsyncHTTPTransport(verify=context, proxy=route.proxy, trust_env=False, retries=0)
    start = time.perf_counter()
    try:
        async with httpx.AsyncClient(
            transport=transport,
            trust_env=False,
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=10,
            headers={"User-Agent": USER_AGENT},
        ) as client:
            async with client.stream("GET", url, headers=await _credentials(url, environ)) as response:
                elapsed = (time.perf_counter() - start) * 1000.0
                body = bytearray()
                async for chunk in response.aiter_raw():
                    body += chunk
                    if len(body) >= MAX_BODY:
                        break
                return _status_fault(response.status_code), response.status_code, bytes(body), elapsed, ""
    except (asyncio.TimeoutError, TimeoutError):
        return Fault.READ_TIMEOUT, None, b"", None, Msg("no answer within {seconds:g} s", seconds=timeout)
    except Exception as exc:  # every failure is a fault class, nothing escapes a probe
        fault = classify(exc, not route.direct)
        return fault, None, b"", None, server_text(str(exc) or type(exc).__name__)


async def probe_sumdb(
    url: str = ORIGIN_URL,
    *,
    timeout: float = 5.0,
    environ: Mapping[str, str] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> SumdbReach:
    """Is the checksum database at ``url`` reachable? ``GET <url>/latest`` must return a tree note."""
    shown = mask_secrets(url.rstrip("/"))
    try:
        fault, status, body, elapsed, detail = await asyncio.wait_for(
            _get(url.rstrip("/") + "/latest", timeout, environ, ssl_context), timeout * 2
        )
    except (asyncio.TimeoutError, TimeoutError):
        return SumdbReach(shown, Fault.READ_TIMEOUT, None, Msg("no answer within {seconds:g} s", seconds=timeout * 2))
    if fault is Fault.OK and not body.startswith(TREE_NOTE):
        return SumdbReach(shown, Fault.BAD_RESPONSE, elapsed, Msg("200 but not a checksum database tree note"))
    if status is not None and fault is not Fault.OK:
        detail = f"HTTP {status}"
    return SumdbReach(shown, fault, elapsed, detail)


async def probe_proxy_sumdb(
    base_url: str,
    name: str = SUMDB_NAME,
    *,
    timeout: float = 5.0,
    environ: Mapping[str, str] | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> ProxySumdbSupport:
    """Ask a GOPROXY mirror whether it proxies the checksum database ``name`` (what Go asks first)."""
    url = f"{base_url.rstrip('/')}/sumdb/{name}/supported"
    try:
        fault, status, _body, _elapsed, detail = await asyncio.wait_for(
            _get(url, timeout, environ, ssl_context), timeout * 2
        )
    except (asyncio.TimeoutError, TimeoutError):
        fault, status, detail = Fault.READ_TIMEOUT, None, Msg("no answer within {seconds:g} s", seconds=timeout * 2)
    supported = True if fault is Fault.OK else (False if fault in (Fault.HTTP_404, Fault.HTTP_410) else None)
    if status is not None and fault is not Fault.OK:
        detail = f"HTTP {status}"
    return ProxySumdbSupport(mask_secrets(url), supported, fault, detail)
