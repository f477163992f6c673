"""Benchmark of the opportunity list: server time of the filtered list at 2,000
opportunities × 5 lots (target: p95 ≤ 50 ms), and of its feeds.

    .venv/bin/python bench/opportunities_list.py            # SQLite, throwaway database
    DATABASE_URL=postgres://… .venv/bin/python bench/opportunities_list.py
    BENCH_QUICK=1 …                                         # 300 opportunities, fewer runs

The portal runs with the production settings in this process (Django test client: the full
request — middlewares, routing, selector, template — without the network). For each
scenario: p50/p95 wall-clock time and p95 CPU time of this process (SQLite included: what
the code costs, without the wait for a free core on a busy machine), first with the facet
counts in the cache (the usual case), then recomputed on every request (just after a
publication). The list page is never in the page cache (its alert form sets the CSRF
cookie); the feeds are, so their first figures are cache hits and the "recomputed" ones
their real cost. Exits with 1 when the slowest cached p95 of the list misses the target.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._lib import (
    bench_environment,
    collectstatic,
    fill_database,
    fmt,
    format_table,
    machine_summary,
    migrate,
    percentile,
    setup_django,
    throwaway_database,
)

QUICK = os.environ.get("BENCH_QUICK") == "1"
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", "300" if QUICK else "2000"))
LOTS = 5
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "10" if QUICK else "60"))
TARGET_P95_MS = 50


def measure(client, url, *, cold=False):
    """(p50 wall, p95 wall, p95 CPU, queries), in ms. ``cold``: the facet counts and the
    page cache are emptied before each request, as just after a publication."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtailcache.cache import clear_cache

    from opportunities.selectors import forget_facet_counts

    def forget():
        forget_facet_counts()
        clear_cache()

    client.get(url)  # warm-up
    wall, cpu = [], []
    for _ in range(ITERATIONS):
        if cold:
            forget()
        begin, begin_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} : statut {response.status_code}")
    if cold:
        forget()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return percentile(wall, 50), percentile(wall, 95), percentile(cpu, 95), len(queries)


def result_count(index, qs):
    from django.http import QueryDict
    from django.utils import timezone

    from opportunities.query import parse_opportunity_query
    from opportunities.selectors import opportunity_listing

    parsed = parse_opportunity_query(QueryDict(qs))
    return opportunity_listing(parsed, timezone.localdate(), index_page=index).paginator.count


def scenarios():
    from directory.models import Sector
    from opportunities.models import OpportunityPage

    sector = Sector.objects.order_by("pk").first().slug
    region, department = OpportunityPage.objects.values_list("region_code", "department_code")[0]
    return [
        ("liste par défaut", ""),
        ("clause d'insertion", "clause=insertion"),
        ("réservé SIAE + services", "reserve=siae&nature=services"),
        ("secteur + région", f"secteur={sector}&region={region}"),
        ("département + 30 jours", f"departement={department}&echeance=mois"),
        ("recherche texte", "q=nettoyage+ecoles"),
        ("tri heures, page 3", "tri=heures&page=3"),
        ("clôturées + attribuées", "statut=cloturee&statut=attribuee&clause=reserve-siae"),
        (
            "tous les filtres",
            f"clause=insertion&clause=critere-social&reserve=non&nature=travaux&secteur={sector}"
            f"&region={region}&echeance=plus-tard&q=travaux",
        ),
    ]


def main():
    with (
        tempfile.TemporaryDirectory() as workdir,
        throwaway_database("bench_opportunities") as url,
    ):
        setup_django(bench_environment(url, workdir))
        migrate()
        collectstatic()
        fill_database(scale=0)

        from django.test import Client

        from opportunities.generator import generate_opportunities
        from opportunities.models import Lot, OpportunityIndexPage, OpportunityPage

        started = time.perf_counter()
        generate_opportunities(
            OPPORTUNITIES - OpportunityPage.objects.count(),
            lots=LOTS,
            progress=lambda n: print(f"  {n} opportunités générées", file=sys.stderr, flush=True),
        )
        generation = time.perf_counter() - started
        index = OpportunityIndexPage.objects.get()
        client = Client(HTTP_HOST="127.0.0.1", headers={"x-forwarded-proto": "https"})
        print(
            f"Liste des opportunités — {OpportunityPage.objects.count()} opportunités, "
            f"{Lot.objects.count()} lots (générés en {generation:.0f} s), "
            f"{ITERATIONS} requêtes par mesure ; {machine_summary()}"
        )
        rows = []
        worst = worst_cold = 0.0
        for label, qs in scenarios():
            path = f"{index.url}?{qs}"
            p50, p95, cpu95, _queries = measure(client, path)
            _p50, cold95, cold_cpu95, cold_queries = measure(client, path, cold=True)
            worst, worst_cold = max(worst, p95), max(worst_cold, cold95)
            rows.append(
                [
                    label,
                    fmt(result_count(index, qs), 0),
                    fmt(p50),
                    fmt(p95),
                    fmt(cpu95),
                    fmt(cold95),
                    fmt(cold_cpu95),
                    str(cold_queries),
                ]
            )
        for label, route in (
            ("flux RSS (100)", "rss/"),
            ("calendrier .ics (500)", "calendrier.ics"),
            ("export CSV (tout)", "export.csv"),
        ):
            feed = f"{index.url}{route}?clause=insertion"
            p50, p95, cpu95, _queries = measure(client, feed)
            _p50, cold95, cold_cpu95, queries = measure(client, feed, cold=True)
            rows.append(
                [
                    label,
                    "",
                    fmt(p50),
                    fmt(p95),
                    fmt(cpu95),
                    fmt(cold95),
                    fmt(cold_cpu95),
                    str(queries),
                ]
            )
        print(
            format_table(
                [
                    "page",
                    "résultats",
                    "p50 ms",
                    "p95 ms",
                    "p95 CPU",
                    "p95 recalculé",
                    "CPU recalculé",
                    "requêtes SQL",
                ],
                rows,
            )
        )
        met = worst <= TARGET_P95_MS
        print(
            f"p95 le plus lent de la liste : {fmt(worst)} ms (comptes en cache), "
            f"{fmt(worst_cold)} ms (comptes recalculés) ; objectif ≤ {TARGET_P95_MS} ms : "
            f"{'tenu' if met else 'NON TENU'} ({machine_summary()})"
        )
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
