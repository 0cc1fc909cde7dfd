"""Headless mirror commands: ``gotui mirrors [--json] [--rounds N]`` and ``gotui use NAME|URL|--best``.

Both probe the catalog (``[catalog]`` + ``[[mirrors]]`` of the config) with the same probes, health
rules and switch plan as the live table, so a script gets exactly what the ``u`` key would do.
Rich is imported only to draw the table on a terminal; JSON and piped output never load it.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from typing import Any

from goproxy_tui.commands.output import cell_width, emit, fail, json_text, ljust, print_problem
from goproxy_tui.core.config import LoadedConfig, load_config
from goproxy_tui.core.goenv import GoEnvironment, apply_changes, read_environment
from goproxy_tui.core.gotool import GoError
from goproxy_tui.core.health import (
    HealthBook,
    MirrorStats,
    ProbeOne,
    default_prober,
    probe_rounds,
    round_deadline,
)
from goproxy_tui.core.journal import JournalError
from goproxy_tui.core.mirrors import Catalog, Mirror
from goproxy_tui.core.redact import mask_secrets, printable
from goproxy_tui.core.switch import (
    SwitchError,
    active_chain,
    pick_best,
    plan_switch,
    refusal,
    resolve_target,
)
from goproxy_tui.i18n import N_, _, status_word, tr

MAX_ROUNDS = 20


def _config() -> LoadedConfig:
    loaded = load_config()
    for problem in loaded.problems:
        emit(f"gotui: warning: {printable(tr(problem.format()))}", err=True)
    return loaded


def _environment_or_none() -> tuple[GoEnvironment | None, str | None]:
    try:
        return asyncio.run(read_environment()), None
    except GoError as exc:
        return None, exc.message


def _probe(loaded: LoadedConfig, mirrors: Sequence[Mirror], rounds: int, probe: ProbeOne | None = None) -> HealthBook:
    settings = loaded.config.probe
    prober = probe or default_prober(settings.module, settings.timeout)
    return asyncio.run(
        probe_rounds(mirrors, prober, rounds=rounds, deadline=round_deadline(settings.timeout))
    )


def _positions(env: GoEnvironment | None, catalog: Catalog) -> dict[str, int]:
    if env is None:
        return {}
    chain = active_chain(env.get("GOPROXY").effective, catalog)
    return {m.name: i + 1 for i, m in enumerate(chain) if m is not None}


def mirror_rows(catalog: Catalog, stats: dict[str, MirrorStats], positions: dict[str, int]) -> list[dict[str, Any]]:
    """The ``mirrors`` JSON contract (DESIGN §2), one dict per mirror in catalog order."""
    rows = []
    for mirror in catalog:
        row: dict[str, Any] = {
            "name": mirror.name,
            "url": mirror.display_url,
            "operator": mirror.operator,
            "active": positions.get(mirror.name) == 1,
            "chain_position": positions.get(mirror.name),
            "builtin": mirror.builtin,
        }
        row.update(stats[mirror.name].to_json())
        rows.append(row)
    return rows


def _ms(value: float | None) -> str:
    return "-" if value is None else (f"{value:.1f}" if value < 10 else f"{value:.0f}")


def _ms_cell(value: float | None) -> str:
    """A timing cell with its unit ("80 ms"); "-" when there is none."""
    return "-" if value is None else _("{ms} ms").format(ms=_ms(value))


SUMDB_ONLY = {"no-sumdb": N_("healthy, no sumdb"), "sumdb-unknown": N_("healthy, sumdb unknown")}
"""A mirror that serves modules and only lacks (or hides) the checksum proxy is healthy: JSON keeps
``status: warning``, the table says healthy and the line under it gives the sumdb note."""


def _status_cell(row: dict[str, Any]) -> tuple[str, str]:
    """(the kind for icon and colour, the word shown) for one row."""
    if row["status"] == "warning" and row["label"] in SUMDB_ONLY:
        return "ok", _(SUMDB_ONLY[row["label"]])
    return row["status"], status_word(row["status"] if row["status"] != "warning" else row["label"])


def _plain_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    table = [["", _("MIRROR"), _("STATUS"), _("FAULT"), _("MEDIAN"), "OK%", "SUMDB", "DNS", "TCP", "TLS", "TTFB", "URL"]]
    for row in rows:
        mark = "*" if row["active"] else (str(row["chain_position"]) if row["chain_position"] else "")
        rate = row["success_rate"]
        table.append([
            mark,
            printable(row["name"]),
            _status_cell(row)[1],
            row["fault"] or "-",
            _ms_cell(row["latency_ms"]),
            "-" if rate is None else f"{rate * 100:.0f}",
            {True: _("yes"), False: _("no"), None: "?"}[row["sumdb"]],
            _ms_cell(row["dns_ms"]),
            _ms_cell(row["tcp_ms"]),
            _ms_cell(row["tls_ms"]),
            _ms_cell(row["ttfb_ms"]),
            printable(row["url"]),
        ])
    return table


def _print_plain(rows: list[dict[str, Any]]) -> None:
    table = _plain_table(rows)
    widths = [max(cell_width(r[i]) for r in table) for i in range(len(table[0]))]
    for line in table:
        emit("  ".join(ljust(cell, width) for cell, width in zip(line, widths, strict=True)).rstrip())


def _print_rich(rows: list[dict[str, Any]]) -> None:
    """The TUI's look on a terminal: one status cell (icon + label), timing columns only if they fit."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    styles = {"ok": "green", "warning": "yellow", "failing": "bold red"}
    icons = {"ok": "✔", "warning": "⚠", "failing": "✖"}
    wide = console.width >= 110
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("")
    table.add_column(_("MIRROR"), no_wrap=True, max_width=20)
    table.add_column(_("STATUS"), no_wrap=True)
    for title in (_("MEDIAN"), "OK%", "SUMDB", *(("DNS", "TCP", "TLS", "TTFB") if wide else ())):
        table.add_column(title, justify="right", no_wrap=True)
    table.add_column("URL", no_wrap=True, overflow="ellipsis", min_width=16)
    for row, cells in zip(rows, _plain_table(rows)[1:], strict=True):
        mark, name, _status, _fault, median, rate, sumdb, dns, tcp, tls, ttfb, url = cells
        kind, word = _status_cell(row)
        if kind == row["status"]:
            word = status_word(row["label"])  # the label (a fault class, flaky) says more than the status
        label = Text(f"{icons[kind]} {word}", style=styles[kind])  # plain strings, never markup
        timings = (dns, tcp, tls, ttfb) if wide else ()
        table.add_row(Text(mark, style="bold"), Text(name), label,
                      *(Text(c) for c in (median, rate, sumdb, *timings)), Text(url))
    console.print(table)


