"""The ``h1:`` hash of what one mirror serves for MODULE@VERSION, computed by gotui.

Checksum triage needs every candidate mirror's answer for the very file Go rejected: the ``.zip``
(Go's dirhash ``Hash1`` over its files, :func:`goproxy_tui.core.modcache.hash_zip`) or the ``.mod``
(``Hash1`` over one file named ``go.mod``, modfetch's ``goModSum``). The request goes the way Go's
would: through HTTPS_PROXY/NO_PROXY and with Go's trust store, never unverified.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from goproxy_tui.core.modcache import hash_zip
from goproxy_tui.core.probes.netproxy import ProxyEnv, proxy_for_url
from goproxy_tui.core.probes.trust import load_trust_store
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.module import EscapeError, escape_path, escape_version
from goproxy_tui.i18n import Msg

MAX_ZIP_BYTES = 500 << 20  # Go's own limit for a module zip (golang.org/x/mod/zip MaxZipFile)


@dataclass(frozen=True)
class ServedHash:
    """What ``base_url`` serves: ``h1`` on success, else ``error`` (one line)."""

    base_url: str
    h1: str | None
    error: str | None = None


def hash_gomod(content: bytes) -> str:
    """dirhash.Hash1 over the single file ``go.mod`` (modfetch.goModSum)."""
    line = f"{hashlib.sha256(content).hexdigest()}  go.mod\n".encode()
    return "h1:" + base64.b64encode(hashlib.sha256(line).digest()).decode("ascii")


async def served_hash(
    base_url: str,
    module: str,
    version: str,
    *,
    gomod: bool,
    environ: Mapping[str, str],
    timeout: float,
) -> ServedHash:
    """Download ``@v/VERSION.zip`` (or ``.mod``) from ``base_url`` and hash it; never raises."""
    import httpx  # the TUI's first paint never needs it

    shown = mask_secrets(base_url)
    try:
        url = f"{base_url.rstrip('/')}/{escape_path(module)}/@v/{escape_version(version)}"
    except EscapeError as exc:
        return ServedHash(shown, None, str(exc))
    url += ".mod" if gomod else ".zip"
    route = proxy_for_url(url, ProxyEnv.from_environ(environ))
    if route.error:
        return ServedHash(shown, None, route.error)
    context, _store = await load_trust_store(None, environ)
    with tempfile.TemporaryDirectory(prefix="gotui-hash-") as scratch:
        target = Path(scratch) / "download"
        try:
            async with asyncio.timeout(timeout), httpx.AsyncClient(
                verify=context, proxy=route.proxy, trust_env=False, follow_redirects=True, max_redirects=10,
                timeout=timeout,
            ) as client, client.stream("GET", url) as response:
                if response.status_code != 200:
                    return ServedHash(shown, None, f"{response.status_code} {response.reason_phrase[:80]}")
                size = 0
                with target.open("wb") as out:
                    async for chunk in response.aiter_raw():
                        size += len(chunk)
                        if size > MAX_ZIP_BYTES:
                            return ServedHash(shown, None, Msg("larger than Go's 500 MiB limit"))
                        out.write(chunk)
        except TimeoutError:
            return ServedHash(shown, None, Msg("no answer within {seconds:g} s", seconds=timeout))
        except (httpx.HTTPError, OSError, ValueError) as exc:
            return ServedHash(shown, None, mask_secrets(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        try:
            h1 = hash_gomod(target.read_bytes()) if gomod else await asyncio.to_thread(hash_zip, target)
        except (OSError, ValueError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
            return ServedHash(shown, None, Msg("not a valid module file: {error}", error=str(exc)[:120]))
    return ServedHash(shown, h1)
