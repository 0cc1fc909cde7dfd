"""Node 13: the proof. A real ``go mod download -json MODULE@VERSION`` in a scratch module.

It runs with the user's effective settings (OS environment + go env file, exactly what ``go`` reads),
in a scratch module whose ``go`` line is the installed Go's, so no toolchain switch interferes. Go
sets no client timeout, so gotui bounds the run; when earlier steps already showed that Go will hang
the bound is short: the run then confirms the hang instead of waiting it out.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Remedy
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.nodes.goproxy import hang_fault
from goproxy_tui.core.diagnosis.nodes.modcache import modcache_root
from goproxy_tui.core.diagnosis.nodes.private import private_changes, private_prefix
from goproxy_tui.core.diagnosis.remedies import clean_modcache_remedy, env_remedy, instructions, switch_remedy
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.modcache import human_size
from goproxy_tui.core.rules.module import check_path
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

MAX_OUTPUT_LINES = 40
_CORRUPT = ("checksum mismatch", "SECURITY ERROR", "not a valid zip file", "zip: ", "ziphash")
_NETWORK = ("dial tcp", "i/o timeout", "connection refused", "connection reset", "TLS handshake", "no such host",
            "x509:", "EOF", "502 Bad Gateway", "503 Service", "500 Internal")


@dataclass(frozen=True)
class VerifyRun:
    """One ``go mod download -json`` run: what was run, what it printed, how it ended."""

    argv: tuple[str, ...]
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float
    timeout: float
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.info.get("Error")

    @property
    def error(self) -> str:
        if self.timed_out:
            return Msg("no result within {seconds:g} s (killed)", seconds=self.timeout)
        text = str(self.info.get("Error") or "")
        if not text:
            lines = [line for line in self.stderr.splitlines() if line.strip()]
            text = lines[-1] if lines else Msg("exit status {code}", code=self.returncode)
        return text

    def output_lines(self) -> list[str]:
        lines = (self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr).splitlines()
        return lines[-MAX_OUTPUT_LINES:]


async def run_verification(ctx: DiagnosisContext, timeout: float | None = None) -> VerifyRun:
    """Run the real download once (the wizard calls this again after applying a remedy)."""
    if ctx.env is None:
        raise GoError(Msg("no usable go command"))
    timeout = timeout or ctx.verify_timeout
    major, minor, _ = ctx.env.go.version_tuple
    argv = ("go", "mod", "download", "-json", ctx.target.text)
    with tempfile.TemporaryDirectory(prefix="gotui-check-") as scratch:
        Path(scratch, "go.mod").write_text(f"module gotui.invalid/check\n\ngo {major}.{minor}\n", encoding="utf-8")
        started = time.perf_counter()
        try:
            result = await ctx.env.go.run(*argv[1:], env=ctx.environ, cwd=scratch, timeout=timeout)
        except GoError:
            return VerifyRun(argv, None, "", "", time.perf_counter() - started, timeout)
        seconds = time.perf_counter() - started
    info: dict[str, Any] = {}
    try:
        decoded = json.loads(result.stdout) if result.stdout.strip() else {}
        info = decoded if isinstance(decoded, dict) else {}
    except json.JSONDecodeError:
        info = {}
    return VerifyRun(argv, result.returncode, result.stdout, result.stderr, seconds, timeout, info)


def verification_timeout(ctx: DiagnosisContext) -> float:
    """Short when earlier steps predicted a hang (confirm it), else ``[check] verify_timeout``."""
    if hang_fault(ctx):
        return min(ctx.verify_timeout, max(3.0, 3 * ctx.timeout))
    return ctx.verify_timeout


async def _remedy_for(ctx: DiagnosisContext, run: VerifyRun) -> tuple[str, Remedy | None, list[Remedy]]:
    text = run.error + "\n" + run.stderr
    failing: list[str] = []
    try:
        plist, _results, chain = await ctx.chain()
        failing = [plist.entries[s.index].url for s in chain.steps if s.action in ("next", "stop", "hang")]
    except Exception:  # a remedy lookup must not hide the verification's own result
        failing = []
    if run.timed_out:
        return "download-timeout", await switch_remedy(ctx, avoid=failing, why=Msg("go mod download hangs")), []
    if any(marker in text for marker in _CORRUPT):
        root = modcache_root(ctx)
        return "corrupt-cache", clean_modcache_remedy(root, Msg("size unknown")), []
    if "verifying" in text and ("404" in text or "410" in text):
        prefix = private_prefix(ctx.target.path)
        return "download-failed", env_remedy(
            ctx, Msg("mark {prefix} as private (GOPRIVATE)", prefix=prefix), private_changes(ctx, prefix)), []
    if any(marker in text for marker in _NETWORK):
        return "download-failed", await switch_remedy(ctx, avoid=failing, why=Msg("the download fails on the network")), []
    return "download-failed", instructions(
        N_("read Go's error"), Msg("the findings of the earlier steps name the cause when gotui can tell it")), []


def describe_run(run: VerifyRun) -> dict[str, object]:
    evidence: dict[str, object] = {
        "command": " ".join(run.argv),
        "exit": Msg("killed at the time limit") if run.timed_out else run.returncode,
        "seconds": round(run.seconds, 2),
        "output": run.output_lines(),
    }
    if run.ok:
        for key in ("Path", "Version", "Dir", "Zip", "Sum", "GoModSum"):
            if run.info.get(key):
                evidence[key] = run.info[key]
        zip_path = Path(str(run.info.get("Zip", "")))
        if zip_path.is_file():
            evidence["zip size"] = human_size(zip_path.stat().st_size)
    return evidence


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    if ctx.env is None:
        return Verdict("skipped", Msg("no usable go command"), {})
    if (err := check_path(ctx.target.path)) is not None:
        return Verdict("skipped", Msg("not run: {error}", error=err), {})
    timeout = verification_timeout(ctx)
    run = await run_verification(ctx, timeout)
    evidence = describe_run(run)
    if run.ok:
        version = run.info.get("Version", "")
        return Verdict("ok", Msg("go mod download {module} worked: {path}@{version} in {seconds:.1f} s",
                                 module=ctx.target.text, path=ctx.target.path, version=version,
                                 seconds=run.seconds), evidence)
    kind, remedy, alternatives = await _remedy_for(ctx, run)
    spec = node.finding(kind)
    if run.timed_out:
        detail = Msg("'{command}' did not finish within {seconds:g} s and was stopped. Go sets no timeout "
                     "of its own: left alone it hangs for minutes or forever.",
                     command=" ".join(run.argv), seconds=timeout)
    else:
        detail = Msg("'{command}' failed: {error}", command=" ".join(run.argv), error=run.error)
    finding = spec.make(node.id, detail, evidence=run.output_lines() or [run.error], remedy=remedy,
                        alternatives=alternatives)
    outcome = "timeout" if run.timed_out else "failed"
    return Verdict(outcome, f"go mod download {ctx.target.text}: " + run.error, evidence, (finding,))
