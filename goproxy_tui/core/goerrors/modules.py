"""Module, checksum, project, version-control, toolchain and GOAUTH texts (src/cmd/go/internal/...)."""

from __future__ import annotations

from goproxy_tui.core.goerrors.entry import Entry
from goproxy_tui.i18n import N_

_M = "go: example.com/m@v1.0.0: "
_TRIAGE = N_("do not edit or delete go.sum: 'gotui check' compares the go.sum line, the checksum database and "
             "each mirror's copy and names the side that is wrong")
_CLEAN_CACHE = N_("the module cache was changed after the download: 'go clean -modcache' removes it and Go "
                  "downloads again ('gotui check' shows its size first)")
_SUMDB_MISMATCH = N_("The download does not match the checksum database (SECURITY ERROR): a mirror or the "
                     "origin serves other content.")
_SWITCH_AWAY = N_("switch to another mirror ('gotui mirrors', 'gotui use NAME') and report the one that serves "
                  "other content; keep verification on")
_TIDY = N_("run 'go mod tidy' (or the command Go printed) and commit go.mod and go.sum")
_VERSIONS = N_("check the path and version: 'gotui module PATH@VERSION' lists the versions the proxy has")
_MAJOR = N_("v2 and later live at a path ending in /vN: use e.g. example.com/m/v2@v2.0.0, or a version "
            "that matches the path")
_GOAUTH = N_("fix GOAUTH ('go help goauth'); 'gotui unset GOAUTH' restores the default (netrc)")
_NEWER_GO = N_("install the Go version the project needs (https://go.dev/dl/ or https://golang.google.cn/dl/), "
               "or let Go switch (GOTOOLCHAIN=auto) through a mirror that serves golang.org/toolchain")