def cmd_mirrors(as_json: bool, rounds: int, probe: ProbeOne | None = None) -> int:
    """Probe every mirror ``rounds`` times and print the table; exit 1 when none is healthy."""
    if not 1 <= rounds <= MAX_ROUNDS:
        return fail(_("--rounds must be between 1 and {max}, not {rounds}").format(max=MAX_ROUNDS, rounds=rounds),
                    code=2)
    loaded = _config()
    catalog = loaded.catalog
    if not len(catalog):
        return fail(_("no mirrors to probe"),
                    _("add [[mirrors]] to the config or set [catalog] include_builtin = true"))
    env, go_problem = _environment_or_none()
    if go_problem:
        emit("gotui: warning: " + _("{problem}; the active GOPROXY is unknown").format(problem=printable(tr(go_problem))),
             err=True)
    book = _probe(loaded, tuple(catalog), rounds, probe)
    stats = book.snapshot(catalog.names())
    positions = _positions(env, catalog)
    rows = mirror_rows(catalog, stats, positions)
    healthy = [r for r in rows if r["status"] != "failing"]
    if as_json:
        document = {
            "schema_version": 1,
            "goproxy": None if env is None else mask_secrets(env.get("GOPROXY").effective),
            "rounds": rounds,
            "healthy": len(healthy),
            "best": (best.name if (best := pick_best(tuple(catalog), stats)) else None),
            "mirrors": rows,
        }
        emit(json_text(document))
    else:
        if sys.stdout.isatty():
            _print_rich(rows)
        else:
            _print_plain(rows)
        emit("")
        verdict = (_("{healthy} of {total} mirrors healthy") if healthy
                   else _("{healthy} of {total} mirrors healthy: none can serve modules now"))
        emit(verdict.format(healthy=len(healthy), total=len(rows)))
        for row in rows:
            if row["status"] != "ok" and row["reason"]:
                emit(f"  {printable(row['name'])}: {printable(tr(row['reason']))}")
            elif row.get("auth") and row["status"] != "failing":
                emit(f"  {printable(row['name'])}: {printable(tr(row['auth']))}")
    return 0 if healthy else 1


