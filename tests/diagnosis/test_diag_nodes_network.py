"""Nodes that probe the network (2–8) against real loopback servers: one failing scenario per node at
least, each asserting the finding the user reads and the remedy offered (applied where gotui can)."""

from __future__ import annotations

from pathlib import Path

import diag_lab
import pytest
from diag_lab import TEST_HOST, Lab, finding
from loopnet.connect_proxy import ConnectProxy
from loopnet.dns_server import NXDOMAIN, DnsServer
from loopnet.goproxy_server import FaultMode
from loopnet.tls_servers import INTERCEPTION_CA_NAME, TlsCertificates

from goproxy_tui.core.diagnosis.remedies import apply_remedy
from goproxy_tui.core.goenv import read_environment

lab = diag_lab.lab


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("certs"))




# -- 2. connectivity --------------------------------------------------------------------------------------


async def test_no_reachable_public_address_is_reported_with_network_steps(lab: Lab, closed_port: int) -> None:
    lab.config(resolvers=[f"127.0.0.1:{closed_port}"])
    result = await lab.node("connectivity")
    assert result.outcome == "unreachable"
    found = finding(result, "connectivity.offline")
    assert found.severity == "warning" and "None of 1 public addresses" in found.detail
    assert any("HTTPS_PROXY" in step for step in found.remedy.instructions)


async def test_behind_an_http_proxy_blocked_direct_traffic_is_expected(lab: Lab, closed_port: int) -> None:
    lab.config(resolvers=[f"127.0.0.1:{closed_port}"])
    lab.os_env(HTTPS_PROXY=f"http://127.0.0.1:{closed_port}")
    result = await lab.node("connectivity")
    assert result.outcome == "proxy-only" and result.status == "warn"
    assert finding(result, "connectivity.direct-blocked").severity == "info"


# -- 3. DNS -------------------------------------------------------------------------------------------------


def system_dns(lab: Lab, answer: object) -> DnsServer:
    """A loopback "system resolver" (through a real resolv.conf) that answers ``answer`` for TEST_HOST."""
    server = lab.keep(DnsServer({TEST_HOST: answer}).start())
    lab.config(resolv_conf=lab.resolv_conf(server), resolv_conf_port=server.port)
    lab.goenv(GOPROXY=f"http://{TEST_HOST}:{lab.good.port}")
    return server


async def test_a_name_only_the_system_resolver_fails_on_offers_a_mirror_that_resolves_or_another_resolver(
    lab: Lab,
) -> None:
    system_dns(lab, NXDOMAIN)
    lab.dns.set(TEST_HOST, ["142.250.1.1"])  # DNS data only: nothing connects to it in this step
    result = await lab.node("dns")
    assert result.outcome == "failure" and result.status == "fail"
    found = finding(result, "dns.dns-failure")
    assert found.title.endswith(TEST_HOST)
    assert f"Public resolver {lab.dns.entry} does resolve it (142.250.1.1)" in found.detail
    assert found.remedy.summary == f"switch to good ({lab.good.url})"
    resolver = found.alternatives[0]
    assert resolver.summary == "change the system resolver"
    assert f"'nameserver 127.0.0.1' first in {lab.tmp / 'resolv.conf'}" in resolver.instructions[0]


async def test_a_forged_answer_is_called_poisoning(lab: Lab) -> None:
    system_dns(lab, ["127.0.0.2"])  # loopback for a name public resolvers place elsewhere
    result = await lab.node("dns")
    assert result.outcome == "poisoned"
    found = finding(result, "dns.dns-poisoned")
    assert "tampered" in found.detail and any("127.0.0.2" in line for line in found.evidence)
    assert found.remedy.kind == "switch-mirror"


# -- 4. TCP -------------------------------------------------------------------------------------------------


async def test_a_refused_entry_gets_a_switch_remedy(lab: Lab, closed_port: int) -> None:
    lab.goenv(GOPROXY=f"http://127.0.0.1:{closed_port}")
    result = await lab.node("tcp")
    assert result.outcome == "all-failed" and result.next == "goproxy"
    found = finding(result, "tcp.connect-refused")
    assert "Connection refused" in found.detail
    assert found.remedy.summary == f"switch to good ({lab.good.url})"


async def test_a_dead_fallback_entry_is_only_a_warning(lab: Lab, closed_port: int) -> None:
    lab.goenv(GOPROXY=f"{lab.good.url}|http://127.0.0.1:{closed_port}")
    result = await lab.node("tcp")
    assert result.outcome == "fallback-failed" and result.status == "warn"
    assert finding(result, "tcp.fallback-down").severity == "warning"


