"""The CA roots Go on Linux trusts, as an ``ssl.SSLContext``: a probe must trust exactly what `go` trusts.

crypto/x509 (``root.go`` ``loadOnDiskRoots`` + ``root_linux.go``) reads:
- one bundle file: ``$SSL_CERT_FILE`` if set, else the first readable of the distro bundle paths;
- every file of the directories ``$SSL_CERT_DIR`` (``:``-separated) if set, else ``/etc/ssl/certs`` and
  ``/etc/pki/tls/certs`` — all files, not OpenSSL's hashed look-up, skipping same-directory symlinks.
Python's default context follows OpenSSL's compiled-in paths instead, which can differ (a corporate CA
added for Go but not for OpenSSL, or the reverse), so the context is built from those files.
Verification is never disabled: ``CERT_REQUIRED`` and host name checking stay on.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from goproxy_tui.i18n import Joined, Msg

CERT_FILES: tuple[str, ...] = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian/Ubuntu/Gentoo
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora/RHEL 6
    "/etc/ssl/ca-bundle.pem",  # OpenSUSE
    "/etc/pki/tls/cacert.pem",  # OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  # CentOS/RHEL 7
    "/etc/ssl/cert.pem",  # Alpine
)
CERT_DIRS: tuple[str, ...] = ("/etc/ssl/certs", "/etc/pki/tls/certs")

_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----\s*(.+?)\s*-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class TrustStore:
    """Where the roots came from (for explanations) and how many certificates were loaded."""

    description: str
    files: tuple[str, ...]
    count: int
    problem: str | None = None  # SSL_CERT_FILE/SSL_CERT_DIR name something missing or without certificates


def ca_setting_problems(environ: Mapping[str, str]) -> dict[str, str]:
    """SSL_CERT_FILE / SSL_CERT_DIR entries that do not exist, cannot be read or hold no certificate.

    Go reads them silently: a wrong path is never reported, the CA it was meant to add is just missing,
    and the next handshake fails as if TLS were intercepted."""
    found: dict[str, str] = {}
    cert_file, cert_dir = environ.get("SSL_CERT_FILE", ""), environ.get("SSL_CERT_DIR", "")
    if cert_file:
        path = Path(cert_file)
        try:
            count = len(_der_certs(path.read_bytes()))
        except FileNotFoundError:
            found["SSL_CERT_FILE"] = Msg("SSL_CERT_FILE={path}: this file does not exist", path=cert_file)
        except IsADirectoryError:
            found["SSL_CERT_FILE"] = Msg("SSL_CERT_FILE={path} is a directory, not a PEM file (that is "
                                         "SSL_CERT_DIR's job)", path=cert_file)
        except OSError as exc:
            found["SSL_CERT_FILE"] = Msg("SSL_CERT_FILE={path} cannot be read: {error}", path=cert_file,
                                         error=exc.strerror or str(exc))
        else:
            if count == 0:
                found["SSL_CERT_FILE"] = Msg("SSL_CERT_FILE={path} holds no PEM certificate", path=cert_file)
    if cert_dir:
        bad: list[str] = []
        for directory in cert_dir.split(os.pathsep):
            try:
                entries = [e for e in Path(directory).iterdir() if e.is_file() and not _same_dir_symlink(e)]
            except FileNotFoundError:
                bad.append(Msg("{path} does not exist", path=directory))
                continue
            except OSError as exc:
                bad.append(Msg("{path} cannot be read: {error}", path=directory, error=exc.strerror or str(exc)))
                continue
            count = 0
            for entry in entries:
                try:
                    count += len(_der_certs(entry.read_bytes()))
                except OSError:
                    continue
            if count == 0:
                bad.append(Msg("{path} holds no PEM certificate", path=directory))
        if bad:
            found["SSL_CERT_DIR"] = Msg("SSL_CERT_DIR: {problems}", problems=Joined("; ", bad))
    return found


def _der_certs(data: bytes) -> list[bytes]:
    """``AppendCertsFromPEM``: every CERTIFICATE block; other blocks and garbage are ignored."""
    out: list[bytes] = []
    for match in _PEM_CERT.finditer(data):
        try:
            out.append(base64.b64decode(b"".join(match.group(1).split()), validate=True))
        except ValueError:
            continue
    return out


def _same_dir_symlink(path: Path) -> bool:
    try:
        return path.is_symlink() and os.sep not in os.readlink(path)
    except OSError:
        return False


def _gather(environ: Mapping[str, str]) -> tuple[list[bytes], list[str], str]:
    cert_file, cert_dir = environ.get("SSL_CERT_FILE", ""), environ.get("SSL_CERT_DIR", "")
    files = [cert_file] if cert_file else list(CERT_FILES)
    ders: list[bytes] = []
    used: list[str] = []
    for name in files:
        try:
            data = Path(name).read_bytes()
        except OSError:
            continue
        ders.extend(_der_certs(data))
        used.append(name)
        break
    dirs = cert_dir.split(os.pathsep) if cert_dir else list(CERT_DIRS)
    for directory in dirs:
        try:
            entries = sorted(Path(directory).iterdir())
        except OSError:
            continue
        for entry in entries:
            if _same_dir_symlink(entry) or not entry.is_file():
                continue
            try:
                ders.extend(_der_certs(entry.read_bytes()))
            except OSError:
                continue
        used.append(directory + os.sep)
    parts: list[str] = []
    parts.append(f"SSL_CERT_FILE={cert_file}" if cert_file else Msg("system bundle"))
    if cert_dir:
        parts.append(f"SSL_CERT_DIR={cert_dir}")
    return ders, used, Joined(" + ", parts)


def _load(context: ssl.SSLContext, ders: list[bytes]) -> int:
    unique = list(dict.fromkeys(ders))
    if not unique:
        return 0
    try:
        context.load_verify_locations(cadata=b"".join(unique))
        return len(unique)
    except ssl.SSLError:
        loaded = 0
        for der in unique:  # one malformed certificate must not hide the others (Go skips it)
            try:
                context.load_verify_locations(cadata=der)
                loaded += 1
            except ssl.SSLError:
                continue
        return loaded


def _new_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED + check_hostname
    context.minimum_version = ssl.TLSVersion.TLSv1_2  # Go's client default minimum
    return context


_cache: dict[tuple[object, ...], tuple[ssl.SSLContext, TrustStore]] = {}


def _mtime(name: str) -> float:
    try:
        return os.stat(name).st_mtime
    except OSError:
        return -1.0


def go_trust_store(
    ca_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[ssl.SSLContext, TrustStore]:
    """A verifying client context holding Go's roots; ``ca_file`` replaces them (tests, explicit CA).

    Loading ~150 roots costs ~0.1 s, so contexts are cached until a source file or directory changes.
    """
    env = os.environ if environ is None else environ
    sources = (
        [str(ca_file)]
        if ca_file is not None
        else [env.get("SSL_CERT_FILE", ""), env.get("SSL_CERT_DIR", ""), *CERT_FILES, *CERT_DIRS]
    )
    key = (ca_file is not None, *sources, *(_mtime(s) for s in sources if s))
    cached = _cache.get(key)
    if cached is None:
        cached = _cache[key] = _build(ca_file, env)
    return cached


def _build(
    ca_file: str | os.PathLike[str] | None, env: Mapping[str, str]
) -> tuple[ssl.SSLContext, TrustStore]:
    context = _new_context()
    if ca_file is not None:
        try:
            data = Path(ca_file).read_bytes()
        except OSError as exc:
            why = exc.strerror or str(exc)
            return context, TrustStore(Msg("CA file {path} (unreadable: {why})", path=str(ca_file), why=why), (), 0)
        count = _load(context, _der_certs(data))
        return context, TrustStore(Msg("CA file {path}", path=str(ca_file)), (str(ca_file),), count)
    ders, used, description = _gather(env)
    count = _load(context, ders)
    problems = ca_setting_problems(env)
    problem = Joined("; ", list(problems.values())) if problems else None
    return context, TrustStore(description, tuple(used), count, problem)


def go_ssl_context(
    ca_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> ssl.SSLContext:
    """Just the context of :func:`go_trust_store`."""
    return go_trust_store(ca_file, environ)[0]


async def load_trust_store(
    ca_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[ssl.SSLContext, TrustStore]:
    """:func:`go_trust_store` in a worker thread: reading the roots must not stall the event loop."""
    env = dict(os.environ if environ is None else environ)
    return await asyncio.to_thread(go_trust_store, ca_file, env)
