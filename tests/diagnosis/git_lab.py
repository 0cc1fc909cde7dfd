"""Private modules over git on loopback: a real smart-HTTP git server with basic auth, reached by Go and git.

Not a conftest.py: test modules bind ``gitlab`` by name. Builds on diag_lab's ``Lab`` (Go isolated, a
loopback GOPROXY) and adds:

- ``meta``: ``goproxy.loopback.test/team/repo`` served over HTTPS (trustme) through a CONNECT proxy that
  maps that one host to the git server: Go reads the ``?go-get=1`` meta tag, git fetches the URL it names;
- ``rewrite``: ``github.com/corp/private``, a known host Go never asks, turned into the loopback server's
  URL by ``url.<base>.insteadOf`` in GIT_CONFIG_* variables (no config file of the user is touched).

git's global config is a temp file (GIT_CONFIG_GLOBAL), so a test can run gotui's remedy commands
(``git config --global …``) for real. The CONNECT proxy refuses every other host, and ssh is ``false``:
nothing leaves loopback even when a rewrite is wrong.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diag_lab
import pytest
from diag_lab import SERVED, Lab
from loopnet.connect_proxy import PortMapProxy
from loopnet.git_http import GitHttpServer
from loopnet.tls_servers import TEST_HOST, TlsCertificates

USER, TOKEN = "alice", "tok-3f9a1c"
META_MODULE = f"{TEST_HOST}/team/repo"
REWRITE_MODULE = "github.com/corp/private"


def git(*args: str, cwd: Path | None = None, input: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = dict(os.environ if env is None else env, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", *args], cwd=cwd, env=base, input=input, capture_output=True, text=True,
                          timeout=60, check=True)


def bare_repo(served: Path, name: str, module: str, tmp: Path) -> None:
    source = tmp / ("src-" + name.replace("/", "-"))
    source.mkdir()
    git("init", "-q", "-b", "main", cwd=source)
    (source / "go.mod").write_text(f"module {module}\n\ngo 1.21\n", encoding="utf-8")
    (source / "lib.go").write_text("package lib\n", encoding="utf-8")
    git("add", ".", cwd=source)
    git("commit", "-qm", "first", cwd=source)
    git("tag", "v1.0.0", cwd=source)
    (served / name).parent.mkdir(parents=True, exist_ok=True)
    git("clone", "-q", "--bare", str(source), str(served / f"{name}.git"), cwd=tmp)


@dataclass
class GitLab:
    lab: Lab
    server: GitHttpServer
    certs: TlsCertificates
    global_config: Path

    @property
    def tmp(self) -> Path:
        return self.lab.tmp

    def go(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Plain ``go`` with the settings of the test (what the user runs)."""
        return subprocess.run(["go", *args], cwd=self.lab.workdir, env=dict(os.environ), capture_output=True,
                              text=True, timeout=120, check=False)

    def download(self, module: str) -> subprocess.CompletedProcess[str]:
        return self.go("mod", "download", "-x", f"{module}@v1.0.0")

    def rewrite(self, base: str | None = None) -> None:
        """url.<loopback server>/corp/.insteadOf https://github.com/corp/ (GIT_CONFIG_* variables)."""
        self.lab.os_env(GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0=f"url.{base or self.server.url}/corp/.insteadOf",
                        GIT_CONFIG_VALUE_0="https://github.com/corp/")

    def netrc(self, host: str) -> Path:
        path = Path(os.environ["HOME"]) / ".netrc"
        path.write_text(f"machine {host} login {USER} password {TOKEN}\n", encoding="utf-8")
        path.chmod(0o600)
        return path


@pytest.fixture
def gitlab(lab: Lab, tmp_path: Path) -> Iterator[GitLab]:
    served = tmp_path / "served"
    served.mkdir()
    bare_repo(served, "team/repo", META_MODULE, tmp_path)
    bare_repo(served, "corp/private", REWRITE_MODULE, tmp_path)
    certs = TlsCertificates.create(tmp_path)
    server = GitHttpServer(served, users={USER: TOKEN}, host_name=TEST_HOST, ssl_context=certs.valid,
                           meta={META_MODULE: f"https://{META_MODULE}"}).start()
    proxy = lab.keep(PortMapProxy(TEST_HOST, server.port).start())
    global_config = tmp_path / "gitconfig"
    global_config.write_text("", encoding="utf-8")
    private = f"{TEST_HOST},github.com/corp"
    lab.os_env(GOPRIVATE=private, GONOSUMDB=f"{SERVED},{private}", HTTPS_PROXY=proxy.url, NO_PROXY="127.0.0.1",
               SSL_CERT_FILE=str(certs.ca_file), GIT_SSL_CAINFO=str(certs.ca_file), GIT_CONFIG_NOSYSTEM="1",
               GIT_CONFIG_GLOBAL=str(global_config), GIT_SSH_COMMAND="false", GIT_TERMINAL_PROMPT=None,
               GOVCS=None, GIT_ALLOW_PROTOCOL=None, GIT_CONFIG_COUNT=None)
    try:
        yield GitLab(lab, server, certs, global_config)
    finally:
        server.stop()


lab = diag_lab.lab


def remedy_text(finding: Any) -> str:
    """Everything the remedies of ``finding`` tell the user, one string."""
    parts: list[str] = []
    for remedy in finding.remedies:
        parts += [remedy.summary, *remedy.instructions, *(" ".join(c) for c in remedy.commands)]
    return "\n".join(parts)
