"""The loopback network itself: the blackhole really drops SYNs, the modules really have Go's zip layout."""

from __future__ import annotations

import io
import json
import socket
import time
import urllib.error
import urllib.request
import zipfile

from loopnet.blackhole import Blackhole, is_blackholed
from loopnet.goproxy_server import FaultMode, GoproxyServer
from loopnet.modules import default_modules


def test_blackhole_drops_syns_instead_of_refusing() -> None:
    with Blackhole() as hole:
        start = time.perf_counter()
        assert is_blackholed(hole.address, timeout=0.3)
        assert time.perf_counter() - start >= 0.3
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))
    port = refused.getsockname()[1]
    refused.close()
    assert not is_blackholed(("127.0.0.1", port))  # nothing listening: refused at once


def test_server_blackhole_can_be_switched_on_and_off(goproxy: GoproxyServer) -> None:
    goproxy.set_fault(FaultMode.BLACKHOLE)
    assert is_blackholed(("127.0.0.1", goproxy.port))
    goproxy.clear_fault()
    with urllib.request.urlopen(goproxy.url + "/example.com/hello/@v/list", timeout=2) as answer:
        assert answer.read() == b"v1.0.0\nv1.1.0\n"


def test_zip_layout_matches_go() -> None:
    toml = default_modules()["github.com/!burnt!sushi/toml"].versions[0]
    with zipfile.ZipFile(io.BytesIO(toml.zip_bytes)) as archive:
        names = archive.namelist()
        assert all(n.startswith("github.com/BurntSushi/toml@v1.3.2/") for n in names)  # unescaped path
        assert archive.read("github.com/BurntSushi/toml@v1.3.2/go.mod") == toml.mod()
    assert toml.mod() == b"module github.com/BurntSushi/toml\n\ngo 1.21\n"
    assert json.loads(toml.info()) == {"Version": "v1.3.2", "Time": "2023-06-08T00:00:00Z"}
    assert toml.zip_bytes == default_modules()["github.com/!burnt!sushi/toml"].versions[0].zip_bytes  # stable


def test_protocol_answers(goproxy: GoproxyServer) -> None:
    def get(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(goproxy.url + path, timeout=2) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    assert (
        get("/github.com/gin-gonic/gin/@latest")[1]
        == b'{"Version": "v1.10.0", "Time": "2024-05-07T00:00:00Z"}'
    )
    assert get("/golang.org/toolchain/@v/list")[1].startswith(b"v0.0.1-go1.27.0.linux-amd64\n")
    assert get("/sumdb/sum.golang.org/supported") == (200, b"")
    assert get("/example.com/nope/@v/list")[0] == 404
    assert get("/example.com/hello/@v/v9.9.9.info")[0] == 404
