"""Which HTTP proxy `go` would use for a URL: HTTPS_PROXY / HTTP_PROXY / NO_PROXY exactly as Go applies them.

cmd/go's HTTP client uses ``http.ProxyFromEnvironment``, i.e. ``golang.org/x/net/http/httpproxy``
(vendored in GOROOT ``src/vendor/golang.org/x/net/http/httpproxy/proxy.go``). Its rules, re-implemented
here so a probe travels the same path as ``go mod download``:

- each variable is read upper case first, then lower case; an empty value counts as unset;
- ``https://`` URLs use HTTPS_PROXY, ``http://`` URLs use HTTP_PROXY (never ALL_PROXY);
- with REQUEST_METHOD set (CGI), HTTP_PROXY is refused with an error;
- a proxy value is parsed with ``url.Parse`` (``rules/gourl.py``); lacking a scheme or host, or not
  parsing, ``http://<value>`` is tried and kept if it parses; otherwise the variable is ignored;
- ``localhost`` and loopback addresses are never proxied;
- NO_PROXY is comma separated: ``*`` (nothing proxied), an IP, a CIDR, ``ip:port``, ``[v6]:port``,
  ``domain`` (the domain and its subdomains), ``.domain`` / ``*.domain`` (subdomains only), each
  optionally with ``:port``. Domain entries never match IP literals.

httpx has its own, different rules (``trust_env``); probes therefore pass the proxy chosen here
explicitly and run httpx with ``trust_env=False``.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules.gourl import GoURL, GoURLError
from goproxy_tui.core.rules.gourl import parse as parse_go_url
from goproxy_tui.i18n import Msg

_DEFAULT_PORTS = {"http": "80", "https": "443", "socks5": "1080"}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class ProxyEnv:
    """The proxy variables as Go reads them; ``*_var`` names the variable that supplied each value."""

    http_proxy: str = ""
    https_proxy: str = ""
    no_proxy: str = ""
    cgi: bool = False
    http_proxy_var: str | None = None
    https_proxy_var: str | None = None
    no_proxy_var: str | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> ProxyEnv:
        """``httpproxy.FromEnvironment``: upper case first; an empty variable is treated as unset."""
        env = os.environ if environ is None else environ

        def get_any(*names: str) -> tuple[str, str | None]:
            for name in names:
                value = env.get(name, "")
                if value:
                    return value, name
            return "", None

        http, http_var = get_any("HTTP_PROXY", "http_proxy")
        https, https_var = get_any("HTTPS_PROXY", "https_proxy")
        no_proxy, no_var = get_any("NO_PROXY", "no_proxy")
        return cls(http, https, no_proxy, bool(env.get("REQUEST_METHOD", "")), http_var, https_var, no_var)


@dataclass(frozen=True)
class Route:
    """How a request to ``url`` travels: directly or through ``proxy``; ``error`` when Go would refuse."""

    url: str
    proxy: str | None = None
    source: str | None = None
    reason: str = ""
    error: str | None = None

    @property
    def direct(self) -> bool:
        return self.proxy is None

    @property
    def proxy_masked(self) -> str | None:
        return None if self.proxy is None else mask_secrets(self.proxy)

    def describe(self) -> str:
        """One line for people: ``direct (...)`` or ``via http://u:***@proxy:3128 (HTTPS_PROXY)``."""
        if self.error:
            return Msg("refused: {error}", error=self.error)
        if self.proxy is None:
            return Msg("direct ({reason})", reason=self.reason) if self.reason else "direct"
        return Msg("via {proxy} ({source})", proxy=self.proxy_masked, source=str(self.source))


def parse_proxy_value(value: str) -> str | None:
    """Go's ``parseProxy``: ``url.Parse``; lacking a scheme or host, ``url.Parse("http://" + value)``
    is tried and wins if it parses (even oddly); ``None`` when Go would ignore the variable."""
    if not value:
        return None
    try:
        parsed: GoURL | None = parse_go_url(value)
    except GoURLError:
        parsed = None
    if parsed is None or not parsed.scheme or not parsed.host:
        try:
            return parse_go_url("http://" + value).string()
        except GoURLError:
            pass
    return None if parsed is None else parsed.string()


def split_host_port(hostport: str) -> tuple[str, str] | None:
    """``net.SplitHostPort``: ``None`` when there is no port or too many colons; brackets removed."""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0 or not hostport[end + 1 :].startswith(":"):
            return None
        host, port = hostport[1:end], hostport[end + 2 :]
    else:
        i = hostport.rfind(":")
        if i < 0:
            return None
        host, port = hostport[:i], hostport[i + 1 :]
        if ":" in host:
            return None
    if "[" in port or "]" in port or "[" in host or "]" in host:
        return None
    return host, port


