"""The live mirror table driven with Pilot: real loopback mirrors, the real go, an isolated Go env."""

from __future__ import annotations

import time

from helpers import go
from loopnet.goproxy_server import FaultMode
from mirrorlab import wait_for, write_config
from textual.widgets import Static

from goproxy_tui.core.config import load_config
from goproxy_tui.core.journal import Journal
from goproxy_tui.tui.app import GotuiApp
from goproxy_tui.tui.screens.add_mirror import AddMirrorScreen
from goproxy_tui.tui.screens.confirm import ConfirmScreen

SIZE = (130, 40)


def cell(app: GotuiApp, name: str, column: str) -> str:
    return str(app.mirror_table.table.get_cell(name, column))


def status_line(app: GotuiApp) -> str:
    return str(app.mirror_table.query_one("#mirror-status", Static).render())


def probed(app: GotuiApp, *names: str, samples: int = 1) -> bool:
    """Every named mirror has ``samples`` results, and they are on screen."""
    return all(app.health.stats(n).samples >= samples for n in names) and app.settled


def toasts(app: GotuiApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def goproxy_in_file(go_env) -> str | None:
    for line in (go_env.env_bytes() or b"").decode().splitlines():
        if line.startswith("GOPROXY="):
            return line[len("GOPROXY="):]
    return None


async def select(pilot, app: GotuiApp, name: str) -> None:
    table = app.mirror_table.table
    table.focus()
    table.move_cursor(row=table.get_row_index(name))
    await pilot.pause()
    assert app.mirror_table.highlighted().name == name


async def test_rows_fill_in_as_results_arrive_and_faults_are_named(go_env, start_proxy, blackhole) -> None:
    good, nosum, broken, slow = start_proxy(), start_proxy(sumdb_supported=False), start_proxy(), start_proxy()
    broken.set_fault(FaultMode.STATUS, status=503)
    slow.set_fault(FaultMode.DELAY, delay=1.8)  # answers, but well after the others (timeout 2 s)
    write_config(go_env.config, {"good": good.url, "nosum": nosum.url, "broken": broken.url,
                                 "hole": blackhole.url(), "slow": slow.url}, timeout=2.0, interval=30)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "good", "nosum", "broken"))
        assert cell(app, "slow", "status") == "… probing"  # still in flight: the others did not wait
        await wait_for(pilot, lambda: probed(app, "hole"))
        assert cell(app, "good", "status") == "✔ ok"
        assert cell(app, "good", "sumdb") == "yes"
        assert cell(app, "good", "latency").endswith("ms")
        assert cell(app, "nosum", "status") == "⚠ no-sumdb"
        assert cell(app, "broken", "status") == "✖ http-5xx"
        assert cell(app, "hole", "status") == "✖ connect-timeout"
        assert cell(app, "hole", "history") == "×"
        names = app.mirror_table.row_names
        await wait_for(pilot, lambda: names().index("hole") > names().index("good"))  # failing rows sort last
        await select(pilot, app, "hole")
        detail = str(app.mirror_table.query_one("#mirror-detail", Static).render())
        assert "packets are dropped" in detail


async def test_u_writes_the_env_file_and_ctrl_z_restores_it(go_env, start_proxy) -> None:
    before = b"# my settings\nGOPRIVATE=git.corp.example.com\n"
    go_env.envfile.parent.mkdir(parents=True, exist_ok=True)
    go_env.envfile.write_bytes(before)
    alpha, beta = start_proxy(), start_proxy()
    write_config(go_env.config, {"alpha": alpha.url, "beta": beta.url}, interval=30)
    app = GotuiApp(journal=Journal())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "alpha", "beta") and app.environment is not None)
        await select(pilot, app, "beta")
        await pilot.press("u")
        await wait_for(pilot, lambda: (goproxy_in_file(go_env) or "").startswith(beta.url))
        assert goproxy_in_file(go_env) == f"{beta.url}|{alpha.url}|direct"
        assert go("env", "GOPROXY").stdout.strip() == goproxy_in_file(go_env)
        assert b"GOPRIVATE=git.corp.example.com" in go_env.env_bytes()
        await wait_for(pilot, lambda: cell(app, "beta", "mark") == "▶")
        assert cell(app, "alpha", "mark") == "2"
        assert "▶ active mirror beta: ok" in status_line(app)
        assert "Now using beta" in toasts(app) and "ctrl+z undoes it" in toasts(app)

        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: go_env.env_bytes() == before)
        await wait_for(pilot, lambda: cell(app, "beta", "mark") == "")