# -- 5. TLS -------------------------------------------------------------------------------------------------


async def test_interception_names_the_issuer_and_the_fix_is_trusting_the_ca_never_disabling_checks(
    lab: Lab, certs: TlsCertificates
) -> None:
    intercepted = lab.proxy(ssl_context=certs.untrusted)
    lab.os_env(SSL_CERT_FILE=str(certs.ca_file))  # Go (and gotui) trust the test root, not the "corporate" CA
    lab.goenv(GOPROXY=intercepted.url)
    result = await lab.node("tls")
    assert result.outcome == "intercepted"
    found = finding(result, "tls.tls-untrusted")
    assert INTERCEPTION_CA_NAME in found.detail and "interception" in found.detail
    steps = found.remedy.instructions
    assert any("SSL_CERT_FILE" in s for s in steps) and any("update-ca-certificates" in s for s in steps)
    risky = [s for s in steps if "insecure" in s.lower() or "verification" in s.lower()]
    assert risky and all(s.startswith("do not") for s in risky)


async def test_an_https_proxy_that_wants_credentials_is_named(lab: Lab, certs: TlsCertificates) -> None:
    valid = lab.proxy(ssl_context=certs.valid)
    proxy = lab.keep(ConnectProxy(mode="auth", hosts={TEST_HOST: "127.0.0.1"}).start())
    lab.os_env(SSL_CERT_FILE=str(certs.ca_file), HTTPS_PROXY=proxy.url)
    lab.goenv(GOPROXY=f"https://{TEST_HOST}:{valid.port}")  # a name, so Go would use the proxy
    result = await lab.node("tls")
    assert result.outcome == "proxy-problem"
    found = finding(result, "tls.proxy-auth")
    assert "407" in found.detail
    assert any("USER:PASSWORD@" in step for step in found.remedy.instructions)
    assert proxy.seen and proxy.seen[0].startswith(f"CONNECT {TEST_HOST}:{valid.port}")


# -- 6. GOPROXY protocol ------------------------------------------------------------------------------------


async def test_a_500_before_a_comma_is_fatal_and_pipe_is_offered(lab: Lab) -> None:
    broken = lab.proxy()
    broken.set_fault(FaultMode.STATUS, status=500)
    lab.goenv(GOPROXY=f"{broken.url},{lab.good.url}")
    result = await lab.node("goproxy")
    assert result.outcome == "fails"
    found = finding(result, "goproxy.comma-fatal")
    assert "http-5xx" in found.detail and "followed by ','" in found.detail
    assert found.remedy.summary == f"switch to good ({lab.good.url})"
    assert dict(found.alternatives[0].env) == {"GOPROXY": f"{broken.url}|{lab.good.url}"}

    applied = await apply_remedy(found.alternatives[0], await read_environment())
    assert applied.ok
    after = await lab.node("goproxy")
    assert after.outcome == "fallback" and finding(after, "goproxy.fallback-used").severity == "warning"


async def test_a_module_no_entry_knows(lab: Lab) -> None:
    result = await lab.node("goproxy", "example.com/nope@v1.0.0")
    assert result.outcome == "not-found"
    assert "404/410" in finding(result, "goproxy.not-found").detail


async def test_malformed_goproxy(lab: Lab) -> None:
    lab.goenv(GOPROXY="garbage value")
    result = await lab.node("goproxy")
    assert result.outcome == "invalid" and result.next == "private"
    found = finding(result, "goproxy.invalid")
    assert "invalid proxy URL missing scheme" in found.detail
    assert found.remedy.summary.startswith("switch to good")


# -- 7. checksum database ------------------------------------------------------------------------------------


async def test_gosumdb_off_is_flagged_insecure_and_the_fix_turns_verification_on(lab: Lab) -> None:
    lab.os_env(GONOSUMDB=None)
    lab.goenv(GOPROXY=lab.good.url, GOSUMDB="off")
    result = await lab.node("sumdb")
    assert result.outcome == "off"
    found = finding(result, "sumdb.off")
    assert found.severity == "warning" and "altered code" in found.detail
    assert dict(found.remedy.env) == {"GOSUMDB": None}
    assert all(r.env.get("GOSUMDB") != "off" for r in found.remedies)


