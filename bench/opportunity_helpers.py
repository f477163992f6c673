"""Benchmark of the helpers of an opportunity page ("Structures qui peuvent vous aider"):
``opportunities.matching.structures_for_lots`` at 100,000 structures (target: p95 ≤ 50 ms).

    .venv/bin/python bench/opportunity_helpers.py            # SQLite, throwaway database
    DATABASE_URL=postgres://… .venv/bin/python bench/opportunity_helpers.py
    BENCH_STRUCTURES=20000 …                                 # a smaller directory
    BENCH_KEEP_DIR=/tmp/helpers …     # keep the SQLite database there, reuse it next time

For a few realistic opportunities (reserved SIAE / disability lots, insertion hours, with and
without sectors) in Paris and in a rural commune: p50/p95 wall-clock and p95 CPU time of
this process, and the number of SQL queries. Exits with 1 when the slowest p95 misses the
target.

The candidates come from the directory's in-memory facet index (one per process, shared
with the directory search, rebuilt when the directory changes): its build time is printed
once, the measures are taken with it built.
"""

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._lib import (
    bench_environment,
    fill_database,
    fmt,
    format_table,
    machine_summary,
    migrate,
    percentile,
    setup_django,
    throwaway_database,
)

STRUCTURES = int(os.environ.get("BENCH_STRUCTURES", "100000"))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "20"))
TARGET_P95_MS = 50


def opportunities():
    """(label, lots) — each lot a (clauses, sector slugs) pair."""
    return [
        ("réservé SIAE, nettoyage", [(("reserve-siae",), ["nettoyage-de-locaux"])]),
        ("réservé handicap, sans secteur", [(("reserve-handicap",), [])]),
        ("insertion, espaces verts", [(("insertion",), ["entretien-d-espaces-verts"])]),
        ("insertion, sans secteur", [(("insertion",), [])]),
        (
            "5 lots mêlés",
            [
                (("reserve-siae",), ["nettoyage-de-locaux"]),
                (("reserve-handicap",), ["entretien-d-espaces-verts"]),
                (("insertion",), ["maconnerie"]),
                (("insertion", "critere-social"), ["nettoyage-de-vitres", "maconnerie"]),
                (("reserve-handicap",), []),
            ],
        ),
    ]


def needs_for(lots):
    from directory.models import Sector
    from opportunities.matching import LotNeed

    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    needs = []
    for index, (clauses, slugs) in enumerate(lots):
        chosen = [sectors[slug] for slug in slugs if slug in sectors]
        needs.append(
            LotNeed(
                index,
                clauses,
                frozenset(s.pk for s in chosen),
                frozenset(s.group_id for s in chosen),
            )
        )
    return needs


def places():
    from directory.models import Commune
    from opportunities.matching import Place

    communes = Commune.objects.filter(insee_code__in=["75056", "48095"]).order_by("-insee_code")
    return [(commune.name, Place.of_commune(commune)) for commune in communes]


def measure(needs, place):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opportunities.matching import structures_for_lots

    structures_for_lots(needs, place)  # warm-up
    wall, cpu = [], []
    for _ in range(ITERATIONS):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        result = structures_for_lots(needs, place)
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        structures_for_lots(needs, place)
    found = sum(len(helpers) for helpers in result.values())
    return percentile(wall, 50), percentile(wall, 95), percentile(cpu, 95), len(queries), found


def database(keep_dir):
    if keep_dir:
        Path(keep_dir).mkdir(parents=True, exist_ok=True)
        return contextlib.nullcontext(f"sqlite:///{keep_dir}/db.sqlite3")
    return throwaway_database("bench_helpers")


def main():
    keep_dir = os.environ.get("BENCH_KEEP_DIR")
    with tempfile.TemporaryDirectory() as workdir, database(keep_dir) as url:
        setup_django(bench_environment(url, workdir))
        migrate()
        from directory.models import Sector

        if not Sector.objects.exists():
            fill_database(scale=0)

        from directory.generator import generate_structures
        from directory.importers.communes import import_communes
        from directory.models import Commune, Structure

        if not Commune.objects.filter(latitude__isnull=False).exists():
            import_communes(
                Path(__file__).resolve().parent.parent / "directory/data/demo_communes.json"
            )

        started = time.perf_counter()
        generate_structures(max(0, STRUCTURES - Structure.objects.count()), seed=2026)
        generation = time.perf_counter() - started
        print(
            f"Structures qui peuvent aider (page d'une opportunité) — "
            f"{Structure.objects.count()} structures (générées en {generation:.0f} s), "
            f"{ITERATIONS} appels par mesure ; {machine_summary()}"
        )
        from directory.search import facet_index

        facet_index.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        facet_index.current_index()
        print(
            f"Index des facettes (un par processus, partagé avec la recherche de l'annuaire) "
            f"construit en {fmt(time.perf_counter() - started, 2)} s, "
            f"{fmt(time.process_time() - started_cpu, 2)} s de CPU"
        )
        rows, worst = [], 0.0
        for place_label, place in places():
            for label, lots in opportunities():
                p50, p95, cpu95, queries, found = measure(needs_for(lots), place)
                worst = max(worst, p95)
                rows.append(
                    [place_label, label, str(found), fmt(p50), fmt(p95), fmt(cpu95), str(queries)]
                )
        print(
            format_table(
                ["lieu", "opportunité", "structures", "p50 ms", "p95 ms", "p95 CPU", "requêtes"],
                rows,
            )
        )
        met = worst <= TARGET_P95_MS
        print(
            f"p95 le plus lent : {fmt(worst)} ms ; objectif ≤ {TARGET_P95_MS} ms : "
            f"{'tenu' if met else 'NON TENU'} ({machine_summary()})"
        )
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
