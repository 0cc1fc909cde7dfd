"""GOPROXY lists, read exactly as ``proxyList()`` in GOROOT/src/cmd/go/internal/modfetch/proxy.go.

Go splits the value on ``,`` and ``|``. The separator *after* an entry decides what happens when that
entry fails (``TryProxies``): after ``|`` Go tries the next entry on any error; after ``,`` only when
the proxy answered 404/410. So ``https://goproxy.cn,direct`` does not fall back when goproxy.cn
times out or resets. ``direct`` and ``off`` end the list (later entries are ignored, unchecked).
An entry with a ``.``, ``:`` or ``/`` but no ``:/`` that is not an absolute path gets ``https://``;
every other entry must be a URL that ``newProxyRepo`` accepts: scheme http, https or a path-only
``file:///dir``. ``go env -w`` does none of this: a bad GOPROXY is written silently and every later
download fails, hence validation before writing.

Deliberate difference: Go quotes the failing URL in its ``Redacted`` form (password ``xxxxx``); here
every URL shown goes through ``mask_secrets`` as well, so a bare token (``https://TOKEN@host``) is
hidden too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules import gourl
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.gostr import filepath_is_abs, one_line_messages, trim_space
from goproxy_tui.i18n import Msg

Kind = Literal["proxy", "direct", "off"]
Fallback = Literal["any-error", "not-found"]

DEFAULT_GOPROXY = "https://proxy.golang.org,direct"  # GOROOT/go.env

ERR_NO_ENTRIES = Msg("GOPROXY list is not the empty string, but contains no entries")
FALLBACK_CAVEAT = Msg("after ',' Go only falls back on 404/410; use '|' so a timeout falls through")


@dataclass(frozen=True)
class ProxyEntry:
    """One entry Go will try, in order.

    ``url`` is what Go uses (``https://`` added to a bare host; ``direct``/``off`` as is), ``raw`` the
    text as typed (trimmed). ``fallback`` says when Go moves on to the next entry after this one
    fails: ``"any-error"`` (``|``), ``"not-found"`` (``,``: only on 404/410), or ``None`` when no entry
    follows (the last one, ``direct``, ``off``).
    """

    url: str
    kind: Kind
    fallback: Fallback | None
    raw: str = ""

    @property
    def scheme(self) -> str:
        return self.url.split(":", 1)[0].lower() if self.kind == "proxy" else ""


@dataclass(frozen=True)
class ProxyList:
    """A parsed GOPROXY: the entries Go would try, Go's error (if any) and the entries it ignores."""

    entries: tuple[ProxyEntry, ...]
    error: str | None = None
    ignored: tuple[str, ...] = ()  # entries after direct/off

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def proxies(self) -> tuple[ProxyEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "proxy")


def needs_https_prefix(entry: str) -> bool:
    """proxyList's rule for a bare host: has '.', ':' or '/', no ':/', and is not an absolute path."""
    return (
        any(c in entry for c in ".:/")
        and ":/" not in entry
        and not filepath_is_abs(entry)
        and not entry.startswith("/")
    )


def check_proxy_url(url: str) -> str | None:
    """``newProxyRepo``'s checks on a base URL: Go's error text or None (URLs masked)."""
    try:
        base = gourl.parse(url)
    except gourl.GoURLError as err:
        return mask_secrets(err.message)
    shown = mask_secrets(base.redacted())
    if base.scheme in ("http", "https"):
        return None
    if base.scheme == "file":
        if not base.only_path():
            return Msg("invalid file:// proxy URL with non-path elements: {url}", url=shown)
        return None
    if base.scheme == "":
        return Msg("invalid proxy URL missing scheme: {url}", url=shown)
    return Msg("invalid proxy URL scheme (must be https, http, file): {url}", url=shown)


_SEPARATOR = re.compile(r"[,|]")


def parse_goproxy(value: str) -> ProxyList:
    """Parse GOPROXY as proxyList() does (the implicit GONOPROXY ``noproxy`` entry is not listed).

    Never raises: Go's error comes back in ``ProxyList.error``.
    """
    raw_entries: list[tuple[str, str]] = []  # (entry, separator after it)
    start = 0
    for match in _SEPARATOR.finditer(value):  # one pass: slicing off the rest each time is O(n²)
        raw_entries.append((value[start : match.start()], match.group()))
        start = match.end()
    if start < len(value):
        raw_entries.append((value[start:], ""))

    entries: list[tuple[str, Kind, str, str]] = []  # (url, kind, separator, raw)
    ignored: list[str] = []
    error: str | None = None
    for index, (raw, sep) in enumerate(raw_entries):
        url = trim_space(raw)
        if url == "":
            continue
        if url in ("off", "direct"):
            entries.append((url, url, sep, url))  # type: ignore[arg-type]
            ignored = [trim_space(r) for r, _ in raw_entries[index + 1 :] if trim_space(r)]
            break
        if needs_https_prefix(url):
            url = "https://" + url
        if (err := check_proxy_url(url)) is not None:
            error = err
            break
        entries.append((url, "proxy", sep, trim_space(raw)))

    if error is None and not entries:
        error = ERR_NO_ENTRIES
    result: list[ProxyEntry] = []
    for i, (url, kind, sep, raw) in enumerate(entries):
        fallback: Fallback | None = None
        if kind == "proxy" and i + 1 < len(entries):
            fallback = "any-error" if sep == "|" else "not-found"
        result.append(ProxyEntry(url=url, kind=kind, fallback=fallback, raw=raw))
    return ProxyList(entries=tuple(result), error=error, ignored=tuple(ignored))


def _error_hint(value: str, error: str) -> str:
    if error == ERR_NO_ENTRIES:
        if value == "":
            return Msg(
                "an empty GOPROXY leaves Go with no proxy at all; unset it to get the default "
                "({default}), e.g. `gotui unset GOPROXY`",
                default=DEFAULT_GOPROXY,
            )
        return Msg(
            "give at least one entry, e.g. {default} or https://goproxy.cn|direct", default=DEFAULT_GOPROXY
        )
    if "missing scheme" in error:
        return Msg(
            "write a URL such as https://goproxy.cn (a bare host with a dot also works); single words "
            "other than 'direct' and 'off' are reserved; a local directory is file:///abs/path"
        )
    if "non-path elements" in error:
        return Msg(
            "write a local proxy directory as file:///absolute/path (three slashes: no host, query or #)"
        )
    if "scheme" in error:
        return Msg("use https://host[/path], http://host[/path] or file:///absolute/path, or 'direct'/'off'")
    return Msg("fix the URL (spaces and '%' must be escaped, ports are digits, IPv6 hosts go in [brackets])")


def fallback_warning(plist: ProxyList) -> str | None:
    """The ',' caveat: entries after which a timeout or reset will NOT fall through to the next one."""
    entries = plist.entries
    comma = [
        e
        for i, e in enumerate(entries)
        if e.fallback == "not-found" and any(later.kind != "off" for later in entries[i + 1 :])
    ]
    if not comma:
        return None
    fixed = "|".join(e.url for e in plist.entries)
    names = ", ".join(mask_secrets(e.url) for e in comma)
    return Msg(
        "{names}: {caveat} (e.g. {example})", names=names, caveat=FALLBACK_CAVEAT, example=mask_secrets(fixed)
    )


def plain_http_warning(url: str) -> Msg:
    """The one warning for a plain-http entry (the env pane and ``gotui set`` show the same text)."""
    return Msg(
        "{url} is plain http: module downloads travel in cleartext and can be read or "
        "altered on the way (the checksum database still catches altered modules); prefer https://",
        url=mask_secrets(url),
    )


def goproxy_warnings(plist: ProxyList) -> list[str]:
    """Accepted-but-risky findings for a list Go accepts."""
    warnings: list[str] = []
    if (caveat := fallback_warning(plist)) is not None:
        warnings.append(caveat)
    for entry in plist.proxies:
        shown = mask_secrets(entry.url)
        try:
            u = gourl.parse(entry.url)
        except gourl.GoURLError:  # cannot happen for an accepted entry
            continue
        if u.scheme == "http":
            warnings.append(plain_http_warning(entry.url))
        if u.has_user:
            warnings.append(
                Msg(
                    "{url} carries credentials in the URL: they are stored in plain text in the go env "
                    "file and shown by `go env`; prefer a .netrc file or GOAUTH",
                    url=shown,
                )
            )
        if u.scheme in ("http", "https") and (u.opaque or not u.host):
            warnings.append(Msg("{url} has no host: every request through it will fail", url=shown))
        if u.scheme == "file" and not u.path:
            warnings.append(Msg("{url} names no directory: write file:///absolute/path", url=shown))
    if plist.ignored:
        ender = plist.entries[-1].kind if plist.entries else "direct"
        warnings.append(
            Msg(
                "entries after '{ender}' are ignored by Go: {entries}",
                ender=ender,
                entries=mask_secrets(", ".join(plist.ignored)),
            )
        )
    if plist.entries and plist.entries[-1].kind == "off" and not plist.proxies:
        warnings.append(Msg("GOPROXY=off: Go downloads no modules at all, only the module cache is used"))
    return warnings


@one_line_messages
def validate_goproxy(value: str) -> Check:
    """Validate a GOPROXY value the way Go will read it; Go's wording in ``error``, a fix in ``hint``."""
    plist = parse_goproxy(value)
    if plist.error is not None:
        return Check.fail(plist.error, _error_hint(value, plist.error))
    return Check(warnings=tuple(goproxy_warnings(plist)))
