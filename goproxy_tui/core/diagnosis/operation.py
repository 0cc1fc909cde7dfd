"""The operation the proof runs, run without touching the user's files or trusting the module cache.

Which operation (:func:`plan_operation`):

- ``gotui check -- go get github.com/gin-gonic/gin@latest``: the user's own command;
- in a module (``go env GOMOD``) and no ``--module``: what the project needs. ``go list -m all`` loads
  the module graph (a go.sum line for every go.mod in it, the go/toolchain lines, vendor/modules.txt,
  go.work), then ``go mod download -json`` fetches the zips the build needs and checks them against
  go.sum. ``go list -m all`` alone passes with a wrong zip hash in go.sum, and ``go mod download`` alone
  adds missing go.sum lines instead of failing as ``go build`` does: both are needed, in this order;
- otherwise ``go mod download -json MODULE@VERSION`` in a scratch module (the target of ``--module``).

How it runs (:func:`run_operation`), so that it proves what it claims and changes nothing:

- go.mod and go.sum are copied and named with ``-modfile`` (Go then reads and writes the copy's .sum);
  in workspace mode, where Go refuses ``-modfile``, GOWORK names a copy of go.work with its ``use``
  directories made absolute (Go writes go.work.sum next to it). ``go install`` gets a temporary GOBIN;
- the module cache is a fresh temporary GOMODCACHE, so a success went over the network (or came from
  vendor/); ``-x`` makes Go print each HTTP request (``# get URL: 200 OK (0.012s)``, web/http.go), which
  says which mirror answered.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from goproxy_tui.core.gotool import GoError, GoTool
from goproxy_tui.i18n import Msg

OperationKind = Literal["command", "project", "scratch"]
MAX_OUTPUT_LINES = 40

# go subcommands that take -modfile (base.AddModCommonFlags, or build flags); "mod" needs its verb too.
_MODFILE_VERBS = {"build", "get", "install", "list", "run", "test", "vet", "generate", "download", "tidy",
                  "graph", "verify", "why", "vendor"}


class CommandError(ValueError):
    """``gotui check -- ARGS`` is not a go command gotui can run (one line)."""


@dataclass(frozen=True)
class Operation:
    """What the verification runs, and where (``cwd`` None: a scratch module is made)."""

    kind: OperationKind
    steps: tuple[tuple[str, ...], ...]  # each a go command line, "go" first
    cwd: Path | None = None
    gomod: Path | None = None  # the project's go.mod (copied, never written)
    gowork: Path | None = None  # the go.work in effect (copied, never written)

    @property
    def text(self) -> str:
        return " && ".join(" ".join(step) for step in self.steps)


def parse_command(argv: Sequence[str]) -> tuple[str, ...]:
    """The words after ``--``: a go command (``go`` first, optional) that gotui can run safely."""
    words = list(argv)
    if words and Path(words[0]).name in ("go", "go.exe"):
        words = words[1:]
    if not words:
        raise CommandError(Msg("nothing to run after '--': give a go command, e.g. -- go build ./..."))
    if words[0].startswith("-"):
        raise CommandError(Msg("'go {word}': a go command starts with its verb (build, get, mod download, ...)",
                               word=words[0]))
    return ("go", *words)


def plan_operation(
    *,
    command: tuple[str, ...] | None,
    gomod: Path | None,
    gowork: Path | None,
    target_text: str | None,
    workdir: Path,
) -> Operation:
    """The user's command, the project's needs, or the scratch download of ``target_text``."""
    if command is not None:
        return Operation("command", (command,), workdir, gomod, gowork)
    if target_text is None and (gomod is not None or gowork is not None):
        steps = (("go", "list", "-m", "all"), ("go", "mod", "download", "-json"))
        return Operation("project", steps, workdir, gomod, gowork)
    return Operation("scratch", (("go", "mod", "download", "-json", target_text or ""),))


@dataclass(frozen=True)
class Fetch:
    """One request Go reported under ``-x``: ``status`` is the status line or Go's error text."""

    url: str
    status: str
    seconds: float | None

    @property
    def ok(self) -> bool:
        return self.status.startswith("200")


