"""The pure helpers of the benchmarks' shared library."""

import os
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench import _lib
from bench._lib import (
    child_pids,
    database_url_with_name,
    fmt,
    format_table,
    is_postgres_url,
    percentile,
    proc_status_mb,
    resolve,
    run_fillers,
    summarize,
)

floats = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def test_percentile_interpolates_between_ranks():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15
    assert percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    assert percentile(values, 40) == 29  # rank 1.6: 20 + 0.6 × 15
    assert percentile([3, 1, 2], 50) == 2  # order of the input does not matter
    assert percentile([7.5], 99) == 7.5


@given(st.lists(floats, min_size=2, max_size=50))
def test_percentile_matches_the_standard_library(values):
    # statistics.quantiles(method="inclusive") uses the same linear interpolation.
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    for p in (1, 25, 50, 95, 99):
        assert percentile(values, p) == pytest.approx(cuts[p - 1], rel=1e-9, abs=1e-6)


@given(st.lists(floats, min_size=1, max_size=50), st.floats(0, 100), st.floats(0, 100))
def test_percentile_is_monotonic_and_bounded(values, p, q):
    low, high = sorted((p, q))
    assert min(values) <= percentile(values, low) <= percentile(values, high) <= max(values)


def test_percentile_refuses_empty_input_and_out_of_range():
    with pytest.raises(ValueError, match="empty"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1], 101)


def test_summarize():
    summary = summarize([1.0, 2.0, 3.0, 4.0])
    assert summary == {
        "n": 4,
        "mean": 2.5,
        "min": 1.0,
        "p50": 2.5,
        "p95": pytest.approx(3.85),
        "p99": pytest.approx(3.97),
        "max": 4.0,
    }
    assert summarize([])["p95"] is None


def test_fmt_uses_french_decimal_comma_and_grouping():
    assert fmt(1234567.891) == "1\u202f234\u202f567,9"
    assert fmt(3.14159, 2) == "3,14"
    assert fmt(97, 0, " %") == "97 %"
    assert fmt(None) == "—"


def test_format_table_aligns_columns():
    table = format_table(["page", "req/s"], [["accueil", "1 200"], ["une structure", "85"]])
    assert table.splitlines() == [
        "page           req/s",
        "-------------  -----",
        "accueil        1 200",
        "une structure     85",
    ]
    with pytest.raises(ValueError):
        format_table(["a", "b"], [["seule cellule"]])


def test_database_urls():
    url = "postgres://bench:secret@db.example:5433/portail?sslmode=require"
    assert database_url_with_name(url, "bench_http_1") == (
        "postgres://bench:secret@db.example:5433/bench_http_1?sslmode=require"
    )
    assert is_postgres_url(url)
    assert is_postgres_url("postgresql://localhost/x")
    assert not is_postgres_url("sqlite:////tmp/db.sqlite3")
    assert not is_postgres_url(None)


def test_throwaway_sqlite_database_is_removed(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with _lib.throwaway_database("essai") as url:
        assert url.startswith("sqlite:///")
        directory = os.path.dirname(url.removeprefix("sqlite:///"))
        assert os.path.isdir(directory)
    assert not os.path.exists(directory)


def generator_for_tests(count, seed):
    generator_for_tests.calls.append((count, seed))


generator_for_tests.calls = []


def failing_generator(count):
    raise RuntimeError("communes manquantes")


def test_run_fillers_calls_present_generators_and_reports_absent_or_failing_ones():
    generator_for_tests.calls.clear()
    lines = run_fillers(
        3,
        {
            "ok": (f"{__name__}.generator_for_tests", lambda s: {"count": 10 * s, "seed": 1}),
            "absent": ("app_inexistante.generator.generate", lambda s: {}),
            "cassé": (f"{__name__}.failing_generator", lambda s: {"count": s}),
        },
    )
    assert generator_for_tests.calls == [(30, 1)]
    assert lines[0].startswith("ok : ")
    assert lines[1] == "absent : générateur absent (app_inexistante.generator.generate), ignoré"
    assert lines[2] == "cassé : échec du générateur (RuntimeError: communes manquantes)"


def test_resolve():
    assert resolve("bench._lib.percentile") is percentile
    assert resolve("bench._lib.nothing_here") is None
    assert resolve("directory_inexistant.generator.generate") is None


def test_memory_readings_of_this_process():
    assert proc_status_mb(os.getpid(), "VmRSS") > 1
    assert proc_status_mb(os.getpid(), "VmHWM") >= proc_status_mb(os.getpid(), "VmRSS") - 1
    assert proc_status_mb(999_999_999, "VmRSS") is None
    assert os.getpid() in child_pids(os.getppid())
    assert _lib.peak_rss_mb() > 1
