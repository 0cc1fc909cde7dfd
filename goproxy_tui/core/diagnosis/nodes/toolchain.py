"""Node 1: is there a usable, recent enough ``go``; is module mode on; is there a go.mod here?"""

from __future__ import annotations

from goproxy_tui.core.diagnosis.context import DiagnosisContext
from goproxy_tui.core.diagnosis.findings import Finding
from goproxy_tui.core.diagnosis.graph import Node
from goproxy_tui.core.diagnosis.remedies import env_remedy, instructions
from goproxy_tui.core.diagnosis.results import Verdict
from goproxy_tui.core.goenv import SOURCE_WORDS
from goproxy_tui.core.gotool import INSTALL_HINT
from goproxy_tui.core.shellrc import where_is_it_set
from goproxy_tui.i18n import N_, Msg  # English for JSON; shown with tr()

DL = Msg("{china} (or {world})", china="https://golang.google.cn/dl/", world="https://go.dev/dl/")
_SWITCH_MARKERS = ("downloading go", "download go", "golang.org/toolchain", "GOTOOLCHAIN")


def _missing(ctx: DiagnosisContext, node: Node) -> Verdict:
    error = ctx.go_error
    message = error.message if error else Msg("no usable go command")
    if "$GOFLAGS" in message:
        where = (
            where_is_it_set("GOFLAGS", ctx.environ)
            if ctx.environ.get("GOFLAGS")
            else Msg("it is in the go env file: run 'go env -u GOFLAGS'")
        )
        finding = node.finding("goflags-invalid").make(
            node.id,
            Msg("{error}: every go command stops on it, even 'go version'.", error=message),
            evidence=[message],
            remedy=instructions(N_("remove the bad GOFLAGS"), where, Msg("then run 'gotui check' again")),
        )
    elif any(marker in message for marker in _SWITCH_MARKERS):
        finding = node.finding("toolchain-switch").make(
            node.id,
            Msg("Even 'go env' fails here: {error}. A go.mod (or GOTOOLCHAIN) asks for a newer Go than the "
                "installed one and Go tries to download it through GOPROXY first.", error=message),
            evidence=[message],
            remedy=instructions(
                N_("stop the automatic toolchain download, or let it succeed"),
                Msg("run 'export GOTOOLCHAIN=local' and install the Go version go.mod asks for from {dl}", dl=DL),
                Msg("or make GOPROXY a mirror that serves golang.org/toolchain (gotui mirrors) and keep the checksum "
                    "database reachable (toolchain downloads are always verified)"),
            ),
        )
    else:
        finding = node.finding("go-missing").make(
            node.id,
            Msg("{error}. gotui diagnoses Go's own settings, so it needs the go command.", error=message),
            evidence=[message],
            remedy=instructions(N_("install Go"), error.hint if error else INSTALL_HINT),
        )
    return Verdict("go-missing", message, {"error": message}, (finding,))


async def evaluate(ctx: DiagnosisContext, node: Node) -> Verdict:
    if ctx.env is None:
        return _missing(ctx, node)
    go = ctx.env.go
    findings: list[Finding] = []
    broken = False
    gomod = await ctx.gomod()
    evidence: dict[str, object] = {
        "go": str(go.path),
        "version": go.version,
        "goroot": go.goroot,
        "GO111MODULE": ctx.value("GO111MODULE") or Msg("(unset: on)"),
        "GOPATH": ctx.value("GOPATH"),
        "GOFLAGS": ctx.value("GOFLAGS"),
        "workdir": str(ctx.workdir),
        "go.mod": str(gomod.path) if gomod.path else None,
    }

    if ctx.value("GO111MODULE") == "off":
        broken = True
        findings.append(
            node.finding("module-mode-off").make(
                node.id,
                Msg("GO111MODULE=off puts Go in GOPATH mode: go.mod files are ignored and nothing is downloaded "
                    "through GOPROXY."),
                evidence=[Msg("GO111MODULE=off (from {source})",
                              source=SOURCE_WORDS[ctx.var("GO111MODULE").source])],  # type: ignore[union-attr]
                remedy=env_remedy(ctx, N_("turn module mode back on (unset GO111MODULE)"), {"GO111MODULE": None}),
            )
        )
    goflags = ctx.var("GOFLAGS")
    invalid = [w for w in (goflags.warnings if goflags else ()) if w.startswith("invalid:")]
    if invalid:
        broken = True
        findings.append(
            node.finding("goflags-invalid").make(
                node.id,
                Msg("GOFLAGS={value}: {problem}. Every go command that builds or downloads stops on it.",
                    value=repr(ctx.value("GOFLAGS")), problem=invalid[0].removeprefix("invalid: ")),
                evidence=[invalid[0]],
                remedy=env_remedy(ctx, N_("unset GOFLAGS"), {"GOFLAGS": None}),
            )
        )
    if go.version_tuple[:2] < (1, 15) and "|" in ctx.value("GOPROXY"):
        broken = True
        findings.append(
            node.finding("go-too-old").make(
                node.id,
                Msg("{version} does not understand '|' in GOPROXY (Go 1.15 added it): it reads the whole "
                    "entry as one URL and every download fails.", version=go.version),
                evidence=[f"{go.version}", f"GOPROXY={ctx.value('GOPROXY')}"],
                remedy=instructions(N_("install a current Go"), INSTALL_HINT),
            )
        )
    gopath = ctx.var("GOPATH")
    for warning in gopath.warnings if gopath else ():
        findings.append(node.finding("gopath").make(node.id, warning, evidence=[f"GOPATH={ctx.value('GOPATH')}"]))
    for name in ("GOINSECURE",):
        var = ctx.var(name)
        for warning in var.warnings if var else ():
            findings.append(node.finding("env-warning").make(node.id, warning, evidence=[f"{name}={var.effective}"]))  # type: ignore[union-attr]
    for var in ctx.env.vars:
        if var.conflict and var.name not in ("GOPROXY",):  # GOPROXY's override is the GOPROXY step's
            findings.append(
                node.finding("os-override").make(
                    node.id,
                    Msg("{name}={value} in the OS environment overrides the env file's {key}={file}.",
                        name=var.os_name or var.name, value=repr(var.effective), key=var.name, file=repr(var.file)),
                    evidence=[var.conflict],
                    remedy=instructions(
                        Msg("remove {name} from the shell environment", name=var.os_name or var.name),
                        where_is_it_set(var.os_name or var.name, ctx.environ),
                        Msg("run 'unset {name}' in open terminals", name=var.os_name or var.name),
                    ),
                )
            )
    if gomod.error:
        evidence["go.mod error"] = gomod.error
    where = f"{gomod.path}" if gomod.path else Msg("no go.mod in {dir}", dir=str(ctx.workdir))
    mode = Msg("module mode off") if ctx.value("GO111MODULE") == "off" else Msg("module mode on")
    summary = Msg("{version} at {path}; {mode}; {where}", version=go.version, path=str(go.path), mode=mode, where=where)
    if broken:
        return Verdict("settings-broken", summary, evidence, tuple(findings))
    return Verdict("warnings" if findings else "ok", summary, evidence, tuple(findings))