def _parse_ip(text: str) -> IPAddress | None:
    """``net.ParseIP``: no zones; IPv4-mapped IPv6 compares equal to IPv4 (``net.IP.Equal``)."""
    if "%" in text:
        return None
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _idna(host: str) -> str:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


@dataclass(frozen=True)
class _Matcher:
    kind: str  # "all" | "cidr" | "ip" | "domain"
    network: ipaddress.IPv4Network | ipaddress.IPv6Network | None = None
    ip: IPAddress | None = None
    host: str = ""
    port: str = ""
    match_host: bool = False
    entry: str = ""

    def matches(self, host: str, port: str, ip: IPAddress | None) -> bool:
        if self.kind == "all":
            return True
        if self.kind == "cidr":
            return (
                ip is not None
                and self.network is not None
                and ip.version == self.network.version
                and (ip in self.network)
            )
        if self.kind == "ip":
            return ip is not None and ip == self.ip and (not self.port or self.port == port)
        if ip is not None:  # domain entries never match IP literals
            return False
        if host.endswith(self.host) or (self.match_host and host == self.host[1:]):
            return not self.port or self.port == port
        return False


def _parse_no_proxy(no_proxy: str) -> tuple[list[_Matcher], list[_Matcher]]:
    """``config.init``: split NO_PROXY into IP matchers and domain matchers (``*`` matches all)."""
    ip_matchers: list[_Matcher] = []
    domain_matchers: list[_Matcher] = []
    for raw in no_proxy.split(","):
        p = raw.strip().lower()
        if not p:
            continue
        if p == "*":
            everything = _Matcher("all", entry="*")
            return [everything], [everything]
        if "/" in p:
            try:
                network = ipaddress.ip_network(p, strict=False)
            except ValueError:
                network = None
            if network is not None and "%" not in p:
                ip_matchers.append(_Matcher("cidr", network=network, entry=raw.strip()))
                continue
        split = split_host_port(p)
        if split is not None:
            phost, pport = split
            if not phost:
                continue
        else:
            phost, pport = p, ""
        pip = _parse_ip(phost)
        if pip is not None:
            ip_matchers.append(_Matcher("ip", ip=pip, port=pport, entry=raw.strip()))
            continue
        if not phost:
            continue
        if phost.startswith("*."):
            phost = phost[1:]
        match_host = not phost.startswith(".")
        if match_host:
            phost = "." + phost
        domain_matchers.append(
            _Matcher("domain", host=_idna(phost), port=pport, match_host=match_host, entry=raw.strip())
        )
    return ip_matchers, domain_matchers


