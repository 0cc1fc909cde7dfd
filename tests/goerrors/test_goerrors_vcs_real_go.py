"""Version-control failures of a direct (GOPROXY=direct, GOPRIVATE) fetch, from the real ``go`` and ``git``.

The repository is a real bare git repository on disk; git reaches it for ``https://git.loopback.test/``
through ``url.<file URL>.insteadOf`` (GIT_CONFIG_* in the environment, no config file touched), so
Go runs its usual ``git ls-remote`` / ``git fetch`` and reports Go's own texts for missing tags and
major-version mismatches. The prompt and import-path cases go through a loopback CONNECT proxy to a
loopback HTTPS server (trustme certificates) that serves the ``?go-get=1`` page and answers git with 401.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import goerr_lab
import pytest
from goerr_lab import GoLab
from loopnet.connect_proxy import PortMapProxy
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import TEST_HOST, TlsCertificates

golab = goerr_lab.golab
HOST = "git.loopback.test"
REPO = f"{HOST}/repo.git"


def _git(*args: str, cwd: Path) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture
def repos(tmp_path: Path) -> Path:
    """A bare repository with tags v1.0.0 and v2.0.0 whose go.mod has no /v2."""
    source = tmp_path / "source"
    source.mkdir()
    _git("init", "-q", "-b", "main", cwd=source)
    (source / "go.mod").write_text(f"module {REPO}\n\ngo 1.21\n", encoding="utf-8")
    (source / "repo.go").write_text("package repo\n", encoding="utf-8")
    _git("add", ".", cwd=source)
    _git("commit", "-qm", "first", cwd=source)
    _git("tag", "v1.0.0", cwd=source)
    _git("tag", "v2.0.0", cwd=source)
    served = tmp_path / "served"
    served.mkdir()
    _git("clone", "-q", "--bare", str(source), str(served / "repo.git"), cwd=tmp_path)
    return served


def direct(rewrite_to: str, **extra: str) -> dict[str, str]:
    """Settings for a private module fetched with git, ``https://git.loopback.test/`` rewritten to ``rewrite_to``."""
    return {"GOPROXY": "direct", "GOPRIVATE": HOST, "GONOPROXY": HOST, "GONOSUMDB": HOST,
            "GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{rewrite_to}.insteadOf",
            "GIT_CONFIG_VALUE_0": f"https://{HOST}/", **extra}


def test_the_repository_works(golab: GoLab, repos: Path) -> None:
    assert golab.go("mod", "download", f"{REPO}@v1.0.0", **direct(f"file://{repos}/")).returncode == 0


def test_unknown_revision(golab: GoLab, repos: Path) -> None:
    found = golab.go("mod", "download", f"{REPO}@v1.9.9", **direct(f"file://{repos}/")).only("unknown-revision")
    assert (found.node, found.module, found.version) == ("module", REPO, "v1.9.9")


@pytest.mark.parametrize(("target", "kind"), [
    (f"{REPO}@v2.0.0", "major-version-mismatch"),             # module path must match major version
    (f"{REPO}/v3@v1.0.0", "major-version-mismatch"),          # go.mod has non-.../v3 module path
    (f"{REPO}@v1.0.0+incompatible", "incompatible-version"),  # +incompatible suffix not allowed
])
def test_major_versions(golab: GoLab, repos: Path, target: str, kind: str) -> None:
    found = golab.go("mod", "download", target, **direct(f"file://{repos}/")).only(kind)
    assert (found.node, found.module, found.version) == ("module", *target.split("@"))


@pytest.mark.parametrize("govcs", ["*:off", f"{HOST}:hg"])
def test_govcs_forbids_git(golab: GoLab, repos: Path, govcs: str) -> None:
    found = golab.go("mod", "download", f"{REPO}@v1.0.0", **direct(f"file://{repos}/", GOVCS=govcs)).only(
        "govcs-disallowed")
    assert (found.node, found.module) == ("private", REPO)


def test_no_secure_protocol(golab: GoLab) -> None:
    server = golab.proxy()
    server.set_fault(FaultMode.STATUS, status=404)
    found = golab.go("mod", "download", f"{REPO}@v1.0.0", **direct(f"{server.url}/")).only("no-secure-protocol")
    assert (found.node, found.module) == ("private", REPO)


class _GitHost(GoproxyServer):
    """The ``?go-get=1`` page for TEST_HOST/private/repo, and 401 for everything git asks."""

    def _content(self, path: str) -> tuple[int, bytes, str]:
        if path == "/private/repo":
            meta = f'<meta name="go-import" content="{TEST_HOST}/private/repo git https://{TEST_HOST}/private/repo">'
            return 200, f"<html><head>{meta}</head></html>\n".encode(), "text/html; charset=utf-8"
        return 401, b"authentication required\n", "text/plain"


def _through_proxy(golab: GoLab, tmp_path: Path, target_port: int | None) -> tuple[dict[str, str], GoproxyServer]:
    certs = TlsCertificates.create(tmp_path)
    host = golab.keep(_GitHost(ssl_context=certs.valid).start())
    proxy = golab.keep(PortMapProxy(TEST_HOST, host.port if target_port is None else target_port).start())
    env = {"GOPROXY": "direct", "GOPRIVATE": TEST_HOST, "GONOPROXY": TEST_HOST, "GONOSUMDB": TEST_HOST,
           "HTTPS_PROXY": proxy.url, "SSL_CERT_FILE": str(certs.ca_file), "GIT_SSL_CAINFO": str(certs.ca_file)}
    return env, host


def test_git_needs_credentials_and_may_not_prompt(golab: GoLab, tmp_path: Path) -> None:
    env, host = _through_proxy(golab, tmp_path, None)
    run = golab.go("mod", "download", f"{TEST_HOST}/private/repo@v1.0.0", **env)
    found = run.only("terminal-prompts-disabled")
    assert (found.node, found.module, found.version) == ("private", f"{TEST_HOST}/private/repo", "v1.0.0")
    assert "/private/repo/info/refs" in host.requests  # git itself asked, and got 401


def test_unrecognized_import_path(golab: GoLab, tmp_path: Path, closed_port: int) -> None:
    env, _host = _through_proxy(golab, tmp_path, closed_port)  # the proxy answers 502: nothing there
    found = golab.go("mod", "download", f"{TEST_HOST}/private/repo@v1.0.0", **env).only("unrecognized-import-path")
    assert (found.node, found.module) == ("private", f"{TEST_HOST}/private/repo")
