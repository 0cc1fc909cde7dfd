"""Ask git what it would do for a repository URL, the way ``go`` runs it (cmd/go/internal/modfetch/codehost).

Go sets ``GIT_TERMINAL_PROMPT=0`` and ``GCM_INTERACTIVE=never`` unless the user set them (modload/init.go),
so a repository that needs a password fails with "terminal prompts disabled" instead of asking. The probe
runs ``git ls-remote`` with the same environment (plus ``ssh -o BatchMode=yes`` when the user configured no
ssh command, so ssh never asks either), in its own process group, killed whole on timeout.

Configuration is read with ``git config`` itself (``--get-regexp``, ``-z``), never by parsing files: git
knows about includes, ``GIT_CONFIG_*`` variables and the system/global/local order. Nothing here returns
what a credential helper answered; callers mask URLs before showing them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from goproxy_tui.core.redact import mask_secrets

GIT_MAX_OUTPUT = 64 * 1024


@dataclass(frozen=True)
class GitRun:
    returncode: int | None  # None: timed out (killed) or could not start
    stdout: str
    stderr: str
    timed_out: bool = False
    missing: bool = False  # git is not on PATH


def git_environ(environ: Mapping[str, str], *, batch_ssh: bool = True) -> dict[str, str]:
    """The environment Go gives git (GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never unless set)."""
    env = dict(environ)
    if not env.get("GIT_TERMINAL_PROMPT"):
        env["GIT_TERMINAL_PROMPT"] = "0"
    if not env.get("GCM_INTERACTIVE"):
        env["GCM_INTERACTIVE"] = "never"
    if batch_ssh and not env.get("GIT_SSH_COMMAND") and not env.get("GIT_SSH"):
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"  # what ssh does when git cannot ask: fail, not prompt
    return env


def find_git(environ: Mapping[str, str]) -> str | None:
    return shutil.which("git", path=environ.get("PATH", os.defpath))


async def run_git(args: Sequence[str], environ: Mapping[str, str], timeout: float, cwd: str | None = None) -> GitRun:
    """``git ARGS`` (never a shell), own process group, the whole group killed after ``timeout`` s."""
    git = find_git(environ)
    if git is None:
        return GitRun(None, "", "", missing=True)
    try:
        proc = await asyncio.create_subprocess_exec(
            git, *args, cwd=cwd, env=dict(environ), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return GitRun(None, "", mask_secrets(str(exc)), missing=True)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except (asyncio.TimeoutError, TimeoutError, asyncio.CancelledError) as exc:
        _kill_group(proc)
        await proc.wait()
        if isinstance(exc, asyncio.CancelledError):
            raise
        return GitRun(None, "", "", timed_out=True)
    decode = lambda b: b[:GIT_MAX_OUTPUT].decode("utf-8", "replace")  # noqa: E731
    return GitRun(proc.returncode, decode(out), decode(err))


def _kill_group(proc: asyncio.subprocess.Process) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            proc.kill()
        except ProcessLookupError:
            pass


async def git_version(environ: Mapping[str, str], timeout: float) -> tuple[str | None, GitRun]:
    run = await run_git(["version"], environ, timeout)
    text = run.stdout.strip()
    return (text.removeprefix("git version ").strip() or None) if run.returncode == 0 else None, run


async def config_regexp(pattern: str, environ: Mapping[str, str], timeout: float) -> list[tuple[str, str]]:
    """``git config -z --get-regexp PATTERN``: (key, value) in git's order (keys lower-cased by git)."""
    run = await run_git(["config", "-z", "--get-regexp", pattern], environ, timeout, cwd=tempfile.gettempdir())
    pairs: list[tuple[str, str]] = []
    for record in run.stdout.split("\0"):
        if record:
            key, _, value = record.partition("\n")
            pairs.append((key, value))
    return pairs


@dataclass(frozen=True)
class Rewrite:
    base: str  # the URL git uses instead
    prefix: str  # what it replaces
    push: bool  # pushInsteadOf: only for pushes (Go never pushes)


async def url_rewrites(environ: Mapping[str, str], timeout: float) -> list[Rewrite]:
    """Every ``url.<base>.insteadOf`` / ``pushInsteadOf`` git knows about."""
    rules: list[Rewrite] = []
    for key, value in await config_regexp(r"^url\..*\.(push)?insteadof$", environ, timeout):
        for suffix, push in ((".pushinsteadof", True), (".insteadof", False)):
            if key.startswith("url.") and key.endswith(suffix):
                rules.append(Rewrite(key[len("url."):-len(suffix)], value, push))
                break
    return rules


