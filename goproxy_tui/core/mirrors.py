"""The mirror catalog: the built-in GOPROXY mirrors plus the user's own, one source of truth.

Everything that lists, probes or switches mirrors (`gotui mirrors`, `gotui use`, the live table) reads
the merged :class:`Catalog`, so a name means the same mirror everywhere. The built-in rows are facts
checked against DESIGN §4; what a mirror actually does today is for the probes to find out.

User URLs may carry ``user:pass@`` (a corporate Athens/Artifactory behind auth). They are accepted,
flagged by :attr:`Mirror.has_credentials`, and must be shown through :attr:`Mirror.display_url`
(``goproxy_tui.core.redact.mask_secrets``), never raw.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import SplitResult, urlsplit

from goproxy_tui.core.redact import MASK, mask_secrets
from goproxy_tui.core.rules.check import Check
from goproxy_tui.i18n import N_, Msg

SumdbSupport = Literal["origin", "yes", "no", "probe"]
"""Does the mirror proxy ``sum.golang.org``? ``origin``: it is Google's own proxy, next to the
checksum DB; ``yes``/``no``: known; ``probe``: undocumented, ask ``/sumdb/sum.golang.org/supported``."""

SUMDB_VALUES: tuple[SumdbSupport, ...] = ("origin", "yes", "no", "probe")

MAX_NAME_LENGTH = 64


@dataclass(frozen=True)
class Mirror:
    """One GOPROXY mirror as the catalog knows it (not as a probe found it)."""

    name: str
    url: str
    operator: str = ""
    sumdb: SumdbSupport = "probe"
    note: str = ""
    builtin: bool = False

    @property
    def has_credentials(self) -> bool:
        """True when the URL carries userinfo, which must be masked wherever it is shown."""
        return has_credentials(self.url)

    @property
    def display_url(self) -> str:
        """The URL safe to show, log or report."""
        return mask_secrets(self.url)


BUILTIN_MIRRORS: tuple[Mirror, ...] = (
    Mirror(
        "golang",
        "https://proxy.golang.org",
        "Google (Go team)",
        "origin",
        N_("Go's default GOPROXY; often unreachable from mainland China"),
        builtin=True,
    ),
    Mirror("goproxy.cn", "https://goproxy.cn", "Qiniu Cloud (七牛云)", "yes", builtin=True),
    Mirror("goproxy.io", "https://goproxy.io", "GOPROXY.IO", "yes", builtin=True),
    Mirror(
        "aliyun",
        "https://mirrors.aliyun.com/goproxy/",
        "Alibaba Cloud (阿里云)",
        "probe",
        N_("sum.golang.org support not documented: probed"),
        builtin=True,
    ),
    Mirror(
        "tencent",
        "https://mirrors.cloud.tencent.com/go/",
        "Tencent Cloud (腾讯云)",
        "probe",
        N_("sum.golang.org support not documented: probed"),
        builtin=True,
    ),
    Mirror(
        "huawei",
        "https://mirrors.huaweicloud.com/repository/goproxy/",
        "Huawei Cloud (华为云)",
        "no",
        N_("sumdb lookups time out: pair it with GOSUMDB=sum.golang.google.cn"),
        builtin=True,
    ),
)
"""DESIGN §4, in display order. Never offered: gocenter.io (JFrog, retired May 2021), a "TUNA
goproxy" (does not exist), goproxy.cn labelled as Alibaba."""

RETIRED_HOSTS: dict[str, str] = {
    "gocenter.io": N_("JFrog GoCenter was retired in May 2021"),
}
"""Hosts that used to be recommended and no longer serve modules: a user URL pointing there gets a warning."""


class CatalogError(ValueError):
    """The user's mirror list cannot be merged (duplicate names)."""


# --------------------------------------------------------------------------------------------------
# Validation


_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")  # "_" is not RFC 1123 but exists in intranets
_FORBIDDEN_URL_CHARS = {",": N_("',' separates GOPROXY entries"), "|": N_("'|' separates GOPROXY entries")}


