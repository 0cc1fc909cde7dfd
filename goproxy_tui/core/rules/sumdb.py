"""GOSUMDB values, read as ``dbDial`` in GOROOT/src/cmd/go/internal/modfetch/sumdb.go does.

Forms: ``off``; a known name (``sum.golang.org``, whose key Go has built in: modfetch/key.go);
the alias ``sum.golang.google.cn`` (the same database served from mainland China); a verifier key
``name+hash+base64key`` (golang.org/x/mod/sumdb/note ``NewVerifier``); and either of the last two
followed by a space and the URL to reach the database at (which then bypasses GOPROXY). At most two
space-separated fields. ``go env -w`` checks none of this; Go reports a bad value only when it first
needs the database, in the middle of a download.

Deliberate difference: for a bad database name Go appends a dump of its url.URL struct to
``invalid sumdb name (must be host[/path]): NAME``; this module stops after NAME.

``GOSUMDB=off`` disables checksum verification entirely; it is never the fix for a slow or blocked
sum.golang.org (use ``sum.golang.google.cn`` or a mirror that proxies the database instead).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from goproxy_tui.core.redact import mask_secrets
from goproxy_tui.core.rules import gourl
from goproxy_tui.core.rules.check import Check
from goproxy_tui.core.rules.gostr import fields, is_space, one_line_messages, to_bytes, valid_utf8
from goproxy_tui.i18n import Msg

# modfetch/key.go
KNOWN_GOSUMDB: dict[str, str] = {
    "sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
}
# dbDial's special case: an alias reachable inside mainland China.
ALIAS_GOSUMDB: dict[str, str] = {"sum.golang.google.cn": "sum.golang.org https://sum.golang.google.cn"}

DEFAULT_GOSUMDB = "sum.golang.org"  # GOROOT/go.env

ERR_VERIFIER_ID = Msg("malformed verifier id")
ERR_VERIFIER_HASH = Msg("invalid verifier hash")
ERR_VERIFIER_ALG = Msg("unknown verifier algorithm")
ERR_MISSING = Msg("missing GOSUMDB")
_ALG_ED25519 = 1

OFF_WARNING = Msg(
    "GOSUMDB=off disables checksum verification: a compromised proxy or network could serve altered "
    "module code and Go would not notice (and Go toolchain downloads then fail); if sum.golang.org "
    "is unreachable use GOSUMDB=sum.golang.google.cn or a GOPROXY mirror that proxies the checksum database"
)

_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


@dataclass(frozen=True)
class SumDB:
    """A parsed GOSUMDB. ``name`` is the database name (``host[/path]``) used in
    ``<proxy>/sumdb/<name>/…``; ``url`` the explicit URL (which bypasses GOPROXY) or None."""

    off: bool = False
    name: str | None = None
    key: str | None = None
    url: str | None = None
    alias: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def direct_url(self) -> str | None:
        """Where Go connects when no proxy serves the database: the explicit URL or https://NAME."""
        if self.url is not None:
            return self.url
        return None if self.name is None else "https://" + self.name


def _go_base64_std(s: str) -> bytes | None:
    """base64.StdEncoding.DecodeString (padded; CR/LF ignored); None where Go reports an error."""
    s = s.replace("\r", "").replace("\n", "")
    if len(s) % 4:
        return None
    body = s.rstrip("=")
    pad = len(s) - len(body)
    if pad > 2 or any(c not in _B64 for c in body):
        return None
    if pad and len(body) % 4 in (0, 1):
        return None
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None


def _is_valid_name(name: str) -> bool:
    """note.isValidName: non-empty, valid UTF-8, no Unicode spaces, no '+'."""
    return name != "" and valid_utf8(name) and not any(is_space(c) for c in name) and "+" not in name


def key_hash(name: str, key: bytes) -> int:
    """note.keyHash: the first 4 bytes (big-endian) of SHA-256(name + "\\n" + key)."""
    return int.from_bytes(hashlib.sha256(to_bytes(name) + b"\n" + key).digest()[:4], "big")


def parse_verifier_key(vkey: str) -> tuple[str | None, str | None]:
    """note.NewVerifier: (name, None) for a valid ``name+hash+key``, else (None, Go's error)."""
    name, _, rest = vkey.partition("+")
    hash16, _, key64 = rest.partition("+")
    hash_ok = len(hash16) == 8 and all(c in "0123456789abcdefABCDEF" for c in hash16)
    key = _go_base64_std(key64)
    if not hash_ok or key is None or not _is_valid_name(name) or len(key) == 0:
        return None, ERR_VERIFIER_ID
    if int(hash16, 16) != key_hash(name, key):
        return None, ERR_VERIFIER_HASH
    if key[0] != _ALG_ED25519:
        return None, ERR_VERIFIER_ALG
    if len(key) - 1 != 32:
        return None, ERR_VERIFIER_ID
    return name, None


