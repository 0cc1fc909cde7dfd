"""Go's trust store on Linux: SSL_CERT_FILE / SSL_CERT_DIR replace the system roots, as crypto/x509 does."""

from __future__ import annotations

import shutil
import ssl
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import INTERCEPTION_CA_NAME, TEST_HOST, TlsCertificates

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tls import probe_tls
from goproxy_tui.core.probes.trust import go_trust_store

Resolver = Callable[[str], Awaitable[Sequence[str]]]


def test_contexts_always_verify(tmp_path: Path, tls_certs: TlsCertificates) -> None:
    for context, _ in (go_trust_store(), go_trust_store(tls_certs.ca_file)):
        assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname


async def test_ssl_cert_file_replaces_the_system_bundle(
    tls_servers: dict[str, GoproxyServer], tls_certs: TlsCertificates, loopback_resolve: Resolver
) -> None:
    port = tls_servers["valid"].port
    env = {"SSL_CERT_FILE": str(tls_certs.ca_file)}
    trusted = await probe_tls(TEST_HOST, port, environ=env, resolve=loopback_resolve)
    assert trusted.fault is Fault.OK
    assert trusted.trust == f"SSL_CERT_FILE={tls_certs.ca_file}"


async def test_ssl_cert_dir_reads_every_file_not_only_hashed_names(
    tmp_path: Path,
    tls_servers: dict[str, GoproxyServer],
    tls_certs: TlsCertificates,
    loopback_resolve: Resolver,
) -> None:
    """OpenSSL's capath needs ``<hash>.0`` names; Go reads every file — a plain ``corp.pem`` must count."""
    certs = tmp_path / "certs"
    certs.mkdir()
    shutil.copy(tls_certs.ca_file, certs / "corp.pem")
    env = {"SSL_CERT_FILE": str(tmp_path / "missing.pem"), "SSL_CERT_DIR": f"{tmp_path / 'nothing'}:{certs}"}
    _context, store = go_trust_store(environ=env)
    assert store.count == 1 and store.files == (f"{certs}/",)
    result = await probe_tls(TEST_HOST, tls_servers["valid"].port, environ=env, resolve=loopback_resolve)
    assert result.fault is Fault.OK


async def test_the_test_ca_is_not_trusted_by_the_system_store(
    tls_servers: dict[str, GoproxyServer], loopback_resolve: Resolver
) -> None:
    result = await probe_tls(TEST_HOST, tls_servers["untrusted"].port, environ={}, resolve=loopback_resolve)
    assert result.fault is Fault.TLS_UNTRUSTED
    assert result.trust == "system bundle"
    assert f"is issued by '{INTERCEPTION_CA_NAME}', which this machine does not trust (system bundle)" in (
        result.explanation
    )