def rewritten(url: str, rules: Sequence[Rewrite]) -> tuple[str, Rewrite | None]:
    """What git fetches for ``url``: the longest matching insteadOf prefix wins (git's remote.c)."""
    best: Rewrite | None = None
    for rule in rules:
        if not rule.push and url.startswith(rule.prefix) and (best is None or len(rule.prefix) > len(best.prefix)):
            best = rule
    return (best.base + url[len(best.prefix):], best) if best else (url, None)


@dataclass(frozen=True)
class Helper:
    command: str
    scope: str  # "credential.helper" or "credential.<url>.helper"

    @property
    def name(self) -> str:
        """What may be shown: a shell snippet (``!…``) can hold a secret, so only its kind is named."""
        if self.command.startswith("!"):
            return "!(shell command)"
        return os.path.basename(self.command.split()[0]) if self.command.split() else ""


def _url_matches(pattern: str, url: str) -> bool:
    """git's urlmatch, enough for credential.<url>.*: scheme and host (``*.`` labels), port, path prefix."""
    if "://" not in pattern:
        pattern = "https://" + pattern if "://" in url and url.startswith("https://") else pattern
    try:
        p, u = urlsplit(pattern), urlsplit(url)
        p_port, u_port = p.port, u.port
    except ValueError:
        return False
    if p.scheme.lower() != u.scheme.lower() or p_port != u_port:
        return False
    if p.username and p.username != u.username:
        return False
    p_host, u_host = (p.hostname or "").split("."), (u.hostname or "").split(".")
    if len(p_host) != len(u_host) or any(a != "*" and a != b for a, b in zip(p_host, u_host, strict=True)):
        return False
    path = p.path.rstrip("/")
    return not path or u.path == path or u.path.startswith(path + "/")


async def credential_helpers(url: str, environ: Mapping[str, str], timeout: float) -> list[Helper]:
    """The helpers git asks for ``url``, in order (an empty value clears the list, as git does)."""
    helpers: list[Helper] = []
    for key, value in await config_regexp(r"^credential\..*helper$", environ, timeout):
        if key == "credential.helper":
            scope = key
        elif key.startswith("credential.") and key.endswith(".helper"):
            if not _url_matches(key[len("credential."):-len(".helper")], url):
                continue
            scope = "credential.<url>.helper"
        else:
            continue
        if not value:
            helpers.clear()
        else:
            helpers.append(Helper(value, scope))
    return helpers


async def ls_remote(url: str, environ: Mapping[str, str], timeout: float) -> GitRun:
    """``git ls-remote -q URL`` as Go runs it (no prompts), from an empty directory."""
    with tempfile.TemporaryDirectory(prefix="gotui-git-") as empty:
        return await run_git(["ls-remote", "-q", url], git_environ(environ), timeout, cwd=empty)


# What git and ssh print (git 2.x, OpenSSH), most specific first.
FAILURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("protocol-not-allowed", ("not allowed",)),  # "fatal: transport 'https' not allowed"
    ("ssh-host-key-changed", ("REMOTE HOST IDENTIFICATION HAS CHANGED",)),
    ("ssh-host-key", ("Host key verification failed",)),
    ("ssh-publickey", ("Permission denied (publickey",)),
    ("no-credential", ("terminal prompts disabled", "could not read Username", "could not read Password")),
    ("credential-rejected", ("Authentication failed for", "returned error: 401")),
    ("denied", ("returned error: 403",)),
    ("repo-not-found", ("Repository not found", "returned error: 404", "does not appear to be a git repository")),
    ("tls", ("SSL certificate problem", "server certificate verification failed", "SSL_ERROR", "certificate")),
    ("dns", ("Could not resolve host", "Could not resolve hostname", "Could not resolve proxy")),
    ("unreachable", ("Connection refused", "Failed to connect", "Connection timed out", "timed out",
                     "No route to host")),
)


def classify(run: GitRun) -> str:
    """A failure kind for ``ls-remote``'s result: ``ok``, ``timeout``, ``git-missing`` or one of FAILURES."""
    if run.missing:
        return "git-missing"
    if run.timed_out:
        return "timeout"
    if run.returncode == 0:
        return "ok"
    for kind, needles in FAILURES:
        if any(n.lower() in run.stderr.lower() for n in needles):
            return kind
    return "failed"


def first_lines(text: str, limit: int = 4) -> list[str]:
    """The stderr lines worth showing, masked (git may echo a URL with its userinfo)."""
    lines = [mask_secrets(line.strip()) for line in text.splitlines() if line.strip()]
    return lines[:limit]
