"""TLS flavours of the loopback Go proxy, with ``trustme`` certificates.

- ``valid``: issued by the test root CA the client is told to trust;
- ``untrusted``: issued by "Contoso Corp Proxy CA", which nobody trusts — what a TLS-intercepting
  corporate proxy presents;
- ``expired``: trusted CA, but the validity ended yesterday;
- ``wrong_host``: trusted CA, valid, but for ``wrong.example`` only.
Certificates cover ``127.0.0.1``, ``localhost`` and ``TEST_HOST`` (reach it with a resolver that maps
it to 127.0.0.1, or through the CONNECT proxy's host map).
"""

from __future__ import annotations

import datetime as dt
import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme

from loopnet.goproxy_server import GoproxyServer

TEST_HOST = "goproxy.loopback.test"
ROOT_CA_NAME = "gotui Loopback Test Root CA"
INTERCEPTION_CA_NAME = "Contoso Corp Proxy CA"
NAMES = ("127.0.0.1", "localhost", TEST_HOST)


def server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


@dataclass
class TlsCertificates:
    """The CAs and server contexts; ``ca_file`` is the PEM of the root CA clients should trust."""

    root: trustme.CA
    interception: trustme.CA
    ca_file: Path
    valid: ssl.SSLContext
    untrusted: ssl.SSLContext
    expired: ssl.SSLContext
    wrong_host: ssl.SSLContext

    @classmethod
    def create(cls, directory: Path) -> TlsCertificates:
        root = trustme.CA(organization_name=ROOT_CA_NAME)
        interception = trustme.CA(organization_name=INTERCEPTION_CA_NAME)
        now = dt.datetime.now(dt.timezone.utc)
        ca_file = directory / "loopback-root-ca.pem"
        root.cert_pem.write_to_path(str(ca_file))
        return cls(
            root=root,
            interception=interception,
            ca_file=ca_file,
            valid=server_context(root.issue_cert(*NAMES)),
            untrusted=server_context(interception.issue_cert(*NAMES)),
            expired=server_context(
                root.issue_cert(
                    *NAMES, not_before=now - dt.timedelta(days=30), not_after=now - dt.timedelta(days=1)
                )
            ),
            wrong_host=server_context(root.issue_cert("wrong.example")),
        )

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context trusting only the root CA (what Go would trust with SSL_CERT_FILE)."""
        context = ssl.create_default_context(cafile=str(self.ca_file))
        return context


def tls_server(certs: TlsCertificates, flavour: str, **kwargs: object) -> GoproxyServer:
    """A started HTTPS Go proxy presenting the ``flavour`` certificate (valid, untrusted, expired, wrong_host)."""
    context: ssl.SSLContext = getattr(certs, flavour)
    return GoproxyServer(ssl_context=context, **kwargs).start()  # type: ignore[arg-type]
