"""Nodes that judge this machine: the toolchain (1), the module (9), go.mod (10) and the module cache (11).

One failing scenario per node at least, each asserting the finding the user reads and the remedy they
get — and, where gotui can apply it, that applying it really fixes the thing.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import diag_lab
from diag_lab import Lab, finding
from loopnet.goproxy_server import GoproxyServer
from loopnet.modules import Module, ModuleVersion, default_modules

from goproxy_tui.core.diagnosis.context import CheckTarget
from goproxy_tui.core.diagnosis.engine import DiagnosisEngine
from goproxy_tui.core.diagnosis.remedies import apply_remedy
from goproxy_tui.core.goenv import read_environment

lab = diag_lab.lab


# -- 1. toolchain -------------------------------------------------------------------------------------


async def test_module_mode_off_is_found_and_the_remedy_turns_it_back_on(lab: Lab) -> None:
    lab.goenv(GOPROXY=lab.good.url, GO111MODULE="off")
    result = await lab.node("toolchain")
    assert result.outcome == "settings-broken" and result.status == "fail"
    found = finding(result, "toolchain.module-mode-off")
    assert found.severity == "error" and "GOPATH mode" in found.detail
    assert found.remedy.kind == "env" and dict(found.remedy.env) == {"GO111MODULE": None}
    assert found.remedy.commands == (("go", "env", "-u", "GO111MODULE"),)

    applied = await apply_remedy(found.remedy, await read_environment())
    assert applied.ok, applied.message
    assert "GO111MODULE" not in lab.go_env.envfile.read_text()
    assert (await lab.node("toolchain")).outcome == "ok"


async def test_invalid_goflags_from_the_shell_gets_instructions_not_a_go_env_write(lab: Lab) -> None:
    lab.os_env(GOFLAGS="-notaflag")  # even 'go version' fails on it
    result = await lab.node("toolchain")
    assert result.outcome == "go-missing" and result.next is None
    found = finding(result, "toolchain.goflags-invalid")
    assert "parsing $GOFLAGS: unknown flag -notaflag" in found.detail
    assert found.remedy.kind == "instructions" and not found.remedy.applicable
    assert "unset GOFLAGS" in found.remedy.instructions[0]  # where_is_it_set: no shell file sets it here


async def test_invalid_goflags_in_the_env_file_is_a_go_env_u_away(lab: Lab) -> None:
    lab.os_env(GOFLAGS=None)
    lab.goenv(GOPROXY=lab.good.url, GOFLAGS="-mod=bogus")
    found = finding(await lab.node("toolchain"), "toolchain.goflags-invalid")
    assert "-mod=bogus not supported" in found.detail
    assert found.remedy.kind == "env" and found.remedy.commands == (("go", "env", "-u", "GOFLAGS"),)


async def test_without_go_the_walk_stops_at_the_first_node_with_install_instructions(lab: Lab) -> None:
    environ = {"PATH": str(lab.tmp / "no-go-here"), "HOME": str(lab.tmp), "GOTUI_CONFIG": str(lab.go_env.config)}
    ctx = await lab.context(environ=environ)
    events = [event async for event in DiagnosisEngine(ctx).run()]
    diagnosis = events[-1].diagnosis
    assert diagnosis.path == ("toolchain",) and not diagnosis.ok
    assert diagnosis.results[0].outcome == "go-missing" and diagnosis.results[0].next is None
    found = finding(diagnosis, "toolchain.go-missing")
    assert "go command not found" in found.detail
    assert "golang.google.cn/dl" in " ".join(found.remedy.instructions)


# -- 9. module path and version ------------------------------------------------------------------------


async def node_for(lab: Lab, node_id: str, path: str, version: str) -> object:
    ctx = await lab.context(target=CheckTarget(path, version))
    try:
        return await DiagnosisEngine(ctx).run_node(node_id)
    finally:
        await ctx.close()


async def test_an_invalid_path_is_rejected_with_gos_own_words(lab: Lab) -> None:
    result = await node_for(lab, "module", "Example.com/hello", "v1.0.0")
    assert result.outcome == "invalid-path"  # type: ignore[attr-defined]
    found = finding(result, "module.invalid-path")  # type: ignore[arg-type]
    assert found.detail.startswith('malformed module path "Example.com/hello": invalid char \'E\' in first path element')


async def test_a_v2_version_on_a_path_without_v2_names_the_right_path(lab: Lab) -> None:
    result = await node_for(lab, "module", "example.com/hello", "v2.0.0")
    found = finding(result, "module.major-mismatch")  # type: ignore[arg-type]
    assert "example.com/hello@v2.0.0: invalid version: should be v0 or v1, not v2" in found.detail
    assert any("the module path is example.com/hello/v2" in step for step in found.remedy.instructions)


async def test_a_version_the_proxy_lacks_lists_the_ones_it_has(lab: Lab) -> None:
    result = await lab.node("module", "example.com/hello@v1.2.3")
    assert result.outcome == "not-found"
    found = finding(result, "module.version-not-found")
    assert found.evidence == ("available: v1.0.0, v1.1.0",)
    assert "example.com/hello@v1.1.0" in found.remedy.instructions[0]


# -- 10. go.mod ------------------------------------------------------------------------------------------


async def test_a_replace_to_a_missing_directory_offers_dropreplace(lab: Lab) -> None:
    (lab.workdir / "go.mod").write_text(
        "module example.com/app\n\ngo 1.21\n\nreplace example.com/hello => ../missing-hello\n", encoding="utf-8"
    )
    result = await lab.node("gomod")
    assert result.outcome == "broken"
    missing = finding(result, "gomod.replace-missing")
    assert str(lab.tmp / "missing-hello") in missing.detail and "does not exist" in missing.detail
    assert missing.remedy.commands == (("go", "mod", "edit", "-dropreplace=example.com/hello"),)
    assert finding(result, "gomod.replace-shadows").severity == "warning"  # it replaces the module in question


def toolchain_proxy(lab: Lab, version: str) -> GoproxyServer:
    """A mirror that also serves golang.org/toolchain@``version`` (the stock loopback proxy only lists go1.27.x)."""
    modules = default_modules()
    files = {"go.mod": b"module golang.org/toolchain\n"}
    toolchain = Module("golang.org/toolchain", [ModuleVersion("golang.org/toolchain", version, "2030-01-01T00:00:00Z", files)])
    modules[toolchain.escaped] = toolchain
    return lab.proxy(modules=modules)


async def test_a_toolchain_line_goproxy_cannot_serve_offers_a_mirror_that_can_and_gotoolchain_local(lab: Lab) -> None:
    (lab.workdir / "go.mod").write_text("module example.com/app\n\ngo 1.99\n\ntoolchain go1.99.1\n", encoding="utf-8")
    lab.os_env(GOTOOLCHAIN="auto")
    ctx = await lab.context()
    goos, goarch = ctx.goos_goarch
    await ctx.close()
    tc = toolchain_proxy(lab, f"v0.0.1-go1.99.1.{goos}-{goarch}")
    lab.config(mirrors={"good": lab.good.url, "tc": tc.url})
    result = await lab.node("gomod")
    assert result.outcome == "toolchain" and result.status == "fail"
    found = finding(result, "gomod.toolchain-download")
    assert "needs go1.99.1" in found.detail and "no GOPROXY entry serves golang.org/toolchain" in found.detail
    assert found.remedy.summary == f"switch to tc ({tc.url})" and found.remedy.env["GOPROXY"].startswith(tc.url)
    local = found.alternatives[0]
    assert dict(local.env) == {"GOTOOLCHAIN": "local"}
    assert not local.applicable  # GOTOOLCHAIN comes from the shell: only the user can change it there
    assert any("GOTOOLCHAIN is set in the OS environment" in step for step in local.instructions)


async def test_gotoolchain_local_with_a_newer_go_line_says_install_it(lab: Lab) -> None:
    (lab.workdir / "go.mod").write_text("module example.com/app\n\ngo 1.99\n", encoding="utf-8")
    found = finding(await lab.node("gomod"), "gomod.toolchain-local")
    assert "requires go >= 1.99" in found.detail and "GOTOOLCHAIN=local" in found.detail
    assert "golang.google.cn/dl" in found.remedy.instructions[0]


# -- 11. module cache ------------------------------------------------------------------------------------


def download(lab: Lab) -> Path:
    result = subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=lab.workdir,
                            env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return lab.go_env.modcache / "cache" / "download" / "example.com" / "hello" / "@v" / "v1.1.0.zip"


async def test_a_cached_zip_that_no_longer_matches_its_ziphash_offers_clean_modcache_with_confirmation(lab: Lab) -> None:
    zip_path = download(lab)
    assert (await lab.node("modcache")).outcome == "ok"
    zip_path.chmod(0o644)
    with zipfile.ZipFile(zip_path, "w") as archive:  # same names, different content: a tampered cache
        archive.writestr("example.com/hello@v1.1.0/go.mod", "module example.com/hello\n\ngo 1.21\n")
        archive.writestr("example.com/hello@v1.1.0/hello.go", "package hello // altered\n")
    result = await lab.node("modcache")
    assert result.outcome == "corrupt" and result.status == "fail"
    found = finding(result, "modcache.corrupt")
    assert "example.com/hello@v1.1.0: the zip hashes to h1:" in found.evidence[0]
    remedy = found.remedy
    assert remedy.kind == "clean-modcache" and remedy.commands == (("go", "clean", "-modcache"),)
    assert str(lab.go_env.modcache) in remedy.confirm and "downloaded again" in remedy.confirm

    env = await read_environment()
    refused = await apply_remedy(remedy, env)
    assert not refused.ok and refused.hint == remedy.confirm and zip_path.exists()
    cleaned = await apply_remedy(remedy, env, confirmed=True)
    assert cleaned.ok, cleaned.message
    assert not (lab.go_env.modcache / "cache").exists()


async def test_a_truncated_zip_counts_as_corrupt(lab: Lab) -> None:
    zip_path = download(lab)
    zip_path.chmod(0o644)
    zip_path.write_bytes(zip_path.read_bytes()[:40])
    found = finding(await lab.node("modcache"), "modcache.corrupt")
    assert found.remedy.kind == "clean-modcache"
    assert "example.com/hello@v1.1.0" in found.evidence[0]
