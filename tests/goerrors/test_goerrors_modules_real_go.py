"""Module, checksum and project failures, provoked with the real ``go`` on loopback, read by ``explain``.

A loopback proxy serves real module zips (tests/loopnet/modules.py); the projects are real go.mod,
go.sum and vendor/ set-ups in temporary directories. Each test asserts the finding for Go's actual
stderr: kind, node, and module/version where the text names them.
"""

from __future__ import annotations

import os
from pathlib import Path

import goerr_lab
from goerr_lab import GOMOD_HELLO, HELLO, IMPORTS_HELLO, GoLab, modules
from loopnet.modules import make_module

from goproxy_tui.core.goerrors import explain

WRONG = "h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

golab = goerr_lab.golab


def test_wrong_hash_in_go_sum_is_a_security_error(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("badsum", GOMOD_HELLO, {"main.go": IMPORTS_HELLO},
                            f"example.com/hello v1.1.0 {WRONG}\nexample.com/hello v1.1.0/go.mod {WRONG}\n")
    run = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url, GOFLAGS="")
    assert "SECURITY ERROR" in run.stderr
    found = run.only("checksum-mismatch")
    assert (found.node, found.module, found.version) == ("verify", "example.com/hello", "v1.1.0")
    assert [f.kind for f in run.failures] == ["checksum-mismatch"]  # the SECURITY ERROR paragraph is no second one


def test_tampering_mirror_against_an_honest_go_sum(golab: GoLab) -> None:
    honest = golab.proxy()
    gosum = golab.sums(honest.url, HELLO)
    tampered = make_module("example.com/hello", [("v1.1.0", "2024-02-01T00:00:00Z")],
                           {"backdoor.go": b"package hello\n\nfunc init() {}\n"})
    mirror = golab.proxy(modules(tampered))
    project = golab.project("tampered", GOMOD_HELLO, {"main.go": IMPORTS_HELLO}, gosum)
    run = golab.go("build", "./...", cwd=project, GOPROXY=mirror.url, GOFLAGS="")
    found = run.only("checksum-mismatch")
    assert (found.module, found.version) == ("example.com/hello", "v1.1.0")
    assert golab.go("build", "./...", cwd=project, GOPROXY=honest.url, GOFLAGS="").returncode == 0


def test_missing_go_sum_entry(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("nosum", GOMOD_HELLO, {"main.go": IMPORTS_HELLO})
    found = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url, GOFLAGS="").only("missing-gosum")
    assert found.node == "gomod"


def test_missing_go_sum_entry_for_a_go_mod_file(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("nosum-mod", GOMOD_HELLO, {"main.go": IMPORTS_HELLO})
    found = golab.go("list", "-m", "all", cwd=project, GOPROXY=proxy.url, GOFLAGS="-mod=readonly").only(
        "missing-gosum")
    assert (found.module, found.version) == ("example.com/hello", "v1.1.0")


def test_vendor_mode_without_vendor_directory(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("novendor", GOMOD_HELLO, {"main.go": IMPORTS_HELLO})
    found = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url, GOFLAGS="-mod=vendor").only(
        "inconsistent-vendoring")
    assert found.node == "gomod"


def test_module_declares_another_path(golab: GoLab) -> None:
    renamed = make_module("example.com/other", [("v1.0.0", "2024-01-01T00:00:00Z")],
                          {"go.mod": b"module example.com/elsewhere\n\ngo 1.21\n"})
    proxy = golab.proxy(modules(renamed))
    project = golab.project("declares", "module example.com/project\n\ngo 1.21\n")
    run = golab.go("get", "example.com/other@v1.0.0", cwd=project, GOPROXY=proxy.url)
    found = run.only("path-mismatch")
    assert (found.node, found.module, found.version) == ("module", "example.com/other", "v1.0.0")
    assert "example.com/elsewhere" in found.line


def test_updates_to_go_mod_needed(golab: GoLab) -> None:
    """A dependency needs hello v1.1.0 while go.mod lists v1.0.0; -mod=readonly may not raise it."""
    needs_newer = make_module("example.com/a", [("v1.0.0", "2024-01-01T00:00:00Z")],
                              {"go.mod": b"module example.com/a\n\ngo 1.21\n\nrequire example.com/hello v1.1.0\n"})
    proxy = golab.proxy(modules(needs_newer))
    gosum = golab.sums(proxy.url, "example.com/a@v1.0.0", "example.com/hello@v1.0.0", HELLO)
    gomod = ("module example.com/project\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n"
             "\texample.com/hello v1.0.0\n)\n")
    main = 'package main\n\nimport (\n\t_ "example.com/a"\n\t_ "example.com/hello"\n)\n\nfunc main() {}\n'
    project = golab.project("updates", gomod, {"main.go": main}, gosum)
    found = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url, GOFLAGS="-mod=readonly").only(
        "gomod-needs-update")
    assert found.node == "gomod"


def test_ambiguous_import(golab: GoLab) -> None:
    outer = make_module("example.com/a", [("v1.0.0", "2024-01-01T00:00:00Z")], {"b/b.go": b"package b\n"})
    inner = make_module("example.com/a/b", [("v1.0.0", "2024-01-01T00:00:00Z")], package="b")
    proxy = golab.proxy(modules(outer, inner))
    gomod = "module example.com/project\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/a/b v1.0.0\n)\n"
    project = golab.project("ambiguous", gomod, {"main.go": 'package main\n\nimport _ "example.com/a/b"\n\nfunc main() {}\n'})
    found = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url).only("ambiguous-import")
    assert found.node == "gomod"


