"""``GET https://PATH?go-get=1``: the page whose go-import meta tag names a module's repository.

Routed like Go's web.Get (HTTPS_PROXY/NO_PROXY, Go's trust store from SSL_CERT_FILE/SSL_CERT_DIR).
Plain http is used only when the caller says Go would (GOINSECURE covers the path); gotui never
suggests that. Never raises: every failure is a short, masked text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from goproxy_tui.core.probes.netproxy import ProxyEnv, proxy_for_url
from goproxy_tui.core.probes.trust import go_trust_store
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.i18n import Msg

MAX_PAGE = 256 * 1024


@dataclass(frozen=True)
class GoGetPage:
    url: str
    status: int | None
    body: str
    error: str | None = None


async def fetch_go_get(path: str, environ: Mapping[str, str], timeout: float, *, scheme: str = "https") -> GoGetPage:
    url = f"{scheme}://{path}?go-get=1"
    route = proxy_for_url(url, ProxyEnv.from_environ(environ))
    if route.error:
        return GoGetPage(url, None, "", route.error)
    import httpx  # lazily: the first paint never needs it

    context = go_trust_store(None, environ)[0]
    transport = httpx.AsyncHTTPTransport(verify=context, proxy=route.proxy, trust_env=False, retries=0)
    try:
        async with httpx.AsyncClient(transport=transport, trust_env=False, timeout=httpx.Timeout(timeout),
                                     follow_redirects=True, max_redirects=10) as client:
            async with client.stream("GET", url) as response:
                body = bytearray()
                async for chunk in response.aiter_raw():
                    body += chunk
                    if len(body) >= MAX_PAGE:
                        break
                return GoGetPage(url, response.status_code, body.decode("utf-8", "replace"))
    except (asyncio.TimeoutError, TimeoutError):
        return GoGetPage(url, None, "", Msg("no answer within {seconds:g} s", seconds=timeout))
    except Exception as exc:  # a probe reports, it never raises
        return GoGetPage(url, None, "", mask_secrets(str(exc) or type(exc).__name__))
