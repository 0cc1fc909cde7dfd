"""Go's ``net/url.Parse`` (src/net/url/url.go, Go 1.27), re-implemented for GOPROXY and GOSUMDB.

cmd/go decides whether a GOPROXY entry or a GOSUMDB URL is acceptable with ``url.Parse`` plus a few
field checks, so accepting exactly what Go accepts means parsing exactly as Go does: Go's parser is
laxer than Python's ``urllib`` in some places (opaque ``https:host``, empty hosts) and stricter in
others (``%`` escapes, ports, ``urlstrictcolons`` for http/https hosts). Work is done on bytes, as Go
strings are bytes. ``GoURLError`` carries Go's message: ``parse "URL": reason``.

Deliberate difference: for a bad ``[IPv6]`` literal Go quotes netip's detailed reason; this module
says ``unable to parse IP`` (the verdict is the same).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from goproxy_tui.core.rules.gostr import quote, to_bytes
from goproxy_tui.i18n import Msg

# Encoding modes (gen_encoding_table.go).
PATH, PATH_SEGMENT, HOST, ZONE, USER_PASSWORD, QUERY_COMPONENT, FRAGMENT = range(7)

_UPPERHEX = b"0123456789ABCDEF"


class GoURLError(ValueError):
    """url.Parse failed; ``str(err)`` is Go's ``parse "URL": reason`` text, ``message`` the same as a
    :class:`Msg` (shown translated with ``tr``)."""

    def __init__(self, raw: bytes, reason: str) -> None:
        self.reason = reason
        self.message = Msg("parse {url}: {reason}", url=quote(raw), reason=reason)
        super().__init__(self.message)


class _Reason(Exception):
    """Internal: the bare reason (``args[0]``, a Msg) before Parse wraps it with the URL."""


def _is_alnum(c: int) -> bool:
    return 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A or 0x30 <= c <= 0x39


def _ishex(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x61 <= c <= 0x66 or 0x41 <= c <= 0x46


def _unhex(c: int) -> int:
    if c <= 0x39:
        return c - 0x30
    return (c | 0x20) - 0x61 + 10


def should_escape(c: int, mode: int) -> bool:
    """shouldEscape from gen_encoding_table.go (the table url.go consults)."""
    if _is_alnum(c):
        return False
    if mode in (HOST, ZONE) and chr(c) in "!$&'()*+,;=:[]<>\"":
        return False
    ch = chr(c)
    if ch in "-_.~":
        return False
    if ch in "$&+,/:;=?@":
        if mode == PATH:
            return ch == "?"
        if mode == PATH_SEGMENT:
            return ch in "/;,?"
        if mode == USER_PASSWORD:
            return ch in "@/?:"
        if mode == QUERY_COMPONENT:
            return True
        if mode == FRAGMENT:
            return False
    if mode == FRAGMENT and ch in "!()*":
        return False
    return True


def _escape_error(s: bytes) -> _Reason:
    return _Reason(Msg("invalid URL escape {escape}", escape=quote(s)))


def unescape(s: bytes, mode: int) -> bytes:
    """url.unescape: validate ``%XX`` escapes (and host characters) and decode them."""
    n = 0
    has_plus = False
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x25:  # %
            n += 1
            if i + 2 >= len(s) or not _ishex(s[i + 1]) or not _ishex(s[i + 2]):
                raise _escape_error(s[i : i + 3])
            if mode == HOST and _unhex(s[i + 1]) < 8 and s[i : i + 3] != b"%25":
                raise _escape_error(s[i : i + 3])
            if mode == ZONE:
                v = _unhex(s[i + 1]) << 4 | _unhex(s[i + 2])
                if s[i : i + 3] != b"%25" and v != 0x20 and should_escape(v, HOST):
                    raise _escape_error(s[i : i + 3])
            i += 3
        elif c == 0x2B:  # +
            has_plus = mode == QUERY_COMPONENT
            i += 1
        else:
            if mode in (HOST, ZONE) and c < 0x80 and should_escape(c, mode):
                raise _Reason(Msg("invalid character {char} in host name", char=quote(s[i : i + 1])))
            i += 1
    if n == 0 and not has_plus:
        return s
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x25:
            out.append(_unhex(s[i + 1]) << 4 | _unhex(s[i + 2]))
            i += 3
            continue
        out.append(0x20 if c == 0x2B and mode == QUERY_COMPONENT else c)
        i += 1
    return bytes(out)


def escape(s: bytes, mode: int) -> bytes:
    """url.escape: percent-encode what ``mode`` does not allow."""
    out = bytearray()
    for c in s:
        if c == 0x20 and mode == QUERY_COMPONENT:
            out.append(0x2B)
        elif should_escape(c, mode):
            out += b"%" + bytes((_UPPERHEX[c >> 4], _UPPERHEX[c & 15]))
        else:
            out.append(c)
    return bytes(out)


def _valid_userinfo(s: bytes) -> bool:
    text = s.decode("utf-8", "replace")
    return all(
        ("A" <= r <= "Z") or ("a" <= r <= "z") or ("0" <= r <= "9") or r in "-._:~!$&'()*+,;=%@" for r in text
    )


def _valid_optional_port(port: bytes) -> bool:
    if not port:
        return True
    if port[:1] != b":":
        return False
    return all(0x30 <= b <= 0x39 for b in port[1:])


def _s(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class GoURL:
    """The fields of Go's ``url.URL`` (decoded values as str; raw bytes kept via surrogateescape)."""

    scheme: str = ""
    opaque: str = ""
    username: str | None = None  # None: no userinfo at all
    password: str | None = None  # None: no password set
    host: str = ""
    path: str = ""
    raw_path: str = ""
    omit_host: bool = False
    force_query: bool = False
    raw_query: str = ""
    fragment: str = ""
    raw_fragment: str = ""

    @property
    def has_user(self) -> bool:
        return self.username is not None

    def only_path(self) -> bool:
        """``*u == url.URL{Scheme, Path, RawPath}``: nothing but scheme and path is set."""
        return self == GoURL(scheme=self.scheme, path=self.path, raw_path=self.raw_path)

    def escaped_path(self) -> str:
        raw = to_bytes(self.raw_path)
        path = to_bytes(self.path)
        if raw and _valid_encoded(raw, PATH):
            try:
                if unescape(raw, PATH) == path:
                    return self.raw_path
            except _Reason:
                pass
        if self.path == "*":
            return "*"
        return _s(escape(path, PATH))

    def escaped_fragment(self) -> str:
        raw = to_bytes(self.raw_fragment)
        frag = to_bytes(self.fragment)
        if raw and _valid_encoded(raw, FRAGMENT):
            try:
                if unescape(raw, FRAGMENT) == frag:
                    return self.raw_fragment
            except _Reason:
                pass
        return _s(escape(frag, FRAGMENT))

    def string(self, redact: bool = False) -> str:
        """URL.String (``redact``: URL.Redacted, the password shown as ``xxxxx``)."""
        buf: list[str] = []
        if self.scheme:
            buf.append(self.scheme + ":")
        if self.opaque:
            buf.append(self.opaque)
        else:
            if self.scheme or self.host or self.has_user:
                if not (self.omit_host and not self.host and not self.has_user):
                    if self.host or self.path or self.has_user:
                        buf.append("//")
                    if self.username is not None:
                        user = _s(escape(to_bytes(self.username), USER_PASSWORD))
                        if self.password is not None:
                            pw = "xxxxx" if redact else _s(escape(to_bytes(self.password), USER_PASSWORD))
                            user += ":" + pw
                        buf.append(user + "@")
                    if self.host:
                        buf.append(_s(escape(to_bytes(self.host), HOST)))
            path = self.escaped_path()
            if self.omit_host and not self.host and not self.has_user and path.startswith("//"):
                buf.append("%2F")
                path = path[1:]
            if path and path[0] != "/" and self.host:
                buf.append("/")
            if not "".join(buf) and ":" in path.partition("/")[0]:
                buf.append("./")
            buf.append(path)
        if self.force_query or self.raw_query:
            buf.append("?" + self.raw_query)
        if self.fragment:
            buf.append("#" + self.escaped_fragment())
        return "".join(buf)

    def redacted(self) -> str:
        return self.string(redact=self.password is not None)