def test_package_no_module_provides(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("noreq", "module example.com/project\n\ngo 1.21\n", {"main.go": IMPORTS_HELLO})
    for flags in ("", "-mod=readonly"):
        found = golab.go("build", "./...", cwd=project, GOPROXY=proxy.url, GOFLAGS=flags).only("missing-package")
        assert found.node == "gomod"


def test_no_go_mod(golab: GoLab) -> None:
    proxy = golab.proxy()
    assert golab.go("get", HELLO, GOPROXY=proxy.url).only("no-gomod").node == "toolchain"


def test_malformed_module_path(golab: GoLab) -> None:
    proxy = golab.proxy()
    found = golab.go("mod", "download", "example.com/Bad Path@v1.0.0", GOPROXY=proxy.url).only(
        "malformed-module-path")
    assert (found.node, found.module, found.version) == ("module", "example.com/Bad Path", "v1.0.0")


def test_version_that_is_not_semver(golab: GoLab) -> None:
    proxy = golab.proxy()
    found = golab.go("mod", "download", "example.com/hello@1.0", GOPROXY=proxy.url).only("invalid-version")
    assert (found.node, found.module, found.version) == ("module", "example.com/hello", "1.0")


def test_cache_modified_after_download(golab: GoLab) -> None:
    proxy = golab.proxy()
    cache = str(golab.tmp / "shared-cache")
    project = golab.project("verify", GOMOD_HELLO, {"main.go": IMPORTS_HELLO})
    assert golab.go("mod", "download", cwd=project, GOPROXY=proxy.url, GOMODCACHE=cache).returncode == 0
    source = Path(cache) / "example.com" / "hello@v1.1.0" / "hello.go"
    os.chmod(source.parent, 0o755)
    os.chmod(source, 0o644)
    source.write_text("package hello\n\n// changed after the download\n", encoding="utf-8")
    found = golab.go("mod", "verify", cwd=project, GOPROXY=proxy.url, GOMODCACHE=cache).only("cache-modified")
    assert (found.node, found.module, found.version) == ("modcache", "example.com/hello", "v1.1.0")


def test_zip_that_is_not_a_zip(golab: GoLab) -> None:
    from loopnet.goproxy_server import FaultMode

    proxy = golab.proxy()
    proxy.set_fault(FaultMode.WRONG_CONTENT, path_contains=".zip")
    assert golab.go("mod", "download", HELLO, GOPROXY=proxy.url).only("corrupt-zip").node == "modcache"


def test_requires_newer_go_under_gotoolchain_local(golab: GoLab) -> None:
    project = golab.project("newgo", "module example.com/project\n\ngo 1.99\n",
                            {"main.go": "package main\n\nfunc main() {}\n"})
    found = golab.go("build", "./...", cwd=project, GOTOOLCHAIN="local").only("requires-newer-go")
    assert found.node == "gomod"


def test_toolchain_not_available_under_auto(golab: GoLab) -> None:
    proxy = golab.proxy()
    project = golab.project("newgo", "module example.com/project\n\ngo 1.99\n",
                            {"main.go": "package main\n\nfunc main() {}\n"})
    run = golab.go("build", "./...", cwd=project, GOTOOLCHAIN="auto", GOPROXY=proxy.url)
    assert run.only("toolchain-unavailable").node == "gomod"
    assert golab.go("version", GOTOOLCHAIN="go1.99.1", GOPROXY=proxy.url).only("toolchain-unavailable")


def test_goauth_settings_that_break_every_download(golab: GoLab) -> None:
    proxy = golab.proxy()
    for goauth in ("netrc;;", "off;netrc", "git relative/dir"):
        found = golab.go("mod", "download", HELLO, GOPROXY=proxy.url.replace("http:", "https:"),
                         GOAUTH=goauth).only("goauth-invalid")
        assert found.node == "toolchain"


def test_goauth_command_that_fails(golab: GoLab, tmp_path: Path) -> None:
    """With -x Go logs why its GOAUTH command gave no credentials (auth/auth.go)."""
    from loopnet.goproxy_server import FaultMode, GoproxyServer
    from loopnet.tls_servers import TlsCertificates

    certs = TlsCertificates.create(tmp_path)
    server = golab.keep(GoproxyServer(ssl_context=certs.valid).start())
    server.set_fault(FaultMode.STATUS, status=401)
    run = golab.go("mod", "download", "-x", HELLO, GOPROXY=server.url, SSL_CERT_FILE=str(certs.ca_file),
                   GOAUTH="false")
    kinds = [f.kind for f in run.failures]
    assert kinds[:1] == ["goauth-failed"] and "unauthorized" in kinds, run.stderr


def test_output_of_a_whole_session_keeps_the_order(golab: GoLab, closed_port: int) -> None:
    proxy = golab.proxy()
    refused = golab.go("mod", "download", HELLO, GOPROXY=f"http://127.0.0.1:{closed_port}").stderr
    bad = golab.go("mod", "download", "example.com/hello@1.0", GOPROXY=proxy.url).stderr
    kinds = [f.kind for f in explain("go: downloading example.com/hello v1.1.0\n" + refused + bad + refused)]
    assert kinds == ["connect-refused", "invalid-version"]
