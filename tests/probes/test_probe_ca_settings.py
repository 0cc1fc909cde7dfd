"""SSL_CERT_FILE / SSL_CERT_DIR that name nothing usable are said to be broken, not read as interception.

The real ``go`` is the oracle: with SSL_CERT_FILE pointing at a missing file it cannot verify the loopback
mirror's certificate either (no error about the file: Go reads it silently), and once the file holds the
CA the same download works.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from loopnet.goproxy_server import GoproxyServer
from loopnet.tls_servers import TlsCertificates

from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.tls import probe_tls
from goproxy_tui.core.probes.trust import ca_setting_problems


def _download(root: Path, url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    work = root / "work"
    work.mkdir(exist_ok=True)
    return subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=work,
                          env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("broken", ["missing", "empty", "empty-dir"])
async def test_a_broken_ca_setting_is_named_and_go_agrees(
    go_env: Any, tls_certs: TlsCertificates, tmp_path: Path, broken: str
) -> None:
    import os

    target = tmp_path / "corp-ca.pem"
    env = dict(os.environ, GOFLAGS="-mod=mod", GONOSUMDB="example.com", SSL_CERT_DIR=str(tmp_path / "nodir"))
    if broken == "missing":
        env["SSL_CERT_FILE"] = str(target)
        expected = f"SSL_CERT_FILE={target}: this file does not exist"
    elif broken == "empty":
        target.write_text("not a certificate\n")
        env["SSL_CERT_FILE"] = str(target)
        expected = f"SSL_CERT_FILE={target} holds no PEM certificate"
    else:
        (tmp_path / "certs").mkdir()
        env["SSL_CERT_FILE"] = str(target)
        target.write_text("")
        env["SSL_CERT_DIR"] = str(tmp_path / "certs")
        expected = f"SSL_CERT_DIR: {tmp_path / 'certs'} holds no PEM certificate"
    with GoproxyServer(ssl_context=tls_certs.valid) as server:
        env["GOPROXY"] = server.url
        failed = _download(go_env.root, server.url, env)
        assert failed.returncode != 0 and "certificate signed by unknown authority" in failed.stdout
        result = await probe_tls("127.0.0.1", server.port, environ=env, timeout=3)
        assert result.fault is Fault.TLS_UNTRUSTED
        assert expected in result.explanation
        assert "interception" not in result.explanation.replace("not evidence of TLS interception", "")
        assert any(expected in problem for problem in ca_setting_problems(env).values())
        # The remedy gotui names: the file must hold the CA. Then Go verifies too.
        target.write_bytes(tls_certs.ca_file.read_bytes())
        env.pop("SSL_CERT_DIR")
        assert _download(go_env.root, server.url, env).returncode == 0
        assert (await probe_tls("127.0.0.1", server.port, environ=env, timeout=3)).fault is Fault.OK
        assert ca_setting_problems(env) == {}