def parse_fetches(stderr: str) -> list[Fetch]:
    """The ``# get URL: STATUS (0.012s)`` lines Go prints with ``-x`` (cmd/go/internal/web/http.go)."""
    found: list[Fetch] = []
    for line in stderr.splitlines():
        if not line.startswith("# get ") or ": " not in line[6:]:
            continue
        url, _, rest = line[6:].partition(": ")
        seconds: float | None = None
        if rest.endswith("s)") and " (" in rest:
            status, _, elapsed = rest.rpartition(" (")
            with contextlib.suppress(ValueError):
                seconds = float(elapsed[:-2])
            rest = status if seconds is not None else rest
        found.append(Fetch(url, rest, seconds))
    return found


def go_output(stderr: str) -> list[str]:
    """Go's own messages, without the ``-x`` request trace."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith("# get ")]


@dataclass(frozen=True)
class StepRun:
    argv: tuple[str, ...]  # as the user would type it (no -modfile/-x)
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float


@dataclass(frozen=True)
class OperationRun:
    """The operation's steps as run (it stops at the first failing step), and what went over the wire."""

    operation: Operation
    steps: tuple[StepRun, ...]
    seconds: float
    timeout: float
    fetches: tuple[Fetch, ...] = ()
    downloaded_bytes: int = 0
    modules: tuple[dict[str, Any], ...] = ()  # `go mod download -json` records
    note: str | None = None  # why it could not run at all
    ziphashes: tuple[tuple[str, str], ...] = ()  # (path under cache/download, h1) of every zip fetched

    @property
    def timed_out(self) -> bool:
        return bool(self.steps) and self.steps[-1].returncode is None

    @property
    def failed_step(self) -> StepRun | None:
        return next((s for s in self.steps if s.returncode != 0), None)

    @property
    def ok(self) -> bool:
        return self.note is None and self.failed_step is None and not any(m.get("Error") for m in self.modules)

    @property
    def command(self) -> str:
        return " && ".join(" ".join(s.argv) for s in self.steps) or self.operation.text

    @property
    def error(self) -> str:
        """Go's error in one line (the module's own error for ``-json`` downloads)."""
        if self.note is not None:
            return self.note
        if self.timed_out:
            return Msg("no result within {seconds:g} s (killed)", seconds=self.timeout)
        errors = [str(m["Error"]) for m in self.modules if m.get("Error")]
        if errors:
            return errors[0]
        step = self.failed_step
        if step is None:
            return ""
        lines = go_output(step.stderr)
        first = next((line for line in lines if not line.startswith(("go: downloading", "go: finding"))), None)
        return first or Msg("exit status {code}", code=step.returncode)

    @property
    def stderr(self) -> str:
        """Every step's Go messages (no request trace) and the modules' errors: the text to explain."""
        texts = ["\n".join(go_output(s.stderr)) for s in self.steps]
        texts += [str(m["Error"]) for m in self.modules if m.get("Error")]
        return "\n".join(t for t in texts if t)

    def output_lines(self) -> list[str]:
        """What the last step printed (stdout, then Go's messages), the last lines of it."""
        last = self.steps[-1] if self.steps else None
        lines = last.stdout.splitlines() if last is not None else []
        return (lines + self.stderr.splitlines())[-MAX_OUTPUT_LINES:]

    @property
    def from_cache(self) -> bool:
        """True when Go sent no request at all (vendor/, or nothing to download): the result says nothing
        about the network. The module cache is fresh, so every module Go needed was asked for."""
        return not self.fetches

    def mirror(self, proxies: Sequence[str]) -> str | None:
        """The GOPROXY entry that served the zips (the last successful ``.zip`` request's), or None."""
        served = [f.url for f in self.fetches if f.ok and "/@v/" in f.url]
        zips = [url for url in served if url.endswith(".zip")]
        for url in reversed(zips or served):
            for base in proxies:
                if url.startswith(base.rstrip("/") + "/"):
                    return base
        return None

    def to_json(self, proxies: Sequence[str] = ()) -> dict[str, Any]:
        return {
            "kind": self.operation.kind,
            "command": self.command,
            "ok": self.ok,
            "exit": None if self.timed_out else (self.failed_step.returncode if self.failed_step else 0),
            "timed_out": self.timed_out,
            "mirror": self.mirror(proxies),
            "bytes": self.downloaded_bytes,
            "seconds": round(self.seconds, 2),
            "from_cache": self.from_cache,
            "requests": len(self.fetches),
        }


# ---------------------------------------------------------------- running


