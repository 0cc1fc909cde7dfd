"""Each problem is said once: one warning per plain-http GOPROXY entry, the sumdb warning of
``gotui use`` once and on stderr only. Real go, isolated env, loopback mirrors."""

from __future__ import annotations

import json

from helpers import go, gotui
from mirrorlab import write_config


def test_each_plain_http_entry_gets_one_warning(go_env) -> None:
    value = "http://a.example.com,http://b.example.com,direct"
    assert go("env", "-w", f"GOPROXY={value}").returncode == 0
    result = gotui("env", "--json")
    assert result.returncode == 0, result.stderr
    var = next(v for v in json.loads(result.stdout)["vars"] if v["name"] == "GOPROXY")
    for host in ("a.example.com", "b.example.com"):
        plain = [w for w in var["warnings"] if f"http://{host} is plain http" in w]
        assert len(plain) == 1, var["warnings"]
    assert len(var["warnings"]) == 3, var["warnings"]  # the two above and the ',' fallback caveat


def test_use_best_prints_the_sumdb_warning_once_on_stderr(go_env, start_proxy) -> None:
    mirror = start_proxy()
    write_config(go_env.config, {"loop": mirror.url})
    assert go("env", "-w", "GOSUMDB=off").returncode == 0

    result = gotui("use", "--best")

    assert result.returncode == 0, result.stderr
    note = "GOSUMDB=off left as it is"
    assert note not in result.stdout, result.stdout
    assert result.stderr.count(note) == 1, result.stderr
    assert "using loop" in result.stdout