def cmd_use(target: str | None, best: bool, force: bool, probe: ProbeOne | None = None) -> int:
    """Make a mirror (or the best healthy one) the active GOPROXY, with the key's write rules."""
    loaded = _config()
    catalog = loaded.catalog
    chosen: Mirror | None = None
    if target is not None:
        try:
            chosen = resolve_target(target, catalog)
        except SwitchError as exc:
            return fail(exc.message, exc.hint, code=2)
    mirrors = tuple(catalog)
    if chosen is not None and catalog.find(chosen.url) is None:
        mirrors = (*mirrors, chosen)
    if not mirrors:
        return fail(_("no mirrors to choose from"), _("add [[mirrors]] to the config or give a URL"))
    try:
        env = asyncio.run(read_environment())
    except GoError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    book = _probe(loaded, mirrors, 1, probe)
    stats = book.snapshot(m.name for m in mirrors)
    if best:
        chosen = pick_best(mirrors, stats)
        if chosen is None:
            return fail(_("none of the {count} mirrors is healthy").format(count=len(mirrors)),
                        _("run 'gotui mirrors' to see why"))
        median = stats[chosen.name].median_ms
        best_line = (_("best: {name} ({ms} ms median, proxies sum.golang.org)") if stats[chosen.name].sumdb
                     else _("best: {name} ({ms} ms median)"))
        emit(best_line.format(name=printable(chosen.name), ms=_ms(median)))
    assert chosen is not None
    refused = refusal(chosen, stats.get(chosen.name))
    if refused is not None and not force:
        return fail(refused.message, refused.hint, code=1)
    settings = loaded.config
    gosumdb = env.get("GOSUMDB")
    try:
        plan = asyncio.run(
            plan_switch(
                chosen,
                mirrors,
                stats,
                style=settings.switch.chain,
                current_gosumdb=gosumdb.effective,
                gosumdb_from_os=gosumdb.source == "os",
                timeout=settings.probe.timeout,
            )
        )
        result = asyncio.run(apply_changes(env, plan.changes(), action="use", force=force))
    except SwitchError as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    except (GoError, JournalError) as exc:
        return fail(exc.message, exc.hint, code=exc.exit_code)
    for problem in result.problems:
        print_problem(problem.message, problem.hint)
    if not result.ok or result.entry is None:
        emit(_("nothing was written"), err=True)
        return result.exit_code
    emit(_("using {name} ({url})").format(name=printable(chosen.name), url=printable(chosen.display_url)))
    for line in plan.describe(warning=False):
        emit(f"  {printable(tr(line))}")
    if plan.gosumdb.warning:
        emit(f"gotui: warning: {printable(tr(plan.gosumdb.note))}", err=True)
    emit(_("change #{id}; 'gotui undo' reverts it").format(id=result.entry.id))
    return 0
