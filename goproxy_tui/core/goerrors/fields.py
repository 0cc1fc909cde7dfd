"""Pull the module, version, URL, host and HTTP status out of one line of Go's output.

Go builds its messages from a few shapes, so plain string searches are enough (no backtracking
regexes, every function is linear in the line):

- ``MODULE@VERSION: …`` (module.ModuleError, x/mod/module/module.go), often after ``go: `` or
  ``verifying `` (modfetch/fetch.go), with ``/go.mod`` after the version for the go.mod hash;
- ``reading URL: 404 Not Found`` (web.HTTPError, cmd/go/internal/web/api.go);
- ``Get "URL": …`` (url.Error, net/url/url.go) wrapping ``dial tcp ADDR: …`` or
  ``lookup NAME on SERVER: …`` (net.OpError / net.DNSError, net/net.go);
- proxy URLs ``…/MODULE/@v/VERSION.info``, ``…/@v/list``, ``…/@latest`` and checksum-database
  lookups ``…/lookup/MODULE@VERSION`` (modfetch/proxy.go, x/mod/sumdb/client.go), paths escaped
  with ``!`` for upper case (x/mod/module EscapePath).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_GO_PREFIXES = ("go: ", "verifying ", "go: verifying ")
_URL_ENDS = " \t\"'<>"


@dataclass(frozen=True)
class Fields:
    module: str | None = None
    version: str | None = None
    url: str | None = None
    host: str | None = None
    status: int | None = None
    dial_host: str | None = None  # the address of a failing ``dial tcp`` (the proxy, for proxyconnect)
    lookup_host: str | None = None  # the name of a failing ``lookup NAME``


def strip_position(line: str) -> str:
    """``main.go:2:8: missing …`` → ``missing …`` (the file position go build puts before an error)."""
    head, sep, rest = line.partition(": ")
    if sep and head.count(":") >= 2 and " " not in head:
        return rest
    return line


def strip_go_prefixes(line: str) -> str:
    """The message without ``go: `` / ``verifying `` and a leading file position."""
    text = strip_position(line.strip())
    for _ in range(2):
        for prefix in _GO_PREFIXES:
            if text.startswith(prefix):
                text = text[len(prefix):]
    return text


def unescape(text: str) -> str:
    """Undo Go's module path escaping: ``!x`` → ``X`` (x/mod/module UnescapePath)."""
    out: list[str] = []
    bang = False
    for ch in text:
        if bang:
            out.append(ch.upper())
            bang = False
        elif ch == "!":
            bang = True
        else:
            out.append(ch)
    return "".join(out)


def module_at_version(token: str) -> tuple[str | None, str | None]:
    """``example.com/m@v1.2.3/go.mod`` → (``example.com/m``, ``v1.2.3``); no ``@`` → (None, None)."""
    path, sep, version = token.rpartition("@")
    if not sep or not path or " " in version or ("/" not in path and "." not in path):
        return None, None
    version = version.removesuffix("/go.mod")
    return path, (version or None)


def leading_module(text: str) -> tuple[str | None, str | None]:
    """The module a message starts with (after Go's prefixes), if any: ``MODULE@VERSION: …``, the
    last of ``A@v requires B@v: …`` (modload), or ``MODULE VERSION: …`` (go mod verify). A malformed
    path may hold spaces (``example.com/Bad Path@v1.0.0``)."""
    token = strip_go_prefixes(text).split(": ", 1)[0]
    if "://" in token or "\t" in token:
        return None, None
    token = token.rsplit(" requires ", 1)[-1].removeprefix("module ")  # 'go: module M: …' (modload/query.go)
    words = token.split(" ")
    if len(words) == 2 and "@" not in token and words[1].startswith("v") and "." in words[0]:
        return words[0], words[1]
    return module_at_version(token)


def first_url(text: str) -> str | None:
    """The first ``http(s)://`` or ``file://`` URL in ``text``."""
    start = -1
    for scheme in ("https://", "http://", "file://"):
        found = text.find(scheme)
        if found >= 0 and (start < 0 or found < start):
            start = found
    if start < 0:
        return None
    end = start
    while end < len(text) and text[end] not in _URL_ENDS:
        end += 1
    url = text[start:end].rstrip(":,;.)")
    return url or None


def url_module(url: str) -> tuple[str | None, str | None]:
    """Module and version a proxy or checksum-database URL asks for."""
    path = unquote(urlsplit(url).path)
    if "/lookup/" in path:
        return module_at_version(path.rsplit("/lookup/", 1)[1])
    for marker in ("/@v/", "/@latest"):
        if marker in path:
            before, _sep, after = path.partition(marker)
            module = _module_tail(before)
            version = None
            if marker == "/@v/" and after != "list":
                version = after.rsplit(".", 1)[0] if "." in after else after
            return (unescape(module) if module else None), (unescape(version) if version else None)
    return None, None


def _module_tail(path: str) -> str | None:
    """The module path at the end of a proxy URL path: the mirror's own prefix is dropped by finding
    the first element that looks like a host (it has a dot), as every module path's first one does."""
    parts = [p for p in path.split("/") if p]
    for index, part in enumerate(parts):
        if "." in part:
            return "/".join(parts[index:])
    return None


def url_host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _word_after(text: str, marker: str) -> str | None:
    at = text.find(marker)
    if at < 0:
        return None
    rest = text[at + len(marker):]
    word = rest.split(" ", 1)[0].rstrip(":")
    return word or None


def _dns_name(text: str) -> str | None:
    """NAME of net.DNSError's ``lookup NAME on SERVER: …`` or ``lookup NAME: …`` (net/net.go); not the
    ``lookup`` of ``import lookup disabled`` or of a checksum-database URL."""
    at = text.find("lookup ")
    while at >= 0:
        rest = text[at + len("lookup "):]
        name, _sep, after = rest.partition(" ")
        if name.endswith(":") or after.startswith("on "):
            name = name.rstrip(":")
            if name and "/" not in name and "@" not in name:
                return name
        at = text.find("lookup ", at + 1)
    return None


def address_host(address: str) -> str:
    """``127.0.0.1:53`` → ``127.0.0.1``; ``[::1]:443`` → ``::1``."""
    if address.startswith("["):
        return address[1:].split("]", 1)[0]
    host, sep, port = address.rpartition(":")
    return host if sep and port.isdigit() else address


def http_status(text: str) -> int | None:
    """The status of ``reading URL: 404 Not Found`` (web.HTTPError.Error, cmd/go/internal/web/api.go)."""
    at = text.find("reading ")
    while at >= 0:
        rest = text[at + len("reading "):]
        _url, sep, after = rest.partition(": ")
        code = after[:3]
        if sep and " " not in _url and code.isdigit() and (len(after) == 3 or after[3] == " "):
            return int(code)
        at = text.find("reading ", at + 1)
    return None


def parse(text: str) -> Fields:
    """Every field one line carries (missing ones are None)."""
    module, version = leading_module(text)
    url = first_url(text)
    if url is not None:
        url_mod, url_ver = url_module(url)
        module = module or url_mod
        version = version or url_ver
    dial = _word_after(text, "dial tcp ")
    dial_host = address_host(dial) if dial and dial != "lookup" else None
    lookup_host = _dns_name(text)
    host = lookup_host or (url_host(url) if url else None) or dial_host
    return Fields(module, version, url, host, http_status(text), dial_host, lookup_host)