async def test_enter_on_a_row_switches_too(go_env, start_proxy) -> None:
    alpha = start_proxy()
    write_config(go_env.config, {"alpha": alpha.url}, interval=30, chain="plain")
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "alpha") and app.environment is not None)
        await select(pilot, app, "alpha")
        await pilot.press("enter")
        await wait_for(pilot, lambda: goproxy_in_file(go_env) == f"{alpha.url},direct")


async def test_a_failing_row_is_not_written(go_env, refused_url) -> None:
    write_config(go_env.config, {"gone": refused_url}, interval=30)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "gone") and app.environment is not None)
        await select(pilot, app, "gone")
        await pilot.press("u")
        await wait_for(pilot, lambda: "Not switched to gone" in toasts(app))
        assert "gone is failing (connect-refused)" in toasts(app)
        assert go_env.env_bytes() is None


async def test_os_environment_conflict_names_the_line_and_offers_to_write_anyway(
    go_env, start_proxy, monkeypatch
) -> None:
    """The TUI has no --force: a dialog names the .bashrc line that exports GOPROXY and asks."""
    alpha = start_proxy()
    monkeypatch.setenv("GOPROXY", f"{alpha.url},direct")
    bashrc = go_env.home / ".bashrc"
    bashrc.write_text(f"# go\nalias ll='ls -l'\nexport GOPROXY={alpha.url},direct\n")
    write_config(go_env.config, {"alpha": alpha.url}, interval=30)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "alpha") and app.environment is not None)
        assert "set in the OS environment (GOPROXY): it wins over the env file" in status_line(app)
        await select(pilot, app, "alpha")
        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = str(app.screen.question)
        assert "GOPROXY is set in the OS environment" in question
        assert f"exported at {bashrc}, line 3: export GOPROXY={alpha.url},direct" in question
        assert "unset GOPROXY" in question
        assert "--force" not in question + toasts(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        assert go_env.env_bytes() is None

        await pilot.press("u")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")  # write the env file anyway
        await wait_for(pilot, lambda: go_env.env_bytes() is not None)
        assert f"GOPROXY={alpha.url}|direct" in go_env.env_bytes().decode()
        await wait_for(pilot, lambda: "Written with go env" in toasts(app))
        assert "--force" not in toasts(app)


async def test_blackholed_active_mirror_fails_within_one_timeout_while_others_update(
    go_env, start_proxy, blackhole
) -> None:
    alpha, beta = start_proxy(), start_proxy()
    assert go("env", "-w", f"GOPROXY={blackhole.url()}|direct").returncode == 0
    timeout = 2.5  # the healthy rows get their second probe (at 1.3 and 1.7 s: spread) meanwhile
    write_config(go_env.config, {"hole": blackhole.url(), "alpha": alpha.url, "beta": beta.url},
                 timeout=timeout, interval=1.0)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        start = time.monotonic()
        await wait_for(pilot, lambda: app.health.stats("hole").status == "failing", timeout=timeout + 3)
        elapsed = time.monotonic() - start
        assert elapsed <= timeout + 1.0, f"failing shown after {elapsed:.2f} s"
        assert app.health.stats("hole").label == "connect-timeout"
        # meanwhile the healthy rows kept updating on their own schedule
        assert app.health.stats("alpha").samples >= 2 and app.health.stats("beta").samples >= 2
        await wait_for(pilot, lambda: "active mirror hole is failing" in status_line(app))
        assert "connect-timeout" in status_line(app)
        assert app.mirror_table.has_class("-active-failing")
        assert cell(app, "hole", "mark") == "▶"


async def test_auto_failover_after_three_failures_is_journaled_and_undoable(
    go_env, start_proxy, refused_url
) -> None:
    alpha = start_proxy()
    assert go("env", "-w", f"GOPROXY={refused_url}|direct").returncode == 0
    before = go_env.env_bytes()
    write_config(go_env.config, {"dead": refused_url, "alpha": alpha.url}, interval=1.0, auto_failover=True)
    journal = Journal()
    app = GotuiApp(journal=journal)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: (goproxy_in_file(go_env) or "").startswith(alpha.url), timeout=10)
        assert app.health.stats("dead").consecutive_failures >= 3
        assert goproxy_in_file(go_env) == f"{alpha.url}|direct"
        assert journal.entries()[-1].action == "failover"
        await wait_for(pilot, lambda: "Auto-failover: now using alpha" in toasts(app))
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: go_env.env_bytes() == before)


async def test_t_measures_throughput_of_the_selected_mirror(go_env, start_proxy) -> None:
    alpha = start_proxy()
    write_config(go_env.config, {"alpha": alpha.url}, interval=30)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "alpha"))
        await select(pilot, app, "alpha")
        await pilot.press("t")
        await wait_for(pilot, lambda: cell(app, "alpha", "speed").endswith("B/s"))
        assert "Speed of alpha" in toasts(app)
        assert any(path.endswith(".zip") for path in alpha.requests)