MODULES: tuple[Entry, ...] = (
    # ------------------------------------------------------------------ checksums (modfetch/fetch.go)
    # haveModSumLocked: "verifying %s@%s: checksum mismatch\n\tdownloaded: %v\n\tgo.sum:     %v" + goSumMismatch
    Entry("checksum-mismatch", "verify", ("checksum mismatch",),
          N_("The download does not match the hash recorded in go.sum (SECURITY ERROR)."), _TRIAGE,
          "verifying example.com/m@v1.0.0: checksum mismatch", rank=30,
          unless=("verifying module:", "verifying go.mod:")),
    # goSumMismatch: the SECURITY ERROR paragraph alone
    Entry("checksum-mismatch", "verify", ("This download does NOT match an earlier download recorded in go.sum",),
          N_("The download does not match the hash recorded in go.sum (SECURITY ERROR)."), _TRIAGE,
          "This download does NOT match an earlier download recorded in go.sum.", rank=30),
    # checkSumDB: "verifying %s: checksum mismatch\n\tdownloaded: %v\n\t%s: %v" + sumdbMismatch
    Entry("sumdb-mismatch", "verify", ("verifying module: checksum mismatch",),
          _SUMDB_MISMATCH, _SWITCH_AWAY, _M + "verifying module: checksum mismatch", rank=31),
    Entry("sumdb-mismatch", "verify", ("verifying go.mod: checksum mismatch",),
          _SUMDB_MISMATCH, _SWITCH_AWAY, _M + "verifying go.mod: checksum mismatch", rank=31),
    Entry("sumdb-mismatch", "verify", ("This download does NOT match the one reported by the checksum server",),
          _SUMDB_MISMATCH, _SWITCH_AWAY,
          "This download does NOT match the one reported by the checksum server.", rank=30),
    # checkSumDB: "verifying %s: checksum missing from sumdb response" + sumdbAbsent
    Entry("sumdb-missing", "sumdb", ("checksum missing from sumdb response",),
          N_("The checksum database answered without this module's hash: it or a mirror relaying it malfunctions."),
          N_("retry; if it persists, use a mirror whose checksum-database proxy works ('gotui mirrors' shows it)"),
          _M + "verifying module: checksum missing from sumdb response", rank=30),
    # modcmd/verify.go: "%s %s: dir has been modified (%v)" / "zip has been modified"
    Entry("cache-modified", "modcache", ("has been modified",),
          N_("A module in the cache was changed after it was downloaded."), _CLEAN_CACHE,
          "example.com/m v1.0.0: dir has been modified (/home/u/go/pkg/mod/example.com/m@v1.0.0)", rank=20),
    # archive/zip/reader.go: ErrFormat
    Entry("corrupt-zip", "modcache", ("zip: not a valid zip file",),
          N_("A module zip is damaged (an interrupted download or a mirror that sent something else)."), _CLEAN_CACHE,
          _M + "zip: not a valid zip file", rank=20),
    # modload/import.go: ImportMissingSumError, and "missing go.sum entry" + suggestion (go.mod files)
    Entry("missing-gosum", "gomod", ("missing go.sum entry",),
          N_("go.sum lacks the checksum Go needs to verify a module."),
          N_("run the command Go printed (e.g. 'go mod download MODULE'), or 'go mod tidy', so go.sum gets the entry"),
          "main.go:3:8: missing go.sum entry for module providing package example.com/m (imported by x); to add:",
          rank=20),
    # modfetch/fetch.go: ErrGoSumDirty
    Entry("gosum-needs-update", "gomod", ("updates to go.sum needed",),
          N_("go.sum must be updated, and -mod=readonly forbids Go to do it."), _TIDY,
          "go: updates to go.sum needed, disabled by -mod=readonly", rank=20),
    # ------------------------------------------------------------------ versions and paths
    # modfetch/codehost/codehost.go: UnknownRevisionError "unknown revision " + rev
    Entry("unknown-revision", "module", ("unknown revision",),
          N_("The version does not exist in the module's repository (no such tag, branch or commit)."), _VERSIONS,
          "go: example.com/m@v1.9.9: invalid version: unknown revision v1.9.9", rank=40),
    # x/mod/module/module.go: InvalidVersionError "invalid version: …"
    Entry("invalid-version", "module", ("invalid version",),
          N_("The version is not valid for this module."), _VERSIONS,
          "go: example.com/m@1.0: invalid version: not a semantic version", rank=30,
          unless=("exit status",)),  # 'invalid version: git ls-remote … exit status 128:' the reason follows
    # modfetch/coderepo.go: "+incompatible suffix not allowed: …"
    Entry("incompatible-version", "module", ("+incompatible suffix not allowed",),
          N_("+incompatible is only for v2+ tags of modules without a go.mod."), _MAJOR,
          "go: example.com/m@v2.0.0+incompatible: invalid version: +incompatible suffix not allowed: module "
          "contains a go.mod file, so semantic import versioning is required", rank=36),
    # modfetch/coderepo.go: "module contains a go.mod file, so module path must match major version (%q)"
    Entry("major-version-mismatch", "module", ("module path must match major version",),
          N_("The version's major (v2+) does not match the module path's /vN suffix."), _MAJOR,
          'go: example.com/m@v2.0.0: invalid version: module contains a go.mod file, so module path must match '
          'major version ("example.com/m/v2")', rank=35),
    # x/mod/module/module.go CheckPathMajor: "should be %s, not %s"
    Entry("major-version-mismatch", "module", ("invalid version: should be v",),
          N_("The version's major (v2+) does not match the module path's /vN suffix."), _MAJOR,
          "go: example.com/m@v2.0.0: invalid version: should be v0 or v1, not v2", rank=35),
    # x/mod/module/module.go InvalidVersionError.Error: '%s %q invalid: %s' (go.mod parse: require lines)
    Entry("major-version-mismatch", "module", ("invalid: should be v",),
          N_("The version's major (v2+) does not match the module path's /vN suffix."), _MAJOR,
          'go.mod:5: require example.com/m: version "v2.0.0" invalid: should be v0 or v1, not v2', rank=35),
    # modfetch/coderepo.go: "go.mod has non-…/vN module path" / "go.mod has post-v%s module path"
    Entry("major-version-mismatch", "module", ("go.mod has non-",),
          N_("The version's major (v2+) does not match the module path's /vN suffix."), _MAJOR,
          'go: example.com/m/v3@v1.0.0: invalid version: go.mod has non-.../v3 module path "example.com/m" '
          "(and .../v3/go.mod does not exist) at revision v1.0.0", rank=35),
    Entry("major-version-mismatch", "module", ("go.mod has post-v",),
          N_("The version's major (v2+) does not match the module path's /vN suffix."), _MAJOR,
          'go: example.com/m@v1.0.0: invalid version: go.mod has post-v1 module path "example.com/m/v2" at '
          "revision v1.0.0", rank=35),
    # modload/modfile.go: "parsing go.mod:\n\tmodule declares its path as: %s\n\t        but was required as: %s"
    Entry("path-mismatch", "module", ("module declares its path as",),
          N_("The module's go.mod declares another path than the one it is required by."),
          N_("require the module by the path its go.mod declares (and import that path), or add a replace "
             "directive if you use a fork"),
          "\tmodule declares its path as: example.com/elsewhere", rank=30),
    # x/mod/module/module.go + modload: 'malformed module path %q: %v'
    Entry("malformed-module-path", "module", ("malformed module path",),
          N_("The module path is not valid by Go's rules."),
          N_("module paths look like host.tld/path, without spaces; 'gotui module PATH' checks one by Go's rules"),
          'go: example.com/Bad Path@v1.0.0: malformed module path "example.com/Bad Path": invalid char \' \'',
          rank=30),
    # modload/query.go: NoMatchingVersionError
    Entry("no-matching-versions", "module", ("no matching versions for query",),
          N_("No version of the module matches the query."), _VERSIONS,
          'go: example.com/m@v9: no matching versions for query "v9"', rank=20),
    # ------------------------------------------------------------------ the project (modload)
    # modload/vendor.go: "inconsistent vendoring in %s:%s …"
    Entry("inconsistent-vendoring", "gomod", ("inconsistent vendoring",),
          N_("vendor/modules.txt does not match go.mod (or -mod=vendor is set without a vendor directory)."),
          N_("run 'go mod vendor' to sync vendor/, or drop -mod=vendor from GOFLAGS if the project does not vendor"),
          "go: inconsistent vendoring in /home/u/project:", rank=20),
    # modload/init.go: "updates to go.mod needed…"
    Entry("gomod-needs-update", "gomod", ("updates to go.mod needed",),
          N_("go.mod is incomplete, and -mod=readonly (or the command) forbids Go to fix it."), _TIDY,
          "go: updates to go.mod needed; to update it:", rank=20),
    # modload/init.go, modget/get.go: "go.mod file not found in current directory or any parent directory"
    Entry("no-gomod", "toolchain", ("go.mod file not found",),
          N_("There is no go.mod here: the command must run inside a module."),
          N_("run it in the project's directory (where go.mod is), or create a module with 'go mod init PATH'"),
          "go: go.mod file not found in current directory or any parent directory; see 'go help modules'", rank=20),
    # modload/import.go: ImportMissingError
    Entry("missing-package", "gomod", ("no required module provides package",),
          N_("No module in go.mod provides an imported package."),
          N_("run 'go get PACKAGE' for the package Go names, or 'go mod tidy'"),
          "main.go:3:8: no required module provides package example.com/m/p; to add it:", rank=20),
    Entry("missing-package", "gomod", ("cannot find module providing package",),
          N_("No module in go.mod provides an imported package."),
          N_("run 'go get PACKAGE' for the package Go names, or 'go mod tidy'"),
          "main.go:3:8: cannot find module providing package example.com/m/p: import lookup disabled by "
          "-mod=readonly", rank=15),
    # modload/import.go: AmbiguousImportError "ambiguous import: found package %s in multiple %s:"
    Entry("ambiguous-import", "gomod", ("ambiguous import",),
          N_("Two required modules both provide the same package."),
          N_("remove the requirement that should not provide it (then 'go mod tidy'), or upgrade so only one "
             "module contains the package"),
          "main.go:3:8: ambiguous import: found package example.com/a/b in multiple modules:", rank=20),
    # ------------------------------------------------------------------ version control (direct)
    # git's own text (Go sets GIT_TERMINAL_PROMPT=0: modload/init.go; modfetch/codehost/git.go adds help)
    Entry("terminal-prompts-disabled", "private", ("terminal prompts disabled",),
          N_("git needs credentials for the repository and may not ask for them (Go disables prompts)."),
          N_("give git the credentials (a credential helper, ~/.netrc, or an SSH URL via 'git config "
             "url.\"git@HOST:\".insteadOf https://HOST/'); if the module is private, list its path in GOPRIVATE"),
          "\tfatal: could not read Username for 'https://git.example.com': terminal prompts disabled", rank=30),
    # vcs/vcs.go: "no %sprotocol found for repository"
    Entry("no-secure-protocol", "private", ("no secure protocol found for repository",),
          N_("git could not reach the repository over https or ssh."),
          N_("check the repository URL, git's credentials and the network; do not allow insecure protocols"),
          "go: git.example.com/r.git@v1.0.0: no secure protocol found for repository", rank=20),
    # vcs/vcs.go: "GOVCS disallows using %s for %s %s; see 'go help vcs'"
    Entry("govcs-disallowed", "private", ("GOVCS disallows using",),
          N_("GOVCS forbids the version control tool this module needs."),
          N_("allow the tool for that path only, e.g. GOVCS=git.example.com:git ('go help vcs')"),
          "go: git.example.com/r.git@v1.0.0: GOVCS disallows using git for private git.example.com/r.git; "
          "see 'go help vcs'", rank=20),
    # vcs/vcs.go: 'unrecognized import path %q: %v'
    Entry("unrecognized-import-path", "private", ("unrecognized import path",),
          N_("The host did not answer Go's ?go-get=1 lookup for the import path."),
          N_("check the path; a private host must be reachable from here and its modules listed in GOPRIVATE"),
          'go: git.example.com/m@v1.0.0: unrecognized import path "git.example.com/m": https fetch: Get '
          '"https://git.example.com/m?go-get=1": dial tcp 203.0.113.7:443: connect: connection refused', rank=35),
    # ------------------------------------------------------------------ toolchain
    # gover/toolchain.go TooNewError: "%v requires go >= %v (running go %v%v)"
    Entry("requires-newer-go", "gomod", ("requires go >=",),
          N_("The project (or a dependency) needs a newer Go than this one."), _NEWER_GO,
          "go: go.mod requires go >= 1.99 (running go 1.27.3; GOTOOLCHAIN=local)", rank=20),
    # toolchain/switch.go: "go: %v requires go >= %v; switching to %v"
    Entry("toolchain-switch", "gomod", ("requires go >=", "; switching to "),
          N_("Go is downloading another toolchain through GOPROXY."),
          N_("behind a firewall that needs a mirror that serves golang.org/toolchain, or install that Go locally"),
          "go: module example.com/m requires go >= 1.99.0; switching to go1.99.0", rank=21),
    # toolchain/select.go: "download %s for %s/%s: toolchain not available"
    Entry("toolchain-unavailable", "gomod", ("toolchain not available",),
          N_("The Go toolchain that go.mod or GOTOOLCHAIN asks for cannot be downloaded."), _NEWER_GO,
          "go: download go1.99.0 for linux/amd64: toolchain not available", rank=20),
    Entry("toolchain-unavailable", "gomod", ("invalid toolchain:",),
          N_("The Go toolchain that go.mod or GOTOOLCHAIN asks for cannot be downloaded."), _NEWER_GO,
          "go: invalid toolchain: go1.99 is a language version but not a toolchain version (go1.99.x)", rank=20),
    # ------------------------------------------------------------------ settings
    # auth/auth.go: base.Fatalf for a malformed GOAUTH
    Entry("goauth-invalid", "toolchain", ("GOAUTH encountered an empty command",),
          N_("GOAUTH is malformed: every download fails."), _GOAUTH,
          "go: GOAUTH encountered an empty command (GOAUTH=netrc;;)", rank=20),
    Entry("goauth-invalid", "toolchain", ("GOAUTH=off cannot be combined",),
          N_("GOAUTH is malformed: every download fails."), _GOAUTH,
          "go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)", rank=20),
    Entry("goauth-invalid", "toolchain", ("GOAUTH=git encountered an error",),
          N_("GOAUTH is malformed: every download fails."), _GOAUTH,
          "go: GOAUTH=git encountered an error; cannot stat /nonexistent: no such file or directory", rank=20),
    Entry("goauth-invalid", "toolchain", ("GOAUTH=git dir method",),
          N_("GOAUTH is malformed: every download fails."), _GOAUTH,
          "go: GOAUTH=git dir method requires an absolute path to the git working directory", rank=20),
    # auth/auth.go (with -x): "GOAUTH encountered errors for %s:"; auth/userauth.go command errors
    Entry("goauth-failed", "goproxy", ("GOAUTH encountered errors for",),
          N_("The GOAUTH command failed, so Go sent no credentials."),
          N_("run the GOAUTH command by hand to see why it fails ('go help goauth')"),
          "2026/12/04 21:00:00 GOAUTH encountered errors for https://proxy.example.com/m/@v/list:", rank=20),
    Entry("goauth-failed", "goproxy", ("GOAUTH=", ": could not run command"),
          N_("The GOAUTH command failed, so Go sent no credentials."),
          N_("run the GOAUTH command by hand to see why it fails ('go help goauth')"),
          "2026/12/04 21:00:00   GOAUTH=false: could not run command false: exit status 1", rank=21),
    Entry("goauth-failed", "goproxy", ("cannot parse output of GOAUTH command",),
          N_("The GOAUTH command failed, so Go sent no credentials."),
          N_("run the GOAUTH command by hand to see why it fails ('go help goauth')"),
          "2026/12/04 21:00:00   GOAUTH=echo x: cannot parse output of GOAUTH command echo x: "
          "no blank line after headers", rank=22),
    # modfetch/sumdb.go: dbDial
    Entry("gosumdb-invalid", "sumdb", ("invalid GOSUMDB",),
          N_("GOSUMDB is malformed."),
          N_("'gotui unset GOSUMDB' restores the default (sum.golang.org), or use a mirror's checksum-database proxy"),
          "go: example.com/m@v1.0.0: verifying module: invalid GOSUMDB: malformed verifier id", rank=20),
    Entry("sumdb-off", "sumdb", ("checksum database disabled by GOSUMDB=off",),
          N_("Checksum verification is turned off (GOSUMDB=off)."),
          N_("'gotui unset GOSUMDB' turns verification back on"),
          _M + "verifying module: checksum database disabled by GOSUMDB=off", rank=20),
)