async def test_an_unreachable_database_is_routed_through_a_mirror_that_proxies_it(lab: Lab, closed_port: int) -> None:
    lab.os_env(GONOSUMDB=None)
    plain = lab.proxy(sumdb_supported=False)
    lab.goenv(GOPROXY=plain.url, GOSUMDB=f"sum.golang.org http://127.0.0.1:{closed_port}")
    result = await lab.node("sumdb")
    assert result.outcome == "unreachable"
    found = finding(result, "sumdb.unreachable")
    assert f"http://127.0.0.1:{closed_port} is unreachable: connect-refused" in found.detail
    assert dict(found.remedy.env) == {"GOSUMDB": f"sum.golang.org {lab.good.url}/sumdb/sum.golang.org"}
    alias = found.alternatives[0]  # not probed on this route: for the user to try, never written blind
    assert not alias.applicable and alias.commands == (("go", "env", "-w", "GOSUMDB=sum.golang.google.cn"),)


async def test_a_proxied_database_is_fine(lab: Lab) -> None:
    lab.os_env(GONOSUMDB=None)
    result = await lab.node("sumdb")
    assert (result.outcome, result.summary) == ("ok", f"sum.golang.org is proxied by {lab.good.url}")


# -- 8. private modules -----------------------------------------------------------------------------------------


async def test_a_private_module_sent_to_the_public_proxy_gets_goprivate(lab: Lab) -> None:
    module = "git.corp.example/team/secret@v1.0.0"
    lab.os_env(GONOSUMDB=None)  # an explicit GONOSUMDB would need the prefix too (see the next assertion)
    result = await lab.node("private", module)
    assert result.outcome == "leak"
    found = finding(result, "private.leak")
    assert "unknown revision" in found.detail and found.title.startswith("git.corp.example/team/secret")
    assert dict(found.remedy.env) == {"GOPRIVATE": "git.corp.example"}

    assert (await apply_remedy(found.remedy, await read_environment())).ok
    assert (await lab.node("private", module)).outcome == "private"
    lab.os_env(GONOSUMDB="example.com")
    again = finding(await lab.node("private", "git.corp.example/other@v1.0.0"), "private.sumdb-private")
    assert dict(again.remedy.env) == {"GOPRIVATE": "git.corp.example", "GONOSUMDB": "example.com,git.corp.example"}
    assert not again.remedy.applicable  # GONOSUMDB comes from the shell


async def test_gonoproxy_without_gonosumdb_asks_the_public_checksum_db_about_a_private_module(lab: Lab) -> None:
    lab.os_env(GONOPROXY="github.com/acme", GONOSUMDB=None)
    result = await lab.node("private", "github.com/acme/secret@v1.0.0")
    assert result.outcome == "sumdb-leak"
    found = finding(result, "private.sumdb-private")
    assert "410 Gone" in found.detail
    assert dict(found.remedy.env) == {"GOPRIVATE": "github.com/acme"}


def test_lab_never_points_go_at_direct(lab: Lab) -> None:
    assert "direct" not in Path(lab.go_env.envfile).read_text()


async def test_credentials_over_plain_http_are_refused_by_go_so_the_entry_fails(lab: Lab) -> None:
    with_password = lab.good.url.replace("http://", "http://ci:hunter2@")
    lab.goenv(GOPROXY=f"{with_password},{lab.good.url}")
    result = await lab.node("goproxy")
    assert result.outcome == "fails"  # an error after ',' is fatal, even though the server would answer
    found = finding(result, "goproxy.insecure-credentials")
    assert "refusing to pass credentials to insecure URL" in found.detail and "hunter2" not in str(found.to_json())
    assert found.remedy.instructions[0].startswith("write the entry as https://ci:***@127.0.0.1:")


async def test_a_file_proxy_directory_is_read_like_go_reads_it(lab: Lab) -> None:
    directory = lab.tmp / "fileproxy"
    (directory / "example.com" / "hello" / "@v").mkdir(parents=True)
    (directory / "example.com" / "hello" / "@v" / "v1.1.0.info").write_text('{"Version":"v1.1.0"}')
    lab.goenv(GOPROXY=f"file://{directory},{lab.good.url}")
    assert (await lab.node("goproxy")).outcome == "ok"
    result = await lab.node("goproxy", "example.com/hello@v1.0.0")  # not in the directory: 404, then next
    assert result.outcome == "fallback"
    assert "a local directory that does not have it" in finding(result, "goproxy.fallback-used").evidence[0]