def has_credentials(url: str) -> bool:
    """True when ``url`` has a ``user[:password]@`` part."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return "@" in parts.netloc


def _valid_host(host: str) -> bool:
    """``host`` as ``urlsplit().hostname`` gives it: lower-case, IPv6 without brackets."""
    if ":" in host:
        try:
            ipaddress.IPv6Address(host.split("%")[0])
        except ValueError:
            return False
        return True
    host = host.removesuffix(".")
    if not host or len(host) > 253:
        return False
    return all(_HOST_LABEL.fullmatch(label) for label in host.split("."))


def check_mirror_url(url: object) -> Check:
    """Validate a user mirror URL: http(s), a host, no query or fragment, nothing Go would split on.

    Credentials are accepted (with a warning) because corporate proxies need them; callers mask them.
    Error messages never contain the raw URL's secrets.
    """
    if not isinstance(url, str):
        return Check.fail(Msg("must be a string, not {type}", type=_type_name(url)))
    shown = _hide_userinfo(url)
    quoted = repr(shown)
    if not url:
        return Check.fail(Msg("must not be empty"), Msg("e.g. {example}", example="https://goproxy.corp.example.com"))
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        return Check.fail(Msg("{url} contains whitespace or control characters", url=quoted))
    for ch, why in _FORBIDDEN_URL_CHARS.items():
        if ch in url:
            return Check.fail(Msg("{url} contains {why}", url=quoted, why=why), Msg("give one mirror per entry"))
    if "://" not in url:
        return Check.fail(Msg("{url} has no scheme", url=quoted), Msg("write https://{url}", url=shown))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return Check.fail(Msg("{url} is not a valid URL ({error})", url=quoted, error=str(exc)))
    if parts.scheme.lower() not in ("http", "https"):
        return Check.fail(
            Msg("scheme {scheme} is not allowed: a mirror URL is http or https", scheme=repr(parts.scheme))
        )
    if "?" in url or "#" in url:
        return Check.fail(
            Msg("{url} has a query or fragment", url=quoted), Msg("Go appends /<module>/@v/… to the URL")
        )
    if not parts.hostname or not _valid_host(parts.hostname):
        return Check.fail(Msg("{url} has no valid host", url=quoted))
    if port == 0:
        return Check.fail(Msg("{url} has port 0", url=quoted))
    warnings: list[str] = []
    if parts.scheme.lower() == "http":
        warnings.append(Msg("plain http: downloads are neither encrypted nor authenticated"))
    if "@" in parts.netloc:
        warnings.append(Msg("the URL carries credentials: stored in plain text, masked when shown"))
    retired = RETIRED_HOSTS.get(parts.hostname.removesuffix("."))
    if retired:
        warnings.append(Msg("{why}: it no longer serves modules", why=retired))
    return Check(warnings=tuple(warnings))


def check_mirror_name(name: object) -> Check:
    """A name is what the user types after ``gotui use``: one token, never mistakable for a URL."""
    if not isinstance(name, str):
        return Check.fail(Msg("must be a string, not {type}", type=_type_name(name)))
    if not name:
        return Check.fail(Msg("must not be empty"))
    if len(name) > MAX_NAME_LENGTH:
        return Check.fail(Msg("is longer than {count} characters", count=MAX_NAME_LENGTH))
    if any(ch.isspace() or not ch.isprintable() for ch in name):
        return Check.fail(
            Msg("{name} contains whitespace or control characters", name=_quoted(name)),
            Msg("use e.g. {example}", example="corp-proxy"),
        )
    if "/" in name or ":" in name or "," in name or "|" in name:
        return Check.fail(
            Msg("{name} contains '/', ':', ',' or '|'", name=_quoted(name)), Msg("a name must not look like a URL")
        )
    return Check()


def _quoted(name: str) -> str:
    return repr(_hide_userinfo(name))


def _hide_userinfo(text: str) -> str:
    """``text`` for an error message: masked, and whatever precedes an '@' hidden when masking did not
    recognise it as userinfo (``user:password@host`` typed without a scheme, or in a name)."""
    masked = mask_secrets(text)
    head, at, tail = masked.rpartition("@")
    return masked if not at or MASK in head else f"{MASK}@{tail}"


def _type_name(value: object) -> str:
    return {bool: N_("a boolean"), int: N_("an integer"), float: N_("a number"), str: N_("a string"),
            list: N_("an array"), dict: N_("a table")}.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------------------------------
# URL identity


def _split_or_none(url: str) -> SplitResult | None:
    text = url.strip()
    if "://" not in text:
        text = "https://" + text  # what Go does with a bare host in GOPROXY
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return None
    return parts


def normalize_url(url: str) -> str:
    """Canonical form for comparison and display: lower-case scheme and host, no default port, no
    trailing slash; a bare host gets ``https://`` as in Go. Credentials are kept."""
    parts = _split_or_none(url)
    if parts is None or not parts.hostname:
        return url.strip().rstrip("/")
    return _rebuild(parts, keep_userinfo=True)


