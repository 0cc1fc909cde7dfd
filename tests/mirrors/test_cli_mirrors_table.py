"""`gotui mirrors` headless: the same table as the TUI, as JSON or text, on loopback mirrors only."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import go, gotui
from loopnet.goproxy_server import FaultMode
from mirrorlab import write_config


def test_json_has_every_field_and_the_fault_class(go_env, start_proxy, blackhole) -> None:
    good, nosum, broken = start_proxy(), start_proxy(sumdb_supported=False), start_proxy()
    broken.set_fault(FaultMode.STATUS, status=502)
    write_config(go_env.config, {"good": good.url, "nosum": nosum.url, "broken": broken.url,
                                 "hole": blackhole.url()}, timeout=0.5)
    assert go("env", "-w", f"GOPROXY={good.url}|direct").returncode == 0

    result = gotui("mirrors", "--json", "--rounds", "2")

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    assert report["best"] in ("good", "nosum")
    rows = {row["name"]: row for row in report["mirrors"]}
    assert list(rows) == ["good", "nosum", "broken", "hole"]
    for row in rows.values():
        for field in ("name", "url", "active", "status", "fault", "latency_ms", "dns_ms", "tcp_ms", "tls_ms",
                      "ttfb_ms", "sumdb", "success_rate", "samples", "history_ms", "explanation"):
            assert field in row, field
        assert row["samples"] == 2
    assert rows["good"]["active"] is True and rows["good"]["chain_position"] == 1
    assert (rows["good"]["status"], rows["good"]["fault"], rows["good"]["sumdb"]) == ("ok", "ok", True)
    assert rows["good"]["latency_ms"] > 0 and rows["good"]["tcp_ms"] is not None
    assert (rows["nosum"]["status"], rows["nosum"]["sumdb"]) == ("warning", False)
    assert (rows["broken"]["status"], rows["broken"]["fault"]) == ("failing", "http-5xx")
    assert (rows["hole"]["status"], rows["hole"]["fault"]) == ("failing", "connect-timeout")
    assert rows["hole"]["active"] is False and rows["hole"]["consecutive_failures"] == 2


def test_exit_1_and_a_reason_when_no_mirror_is_healthy(go_env, refused_url) -> None:
    write_config(go_env.config, {"gone": refused_url})
    result = gotui("mirrors")
    assert result.returncode == 1
    assert "0 of 1 mirrors healthy" in result.stdout
    assert "gone: connect-refused" in result.stdout


def test_piped_text_table_is_plain_and_masks_credentials(go_env, start_proxy) -> None:
    proxy = start_proxy()
    url = proxy.url.replace("http://", "http://ci:s3cret@")
    write_config(go_env.config, {"corp": url})
    result = gotui("mirrors")
    assert result.returncode == 0, result.stderr
    assert "s3cret" not in result.stdout
    assert "http://ci:***@127.0.0.1" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes
    header = result.stdout.splitlines()[0].split()
    assert header[:4] == ["MIRROR", "STATUS", "FAULT", "MEDIAN"]


def test_bad_rounds_and_config_problems_are_one_line(go_env, start_proxy) -> None:
    write_config(go_env.config, {"ok": start_proxy().url}, header="bogus = 1")
    assert gotui("mirrors", "--rounds", "0").returncode == 2
    result = gotui("mirrors")
    assert result.returncode == 0
    assert "gotui: warning: config.toml" in result.stderr and "bogus" in result.stderr


def test_headless_mirror_commands_never_load_the_ui_libraries(go_env, start_proxy) -> None:
    write_config(go_env.config, {"ok": start_proxy().url})
    code = (
        "import sys\n"
        "from goproxy_tui.__main__ import main\n"
        "rc = main(['mirrors', '--json'])\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
        "print('LOADED', loaded, rc, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED [] 0" in result.stderr, result.stderr
