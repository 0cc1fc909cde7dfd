"""Find the ``go`` command and run it: argument lists only, asynchronously, always with a timeout.

Everything gotui knows about the user's settings comes from the real ``go`` (``go env -json``), and
every change goes through it (``go env -w`` / ``-u``), so a missing or too old ``go`` must end in a
clear one-line message with install hints, never in a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from goproxy_tui.i18n import Msg

MIN_GO = (1, 13)  # `go env -w` arrived in Go 1.13
INSTALL_HINT = Msg(
    "install Go from https://go.dev/dl/ (from mainland China: https://golang.google.cn/dl/), "
    "or point GOTUI_GO at the go binary"
)
DEFAULT_TIMEOUT = 30.0
# gotui's own queries (version, env, env -w/-u) run outside any module: inside one whose go.mod asks
# for a newer Go, GOTOOLCHAIN=auto would make even `go env` try to download a toolchain (and hang
# behind the firewall). The file-system root is the one directory that is never inside a module.
NEUTRAL_DIR = os.path.abspath(os.sep)

_VERSION = re.compile(r"\bgo(\d+)\.(\d+)(?:\.(\d+))?")


class GoError(Exception):
    """A problem with the go command itself, with a hint the user can act on (both shown with ``tr``)."""

    exit_code = 1  # for the headless commands: 1 a go problem, 2 bad input (see EnvFileError)

    def __init__(self, message: str, hint: str = INSTALL_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class GoResult:
    """What one ``go`` invocation produced."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def first_error_line(self) -> str:
        for line in self.stderr.splitlines():
            if line.strip():
                return line.strip()
        return Msg("go exited with status {code}", code=self.returncode)


@dataclass(frozen=True)
class GoTool:
    """A usable ``go``: where it is, which version, which GOROOT."""

    path: Path
    version: str  # as printed by Go, e.g. "go1.27.3"
    version_tuple: tuple[int, int, int]
    goroot: str

    async def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> GoResult:
        return await run_go(self.path, args, env=env, cwd=cwd, timeout=timeout)


def candidate_paths(environ: Mapping[str, str] | None = None) -> list[Path]:
    """Where ``go`` is looked for, in order: $GOTUI_GO, PATH, then the usual install locations."""
    environ = os.environ if environ is None else environ
    exe = "go.exe" if sys.platform == "win32" else "go"
    found: list[Path] = []
    if environ.get("GOTUI_GO"):
        found.append(Path(environ["GOTUI_GO"]).expanduser())
    on_path = shutil.which(exe, path=environ.get("PATH"))
    if on_path:
        found.append(Path(on_path))
    home = Path(environ.get("HOME") or environ.get("USERPROFILE") or "~").expanduser()
    if sys.platform == "win32":
        for base in (environ.get("ProgramFiles", r"C:\Program Files"), "C:\\"):
            found.append(Path(base) / "Go" / "bin" / exe)
        if environ.get("LOCALAPPDATA"):
            found.append(Path(environ["LOCALAPPDATA"]) / "Programs" / "Go" / "bin" / exe)
    else:
        found += [
            Path("/usr/local/go/bin/go"),
            Path("/opt/homebrew/bin/go"),
            Path("/usr/local/bin/go"),
            Path("/usr/lib/go/bin/go"),
            Path("/snap/bin/go"),
            home / "go" / "bin" / "go",
            home / ".local" / "go" / "bin" / "go",
        ]
    found += sorted((home / "sdk").glob(f"go*/bin/{exe}"), reverse=True)  # golang.org/dl installs
    return found


def locate_go(environ: Mapping[str, str] | None = None) -> Path:
    """The first existing, executable candidate; ``GoError`` when there is none."""
    for path in candidate_paths(environ):
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise GoError(Msg("go command not found (looked in $GOTUI_GO, PATH and the usual install directories)"))


def parse_version(text: str) -> tuple[int, int, int] | None:
    """``go version go1.21.5 linux/amd64`` or ``go1.22rc1`` → (1, 21, 5) / (1, 22, 0)."""
    match = _VERSION.search(text)
    if not match:
        return None
    major, minor, patch = match.groups()
    return int(major), int(minor), int(patch or 0)


