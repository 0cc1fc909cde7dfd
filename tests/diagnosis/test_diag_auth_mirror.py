"""The GOPROXY step on a company mirror behind basic auth: the finding names the netrc line and where,
and the walk sees the same credentials Go sends (a netrc line turns the failure into a pass).

Also the TLS step when SSL_CERT_FILE names a missing file: a broken setting, not interception.
"""

from __future__ import annotations

import diag_lab
import pytest
from diag_lab import Lab, finding
from loopnet.tls_servers import TlsCertificates

lab = diag_lab.lab
PASSWORD = "diag-Pl4nted-secret"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("certs"))


async def test_a_401_mirror_gets_the_netrc_line_not_a_switch_and_passes_once_it_is_added(
    lab: Lab, certs: TlsCertificates
) -> None:
    corp = lab.proxy(ssl_context=certs.valid, basic_auth=("bob", PASSWORD))
    lab.os_env(SSL_CERT_FILE=str(certs.ca_file))
    lab.goenv(GOPROXY=corp.url)
    lab.config(mirrors={"corp": corp.url})
    result = await lab.node("goproxy")
    assert result.outcome == "fails"
    found = finding(result, "goproxy.auth")
    assert "401" in found.detail
    netrc = lab.go_env.home / ".netrc"
    line = f"machine 127.0.0.1:{corp.port} login YOUR_USERNAME password YOUR_TOKEN"
    assert any(f"add this line to {netrc}" in s and line in s for s in found.remedy.instructions)
    assert not found.remedy.env and not found.remedy.commands  # nothing gotui writes: the secret is the user's

    netrc.write_text(f"machine 127.0.0.1:{corp.port} login bob password {PASSWORD}\n")
    netrc.chmod(0o600)
    again = await lab.node("goproxy")
    assert again.outcome == "ok", again.findings
    assert PASSWORD not in repr(again) and PASSWORD not in repr(result)


async def test_a_wrong_token_is_reported_as_rejected(lab: Lab, certs: TlsCertificates) -> None:
    corp = lab.proxy(ssl_context=certs.valid, basic_auth=("bob", PASSWORD))
    lab.os_env(SSL_CERT_FILE=str(certs.ca_file))
    lab.goenv(GOPROXY=corp.url)
    lab.config(mirrors={"corp": corp.url})
    (lab.go_env.home / ".netrc").write_text(f"machine 127.0.0.1:{corp.port} login bob password expired-token\n")
    found = finding(await lab.node("goproxy"), "goproxy.auth")
    assert any("refused them" in s for s in found.remedy.instructions)
    assert "expired-token" not in repr(found)


async def test_a_missing_ssl_cert_file_is_a_broken_setting_not_interception(
    lab: Lab, certs: TlsCertificates
) -> None:
    served = lab.proxy(ssl_context=certs.valid)
    missing = lab.tmp / "corp-root.pem"
    lab.os_env(SSL_CERT_FILE=str(missing), SSL_CERT_DIR=str(lab.tmp / "no-such-dir"))
    lab.goenv(GOPROXY=served.url)
    result = await lab.node("tls")
    found = finding(result, "tls.tls-untrusted")
    assert f"SSL_CERT_FILE={missing}: this file does not exist" in found.detail
    assert "likely TLS interception" not in found.detail
    assert found.remedy.summary == "fix SSL_CERT_FILE / SSL_CERT_DIR: it names no usable certificate"
