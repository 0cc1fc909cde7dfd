"""The network nodes of the diagnosis (2–8) and the Mermaid flowchart in Chinese, on real loopback failures.

What people read (``tr()`` of a finding's title, detail, evidence, remedy summary and steps, and of a
verdict's summary) is Chinese with the English sentence gone; ``to_json()`` (``--json``) stays English.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from loopnet.dns_server import NXDOMAIN, DnsServer
from loopnet.goproxy_server import FaultMode
from loopnet.tls_servers import INTERCEPTION_CA_NAME, TlsCertificates

from goproxy_tui.core.diagnosis.mermaid import to_mermaid
from goproxy_tui.i18n import set_language, tr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "diagnosis"))  # the loopback lab lives there
import diag_lab
from diag_lab import TEST_HOST, Lab, finding

lab = diag_lab.lab
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> TlsCertificates:
    return TlsCertificates.create(tmp_path_factory.mktemp("certs"))




def chinese(english: str) -> str:
    """``english`` (text from the core) as shown in Chinese; fails if it stayed English."""
    shown = tr(english)
    assert shown != english and CJK.search(shown), f"not translated: {english!r}"
    return shown


def as_json(found: Any) -> str:
    return json.dumps(found.to_json(), ensure_ascii=False)


# -- 2. connectivity --------------------------------------------------------------------------------------


async def test_an_offline_machine_is_explained_in_chinese(lab: Lab, closed_port: int) -> None:
    lab.config(resolvers=[f"127.0.0.1:{closed_port}"])
    result = await lab.node("connectivity")
    found = finding(result, "connectivity.offline")
    english = as_json(found)
    assert "None of 1 public addresses accepted a TCP connection" in found.detail

    set_language("zh_CN")
    detail = chinese(found.detail)
    assert "1 个公网地址在 0.5 秒内都没有接受 TCP 连接" in detail and "public addresses" not in detail
    assert chinese(result.summary) == "没有公网地址响应"
    assert chinese(found.title) == "无法直接访问任何公网地址"
    assert chinese(found.remedy.summary) == tr("check the network connection")
    steps = [chinese(step) for step in found.remedy.instructions]
    assert any("企业防火墙" in step and "HTTPS_PROXY=" in step for step in steps)
    assert as_json(found) == english  # --json is English whatever the language
    assert not CJK.search(english) and "None of 1 public addresses" in english


# -- 3. DNS -------------------------------------------------------------------------------------------------


async def test_a_name_the_system_resolver_fails_on_reads_in_chinese(lab: Lab) -> None:
    server = lab.keep(DnsServer({TEST_HOST: NXDOMAIN}).start())
    lab.config(resolv_conf=lab.resolv_conf(server), resolv_conf_port=server.port)
    lab.goenv(GOPROXY=f"http://{TEST_HOST}:{lab.good.port}")
    lab.dns.set(TEST_HOST, ["142.250.1.1"])
    result = await lab.node("dns")
    found = finding(result, "dns.dns-failure")
    english = as_json(found)
    assert found.detail.startswith(f"GOPROXY entry 1 (http://{TEST_HOST}:{lab.good.port}): ")
    resolver = found.alternatives[0]

    set_language("zh_CN")
    assert chinese(found.title) == f"Go 需要的某个主机无法解析：{TEST_HOST}"
    assert chinese(found.detail).startswith(f"GOPROXY 第 1 个条目（http://{TEST_HOST}:{lab.good.port}）：")
    assert chinese(result.summary) == f"无法正常解析：{TEST_HOST}"
    assert chinese(resolver.summary) == tr("change the system resolver")
    first = chinese(resolver.instructions[0])
    assert "设为首选解析器" in first and "'nameserver 127.0.0.1'" in first and "first resolver" not in first
    assert "NetworkManager" in chinese(resolver.instructions[1])
    assert as_json(found) == english and "GOPROXY entry 1" in english


# -- 4. TCP -------------------------------------------------------------------------------------------------


async def test_a_refused_entry_reads_in_chinese_and_json_stays_english(lab: Lab, closed_port: int) -> None:
    lab.goenv(GOPROXY=f"http://127.0.0.1:{closed_port}")
    result = await lab.node("tcp")
    found = finding(result, "tcp.connect-refused")
    english = as_json(found)
    url = f"http://127.0.0.1:{closed_port}"

    set_language("zh_CN")
    assert chinese(found.title) == f"某个 GOPROXY 条目拒绝连接：{url}"
    detail = chinese(found.detail)
    assert detail.startswith(f"GOPROXY 第 1 个条目（{url}，127.0.0.1:{closed_port}）")
    assert chinese(result.summary) == f"1 个条目中有 0 个接受连接；127.0.0.1:{closed_port} connect-refused"
    assert as_json(found) == english
    assert json.loads(english)["detail"].startswith(f"GOPROXY entry 1 ({url}, 127.0.0.1:{closed_port}): ")


async def test_a_dead_fallback_entry_reads_in_chinese(lab: Lab, closed_port: int) -> None:
    lab.goenv(GOPROXY=f"{lab.good.url}|http://127.0.0.1:{closed_port}")
    result = await lab.node("tcp")
    found = finding(result, "tcp.fallback-down")
    assert found.detail.endswith("Go only reaches it when the entries before it fail.")

    set_language("zh_CN")
    detail = chinese(found.detail)
    assert detail.endswith("只有前面的条目失败时，Go 才会用到它。") and "GOPROXY 第 2 个条目" in detail
    assert "Go only reaches it" not in detail


# -- 5. TLS -------------------------------------------------------------------------------------------------


async def test_interception_evidence_and_ca_steps_read_in_chinese(lab: Lab, certs: TlsCertificates) -> None:
    intercepted = lab.proxy(ssl_context=certs.untrusted)
    lab.os_env(SSL_CERT_FILE=str(certs.ca_file))
    lab.goenv(GOPROXY=intercepted.url)
    result = await lab.node("tls")
    found = finding(result, "tls.tls-untrusted")
    english = as_json(found)

    set_language("zh_CN")
    assert chinese(found.title) == f"TLS 被拦截：证书的签发者不可信：{intercepted.url}"
    assert chinese(result.summary) == tr(found.title)  # the summary lists the failing titles
    shown = [tr(line) for line in found.evidence]
    assert any(line.startswith("证书 0：") and "签发" in line for line in shown)
    assert any(line.startswith("信任库：") for line in shown) and any(line.startswith("路径：") for line in shown)
    assert not any(line.startswith(("certificate ", "trust store:", "route:")) for line in shown)
    summary = chinese(found.remedy.summary)
    assert INTERCEPTION_CA_NAME in summary and "信任 CA" in summary
    steps = [chinese(step) for step in found.remedy.instructions]
    assert steps[-1].startswith("不要关闭证书校验") and any("update-ca-certificates" in s for s in steps)
    assert as_json(found) == english
    assert json.loads(english)["remedy"]["instructions"][-1].startswith("do not turn certificate verification off")


# -- 6. GOPROXY protocol ------------------------------------------------------------------------------------


async def test_a_fatal_comma_reads_in_chinese(lab: Lab) -> None:
    broken = lab.proxy()
    broken.set_fault(FaultMode.STATUS, status=500)
    lab.goenv(GOPROXY=f"{broken.url},{lab.good.url}")
    result = await lab.node("goproxy")
    found = finding(result, "goproxy.comma-fatal")
    english = as_json(found)

    set_language("zh_CN")
    detail = chinese(found.detail)
    assert detail.startswith(f"第 1 个条目（{broken.url}）以 http-5xx 失败") and "followed by" not in detail
    assert chinese(result.summary) == f"Go 在 {broken.url} 上停止（http-5xx）"
    assert chinese(found.evidence[0]).startswith(f"第 1 个条目（{broken.url}）：")
    assert chinese(found.alternatives[0].summary) == tr("separate the entries with '|' so an error falls through")
    rows = result.evidence["chain"]
    assert chinese(rows[0]["go"]) == "Go 在此因该错误而停止"
    assert as_json(found) == english and "fails with http-5xx" in english


async def test_a_module_no_entry_knows_reads_in_chinese(lab: Lab) -> None:
    result = await lab.node("goproxy", "example.com/nope@v1.0.0")
    found = finding(result, "goproxy.not-found")

    set_language("zh_CN")
    assert chinese(found.detail).startswith("每个 GOPROXY 条目对 example.com/nope@v1.0.0 都返回 404/410")
    assert chinese(result.summary) == "没有条目知道 example.com/nope@v1.0.0"
    assert "区分大小写" in chinese(found.remedy.instructions[0])


# -- 7. checksum database ------------------------------------------------------------------------------------


async def test_gosumdb_off_reads_in_chinese(lab: Lab) -> None:
    lab.os_env(GONOSUMDB=None)
    lab.goenv(GOPROXY=lab.good.url, GOSUMDB="off")
    result = await lab.node("sumdb")
    found = finding(result, "sumdb.off")
    english = as_json(found)

    set_language("zh_CN")
    assert chinese(found.detail).startswith("GOSUMDB=off：Go 不会用校验和数据库校验任何下载")
    assert chinese(result.summary) == "GOSUMDB=off：不校验校验和"
    assert chinese(found.alternatives[0].summary) == "通过中国大陆别名 sum.golang.google.cn 校验"
    assert as_json(found) == english and "altered code" in english


async def test_a_proxied_database_summary_reads_in_chinese(lab: Lab) -> None:
    lab.os_env(GONOSUMDB=None)
    result = await lab.node("sumdb")
    assert result.summary == f"sum.golang.org is proxied by {lab.good.url}"
    set_language("zh_CN")
    assert chinese(result.summary) == f"sum.golang.org 由 {lab.good.url} 代理"
    assert result.to_json()["summary"] == f"sum.golang.org is proxied by {lab.good.url}"


# -- 8. private modules -----------------------------------------------------------------------------------------


async def test_a_private_module_leak_reads_in_chinese(lab: Lab) -> None:
    module = "git.corp.example/team/secret@v1.0.0"
    lab.os_env(GONOSUMDB=None)
    result = await lab.node("private", module)
    found = finding(result, "private.leak")
    english = as_json(found)

    set_language("zh_CN")
    assert chinese(found.title) == "公共代理上没有 git.corp.example/team/secret：是私有模块吗？"
    detail = chinese(found.detail)
    assert "标记为私有" in detail and "private module" not in detail
    assert chinese(found.remedy.summary) == "把 git.corp.example 标记为私有（GOPRIVATE）"
    assert chinese(result.summary) == "代理都不知道 git.corp.example/team/secret，且它没有被标记为私有"
    assert as_json(found) == english and "is not on the public proxy: private?" in english


# -- the flowchart ------------------------------------------------------------------------------------------


def test_the_mermaid_flowchart_labels_follow_the_language() -> None:
    english = to_mermaid()
    assert 'toolchain["1. Go toolchain and module mode"]' in english and 'finish(["end"])' in english
    set_language("zh_CN")
    chinese_chart = to_mermaid()
    assert f'toolchain["1. {tr("Go toolchain and module mode")}"]' in chinese_chart
    assert CJK.search(tr("Go toolchain and module mode"))
    assert 'finish(["结束"])' in chinese_chart
    assert 'toolchain -->|"ok / warnings / settings-broken' in chinese_chart  # outcome ids are identifiers
