"""The user's own download, in their project: each case first shows plain ``go`` failing, then gotui's
finding and remedy, and (where a safe fix exists) that ``gotui check --fix`` makes that same ``go``
command succeed. Real ``go``, real ``gotui`` processes, loopback mirrors only."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import diag_lab
from diag_lab import Lab
from helpers import gotui
from loopnet.goproxy_server import FaultMode
from loopnet.modules import default_modules, make_module

lab = diag_lab.lab
GOOD_SUM = (
    "example.com/hello v1.1.0 h1:vCnK3dZOG+CnEO+UvYBKVaB/KlAtqGqy5Ak1Uxfh8DI=\n"
    "example.com/hello v1.1.0/go.mod h1:NnGvEkTHyKKlgPcQSue0skqyqiS1EfBSAh+0WaWZYmE=\n"
)


def project(lab: Lab, gosum: str | None = GOOD_SUM, requires: str = "example.com/hello v1.1.0",
            imports: str = "example.com/hello", go_line: str = "1.21") -> Path:
    root = lab.tmp / "app"
    root.mkdir()
    (root / "go.mod").write_text(f"module example.com/app\n\ngo {go_line}\n\nrequire {requires}\n", encoding="utf-8")
    if gosum is not None:
        (root / "go.sum").write_text(gosum, encoding="utf-8")
    (root / "main.go").write_text(f'package main\n\nimport _ "{imports}"\n\nfunc main() {{}}\n', encoding="utf-8")
    return root


def go_build(root: Path) -> subprocess.CompletedProcess[str]:
    """What the user runs: ``go build ./...`` with their settings."""
    return subprocess.run(["go", "build", "./..."], cwd=root, env=dict(os.environ), capture_output=True,
                          text=True, timeout=60)


def check(root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    done = gotui("check", "--json", "--dir", str(root), *extra, cwd=root)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert_never_weakens(report)  # whatever the case: no remedy turns verification off
    return done.returncode, report


def findings(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in report["findings"]}


def assert_never_weakens(report: dict[str, Any]) -> None:
    for f in report["findings"]:
        for remedy in [f.get("remedy"), *f.get("alternatives", [])]:
            if not remedy:
                continue
            env = remedy.get("env") or {}
            assert env.get("GOSUMDB") != "off" and "GOINSECURE" not in env, remedy
            assert env.get("GONOSUMDB") not in ("*", "*/*"), remedy
            assert "-insecure" not in str(env.get("GOFLAGS")), remedy
            text = json.dumps(remedy)
            assert "GOSUMDB=off" not in text and "rm go.sum" not in text and "delete go.sum" not in text, remedy


def files_of(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()}


def tampered_modules() -> dict[str, Any]:
    modules = default_modules()
    evil = make_module("example.com/hello", [("v1.0.0", "2024-01-01T00:00:00Z"), ("v1.1.0", "2024-02-01T00:00:00Z")],
                       files={"evil.go": b"package hello\n\nfunc init() { /* a backdoor */ }\n"})
    modules[evil.escaped] = evil
    return modules


def test_a_wrong_gosum_hash_is_blamed_on_gosum_when_every_mirror_agrees(lab: Lab) -> None:
    second = lab.proxy()
    lab.config(mirrors={"good": lab.good.url, "second": second.url})
    root = project(lab, GOOD_SUM.replace("h1:vCnK", "h1:AAAA", 1))
    assert "SECURITY ERROR" in go_build(root).stderr
    before = files_of(root)

    code, report = check(root)
    assert code == 1 and report["ok"] is False
    found = findings(report)["verify.checksum-gosum"]
    assert "go.sum" in found["detail"] and "stale or was edited by hand" in found["detail"]
    evidence = "\n".join(found["evidence"])
    assert lab.good.url in evidence and second.url in evidence and "h1:vCnK3dZOG" in evidence
    assert found["remedy"]["applicable"] is False and "git checkout -- go.sum" in json.dumps(found["remedy"])
    assert "clean-modcache" not in json.dumps(found)  # not "clean the module cache"
    assert files_of(root) == before  # the project's files are untouched


def test_a_tampering_mirror_is_named_and_fix_switches_to_the_honest_one(lab: Lab) -> None:
    tamper = lab.proxy(modules=tampered_modules())
    lab.goenv(GOPROXY=tamper.url)
    lab.config(mirrors={"good": lab.good.url, "tamper": tamper.url})
    root = project(lab)
    assert "SECURITY ERROR" in go_build(root).stderr

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.checksum-mirror"]
    assert tamper.url in found["detail"] and "report it to the operator" in json.dumps(found["remedy"])
    assert found["remedy"]["kind"] == "switch-mirror" and found["remedy"]["mirror"] == "good"

    code, report = check(root, "--fix")
    assert code == 0, report.get("verification_after_fix")
    assert report["verification_after_fix"]["ok"] is True
    assert tamper.url not in lab.go_env.envfile.read_text(encoding="utf-8")
    assert go_build(root).returncode == 0


def test_goflags_mod_vendor_without_vendor_dir_is_fixed_in_goflags(lab: Lab) -> None:
    lab.os_env(GOFLAGS=None)
    lab.goenv(GOPROXY=lab.good.url, GOFLAGS="-mod=vendor")
    root = project(lab)
    assert "inconsistent vendoring" in go_build(root).stderr

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.vendor-missing"]
    assert "-mod=vendor" in found["detail"] and found["remedy"]["env"] == {"GOFLAGS": None}

    code, report = check(root, "--fix")
    assert code == 0 and "GOFLAGS" not in lab.go_env.envfile.read_text(encoding="utf-8")
    assert go_build(root).returncode == 0


def test_a_missing_gosum_entry_is_added_by_fix_with_the_command_go_suggests_and_undo_restores_it(lab: Lab) -> None:
    lab.os_env(GOFLAGS=None)
    root = project(lab, gosum="")
    assert "missing go.sum entry" in go_build(root).stderr

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.gosum-missing"]
    assert found["remedy"]["commands"] == [["go", "mod", "download", "example.com/hello"]]
    assert (root / "go.sum").read_text(encoding="utf-8") == ""  # diagnosing wrote nothing

    code, report = check(root, "--fix")
    assert code == 0, report["fixes"]
    assert "example.com/hello v1.1.0/go.mod h1:" in (root / "go.sum").read_text(encoding="utf-8")
    assert go_build(root).returncode == 0
    undone = gotui("undo", cwd=root)
    assert undone.returncode == 0, undone.stderr
    assert (root / "go.sum").read_text(encoding="utf-8") == ""


def test_a_path_mismatch_names_both_paths(lab: Lab) -> None:
    modules = default_modules()
    moved = make_module("example.com/old", [("v1.0.0", "2024-01-01T00:00:00Z")])
    moved.versions[0].files["go.mod"] = b"module example.com/new\n\ngo 1.21\n"
    modules[moved.escaped] = moved
    mirror = lab.proxy(modules=modules)
    lab.goenv(GOPROXY=mirror.url)
    lab.config(mirrors={"mirror": mirror.url})
    root = project(lab, gosum="", requires="example.com/old v1.0.0", imports="example.com/old")
    assert "declares its path as" in go_build(root).stderr

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.path-mismatch"]
    assert "example.com/new" in found["detail"] and "example.com/old" in found["detail"]
    assert found["remedy"]["applicable"] is False


def test_a_project_needing_a_newer_go_is_not_reported_fixed(lab: Lab) -> None:
    root = project(lab, go_line="1.99")
    assert "requires go >= 1.99" in go_build(root).stderr

    code, report = check(root, "--fix")
    assert code == 1
    assert "verify.toolchain-needed" in findings(report)
    again = report.get("verification_after_fix")
    assert again is None or again["ok"] is False


def test_a_project_needing_a_newer_go_under_gotoolchain_auto(lab: Lab) -> None:
    lab.os_env(GOTOOLCHAIN=None)
    lab.goenv(GOPROXY=lab.good.url, GOTOOLCHAIN="auto")
    root = project(lab, go_line="1.99")
    assert "toolchain not available" in go_build(root).stderr or go_build(root).returncode != 0

    code, report = check(root)
    assert code == 1 and report["ok"] is False
    assert any(f["severity"] == "error" for f in report["findings"])


def test_the_proof_goes_over_the_network_not_the_cache(lab: Lab) -> None:
    root = project(lab)
    assert go_build(root).returncode == 0  # the module is now in the user's cache
    broken = lab.proxy()
    broken.set_fault(FaultMode.STATUS, status=500)
    lab.goenv(GOPROXY=broken.url)
    assert go_build(root).returncode == 0  # plain go succeeds from the cache, whatever the mirror does

    code, report = check(root)
    assert code == 1
    assert report["verify"]["from_cache"] is False and report["verify"]["ok"] is False, report["verify"]
    assert report["verify"]["kind"] == "project"


def test_a_given_command_runs_on_copies_and_reports_what_it_fetched(lab: Lab) -> None:
    root = project(lab, gosum=None, requires="example.com/hello v1.0.0")
    before = files_of(root)

    code, report = check(root, "--", "go", "get", "example.com/hello@v1.1.0")
    assert code == 0, report["findings"]
    verify = report["verify"]
    assert verify["command"] == "go get example.com/hello@v1.1.0" and verify["kind"] == "command"
    assert verify["mirror"] == lab.good.url and verify["bytes"] > 0 and verify["from_cache"] is False
    assert verify["seconds"] > 0
    assert files_of(root) == before  # go get changed only gotui's copies


def test_a_bad_command_after_dashes_is_a_one_line_error(lab: Lab) -> None:
    done = gotui("check", "--", "go", "-x", cwd=lab.workdir)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "verb" in done.stderr


def tool_modules() -> dict[str, Any]:
    modules = default_modules()
    tool = make_module("example.com/tool", [("v1.0.0", "2024-01-01T00:00:00Z")],
                       files={"cmd/x/main.go": b"package main\n\nfunc main() {}\n"})
    modules[tool.escaped] = tool
    return modules


def test_a_go_install_package_path_resolves_to_its_module_and_is_never_called_private(lab: Lab) -> None:
    mirror = lab.proxy(modules=tool_modules())
    lab.goenv(GOPROXY=mirror.url)
    lab.config(mirrors={"mirror": mirror.url})
    installed = subprocess.run(["go", "install", "example.com/tool/cmd/x@v1.0.0"], cwd=lab.workdir,
                               env=dict(os.environ, GOBIN=str(lab.tmp / "bin")), capture_output=True, text=True,
                               timeout=60)
    assert installed.returncode == 0, installed.stderr  # go itself fetches it fine

    done = gotui("check", "--json", "--module", "example.com/tool/cmd/x@v1.0.0", cwd=lab.workdir)
    report = json.loads(done.stdout)
    assert done.returncode == 0, report["findings"]
    assert report["route"]["module"] == "example.com/tool" and report["route"]["resolved_from_package"] is True
    assert "GOPRIVATE" not in json.dumps(report["findings"])

    done = gotui("check", "--json", "--", "go", "install", "example.com/tool/cmd/x@v1.0.0", cwd=lab.workdir)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["verify"]["command"] == "go install example.com/tool/cmd/x@v1.0.0"
    assert not (lab.go_env.gopath / "bin" / "x").exists()  # the binary went to gotui's temporary GOBIN


def test_a_private_module_through_a_company_mirror_needs_gonosumdb_not_goprivate(lab: Lab) -> None:
    lab.os_env(GONOSUMDB=None, GOFLAGS=None)  # the mirror proxies sum.golang.org, which lacks the module
    lab.goenv(GOPROXY=lab.good.url)
    root = project(lab, gosum="")
    failed = subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=root,
                            env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert "/lookup/example.com/hello@v1.1.0: 404 Not Found" in failed.stdout

    code, report = check(root, "--module", "example.com/hello@v1.1.0")
    assert code == 1
    found = findings(report)["verify.sumdb-unknown"]
    assert found["remedy"]["env"] == {"GONOSUMDB": "example.com"}
    assert "not GOPRIVATE" in json.dumps(found["remedy"])

    code, report = check(root, "--module", "example.com/hello@v1.1.0", "--fix")
    assert code == 0, report["fixes"]
    assert "GONOSUMDB=example.com" in lab.go_env.envfile.read_text(encoding="utf-8")
    assert "GOPRIVATE" not in lab.go_env.envfile.read_text(encoding="utf-8")


def test_a_private_module_hitting_the_public_proxys_410_is_offered_goprivate_and_a_public_one_never(lab: Lab) -> None:
    public = lab.proxy()
    public.set_fault(FaultMode.STATUS, status=410, path_contains="corp.example")
    lab.goenv(GOPROXY=public.url)
    lab.config(mirrors={"public": public.url})
    failed = subprocess.run(["go", "mod", "download", "-json", "corp.example/lib@v1.0.0"], cwd=lab.workdir,
                            env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert "410 Gone" in failed.stdout

    done = gotui("check", "--json", "--module", "corp.example/lib@v1.0.0", cwd=lab.workdir)
    report = json.loads(done.stdout)
    assert done.returncode == 1
    leak = findings(report)["private.leak"]
    assert leak["remedy"]["env"]["GOPRIVATE"] == "corp.example"

    done = gotui("check", "--json", "--module", "example.com/hello@v1.1.0", cwd=lab.workdir)
    assert "GOPRIVATE" not in json.dumps(json.loads(done.stdout)["findings"])


def test_a_module_fetched_direct_gets_no_findings_about_the_proxies_it_never_contacts(lab: Lab) -> None:
    from loopnet.blackhole import Blackhole

    hole = lab.keep(Blackhole())
    lab.goenv(GOPROXY=hole.url(), GOPRIVATE="corp.example")
    done = gotui("check", "--json", "--module", "corp.example/lib@v1.0.0", cwd=lab.workdir)
    report = json.loads(done.stdout)
    outcomes = {node["id"]: node["outcome"] for node in report["nodes"]}
    assert outcomes["tcp"] == "not-applicable"
    assert not [f for f in report["findings"] if f["node"] in ("dns", "tcp", "tls")]
    assert report["route"]["proxies"] == [] and report["route"]["direct"] is True


def test_a_corrupt_module_cache_is_named_with_its_size_and_the_mirrors_are_not_blamed(lab: Lab) -> None:
    root = project(lab)
    assert go_build(root).returncode == 0
    ziphash = lab.go_env.modcache / "cache" / "download" / "example.com" / "hello" / "@v" / "v1.1.0.ziphash"
    ziphash.chmod(0o644)
    ziphash.write_text("h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", encoding="utf-8")
    assert "SECURITY ERROR" in go_build(root).stderr  # Go trusts its cache: the user's build fails

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.cache-corrupt"]
    assert "example.com/hello@v1.1.0" in found["detail"] and "h1:AAAA" in found["detail"]
    assert found["remedy"]["kind"] == "clean-modcache" and found["remedy"]["confirm"]
    assert " B" in found["remedy"]["summary"] or "KiB" in found["remedy"]["summary"]
    assert "verify.checksum-mirror" not in findings(report)


def test_a_failure_no_specific_rule_claims_is_read_by_the_go_error_catalog(lab: Lab) -> None:
    root = project(lab, gosum="", requires="example.com/hello v2.0.0")
    failed = go_build(root)
    assert failed.returncode != 0 and "v2" in failed.stderr

    code, report = check(root)
    assert code == 1
    found = findings(report)["verify.download-failed"]
    assert found["remedy"]["summary"].startswith("Go reports: "), found
    assert found["remedy"]["summary"] != "read Go's error" and found["remedy"]["instructions"]
