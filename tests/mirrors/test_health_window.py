"""The rolling health of a mirror: what the table's status, median, OK% and sparkline are made of."""

from __future__ import annotations

from goproxy_tui.core.health import RECENT, WINDOW, HealthBook, Sample
from goproxy_tui.core.probes.faults import Fault
from goproxy_tui.core.probes.http import PhaseTimings


def ok(ms: float, sumdb: bool | None = True) -> Sample:
    return Sample(Fault.OK, PhaseTimings(ttfb_ms=ms), sumdb)


def bad(fault: Fault = Fault.CONNECT_TIMEOUT) -> Sample:
    return Sample(fault, PhaseTimings())


def test_unprobed_mirror_is_pending_and_never_healthy() -> None:
    stats = HealthBook().stats("cn")
    assert stats.status == "pending"
    assert not stats.healthy
    assert stats.median_ms is None and stats.success_rate is None


def test_median_ignores_failures_and_success_rate_counts_them() -> None:
    book = HealthBook()
    for sample in (ok(10), ok(300), bad(), ok(20)):
        stats = book.record("cn", sample)
    assert stats.median_ms == 20  # of 10, 300, 20: one slow answer does not move it
    assert stats.success_rate == 0.75
    assert stats.history == (10, 300, None, 20)


def test_latest_failure_makes_the_row_failing_with_its_fault_class() -> None:
    book = HealthBook()
    book.record("cn", ok(10))
    stats = book.record("cn", bad(Fault.READ_TIMEOUT))
    assert stats.status == "failing"
    assert stats.label == "read-timeout"
    assert stats.fault is Fault.READ_TIMEOUT
    assert "did not answer in time" in stats.reason


def test_consecutive_failures_and_streak_reset_on_success() -> None:
    book = HealthBook()
    book.record("cn", ok(10))
    for expected in (1, 2, 3):
        stats = book.record("cn", bad())
        assert stats.consecutive_failures == expected
    assert stats.streak_start == 2  # the second probe started the streak
    assert "3 probes in a row" in stats.reason
    stats = book.record("cn", ok(12))
    assert stats.consecutive_failures == 0 and stats.streak_start == 0


def test_recent_failure_makes_a_working_mirror_flaky_until_it_ages_out() -> None:
    book = HealthBook()
    book.record("cn", bad())
    stats = book.record("cn", ok(10))
    assert (stats.status, stats.label) == ("warning", "flaky")
    for _ in range(RECENT - 1):
        stats = book.record("cn", ok(10))
    assert (stats.status, stats.label) == ("ok", "ok")


def test_sumdb_support_decides_ok_versus_warning() -> None:
    book = HealthBook()
    assert book.record("a", ok(10, sumdb=True)).status == "ok"
    no = book.record("b", ok(10, sumdb=False))
    assert (no.status, no.label) == ("warning", "no-sumdb")
    unknown = book.record("c", ok(10, sumdb=None))
    assert (unknown.status, unknown.label) == ("warning", "sumdb-unknown")
    # a failed probe says nothing about sumdb: the last known answer stays
    assert book.record("b", bad()).sumdb is False


def test_window_keeps_only_the_most_recent_samples() -> None:
    book = HealthBook()
    for i in range(WINDOW + 5):
        stats = book.record("cn", ok(float(i + 1)))
    assert stats.samples == WINDOW
    assert stats.history[0] == 6.0


def test_forget_drops_mirrors_removed_from_the_catalog() -> None:
    book = HealthBook()
    book.record("a", ok(1))
    book.record("b", ok(1))
    book.forget(["a"])
    assert list(book.snapshot()) == ["a"]


def test_json_fields_follow_the_mirrors_contract() -> None:
    book = HealthBook()
    book.record("cn", Sample(Fault.OK, PhaseTimings(dns_ms=1.24, tcp_ms=2.0, tls_ms=3.0, ttfb_ms=9.96), True))
    data = book.stats("cn").to_json()
    assert data["status"] == "ok" and data["fault"] == "ok"
    assert (data["dns_ms"], data["tcp_ms"], data["tls_ms"], data["ttfb_ms"]) == (1.2, 2.0, 3.0, 10.0)
    assert data["latency_ms"] == 10.0 and data["sumdb"] is True and data["success_rate"] == 1.0