def make_verifier_key(name: str, public_key: bytes) -> str:
    """Build ``name+hash+base64(0x01||key)`` for a 32-byte Ed25519 public key (tests, custom DBs)."""
    key = bytes([_ALG_ED25519]) + public_key
    return f"{name}+{key_hash(name, key):08x}+{base64.b64encode(key).decode()}"


def _name_error(name: str) -> bool:
    try:
        direct = gourl.parse("https://" + name)
    except gourl.GoURLError:
        return True
    plain = gourl.GoURL(scheme="https", host=direct.host, path=direct.path, raw_path=direct.raw_path)
    return name.endswith("/") or direct != plain or direct.raw_path != "" or direct.host == ""


def parse_gosumdb(value: str) -> SumDB:
    """Parse GOSUMDB as dbDial does. Never raises: Go's error comes back in ``SumDB.error``."""
    alias = value in ALIAS_GOSUMDB
    gosumdb = ALIAS_GOSUMDB.get(value, value)
    if gosumdb == "off":
        return SumDB(off=True)
    parts = fields(gosumdb)
    if parts and parts[0] in KNOWN_GOSUMDB:
        parts[0] = KNOWN_GOSUMDB[parts[0]]
    if not parts:
        return SumDB(error=ERR_MISSING)
    if len(parts) > 2:
        return SumDB(error=Msg("invalid GOSUMDB: {reason}", reason=Msg("too many fields")))
    name, err = parse_verifier_key(parts[0])
    if name is None:
        return SumDB(error=Msg("invalid GOSUMDB: {reason}", reason=err))
    if _name_error(name):
        return SumDB(error=Msg("invalid sumdb name (must be host[/path]): {name}", name=name))
    url: str | None = None
    if len(parts) == 2:
        try:
            gourl.parse(parts[1])
        except gourl.GoURLError as e:
            return SumDB(error=Msg("invalid GOSUMDB URL: {reason}", reason=mask_secrets(e.message)))
        url = parts[1]
    return SumDB(name=name, key=parts[0], url=url, alias=alias)


def _error_hint(error: str) -> str:
    if error == ERR_MISSING:
        return Msg(
            "an empty GOSUMDB is an error for Go; unset it to get the default ({default})",
            default=DEFAULT_GOSUMDB,
        )
    if "too many fields" in error:
        return Msg(
            "GOSUMDB is NAME_OR_KEY, optionally followed by one space and a URL: "
            "sum.golang.org https://sum.golang.google.cn"
        )
    if "GOSUMDB URL" in error:
        return Msg("the second field must be a URL such as https://sum.golang.google.cn")
    if "sumdb name" in error:
        return Msg("the database name in the key must be a host with an optional path, e.g. sum.example.com")
    return Msg(
        "use sum.golang.org or sum.golang.google.cn; any other database needs its full verifier key "
        "(name+hash+key), optionally followed by a space and its URL"
    )


def gosumdb_warnings(db: SumDB) -> list[str]:
    """Accepted-but-risky findings for a GOSUMDB Go accepts."""
    if db.off:
        return [OFF_WARNING]
    warnings: list[str] = []
    if db.url is not None:
        shown = mask_secrets(db.url)
        u = gourl.parse(db.url)
        if u.scheme not in ("https", "http", "file"):
            what = (
                Msg("has no scheme")
                if u.scheme == ""
                else Msg("uses the unsupported scheme {scheme}", scheme=repr(u.scheme))
            )
            warnings.append(
                Msg(
                    "GOSUMDB URL {url} {what}: Go fetches the database over https, http or file only",
                    url=shown,
                    what=what,
                )
            )
        elif u.scheme in ("https", "http") and not u.host:
            warnings.append(Msg("GOSUMDB URL {url} has no host: every lookup will fail", url=shown))
    return warnings


@one_line_messages
def validate_gosumdb(value: str) -> Check:
    """Validate a GOSUMDB value as Go will read it; Go's wording in ``error``, a fix in ``hint``."""
    db = parse_gosumdb(value)
    if db.error is not None:
        return Check.fail(db.error, _error_hint(db.error))
    return Check(warnings=tuple(gosumdb_warnings(db)))