def _rmtree(path: Path) -> None:
    """Delete a module cache: Go makes its files read-only."""

    def writable(func: Any, name: str, _exc: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), stat.S_IRWXU)
            os.chmod(name, stat.S_IRWXU)
            func(name)

    shutil.rmtree(path, onerror=writable)


def _ziphashes(root: Path) -> tuple[tuple[str, str], ...]:
    """The ``.ziphash`` files Go wrote into the fresh cache: what the network served, verified by Go."""
    base = root / "cache" / "download"
    found: list[tuple[str, str]] = []
    for path in sorted(base.rglob("*.ziphash")) if base.is_dir() else ():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.append((path.relative_to(base).as_posix(), path.read_text(encoding="utf-8").strip()))
    return tuple(found)


def _tree_bytes(root: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(root / "cache" / "download"):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


async def _copy_gowork(gowork: Path, into: Path, go: GoTool, env: Mapping[str, str]) -> Path:
    """go.work (and go.work.sum) copied with ``use`` made absolute, so the copy means the same."""
    copy = into / "go.work"
    shutil.copyfile(gowork, copy)
    summed = gowork.with_name("go.work.sum")
    if summed.is_file():
        shutil.copyfile(summed, into / "go.work.sum")
    edited = await go.run("work", "edit", "-json", str(copy), env=dict(env), cwd=str(into), timeout=15.0)
    if edited.ok:
        data = json.loads(edited.stdout or "{}")
        for use in data.get("Use") or []:
            where = str(use.get("DiskPath", ""))
            if where and not os.path.isabs(where):
                absolute = os.path.normpath(gowork.parent / where)
                await go.run("work", "edit", f"-dropuse={where}", f"-use={absolute}", str(copy),
                             env=dict(env), cwd=str(into), timeout=15.0)
        for rep in data.get("Replace") or []:
            new = rep.get("New", {})
            where = str(new.get("Path", ""))
            if not new.get("Version") and where and not os.path.isabs(where):
                old = rep.get("Old", {})
                old_text = old.get("Path", "") + (f"@{old['Version']}" if old.get("Version") else "")
                await go.run("work", "edit", f"-replace={old_text}={os.path.normpath(gowork.parent / where)}",
                             str(copy), env=dict(env), cwd=str(into), timeout=15.0)
    return copy


def _with_flags(argv: tuple[str, ...], flags: Sequence[str]) -> tuple[str, ...]:
    """``go VERB [flags] args`` (``go mod VERB``): gotui's flags right after the verb."""
    at = 3 if len(argv) > 2 and argv[1] in ("mod", "work") else 2
    return (*argv[:at], *flags, *argv[at:])


def _takes_modfile(argv: tuple[str, ...]) -> bool:
    verb = argv[2] if len(argv) > 2 and argv[1] == "mod" else argv[1] if len(argv) > 1 else ""
    if argv[1:2] == ("work",) or verb not in _MODFILE_VERBS:
        return False
    if argv[1] in ("install", "run") and any("@" in a for a in argv[2:] if not a.startswith("-")):
        return False  # pkg@version ignores the current module; Go refuses -modfile there
    return True


@contextlib.contextmanager
def _sandbox() -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="gotui-verify-"))
    try:
        yield scratch
    finally:
        _rmtree(scratch)