def _url_key(url: str) -> str:
    """Identity of a mirror: the normalised URL without credentials (same server, same mirror)."""
    parts = _split_or_none(url)
    if parts is None or not parts.hostname:
        return url.strip().rstrip("/").lower()
    return _rebuild(parts, keep_userinfo=False)


def _rebuild(parts: SplitResult, *, keep_userinfo: bool) -> str:
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("https", 443), ("http", 80)) else f"{host}:{port}"
    userinfo, at, _ = parts.netloc.rpartition("@")
    if keep_userinfo and at:
        netloc = f"{userinfo}@{netloc}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{scheme}://{netloc}{path}{query}{fragment}"


# --------------------------------------------------------------------------------------------------
# The merged catalog


@dataclass(frozen=True)
class Catalog:
    """The mirrors the user can pick from, in display order. Look-ups never raise."""

    mirrors: tuple[Mirror, ...]

    def __iter__(self) -> Iterator[Mirror]:
        return iter(self.mirrors)

    def __len__(self) -> int:
        return len(self.mirrors)

    def names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.mirrors)

    def by_name(self, name: str) -> Mirror | None:
        """Case-insensitive: ``gotui use GoProxy.CN`` finds ``goproxy.cn``."""
        wanted = name.strip().casefold()
        return next((m for m in self.mirrors if m.name.casefold() == wanted), None)

    def by_url(self, url: str) -> Mirror | None:
        """Match on the normalised URL, ignoring credentials, scheme/host case and trailing slashes."""
        wanted = _url_key(url)
        return next((m for m in self.mirrors if _url_key(m.url) == wanted), None)

    def find(self, name_or_url: str) -> Mirror | None:
        """What ``gotui use NAME|URL`` resolves: a name first, then a URL."""
        return self.by_name(name_or_url) or self.by_url(name_or_url)


def merge_catalog(user_mirrors: Iterable[Mirror], include_builtin: bool = True) -> Catalog:
    """Built-in mirrors (unless ``include_builtin`` is false) followed by the user's.

    A user mirror whose name matches a built-in one (case-insensitively) replaces it in place, so the
    user can point ``aliyun`` somewhere else without the table order changing. Two user mirrors with
    the same name raise :class:`CatalogError` (config loading reports and drops them beforehand).
    """
    user = list(user_mirrors)
    seen: dict[str, Mirror] = {}
    for mirror in user:
        key = mirror.name.casefold()
        if key in seen:
            raise CatalogError(
                Msg("duplicate mirror name {name} (also {other})", name=repr(mirror.name), other=repr(seen[key].name))
            )
        seen[key] = mirror
    merged: list[Mirror] = []
    if include_builtin:
        merged = [seen.pop(b.name.casefold(), b) for b in BUILTIN_MIRRORS]
    merged.extend(m for m in user if m.name.casefold() in seen)
    return Catalog(tuple(merged))


BUILTIN_CATALOG = Catalog(BUILTIN_MIRRORS)