async def test_a_adds_a_validated_mirror_to_the_config_and_probes_it(go_env, start_proxy) -> None:
    alpha, extra = start_proxy(), start_proxy()
    write_config(go_env.config, {"alpha": alpha.url}, interval=30, header="# my mirrors, hand-written")
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "alpha"))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AddMirrorScreen))
        dialog = app.screen
        dialog.query_one("#add-name").value = "extra"
        dialog.query_one("#add-url").value = "goproxy.corp.example.com"
        await pilot.pause()
        assert dialog.query_one("#add").disabled
        assert "has no scheme" in str(dialog.query_one("#add-verdict").render())
        dialog.query_one("#add-url").value = extra.url
        await pilot.pause()
        assert not dialog.query_one("#add").disabled
        await pilot.click("#add")
        await wait_for(pilot, lambda: "extra" in app.mirror_table.row_names())
        await wait_for(pilot, lambda: probed(app, "extra"))
        assert cell(app, "extra", "status") == "✔ ok"
    text = go_env.config.read_text()
    assert text.startswith("# my mirrors, hand-written")
    assert [m.name for m in load_config(go_env.config).config.mirrors] == ["alpha", "extra"]


async def test_s_sorts_by_name_and_r_probes_again(go_env, start_proxy) -> None:
    zed, ant = start_proxy(), start_proxy()
    zed_slow = start_proxy()
    zed_slow.set_fault(FaultMode.DELAY, delay=0.2)
    write_config(go_env.config, {"zed": zed.url, "ant": zed_slow.url, "mid": ant.url}, interval=30)
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "zed", "ant", "mid"))
        await wait_for(pilot, lambda: app.mirror_table.row_names()[-1] == "ant")  # slowest last, once settled
        await pilot.press("s")
        assert app.mirror_table.row_names() == ["ant", "mid", "zed"]
        assert "sorted by name" in app.mirror_table.border_subtitle
        await pilot.click("#mirror-table", offset=(22, 0))  # the Status header: back to latency
        assert app.mirror_table.row_names()[-1] == "ant"
        await pilot.click("#mirror-table", offset=(6, 0))  # the Mirror header
        assert app.mirror_table.row_names() == ["ant", "mid", "zed"]
        await pilot.press("r")
        await wait_for(pilot, lambda: probed(app, "zed", "ant", "mid", samples=2))


async def test_names_and_operators_are_never_parsed_as_markup(go_env, start_proxy) -> None:
    proxy = start_proxy()
    url = proxy.url.replace("http://", "http://ci:s3cret@")
    go_env.config.write_text(
        "[catalog]\ninclude_builtin = false\n[probe]\ninterval = 30\n"
        f'[[mirrors]]\nname = "[red]x"\nurl = "{url}"\noperator = "[@click=app.quit]Evil[/]"\n'
    )
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "[red]x"))
        assert cell(app, "[red]x", "name") == "[red]x"
        assert cell(app, "[red]x", "operator") == "[@click=app.quit]Evil[/]"
        assert "s3cret" not in cell(app, "[red]x", "url") and "ci:***@" in cell(app, "[red]x", "url")
        await select(pilot, app, "[red]x")
        assert "s3cret" not in str(app.mirror_table.query_one("#mirror-detail", Static).render())
        assert app.is_running


async def test_u_also_sets_gosumdb_and_says_why_when_the_checksum_db_is_out_of_reach(
    go_env, start_proxy, refused_url, monkeypatch
) -> None:
    nosum, withsum = start_proxy(sumdb_supported=False), start_proxy()
    write_config(go_env.config, {"nosum": nosum.url, "withsum": withsum.url}, interval=30, chain="plain")
    monkeypatch.setenv("HTTPS_PROXY", refused_url)  # sum.golang.org and .google.cn: unreachable, as Go sees it
    app = GotuiApp()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: probed(app, "nosum", "withsum") and app.environment is not None)
        await select(pilot, app, "nosum")
        await pilot.press("u")
        await wait_for(pilot, lambda: "Now using nosum" in toasts(app))
        assert f"GOSUMDB=sum.golang.org {withsum.url}/sumdb/sum.golang.org" in toasts(app)
        assert "nosum does not proxy sum.golang.org" in toasts(app)
    assert go("env", "GOSUMDB").stdout.strip() == f"sum.golang.org {withsum.url}/sumdb/sum.golang.org"
    assert go("env", "GOPROXY").stdout.strip() == f"{nosum.url},direct"