async def run_operation(
    operation: Operation,
    go: GoTool,
    environ: Mapping[str, str],
    *,
    timeout: float,
    fresh_cache: bool = True,
) -> OperationRun:
    """Run every step (stopping at the first failure) within ``timeout`` seconds in all.

    ``fresh_cache=False`` keeps the user's module cache (an offline re-check with GOPROXY=off)."""
    started = time.perf_counter()
    with _sandbox() as scratch:
        env = dict(environ)
        if fresh_cache:
            env["GOMODCACHE"] = str(scratch / "modcache")
        env["GOBIN"] = str(scratch / "bin")
        flags_modfile: list[str] = []
        cwd = operation.cwd
        try:
            if operation.kind == "scratch":
                cwd = scratch / "module"
                cwd.mkdir()
                major, minor, _ = go.version_tuple
                (cwd / "go.mod").write_text(f"module gotui.invalid/check\n\ngo {major}.{minor}\n", encoding="utf-8")
            elif operation.gowork is not None:
                env["GOWORK"] = str(await _copy_gowork(operation.gowork, scratch, go, environ))
            elif operation.gomod is not None:
                shutil.copyfile(operation.gomod, scratch / "go.mod")
                summed = operation.gomod.with_name("go.sum")
                if summed.is_file():
                    shutil.copyfile(summed, scratch / "go.sum")
                flags_modfile = [f"-modfile={scratch / 'go.mod'}"]
        except (OSError, GoError, json.JSONDecodeError) as exc:
            note = Msg("cannot copy the project's files: {error}", error=getattr(exc, "message", None) or str(exc))
            return OperationRun(operation, (), time.perf_counter() - started, timeout, note=note)
        steps: list[StepRun] = []
        fetches: list[Fetch] = []
        modules: list[dict[str, Any]] = []
        for argv in operation.steps:
            flags = ["-x", *(flags_modfile if _takes_modfile(argv) else ())]
            left = timeout - (time.perf_counter() - started)
            step_started = time.perf_counter()
            try:
                if left <= 0:
                    raise GoError(Msg("no time left"))
                result = await go.run(*_with_flags(argv, flags)[1:], env=env, cwd=str(cwd), timeout=left)
            except GoError:
                steps.append(StepRun(argv, None, "", "", time.perf_counter() - step_started))
                break
            out, err = _as_the_users(result.stdout, scratch, operation), _as_the_users(result.stderr, scratch, operation)
            steps.append(StepRun(argv, result.returncode, out, err, time.perf_counter() - step_started))
            fetches += parse_fetches(result.stderr)
            if "-json" in argv and argv[1:3] == ("mod", "download"):
                modules += _json_records(result.stdout)
            if result.returncode != 0:
                break
        downloaded = _tree_bytes(scratch / "modcache")
        hashes = _ziphashes(scratch / "modcache")
    return OperationRun(operation, tuple(steps), time.perf_counter() - started, timeout, tuple(fetches),
                        downloaded, tuple(modules), ziphashes=hashes)


@dataclass(frozen=True)
class CacheDisagreement:
    """A zip in the user's module cache whose recorded hash differs from what the network serves."""

    path: str  # under cache/download, e.g. example.com/hello/@v/v1.1.0.ziphash
    cached: str
    served: str


def cache_disagreements(run: OperationRun, modcache: str) -> list[CacheDisagreement]:
    """Compare the user's cache with the proof's fresh one: Go trusts its cache and fails on it."""
    if not modcache:
        return []
    base = Path(modcache) / "cache" / "download"
    found: list[CacheDisagreement] = []
    for relative, served in run.ziphashes:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            cached = (base / relative).read_text(encoding="utf-8").strip()
            if cached != served:
                found.append(CacheDisagreement(relative, cached, served))
    return found


def _as_the_users(text: str, scratch: Path, operation: Operation) -> str:
    """Go names gotui's copies (``/tmp/gotui-verify-…/go.mod``); the user must read their own files."""
    if operation.gomod is not None:
        text = text.replace(str(scratch / "go.mod"), str(operation.gomod))
        text = text.replace(str(scratch / "go.sum"), str(operation.gomod.with_name("go.sum")))
    if operation.gowork is not None:
        text = text.replace(str(scratch / "go.work"), str(operation.gowork))
    return text


def _json_records(stdout: str) -> list[dict[str, Any]]:
    """``go mod download -json`` prints one JSON object per module, back to back."""
    decoder = json.JSONDecoder()
    records: list[dict[str, Any]] = []
    text, at = stdout, 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return records
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            return records
        if isinstance(value, dict):
            records.append(value)


@dataclass(frozen=True)
class ProjectFiles:
    """The files of the user's project the operation reads (for the report)."""

    gomod: Path | None
    gosum: Path | None
    gowork: Path | None
    vendor: Path | None
    goflags: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self, proxies: Sequence[str] = ()) -> dict[str, Any]:
        return {
            "go.mod": str(self.gomod) if self.gomod else None,
            "go.sum": str(self.gosum) if self.gosum else None,
            "go.work": str(self.gowork) if self.gowork else None,
            "vendor": str(self.vendor) if self.vendor else None,
            "GOFLAGS": self.goflags,
        }


def project_files(gomod: Path | None, gowork: Path | None, goflags: str) -> ProjectFiles:
    gosum = gomod.with_name("go.sum") if gomod is not None and gomod.with_name("go.sum").is_file() else None
    vendor = gomod.parent / "vendor" / "modules.txt" if gomod is not None else None
    return ProjectFiles(gomod, gosum, gowork, vendor if vendor is not None and vendor.is_file() else None, goflags)
