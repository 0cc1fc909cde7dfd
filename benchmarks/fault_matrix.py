"""Every fault class of the probe layer and every failing wizard node, provoked on the loopback network.

    python benchmarks/fault_matrix.py

Prints one Markdown table: the fault (or node and outcome), the scenario that provokes it, what is
expected (the fault class; for a node its outcome and the finding the user reads), what gotui got,
and the time from starting the probe or node to its verdict. Probe rows call the real probes
(``probe_goproxy``, ``probe_dns``) against loopback servers; node rows run one node of the
diagnosis engine (``DiagnosisEngine.run_node``) with a real ``go`` and an isolated Go environment
(temporary GOENV/GOPATH/GOMODCACHE/GOCACHE/HOME, GOTOOLCHAIN=local). Probe timeouts are 0.5 s, so
the timeout rows show the limit being kept. ``connect-unreachable`` needs a network namespace
without routes (``unshare -rn``); where that is not allowed the row says so instead of guessing.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _util  # puts the package and tests/ (loopnet) on sys.path
from _util import GoEnv

sys.path.insert(0, str(_util.ROOT / "tests" / "diagnosis"))  # diag_lab: the diagnosis tests' loopback lab

import pytest  # only its MonkeyPatch, standalone, to give each scenario its own environment
from diag_lab import TEST_HOST, Lab
from loopnet.blackhole import Blackhole
from loopnet.connect_proxy import ConnectProxy
from loopnet.dns_server import NXDOMAIN, SILENT, DnsServer
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.tls_servers import TlsCertificates

from goproxy_tui.core.diagnosis.context import CheckTarget
from goproxy_tui.core.diagnosis.engine import DiagnosisEngine
from goproxy_tui.core.diagnosis.graph import NODE_BY_ID, NODES
from goproxy_tui.core.diagnosis.results import NodeResult
from goproxy_tui.core.probes.dns import parse_resolv_conf, parse_resolver, probe_dns
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import ProbeTimeouts, probe_goproxy
from goproxy_tui.core.probes.netproxy import ProxyEnv

FAST = ProbeTimeouts(connect=0.5, read=0.5, write=0.5, pool=0.5, total=3.0)


@dataclass
class Row:
    layer: str
    fault: str
    scenario: str
    expected: str
    got: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.got == self.expected


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


# -- the probe layer ------------------------------------------------------------------------------------

ProbeScenario = Callable[[], Awaitable[str]]


async def goproxy_fault(url: str, **options: Any) -> str:
    options.setdefault("proxy_env", ProxyEnv())
    options.setdefault("timeouts", FAST)
    return (await probe_goproxy(url, **options)).fault.value


@contextmanager
def server(mode: FaultMode | None = None, **params: Any) -> Iterator[GoproxyServer]:
    with GoproxyServer(ssl_context=params.pop("ssl_context", None)) as proxy:
        if mode is not None:
            proxy.set_fault(mode, **params)
        yield proxy


def faulty(mode: FaultMode | None, **params: Any) -> ProbeScenario:
    async def run() -> str:
        with server(mode, **params) as proxy:
            return await goproxy_fault(proxy.url)

    return run


def dns_scenario(system_answer: object, public_answer: object) -> ProbeScenario:
    async def run() -> str:
        host = "proxy.golang.org"
        with DnsServer({host: system_answer}) as system, DnsServer({host: public_answer}) as public:
            resolver = parse_resolv_conf(f"nameserver {system.host}\n", port=system.port)
            result = await probe_dns(host, system=resolver, public=[parse_resolver(public.entry)], timeout=0.5)
            return result.fault.value

    return run


_UNREACHABLE = (
    "import asyncio\n"
    "from goproxy_tui.core.probes.http import probe_goproxy\n"
    "from goproxy_tui.core.probes.netproxy import ProxyEnv\n"
    "print(asyncio.run(probe_goproxy('http://127.0.0.1:9', proxy_env=ProxyEnv(), timeouts=0.5)).fault.value)\n"
)


async def unreachable() -> str:
    """In a network namespace whose loopback is down, connect() fails with ENETUNREACH."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode != 0:
        return "not run: unprivileged network namespaces are not available here"
    done = await asyncio.to_thread(
        subprocess.run, [unshare, "-rn", sys.executable, "-c", _UNREACHABLE], capture_output=True, text=True,
        timeout=30,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def probe_scenarios(certs: TlsCertificates) -> list[tuple[str, str, ProbeScenario]]:
    ca = str(certs.ca_file)

    async def resolve(host: str) -> list[str]:
        return ["127.0.0.1"]

    def tls(flavour: str) -> ProbeScenario:
        async def run() -> str:
            with server(ssl_context=getattr(certs, flavour)) as proxy:
                return await goproxy_fault(f"https://{TEST_HOST}:{proxy.port}", ca_file=ca, resolve=resolve)

        return run

    async def refused() -> str:
        return await goproxy_fault(f"http://127.0.0.1:{closed_port()}")

    async def blackholed() -> str:
        with Blackhole() as hole:
            return await goproxy_fault(hole.url())

    async def handshake_timeout() -> str:
        with server(FaultMode.STALL) as proxy:
            return await goproxy_fault(f"https://127.0.0.1:{proxy.port}", ca_file=ca)

    async def tls_error() -> str:
        with server() as proxy:
            return await goproxy_fault(f"https://127.0.0.1:{proxy.port}", ca_file=ca)

    async def write_timeout() -> str:
        with server(FaultMode.STALL) as proxy:
            return await goproxy_fault(proxy.url, headers={"Authorization": "Bearer " + "x" * (32 << 20)})

    def via_proxy(mode: str, target: str = "valid") -> ProbeScenario:
        async def run() -> str:
            with server(ssl_context=certs.valid) as mirror, ConnectProxy(
                mode=mode, hosts={TEST_HOST: "127.0.0.1"}
            ) as proxy:
                env = ProxyEnv(https_proxy=proxy.url, https_proxy_var="HTTPS_PROXY")
                return await goproxy_fault(f"https://{TEST_HOST}:{mirror.port}", ca_file=ca, proxy_env=env)

        return run

    async def bad_url() -> str:
        return await goproxy_fault("ftp://mirror.example")

    async def slow_drip() -> str:
        with server(FaultMode.SLOW_DRIP, interval=0.2) as proxy:
            return await goproxy_fault(proxy.url, timeouts=dataclasses.replace(FAST, total=1.0))

    return [
        ("ok", "a healthy loopback Go module proxy", faulty(None)),
        ("dns-failure", "system resolver answers NXDOMAIN (loopback DNS server)", dns_scenario(NXDOMAIN, NXDOMAIN)),
        ("dns-timeout", "system resolver never answers", dns_scenario(SILENT, ["142.250.1.1"])),
        ("dns-poisoned", "system resolver: 127.0.0.2 for a public name", dns_scenario(["127.0.0.2"], ["142.250.1.1"])),
        ("connect-refused", "nothing listens on the port", refused),
        ("connect-timeout", "SYNs dropped (full accept queue)", blackholed),
        ("connect-unreachable", "no route (network namespace, loopback down)", unreachable),
        ("tls-untrusted", "certificate from an unknown CA (interception)", tls("untrusted")),
        ("tls-expired", "certificate expired yesterday", tls("expired")),
        ("tls-hostname", "certificate for wrong.example", tls("wrong_host")),
        ("tls-handshake-timeout", "TCP accepted, no TLS answer", handshake_timeout),
        ("tls-error", "https:// to a plain-HTTP port", tls_error),
        ("write-timeout", "the server never reads a 32 MiB request", write_timeout),
        ("read-timeout", "request accepted, never answered", faulty(FaultMode.STALL, path_contains="@v/list")),
        ("read-timeout", "body trickles past the probe's limit", slow_drip),
        ("reset", "TCP RST after the request", faulty(FaultMode.RESET)),
        ("reset", "closed without a word", faulty(FaultMode.CLOSE)),
        ("http-404", "404 Not Found", faulty(FaultMode.STATUS, status=404)),
        ("http-410", "410 Gone", faulty(FaultMode.STATUS, status=410)),
        ("http-5xx", "503 Service Unavailable", faulty(FaultMode.STATUS, status=503)),
        ("auth-denied", "403 Forbidden", faulty(FaultMode.STATUS, status=403)),
        ("bad-response", "bytes that are not HTTP", faulty(FaultMode.GARBAGE)),
        ("bad-response", "a captive-portal login page (200 text/html)", faulty(FaultMode.HTML_LOGIN)),
        ("bad-response", "200 text that is not a version list", faulty(FaultMode.WRONG_CONTENT)),
        ("too-large", "Content-Length 10 GiB", faulty(FaultMode.HUGE_BODY)),
        ("too-large", "endless chunked body", faulty(FaultMode.ENDLESS_CHUNKED)),
        ("redirect-loop", "302 to itself forever", faulty(FaultMode.REDIRECT_LOOP)),
        ("proxy-refused", "HTTPS_PROXY answers CONNECT with 403", via_proxy("refuse")),
        ("proxy-auth-required", "HTTPS_PROXY answers CONNECT with 407", via_proxy("auth")),
        ("bad-url", "GOPROXY entry ftp://mirror.example", bad_url),
    ]


# -- the wizard's nodes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeCase:
    node: str
    outcome: str
    finding: str
    scenario: str
    setup: Callable[[Lab], Any]  # returns the module to check (PATH@VER), a CheckTarget, or None (default)


def node_cases(certs: TlsCertificates) -> list[NodeCase]:
    def system_dns(lab: Lab, answer: object) -> None:
        resolver = lab.keep(DnsServer({TEST_HOST: answer}).start())
        lab.config(resolv_conf=lab.resolv_conf(resolver), resolv_conf_port=resolver.port)
        lab.goenv(GOPROXY=f"http://{TEST_HOST}:{lab.good.port}")

    def dns_failure(lab: Lab) -> None:
        system_dns(lab, NXDOMAIN)
        lab.dns.set(TEST_HOST, ["142.250.1.1"])

    def first_failed(lab: Lab) -> None:
        hole = lab.keep(Blackhole())
        lab.goenv(GOPROXY=f"{hole.url()}|{lab.good.url}")

    def intercepted(lab: Lab, flavour: str = "untrusted") -> None:
        mirror = lab.proxy(ssl_context=getattr(certs, flavour))
        lab.os_env(SSL_CERT_FILE=str(certs.ca_file))  # Go and gotui trust the test root CA only
        lab.goenv(GOPROXY=mirror.url)

    def offline(lab: Lab) -> None:
        lab.config(resolvers=[f"127.0.0.1:{closed_port()}"])

    def proxy_auth(lab: Lab) -> None:
        mirror = lab.proxy(ssl_context=certs.valid)
        proxy = lab.keep(ConnectProxy(mode="auth", hosts={TEST_HOST: "127.0.0.1"}).start())
        lab.os_env(SSL_CERT_FILE=str(certs.ca_file), HTTPS_PROXY=proxy.url)
        lab.goenv(GOPROXY=f"https://{TEST_HOST}:{mirror.port}")

    def comma_fatal(lab: Lab) -> None:
        broken = lab.proxy()
        broken.set_fault(FaultMode.STATUS, status=500)
        lab.goenv(GOPROXY=f"{broken.url},{lab.good.url}")

    def hang(lab: Lab) -> None:
        stalled = lab.proxy()
        stalled.set_fault(FaultMode.STALL)
        lab.goenv(GOPROXY=f"{stalled.url}|{lab.good.url}")

    def sumdb_unreachable(lab: Lab) -> None:
        lab.os_env(GONOSUMDB=None)
        plain = lab.proxy(sumdb_supported=False)
        lab.goenv(GOPROXY=plain.url, GOSUMDB=f"sum.golang.org http://127.0.0.1:{closed_port()}")

    def leak(lab: Lab) -> str:
        lab.os_env(GONOSUMDB=None)
        return "git.corp.example/team/secret@v1.0.0"

    def sumdb_leak(lab: Lab) -> str:
        lab.os_env(GONOPROXY="github.com/acme", GONOSUMDB=None)
        return "github.com/acme/secret@v1.0.0"

    def gomod(text: str) -> Callable[[Lab], None]:
        def setup(lab: Lab) -> None:
            (lab.workdir / "go.mod").write_text(text, encoding="utf-8")

        return setup

    def corrupt_cache(lab: Lab) -> None:
        done = subprocess.run(["go", "mod", "download", "-json", "example.com/hello@v1.1.0"], cwd=lab.workdir,
                              capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        zip_path = lab.go_env.modcache / "cache" / "download" / "example.com" / "hello" / "@v" / "v1.1.0.zip"
        zip_path.chmod(0o644)
        with zipfile.ZipFile(zip_path, "w") as archive:  # same names, other content: a tampered cache
            archive.writestr("example.com/hello@v1.1.0/go.mod", "module example.com/hello\n\ngo 1.21\n")
            archive.writestr("example.com/hello@v1.1.0/hello.go", "package hello // altered\n")

    def verify_hang(lab: Lab) -> None:
        stalled = lab.proxy()
        stalled.set_fault(FaultMode.STALL)
        lab.goenv(GOPROXY=stalled.url)
        lab.config(verify_timeout=2.0)

    def env(**values: str) -> Callable[[Lab], None]:
        def setup(lab: Lab) -> None:
            lab.goenv(**{"GOPROXY": lab.good.url, **values})

        return setup

    return [
        NodeCase("toolchain", "settings-broken", "toolchain.module-mode-off", "GO111MODULE=off in the env file",
                 env(GO111MODULE="off")),
        NodeCase("toolchain", "go-missing", "toolchain.go-missing", "no go on PATH", lambda lab: "NO-GO"),
        NodeCase("connectivity", "unreachable", "connectivity.offline", "[dns] resolvers: a closed port", offline),
        NodeCase("dns", "failure", "dns.dns-failure", "system resolver: NXDOMAIN for the GOPROXY host", dns_failure),
        NodeCase("dns", "poisoned", "dns.dns-poisoned", "system resolver: 127.0.0.2 for the GOPROXY host",
                 lambda lab: system_dns(lab, ["127.0.0.2"])),
        NodeCase("tcp", "all-failed", "tcp.connect-refused", "GOPROXY is a closed port",
                 lambda lab: lab.goenv(GOPROXY=f"http://127.0.0.1:{closed_port()}")),
        NodeCase("tcp", "first-failed", "tcp.connect-timeout", "GOPROXY=BLACKHOLED|GOOD", first_failed),
        NodeCase("tls", "intercepted", "tls.tls-untrusted", "certificate from the 'corporate' CA", intercepted),
        NodeCase("tls", "cert-problem", "tls.tls-expired", "expired certificate",
                 lambda lab: intercepted(lab, "expired")),
        NodeCase("tls", "proxy-problem", "tls.proxy-auth", "HTTPS_PROXY wants credentials (407)", proxy_auth),
        NodeCase("goproxy", "fails", "goproxy.comma-fatal", "GOPROXY=HTTP-500,GOOD", comma_fatal),
        NodeCase("goproxy", "hang", "goproxy.hang", "GOPROXY=SILENT|GOOD (accepts, never answers)", hang),
        NodeCase("goproxy", "not-found", "goproxy.not-found", "a module no entry has",
                 lambda lab: "example.com/nope@v1.0.0"),
        NodeCase("goproxy", "off", "goproxy.off", "GOPROXY=off", lambda lab: lab.goenv(GOPROXY="off")),
        NodeCase("goproxy", "invalid", "goproxy.invalid", "GOPROXY='garbage value'",
                 lambda lab: lab.goenv(GOPROXY="garbage value")),
        NodeCase("sumdb", "unreachable", "sumdb.unreachable", "GOSUMDB URL is a closed port", sumdb_unreachable),
        NodeCase("sumdb", "invalid", "sumdb.invalid", "GOSUMDB='a b c'", env(GOSUMDB="a b c")),
        NodeCase("private", "leak", "private.leak", "a private module sent to the public proxy", leak),
        NodeCase("private", "sumdb-leak", "private.sumdb-private", "GONOPROXY without GONOSUMDB", sumdb_leak),
        NodeCase("module", "invalid-path", "module.invalid-path", "Example.com/hello (upper case first element)",
                 lambda lab: CheckTarget("Example.com/hello", "v1.0.0")),
        NodeCase("module", "invalid-version", "module.invalid-version", "version 1.0 (no leading v)",
                 lambda lab: CheckTarget("example.com/hello", "1.0")),
        NodeCase("module", "major-mismatch", "module.major-mismatch", "example.com/hello@v2.0.0 (no /v2)",
                 lambda lab: CheckTarget("example.com/hello", "v2.0.0")),
        NodeCase("module", "not-found", "module.version-not-found", "a version the proxy lacks",
                 lambda lab: "example.com/hello@v1.2.3"),
        NodeCase("gomod", "broken", "gomod.replace-missing", "replace => a missing directory",
                 gomod("module example.com/app\n\ngo 1.21\n\nreplace example.com/hello => ../missing-hello\n")),
        NodeCase("gomod", "toolchain", "gomod.toolchain-local", "go 1.99 with GOTOOLCHAIN=local",
                 gomod("module example.com/app\n\ngo 1.99\n")),
        NodeCase("modcache", "corrupt", "modcache.corrupt", "a cached zip altered after download", corrupt_cache),
        NodeCase("verify", "failed", "verify.download-failed", "go mod download of a missing version",
                 lambda lab: "example.com/hello@v1.2.3"),
        NodeCase("verify", "timeout", "verify.download-timeout", "GOPROXY accepts and never answers", verify_hang),
    ]


async def run_case(case: NodeCase, root: Path) -> Row:
    with pytest.MonkeyPatch.context() as monkeypatch:
        go_env = GoEnv(root, monkeypatch)
        lab = Lab(go_env, monkeypatch, root)
        try:
            chosen = case.setup(lab)
            environ = dict(os.environ)
            if chosen == "NO-GO":
                environ["PATH"] = str(root / "no-go-here")
                chosen = None
            if isinstance(chosen, CheckTarget):
                ctx = await lab.context(None, target=chosen, environ=environ)
            else:
                ctx = await lab.context(chosen or "example.com/hello@v1.1.0", environ=environ)
            try:
                start = time.perf_counter()
                result: NodeResult = await DiagnosisEngine(ctx).run_node(case.node)
                seconds = time.perf_counter() - start
            finally:
                await ctx.close()
        finally:
            lab.close()
    ids = [f.id for f in result.findings]
    finding = case.finding if case.finding in ids else (ids[0] if ids else "no finding")
    return Row(f"node {NODE_BY_ID[case.node].number} {case.node}", case.outcome, case.scenario, f"{case.outcome} · {case.finding}",
               f"{result.outcome} · {finding}", seconds)


async def main() -> int:
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        certs = TlsCertificates.create(root)
        for fault, scenario, run in probe_scenarios(certs):
            layer = "dns probe" if fault.startswith("dns-") else "GOPROXY probe"
            assert fault in {f.value for f in Fault}, fault
            start = time.perf_counter()
            got = await run()
            rows.append(Row(layer, fault, scenario, fault, got, time.perf_counter() - start))
        covered = {r.fault for r in rows}
        missing = sorted(f.value for f in Fault if f.value not in covered)
        cases = node_cases(certs)
        for index, case in enumerate(cases):
            rows.append(await run_case(case, root / f"node{index:02d}"))
        tried = {(c.node, c.outcome) for c in cases}
        untried = [f"{n.id}/{o.id}" for n in NODES for o in n.outcomes if o.status == "fail" and (n.id, o.id) not in tried]
    print("| layer | fault / outcome | scenario (loopback) | expected | got | time to verdict | |")
    print("|---|---|---|---|---|---:|:-:|")
    for row in rows:
        mark = "✔" if row.ok else "✖"
        cells = [row.layer, f"`{row.fault}`", row.scenario, row.expected, row.got, f"{row.seconds * 1000:.0f} ms", mark]
        print("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    matched = sum(r.ok for r in rows)
    print()
    print(f"{matched} of {len(rows)} rows match; {len(Fault)} fault classes, "
          f"{len(Fault) - len(missing)} provoked; {time.perf_counter() - started:.1f} s in all")
    if missing:
        print(f"fault classes without a scenario: {', '.join(missing)}")
    print(f"failing node outcomes without a scenario: {', '.join(untried) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
