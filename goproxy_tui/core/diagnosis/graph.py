"""The diagnosis flowchart as data: nodes, their outcomes, where each outcome leads, what it may find.

The engine walks this graph from :data:`START`; the wizard draws it and ``gotui check --mermaid``
exports it. Each node asks one question, names the probes that answer it, lists its outcomes (each
with a status and the next node, ``None`` = the end) and the findings it may raise. Every node also
has the outcome ``incomplete``: its evaluation hit the node's time limit or failed unexpectedly,
and the walk goes on as after ``ok``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from goproxy_tui.core.diagnosis.findings import FindingSpec, Severity
from goproxy_tui.i18n import N_  # texts stay English here (JSON); shown with _()

Status = Literal["pass", "warn", "fail", "skip"]
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Outcome:
    id: str
    label: str
    status: Status
    next: str | None  # the next node, None = the end of the walk


@dataclass(frozen=True)
class Node:
    id: str
    number: int
    title: str
    question: str
    probes: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    findings: tuple[FindingSpec, ...] = ()
    prefetch: bool = True  # start as soon as the walk starts (independent of earlier outcomes)
    budget: tuple[float, float] = (6.0, 5.0)  # time limit = budget[0] × probe timeout + budget[1]

    def outcome(self, outcome_id: str) -> Outcome:
        for outcome in self.outcomes:
            if outcome.id == outcome_id:
                return outcome
        raise KeyError(f"node {self.id!r} has no outcome {outcome_id!r}")

    def finding(self, kind: str) -> FindingSpec:
        for spec in self.findings:
            if spec.kind == kind:
                return spec
        raise KeyError(f"node {self.id!r} declares no finding {kind!r}")

    def deadline(self, timeout: float) -> float:
        return self.budget[0] * timeout + self.budget[1]


def _node(
    id: str,
    number: int,
    title: str,
    question: str,
    probes: tuple[str, ...],
    outcomes: list[tuple[str, str, Status, str | None]],
    findings: list[tuple[str, Severity, str]],
    **options: object,
) -> Node:
    built = [Outcome(*o) for o in outcomes]
    after_ok = next(o.next for o in built if o.id == "ok") if any(o.id == "ok" for o in built) else built[0].next
    built.append(Outcome(INCOMPLETE, N_("no answer within the node's time limit"), "warn", after_ok))
    specs = [FindingSpec(*f) for f in findings]
    specs.append(FindingSpec(INCOMPLETE, "warning", N_("This step could not finish")))
    return Node(id, number, title, question, probes, tuple(built), tuple(specs), **options)  # type: ignore[arg-type]


NODES: tuple[Node, ...] = (
    _node(
        "toolchain", 1, N_("Go toolchain and module mode"),
        N_("Is a recent enough Go installed, is module mode on, and is there a go.mod here?"),
        (N_("go version"), N_("go env -json"), N_("go env GOMOD")),
        [
            ("ok", N_("Go works, module mode on"), "pass", "connectivity"),
            ("warnings", N_("Go works, with risky settings"), "warn", "connectivity"),
            ("settings-broken", N_("a Go setting breaks every download"), "fail", "connectivity"),
            ("go-missing", N_("no usable go command"), "fail", None),
        ],
        [
            ("go-missing", "error", N_("No usable go command")),
            ("toolchain-switch", "error", N_("Every go command here tries to download another Go toolchain")),
            ("go-too-old", "error", N_("Go is too old for this configuration")),
            ("module-mode-off", "error", N_("Module mode is off (GO111MODULE=off)")),
            ("goflags-invalid", "error", N_("GOFLAGS is invalid: every go command fails")),
            ("gopath", "warning", N_("GOPATH is not sane")),
            ("env-warning", "warning", N_("A Go setting lowers security or reliability")),
            ("os-override", "warning", N_("The OS environment overrides the go env file")),
        ],
        budget=(2.0, 10.0),
    ),
    _node(
        "connectivity", 2, N_("Basic connectivity"),
        N_("Can any public address be reached at all (TCP to well-known resolvers)?"),
        (N_("tcp connect to each [dns] resolver"),),
        [
            ("ok", N_("public addresses answer"), "pass", "dns"),
            ("proxy-only", N_("direct traffic blocked, an HTTP proxy is set"), "warn", "dns"),
            ("unreachable", N_("no public address answers"), "warn", "dns"),
        ],
        [
            ("offline", "warning", N_("No public address can be reached directly")),
            ("direct-blocked", "info", N_("Direct connections are blocked; Go must go through the HTTP proxy")),
        ],
        budget=(2.0, 2.0),
    ),
    _node(
        "dns", 3, N_("DNS"),
        N_("Does the system resolver answer like public resolvers for every host Go will contact?"),
        (N_("dns: system resolver vs [dns] resolvers for each GOPROXY host, the proxy and the checksum DB"),),
        [
            ("ok", N_("every host resolves consistently"), "pass", "tcp"),
            ("suspicious", N_("answers differ between resolvers"), "warn", "tcp"),
            ("failure", N_("a host does not resolve"), "fail", "tcp"),
            ("poisoned", N_("a host resolves to a forged address"), "fail", "tcp"),
            ("not-applicable", N_("no host names to resolve"), "skip", "tcp"),
        ],
        [
            ("dns-failure", "error", N_("A host Go needs does not resolve")),
            ("dns-timeout", "error", N_("DNS lookups time out")),
            ("no-such-host", "error", N_("A host in the configuration does not exist")),
            ("dns-poisoned", "error", N_("DNS answers are forged")),
            ("answers-differ", "info", N_("Resolvers disagree about a host")),
            ("sumdb-dns", "warning", N_("The checksum database host does not resolve")),
        ],
        budget=(6.0, 3.0),
    ),
    _node(
        "tcp", 4, N_("TCP to each GOPROXY entry"),
        N_("Does every GOPROXY entry (or the HTTP proxy Go goes through) accept a TCP connection?"),
        (N_("tcp connect to each GOPROXY entry, or to HTTPS_PROXY/HTTP_PROXY"),),
        [
            ("ok", N_("every entry Go uses accepts connections"), "pass", "tls"),
            ("fallback-failed", N_("a fallback entry is down"), "warn", "tls"),
            ("first-failed", N_("the first entry Go tries is down"), "fail", "tls"),
            ("all-failed", N_("no entry accepts connections"), "fail", "goproxy"),
            ("not-applicable", N_("no network entry in GOPROXY"), "skip", "tls"),
        ],
        [
            ("connect-timeout", "error", N_("A GOPROXY entry does not answer (connection timeout)")),
            ("connect-refused", "error", N_("A GOPROXY entry refuses connections")),
            ("connect-unreachable", "error", N_("A GOPROXY entry is unreachable")),
            ("dns", "error", N_("A GOPROXY host does not resolve")),
            ("proxy-down", "error", N_("The HTTP proxy Go must use does not accept connections")),
            ("fallback-down", "warning", N_("A fallback GOPROXY entry is down")),
        ],
        budget=(6.0, 3.0),
    ),
    _node(
        "tls", 5, N_("TLS"),
        N_("Is each https entry's certificate trusted, or is TLS intercepted? Is HTTPS_PROXY usable?"),
        (N_("tls handshake with Go's trust store, through HTTPS_PROXY when Go would use it"),),
        [
            ("ok", N_("certificates are trusted"), "pass", "goproxy"),
            ("intercepted", N_("an unknown CA signs the certificate (interception)"), "fail", "goproxy"),
            ("cert-problem", N_("a certificate is expired, for another host or the handshake fails"), "fail", "goproxy"),
            ("proxy-problem", N_("HTTPS_PROXY refuses or needs credentials"), "fail", "goproxy"),
            ("not-applicable", N_("no https entry to check"), "skip", "goproxy"),
        ],
        [
            ("tls-untrusted", "error", N_("TLS is intercepted: the certificate's issuer is not trusted")),
            ("tls-expired", "error", N_("The certificate is expired or not yet valid")),
            ("tls-hostname", "error", N_("The certificate is for another host")),
            ("tls-handshake-timeout", "error", N_("The TLS handshake never completes")),
            ("tls-error", "error", N_("The TLS handshake fails")),
            ("proxy-refused", "error", N_("HTTPS_PROXY refuses the connection")),
            ("proxy-auth", "error", N_("HTTPS_PROXY requires credentials")),
            ("proxy-ignored", "warning", N_("HTTPS_PROXY/HTTP_PROXY is invalid: Go ignores it")),
            ("route", "info", N_("How Go reaches each entry (HTTPS_PROXY / NO_PROXY)")),
        ],
        budget=(6.0, 3.0),
    ),
    _node(
        "goproxy", 6, N_("GOPROXY protocol"),
        N_("Does the module lookup work on the active chain, following ',' and '|' exactly as Go does?"),
        (N_("GOPROXY protocol: @v/list, @latest or @v/VERSION.info on each entry"),),
        [
            ("ok", N_("the first entry serves the module"), "pass", "sumdb"),
            ("fallback", N_("served only after falling past failing entries"), "warn", "sumdb"),
            ("bypassed", N_("the module bypasses GOPROXY (GONOPROXY/GOPRIVATE)"), "skip", "sumdb"),
            ("direct", N_("the walk reaches 'direct' (not probed)"), "warn", "sumdb"),
            ("hang", N_("Go hangs on an entry that never answers"), "fail", "sumdb"),
            ("fails", N_("Go stops with an error"), "fail", "sumdb"),
            ("not-found", N_("no entry knows the module"), "fail", "sumdb"),
            ("off", N_("GOPROXY=off"), "fail", "private"),
            ("invalid", N_("GOPROXY is malformed"), "fail", "private"),
        ],
        [
            ("hang", "error", N_("go mod download hangs on a GOPROXY entry")),
            ("comma-fatal", "error", N_("An error on a ',' entry is fatal: Go does not fall back")),
            ("chain-fails", "error", N_("Every GOPROXY entry fails")),
            ("not-found", "error", N_("No GOPROXY entry knows the module")),
            ("fallback-used", "warning", N_("The first GOPROXY entries fail; Go falls back")),
            ("off", "error", N_("GOPROXY=off: Go downloads nothing")),
            ("invalid", "error", N_("GOPROXY is malformed")),
            ("insecure-credentials", "error", N_("Go refuses to send GOPROXY credentials over plain http")),
            ("auth", "error", N_("The GOPROXY mirror wants credentials Go does not send or it rejects")),
            ("direct-unprobed", "info", N_("Go would fetch from the origin ('direct')")),
            ("os-override", "warning", N_("GOPROXY from the OS environment overrides the env file")),
        ],
        budget=(14.0, 5.0),
    ),
    _node(
        "sumdb", 7, N_("Checksum database"),
        N_("Would Go reach a checksum database for this chain (proxied /supported, or direct)?"),
        (N_("GET <entry>/sumdb/<name>/supported along the chain"), N_("GET <sumdb>/latest when Go goes direct")),
        [
            ("ok", N_("the checksum database is reachable"), "pass", "private"),
            ("not-needed", N_("the module is not verified against it"), "skip", "private"),
            ("off", N_("GOSUMDB=off: no verification"), "warn", "private"),
            ("unreachable", N_("the checksum database cannot be reached"), "fail", "private"),
            ("invalid", N_("GOSUMDB is malformed"), "fail", "private"),
        ],
        [
            ("unreachable", "error", N_("The checksum database cannot be reached")),
            ("hang", "error", N_("Checksum lookups hang on a GOPROXY entry")),
            ("off", "warning", N_("GOSUMDB=off: downloads are not verified")),
            ("invalid", "error", N_("GOSUMDB is malformed")),
            ("not-needed", "info", N_("This module is not checked against the checksum database")),
        ],
        budget=(14.0, 5.0),
    ),
    _node(
        "private", 8, N_("Private modules"),
        N_("Does the module match GOPRIVATE/GONOPROXY/GONOSUMDB as intended?"),
        (N_("GOPRIVATE/GONOPROXY/GONOSUMDB glob matching"), N_("the chain's answer for the module")),
        [
            ("ok", N_("a public module, served publicly"), "pass", "git"),
            ("private", N_("a private module, configured consistently"), "pass", "git"),
            ("leak", N_("looks private but is sent to the public proxy"), "fail", "git"),
            ("sumdb-leak", N_("fetched privately but checked in the public checksum DB"), "fail", "git"),
        ],
        [
            ("leak", "error", N_("A private module is sent to the public proxy")),
            ("sumdb-private", "error", N_("A private module is looked up in the public checksum database")),
            ("proxy-leak", "warning", N_("The module's path is sent to the public proxy")),
            ("nosumdb-public", "info", N_("The module is not verified against the checksum database")),
        ],
        budget=(14.0, 5.0),
    ),
    _node(
        "git", 9, N_("git for direct fetches"),
        N_("When Go fetches the module direct, can git reach its repository the way Go runs it?"),
        ("repository URL by Go's rules (known hosts, .git, ?go-get=1)", "GOVCS, GIT_ALLOW_PROTOCOL",
         "git config: url.*.insteadOf, credential.*helper", "git ls-remote with GIT_TERMINAL_PROMPT=0"),
        [
            ("ok", N_("git reaches the repository"), "pass", "module"),
            ("not-on-route", N_("not on the route: a GOPROXY entry serves the module"), "skip", "module"),
            ("not-git", N_("the repository does not use git"), "skip", "module"),
            ("no-git", N_("git is not installed"), "fail", "module"),
            ("forbidden", N_("GOVCS or GIT_ALLOW_PROTOCOL forbids it"), "fail", "module"),
            ("auth", N_("the repository needs a credential git lacks"), "fail", "module"),
            ("ssh", N_("ssh refuses the host key or the user's key"), "fail", "module"),
            ("unresolved", N_("Go cannot find the repository"), "fail", "module"),
            ("fails", N_("git ls-remote fails"), "fail", "module"),
        ],
        [
            ("git-missing", "error", N_("git is not installed")),
            ("govcs-disallowed", "error", N_("GOVCS forbids git for this module")),
            ("govcs-invalid", "error", N_("GOVCS is invalid")),
            ("protocol-not-allowed", "error", N_("GIT_ALLOW_PROTOCOL forbids the repository's transport")),
            ("no-credential", "error", N_("git has no credential for the repository (terminal prompts disabled)")),
            ("credential-rejected", "error", N_("The repository refuses git's credential")),
            ("denied", "error", N_("The repository denies access (403)")),
            ("ssh-host-key", "error", N_("ssh does not know the server's host key")),
            ("ssh-host-key-changed", "error", N_("The server's ssh host key changed")),
            ("ssh-publickey", "error", N_("The server refuses the ssh key (publickey)")),
            ("repo-not-found", "error", N_("git finds no repository at the URL")),
            ("repo-unresolved", "error", N_("Go cannot find the module's repository")),
            ("ls-remote-failed", "error", N_("git ls-remote fails")),
            ("ls-remote-timeout", "error", N_("git ls-remote hangs")),
            ("rewrite", "info", N_("git rewrites the repository URL (insteadOf)")),
        ],
        budget=(12.0, 25.0),
    ),
    _node(
        "module", 10, N_("Module path and version"),
        N_("Is the path valid by Go's rules, the version semver, /vN consistent, and the version on the proxy?"),
        (N_("module.CheckPath, semver, CheckPathMajor"), N_("@v/list and .info on the chain")),
        [
            ("ok", N_("valid and available"), "pass", "gomod"),
            ("invalid-path", N_("the module path is invalid"), "fail", "gomod"),
            ("invalid-version", N_("the version is not valid"), "fail", "gomod"),
            ("major-mismatch", N_("/vN and the version's major disagree"), "fail", "gomod"),
            ("not-found", N_("the version is not on the proxy"), "fail", "gomod"),
            ("unknown", N_("could not be looked up"), "warn", "gomod"),
        ],
        [
            ("invalid-path", "error", N_("The module path is invalid")),
            ("invalid-version", "error", N_("The version is not a valid semantic version")),
            ("major-mismatch", "error", N_("The path's /vN does not match the version")),
            ("version-not-found", "error", N_("The version does not exist on the proxy")),
            ("lookup-failed", "info", N_("The version could not be looked up")),
            ("version-query", "info", N_("The version is a query Go resolves")),
        ],
        budget=(14.0, 5.0),
    ),
    _node(
        "gomod", 11, N_("go.mod in the working directory"),
        N_("Do replace directives point at existing directories, and do go/toolchain lines force a download?"),
        (N_("go env GOMOD"), N_("go mod edit -json"), N_("golang.org/toolchain on the chain")),
        [
            ("ok", N_("go.mod is fine"), "pass", "modcache"),
            ("none", N_("no go.mod here"), "skip", "modcache"),
            ("shadowed", N_("a replace directive shadows the module"), "warn", "modcache"),
            ("toolchain", N_("the go/toolchain line forces a toolchain that cannot be had"), "fail", "modcache"),
            ("broken", N_("go.mod is broken"), "fail", "modcache"),
        ],
        [
            ("replace-missing", "error", N_("A replace directive points at a missing directory")),
            ("replace-shadows", "warning", N_("A replace directive shadows the module")),
            ("gomod-invalid", "error", N_("go.mod cannot be read")),
            ("toolchain-download", "error", N_("go.mod forces a Go toolchain download that will fail")),
            ("toolchain-local", "error", N_("go.mod needs a newer Go and GOTOOLCHAIN=local forbids switching")),
            ("toolchain-switch", "info", N_("go.mod makes Go download another toolchain")),
        ],
        budget=(10.0, 10.0),
    ),
    _node(
        "modcache", 12, N_("Module cache"),
        N_("How big is the module cache, and is there evidence it is corrupt?"),
        (N_("walk GOMODCACHE"), N_("hash the module's cached zips (dirhash h1)")),
        [
            ("ok", N_("no sign of corruption"), "pass", "verify"),
            ("leftovers", N_("interrupted downloads left files behind"), "warn", "verify"),
            ("corrupt", N_("cached files are corrupt"), "fail", "verify"),
        ],
        [
            ("corrupt", "error", N_("The module cache is corrupt")),
            ("leftovers", "warning", N_("Interrupted downloads left files in the module cache")),
        ],
        budget=(0.0, 30.0),
    ),
    _node(
        "verify", 13, N_("Verification"),
        N_("Does the download the user runs succeed, over the network, with the effective settings?"),
        (N_("the given command, or in a module 'go list -m all' + 'go mod download -json' on a copy, "
            "else 'go mod download -json MODULE@VERSION' in a scratch module; fresh module cache"),),
        [
            ("ok", N_("the download works"), "pass", None),
            ("failed", N_("the download fails"), "fail", None),
            ("timeout", N_("the download hangs"), "fail", None),
            ("skipped", N_("not run"), "skip", None),
        ],
        [
            ("download-failed", "error", N_("go mod download fails")),
            ("download-timeout", "error", N_("go mod download hangs")),
            ("cache-corrupt", "error", N_("The module cache holds other content than the network serves")),
            ("sumdb-unknown", "error", N_("The checksum database does not know a module your mirror serves")),
            ("checksum-mirror", "error", N_("A mirror serves other content than go.sum records")),
            ("checksum-gosum", "error", N_("go.sum disagrees with what every mirror serves")),
            ("checksum-mismatch", "error", N_("Go rejected a download: checksum mismatch")),
            ("gosum-missing", "error", N_("go.sum lacks a line Go needs")),
            ("vendor-missing", "error", N_("GOFLAGS asks for vendor/, and there is none")),
            ("vendor-inconsistent", "error", N_("vendor/modules.txt does not match go.mod")),
            ("path-mismatch", "error", N_("A module's go.mod declares another path than it is required as")),
            ("toolchain-needed", "error", N_("The project needs a newer Go")),
        ],
        prefetch=False,
        budget=(0.0, 30.0),  # replaced by the verification's own timeout (see nodes/verify.py)
    ),
)

START = "toolchain"
NODE_BY_ID: dict[str, Node] = {node.id: node for node in NODES}


def node(node_id: str) -> Node:
    return NODE_BY_ID[node_id]


def edges() -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(from, to, outcome ids) with the outcomes between the same pair of nodes merged, in node order."""
    merged: dict[tuple[str, str | None], list[str]] = {}
    for n in NODES:
        for outcome in n.outcomes:
            merged.setdefault((n.id, outcome.next), []).append(outcome.id)
    return [(a, b, tuple(ids)) for (a, b), ids in merged.items()]