def _valid_encoded(s: bytes, mode: int) -> bool:
    for c in s:
        if chr(c) in "!$&'()*+,;=:@[]%":
            continue
        if should_escape(c, mode):
            return False
    return True


def _get_scheme(raw: bytes) -> tuple[bytes, bytes]:
    for i, c in enumerate(raw):
        if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A:
            continue
        if 0x30 <= c <= 0x39 or c in b"+-.":
            if i == 0:
                return b"", raw
            continue
        if c == 0x3A:  # :
            if i == 0:
                raise _Reason(Msg("missing protocol scheme"))
            return raw[:i], raw[i + 1 :]
        return b"", raw
    return b"", raw


def _parse_host(scheme: bytes, host: bytes) -> bytes:
    open_idx = host.rfind(b"[")
    if open_idx > 0:
        raise _Reason(Msg("invalid IP-literal"))
    if open_idx == 0:
        close_idx = host.rfind(b"]")
        if close_idx < 0:
            raise _Reason(Msg("missing ']' in host"))
        colon_port = host[close_idx + 1 :]
        if not _valid_optional_port(colon_port):
            raise _Reason(Msg("invalid port {port} after host", port=quote(colon_port)))
        unescaped_port = unescape(colon_port, HOST)
        hostname = host[1:close_idx]
        zone_idx = hostname.find(b"%25")
        if zone_idx >= 0:
            unescaped = unescape(hostname[:zone_idx], HOST) + unescape(hostname[zone_idx:], ZONE)
        else:
            unescaped = unescape(hostname, HOST)
        text = unescaped.decode("utf-8", "surrogateescape")
        try:
            addr = ipaddress.ip_address(text)
        except ValueError:
            raise _Reason(
                Msg("invalid host: ParseAddr({addr}): unable to parse IP", addr=quote(unescaped))
            ) from None
        if isinstance(addr, ipaddress.IPv4Address):
            raise _Reason(Msg("invalid IP-literal"))
        return b"[" + unescaped + b"]" + unescaped_port
    i = host.find(b":")
    if i != -1:
        last = host.rfind(b":")
        # urlstrictcolons (default since Go 1.26): only http/https keep the first colon.
        if last != i and scheme not in (b"http", b"https"):
            i = last
        colon_port = host[i:]
        if not _valid_optional_port(colon_port):
            raise _Reason(Msg("invalid port {port} after host", port=quote(colon_port)))
    return unescape(host, HOST)


