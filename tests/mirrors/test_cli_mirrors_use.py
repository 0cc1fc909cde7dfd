"""`gotui use NAME|URL|--best` against the real go in an isolated Go environment, loopback mirrors only."""

from __future__ import annotations

from helpers import go, gotui
from loopnet.goproxy_server import FaultMode
from mirrorlab import write_config


def _file_value(go_env, key: str) -> str | None:
    data = go_env.env_bytes() or b""
    for line in data.decode().splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1]
    return None


def test_use_name_writes_a_resilient_chain_and_undo_restores(go_env, start_proxy, blackhole) -> None:
    alpha, beta = start_proxy(), start_proxy()
    write_config(go_env.config, {"alpha": alpha.url, "beta": beta.url, "hole": blackhole.url()}, timeout=0.5)

    result = gotui("use", "beta")

    assert result.returncode == 0, result.stderr
    written = _file_value(go_env, "GOPROXY")
    assert written == f"{beta.url}|{alpha.url}|direct"  # the blackholed mirror is never in the chain
    assert go("env", "GOPROXY").stdout.strip() == written
    assert "using beta" in result.stdout and "'gotui undo' reverts it" in result.stdout
    assert gotui("undo").returncode == 0
    assert go_env.env_bytes() in (None, b"")
    assert go("env", "GOPROXY").stdout.strip() == "https://proxy.golang.org,direct"


def test_best_skips_the_fastest_mirror_when_it_is_down(go_env, start_proxy) -> None:
    slow, quick, fastest = start_proxy(), start_proxy(), start_proxy()
    slow.set_fault(FaultMode.DELAY, delay=0.3)
    quick.set_fault(FaultMode.DELAY, delay=0.05)
    fastest.set_fault(FaultMode.RESET)  # was the fastest; now every connection is reset
    write_config(go_env.config, {"slow": slow.url, "quick": quick.url, "fastest": fastest.url}, chain="plain")

    result = gotui("use", "--best")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("best: quick")
    assert _file_value(go_env, "GOPROXY") == f"{quick.url},direct"  # [switch] chain = "plain"


def test_best_with_nothing_healthy_exits_1_and_writes_nothing(go_env, refused_url) -> None:
    write_config(go_env.config, {"gone": refused_url})
    result = gotui("use", "--best")
    assert result.returncode == 1
    assert "none of the 1 mirrors is healthy" in result.stderr
    assert go_env.env_bytes() is None


def test_failing_mirror_is_refused_unless_forced(go_env, start_proxy) -> None:
    broken = start_proxy()
    broken.set_fault(FaultMode.STATUS, status=500)
    write_config(go_env.config, {"broken": broken.url})
    refused = gotui("use", "broken")
    assert refused.returncode == 1
    assert "broken is failing (http-5xx)" in refused.stderr
    assert go_env.env_bytes() is None
    forced = gotui("use", "broken", "--force")
    assert forced.returncode == 0, forced.stderr
    assert _file_value(go_env, "GOPROXY") == f"{broken.url}|direct"


def test_unknown_name_is_bad_input_with_the_known_names(go_env, start_proxy) -> None:
    write_config(go_env.config, {"alpha": start_proxy().url})
    result = gotui("use", "nope")
    assert result.returncode == 2
    assert "no mirror named 'nope'" in result.stderr and "known mirrors: alpha" in result.stderr


def test_a_url_outside_the_catalog_is_probed_and_used(go_env, start_proxy) -> None:
    listed, other = start_proxy(), start_proxy()
    write_config(go_env.config, {"listed": listed.url})
    result = gotui("use", other.url + "/")
    assert result.returncode == 0, result.stderr
    assert _file_value(go_env, "GOPROXY") == f"{other.url}/|{listed.url}|direct"


def test_os_environment_conflict_is_explained_and_nothing_written(go_env, start_proxy, monkeypatch) -> None:
    write_config(go_env.config, {"alpha": start_proxy().url})
    monkeypatch.setenv("GOPROXY", "https://goproxy.io,direct")
    result = gotui("use", "alpha")
    assert result.returncode == 1
    assert "GOPROXY is set in the OS environment" in result.stderr
    assert "nothing was written" in result.stderr
    assert go_env.env_bytes() is None


def test_gosumdb_is_set_when_the_mirror_does_not_proxy_it_and_sum_golang_org_is_unreachable(
    go_env, start_proxy, refused_url, monkeypatch
) -> None:
    nosum, withsum = start_proxy(sumdb_supported=False), start_proxy()
    withsum.set_fault(FaultMode.DELAY, delay=0.05)
    write_config(go_env.config, {"nosum": nosum.url, "withsum": withsum.url}, chain="plain")
    # sum.golang.org and sum.golang.google.cn are https: a dead HTTPS_PROXY makes both unreachable,
    # exactly as Go would find them, without a packet leaving loopback (loopback is never proxied).
    monkeypatch.setenv("HTTPS_PROXY", refused_url)

    result = gotui("use", "nosum")

    assert result.returncode == 0, result.stderr
    expected = f"sum.golang.org {withsum.url}/sumdb/sum.golang.org"
    assert _file_value(go_env, "GOSUMDB") == expected
    assert go("env", "GOSUMDB").stdout.strip() == expected
    assert "also set GOSUMDB to sum.golang.org through withsum" in result.stdout
    assert "proxy-refused" in result.stdout