def _target_host_port(url: str) -> tuple[str, str, str] | None:
    """``canonicalAddr``: (scheme, host as written — not lower-cased —, port or the scheme default)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            return None
        host, rest = netloc[1:end], netloc[end + 1 :]
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = netloc.partition(":")
    scheme = parts.scheme.lower()
    return scheme, _idna(host), port or _DEFAULT_PORTS.get(scheme, "")


def _exempt_reason(host: str, port: str, env: ProxyEnv) -> str | None:
    """``useProxy`` inverted: why the host bypasses the proxy, or ``None`` when it must use it."""
    if host == "localhost":
        return Msg("localhost is never proxied")
    ip = _parse_ip(host.split("%")[0]) if host else None
    if ip is not None and ip.is_loopback:
        return Msg("loopback addresses are never proxied")
    lowered = host.strip().lower()
    ip_matchers, domain_matchers = _parse_no_proxy(env.no_proxy)
    source = env.no_proxy_var or "NO_PROXY"
    if ip is not None:
        for m in ip_matchers:
            if m.matches(lowered, port, ip):
                return Msg("{variable} entry {entry} matches", variable=source, entry=repr(m.entry))
    for m in domain_matchers:
        if m.matches(lowered, port, ip):
            return Msg("{variable} entry {entry} matches", variable=source, entry=repr(m.entry))
    return None


def proxy_for_url(url: str, env: ProxyEnv | None = None) -> Route:
    """Decide as ``httpproxy.(*config).proxyForURL`` does whether ``url`` goes through a proxy."""
    env = ProxyEnv.from_environ() if env is None else env
    target = _target_host_port(url)
    if target is None:
        return Route(url=mask_secrets(url), reason=Msg("not a URL"))
    scheme, host, port = target
    if scheme == "https":
        raw, source = env.https_proxy, env.https_proxy_var
    elif scheme == "http":
        raw, source = env.http_proxy, env.http_proxy_var
        if raw and parse_proxy_value(raw) and env.cgi:
            return Route(
                url=mask_secrets(url),
                source=source,
                error=Msg("refusing to use HTTP_PROXY value in CGI environment (REQUEST_METHOD is set)"),
            )
    else:
        return Route(url=mask_secrets(url), reason=Msg("{scheme}:// URLs are never proxied", scheme=scheme))
    want = "HTTPS_PROXY" if scheme == "https" else "HTTP_PROXY"
    if not raw:
        return Route(url=mask_secrets(url), reason=Msg("{variable} is not set", variable=want))
    proxy = parse_proxy_value(raw)
    if proxy is None:
        return Route(
            url=mask_secrets(url),
            reason=Msg(
                "{variable}={value} is invalid; Go ignores it", variable=str(source), value=repr(mask_secrets(raw))
            ),
        )
    exempt = _exempt_reason(host, port, env)
    if exempt is not None:
        return Route(url=mask_secrets(url), reason=exempt)
    return Route(url=mask_secrets(url), proxy=proxy, source=source)


class TunnelError(Exception):
    """The HTTP proxy could not give us a tunnel; ``fault`` is proxy-refused / proxy-auth-required / ..."""

    def __init__(self, fault: Fault, message: str) -> None:
        super().__init__(message)
        self.fault = fault


async def open_connect_tunnel(
    proxy: str,
    host: str,
    port: int,
    *,
    timeout: float,
    ssl_context: ssl.SSLContext | None = None,
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """``CONNECT host:port`` through ``proxy`` (http:// or https://), as Go's transport does.

    Credentials in the proxy URL become ``Proxy-Authorization: Basic``. Raises :class:`TunnelError`:
    the proxy refusing TCP or answering non-2xx → ``proxy-refused``, 407 → ``proxy-auth-required``,
    no TCP answer from the proxy → ``connect-timeout``, no answer to CONNECT → ``read-timeout``.
    """
    parts = urlsplit(proxy)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise TunnelError(
            Fault.PROXY_REFUSED,
            Msg("unsupported proxy {proxy} (need http:// or https://)", proxy=mask_secrets(proxy)),
        )
    proxy_port = parts.port or int(_DEFAULT_PORTS[scheme])
    tls = None
    if scheme == "https":
        tls = ssl_context or ssl.create_default_context()
    shown = mask_secrets(proxy)
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(
                parts.hostname, proxy_port, ssl=tls, server_hostname=parts.hostname if tls else None
            ),
            timeout,
        )
    except (asyncio.TimeoutError, TimeoutError) as exc:
        raise TunnelError(
            Fault.CONNECT_TIMEOUT,
            Msg("proxy {proxy} did not accept a connection within {seconds:g} s", proxy=shown, seconds=timeout),
        ) from exc
    except OSError as exc:
        why = os.strerror(exc.errno) if exc.errno else str(exc)
        raise TunnelError(Fault.PROXY_REFUSED, Msg("proxy {proxy}: {error}", proxy=shown, error=why)) from exc
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if parts.username is not None:
        user = unquote(parts.username)
        password = unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        lines.append(f"Proxy-Authorization: Basic {token}")
    try:
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout)
    except (asyncio.TimeoutError, TimeoutError) as exc:
        writer.close()
        raise TunnelError(
            Fault.READ_TIMEOUT,
            Msg("proxy {proxy} did not answer CONNECT within {seconds:g} s", proxy=shown, seconds=timeout),
        ) from exc
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
        writer.close()
        raise TunnelError(
            Fault.PROXY_REFUSED, Msg("proxy {proxy} closed the connection on CONNECT", proxy=shown)
        ) from exc
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1", "replace")
    fields = status_line.split(" ", 2)
    status = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 0
    if 200 <= status < 300:
        return reader, writer
    writer.close()
    if status == 407:
        raise TunnelError(
            Fault.PROXY_AUTH_REQUIRED, Msg("proxy {proxy} answered {status}", proxy=shown, status=repr(status_line))
        )
    raise TunnelError(
        Fault.PROXY_REFUSED,
        Msg("proxy {proxy} refused CONNECT {target}: {status}", proxy=shown, target=target, status=repr(status_line)),
    )