def _parse_authority(scheme: bytes, authority: bytes) -> tuple[bytes | None, bytes | None, bytes]:
    i = authority.rfind(b"@")
    host = _parse_host(scheme, authority if i < 0 else authority[i + 1 :])
    if i < 0:
        return None, None, host
    userinfo = authority[:i]
    if not _valid_userinfo(userinfo):
        raise _Reason(Msg("net/url: invalid userinfo"))
    if b":" not in userinfo:
        return unescape(userinfo, USER_PASSWORD), None, host
    user, _, password = userinfo.partition(b":")
    return unescape(user, USER_PASSWORD), unescape(password, USER_PASSWORD), host


def _parse(raw: bytes) -> dict[str, object]:
    if any(b < 0x20 or b == 0x7F for b in raw):
        raise _Reason(Msg("net/url: invalid control character in URL"))
    fields: dict[str, object] = {}
    if raw == b"*":
        fields["path"] = "*"
        return fields
    scheme, rest = _get_scheme(raw)
    scheme = scheme.lower()
    fields["scheme"] = _s(scheme)
    if rest.endswith(b"?") and rest.count(b"?") == 1:
        fields["force_query"] = True
        rest = rest[:-1]
    else:
        rest, _, query = rest.partition(b"?")
        fields["raw_query"] = _s(query)
    if not rest.startswith(b"/"):
        if scheme:
            fields["opaque"] = _s(rest)
            return fields
        if b":" in rest.partition(b"/")[0]:
            raise _Reason(Msg("first path segment in URL cannot contain colon"))
    if (scheme or not rest.startswith(b"///")) and rest.startswith(b"//"):
        authority, slash, tail = rest[2:].partition(b"/")
        rest = slash + tail
        user, password, host = _parse_authority(scheme, authority)
        if user is not None:
            fields["username"] = _s(user)
            if password is not None:
                fields["password"] = _s(password)
        fields["host"] = _s(host)
    elif scheme and rest.startswith(b"/"):
        fields["omit_host"] = True
    path = unescape(rest, PATH)
    fields["path"] = _s(path)
    if escape(path, PATH) != rest:
        fields["raw_path"] = _s(rest)
    return fields


def parse(raw_url: str) -> GoURL:
    """url.Parse. Raises ``GoURLError`` with Go's message."""
    raw = to_bytes(raw_url)
    head, _, frag = raw.partition(b"#")
    try:
        fields = _parse(head)
    except _Reason as err:
        # Go quotes the text before '#'; when an '@' follows it the '#' was in a password, and the
        # whole value is quoted so that masking sees the userinfo instead of half a password
        if b"@" in frag:
            raise GoURLError(raw, Msg("'#' ends the URL for Go, so the part after '@' is lost; "
                                      "write a '#' in a password as %23")) from None
        raise GoURLError(head, err.args[0]) from None
    if frag:
        try:
            fragment = unescape(frag, FRAGMENT)
        except _Reason as err:
            raise GoURLError(raw, err.args[0]) from None
        fields["fragment"] = _s(fragment)
        if escape(fragment, FRAGMENT) != frag:
            fields["raw_fragment"] = _s(frag)
    return GoURL(**fields)  # type: ignore[arg-type]