async def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill ``go`` and everything it started. ``go`` runs in its own session (process group), so a
    child that outlives it (a wrapper script's ``sleep``, a stuck VCS helper) dies too: otherwise it
    keeps the output pipes open and waiting for ``go`` never ends."""
    if sys.platform != "win32":
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    await asyncio.shield(process.wait())


MAX_OUTPUT = 16 << 20  # bytes kept per stream: `go env -json` is ~2 KB, a version list a few hundred KB


async def _drain(stream: asyncio.StreamReader, limit: int = MAX_OUTPUT) -> bytes:
    """Everything ``go`` writes is read (so it never blocks on a full pipe), at most ``limit`` kept."""
    kept = bytearray()
    while chunk := await stream.read(1 << 16):
        if len(kept) < limit:
            kept += chunk[: limit - len(kept)]
    return bytes(kept)


async def _communicate(process: asyncio.subprocess.Process) -> tuple[bytes, bytes]:
    assert process.stdout is not None and process.stderr is not None
    out, err, _ = await asyncio.gather(_drain(process.stdout), _drain(process.stderr), process.wait())
    return out, err


async def run_go(
    go: str | os.PathLike[str],
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> GoResult:
    """Run ``go args…`` without a shell; kill it (and raise ``GoError``) when it exceeds ``timeout``."""
    argv = (str(go), *args)
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=dict(os.environ if env is None else env),
            cwd=cwd,
            start_new_session=sys.platform != "win32",  # one process group to kill (see _kill)
        )
    except OSError as exc:
        raise GoError(Msg("cannot run {go}: {error}", go=str(go), error=exc.strerror or str(exc))) from exc
    try:
        out, err = await asyncio.wait_for(_communicate(process), timeout)
    except asyncio.TimeoutError:
        await _kill(process)
        raise GoError(
            Msg("'go {args}' did not finish within {seconds:g} s", args=" ".join(args), seconds=timeout),
            hint=Msg("a module download may be hanging on an unresponsive GOPROXY; run 'gotui check'")
            if args[:1] not in (("env",), ("version",))
            else Msg("'go {args}' never waits for the network: check that {go} is the real go command "
                     "(a wrapper script?), or point GOTUI_GO at it", args=args[0], go=str(go)),
        ) from None
    except BaseException:  # cancelled (e.g. the app quit while go hung): never leave go running
        await _kill(process)
        raise
    return GoResult(argv, process.returncode or 0, out.decode(errors="replace"), err.decode(errors="replace"))


async def find_go(environ: Mapping[str, str] | None = None, *, timeout: float = 15.0) -> GoTool:
    """Locate ``go`` and check it is recent enough for ``go env -w``."""
    path = locate_go(environ)
    result = await run_go(path, ["version"], env=environ, cwd=NEUTRAL_DIR, timeout=timeout)
    version = parse_version(result.stdout)
    if not result.ok and "removed GODEBUG" in result.stderr:  # internal/godebugs Removed: Go refuses to start
        raise GoError(
            Msg("go refuses to start: {error}", error=result.first_error_line()),
            hint=Msg("remove that setting from GODEBUG in your shell environment (or unset GODEBUG)"),
        )
    if not result.ok or version is None:
        raise GoError(
            Msg(
                "{path} does not behave like the go command: {error}",
                path=str(path),
                error=result.first_error_line(),
            )
        )
    if version[:2] < MIN_GO:
        raise GoError(
            Msg(
                "{path} is go{major}.{minor}; gotui needs Go 1.13 or newer (for 'go env -w')",
                path=str(path),
                major=version[0],
                minor=version[1],
            ),
        )
    env_result = await run_go(path, ["env", "GOROOT"], env=environ, cwd=NEUTRAL_DIR, timeout=timeout)
    printed = result.stdout.split()
    return GoTool(
        path=path,
        version=printed[2] if len(printed) > 2 else "go{}.{}.{}".format(*version),
        version_tuple=version,
        goroot=env_result.stdout.strip() if env_result.ok else "",
    )
