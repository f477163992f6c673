"""Benchmark of the directory: search latency and ASP import throughput.

    .venv/bin/python bench/directory_search.py [N]            # SQLite then PostgreSQL, N (100000)
    DATABASE_URL=postgres://… .venv/bin/python bench/directory_search.py [N]   # that base only
    BENCH_QUICK=1 …                                           # 40 requests, 5,000 rows

Without ``DATABASE_URL`` it measures SQLite, in a scratch file
(``/tmp/portail-bench-directory-<N>.sqlite3``, kept between runs so that the data is generated
once), then PostgreSQL (``BENCH_POSTGRES_URL``, by default ``bench_annuaire`` on the local
server, created if missing). With ``DATABASE_URL``, point it at a scratch database:
the script migrates it and adds generated structures (it refuses a database holding other
structures). Prints p50/p95 of server time (the full Django request, template included) for
text search + facets (words searched before, then words never searched: the full-text
index asked every time), facet filters only and a 30 km place search, the ASP import throughput
and the peak memory; exits with status 1 when a target is missed (wall-clock figures).
"""

import os
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
QUICK = os.environ.get("BENCH_QUICK", "").lower() in {"1", "true", "yes"}
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "40" if QUICK else "200"))
IMPORT_ROWS = int(
    os.environ.get("BENCH_IMPORT_ROWS", str(max(1000, min(5_000 if QUICK else 20_000, N // 5))))
)
TARGET_P95_MS = 50
TARGET_IMPORT_ROWS_PER_SECOND = 2000
BENCH_SIRET_OFFSET = 4_180_000_000_000
IMPORT_SIRET_OFFSET = 6_500_000_000_000

# One database per size, like the SQLite files: the data is generated once.
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_annuaire" + (
    "" if N == 100_000 else f"_{N}"
)


def run_on_both_databases():
    """``make bench`` without DATABASE_URL: this script once on SQLite, then once on
    PostgreSQL (``BENCH_POSTGRES_URL``, by default the local server's ``bench_annuaire``, or
    ``bench_annuaire_<N>`` for another size, created if missing; skipped with a message when
    no server answers). Status 1 if either misses a target."""
    sqlite_url = f"sqlite:///{tempfile.gettempdir()}/portail-bench-directory-{N}.sqlite3"
    statuses = [_run_on(sqlite_url, "SQLite")]
    postgres_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        _create_postgres_database(postgres_url)
    except Exception as error:  # no server, no right to create: say it, measure SQLite only
        print(f"\nPostgreSQL injoignable ({type(error).__name__}: {error}) : non mesuré.")
    else:
        statuses.append(_run_on(postgres_url, "PostgreSQL"))
    return max(statuses)


def _run_on(url, label):
    import subprocess

    print(f"\n-------- annuaire sur {label} --------", flush=True)
    return subprocess.call(
        [sys.executable, __file__, *sys.argv[1:]], env={**os.environ, "DATABASE_URL": url}
    )


def _create_postgres_database(url):
    import psycopg

    from bench._lib import _libpq_url, database_url_with_name

    name = url.rsplit("/", 1)[-1].split("?")[0]
    admin_url = _libpq_url(database_url_with_name(url, "postgres"))
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__" and not os.environ.get("DATABASE_URL"):
    sys.exit(run_on_both_databases())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("RATELIMIT_ENABLE", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from directory.generator import StructureGenerator, generate_structures  # noqa: E402
from directory.importers.communes import import_communes  # noqa: E402
from directory.importers.structures import ASP_COLUMNS, import_structures  # noqa: E402
from directory.models import Commune, Sector, SectorGroup, Structure  # noqa: E402
from directory.search.facet_index import current_index  # noqa: E402

TEXTS = [
    "nettoyage",
    "espaces verts",
    "jardins",
    "recyclage",
    "restauration collective",
    "intérim",
    "blanchisserie",
    "menuiserie",
    "logistique",
    "horizon",
    "tremplin",
    "esat",
    "peinture",
    "conditionnement",
    "marseille",
    "nettoyage locaux",
    "élagage",
    "traiteur",
    "numérique",
    "bâtiment",
    "régie de quartier",
    "déménagement",
    "couture",
    "imprimerie",
]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def prepare():
    call_command("migrate", verbosity=0, interactive=False)
    if not Commune.objects.exists():
        import_communes(ROOT / "directory" / "data" / "demo_communes.json")
    existing = Structure.objects.count()
    generated = Structure.objects.filter(siret__startswith=str(BENCH_SIRET_OFFSET)[:4]).count()
    if existing and existing != generated:
        Structure.objects.filter(siret__startswith=str(IMPORT_SIRET_OFFSET)[:4]).delete()
        existing = Structure.objects.count()
        generated = Structure.objects.filter(siret__startswith=str(BENCH_SIRET_OFFSET)[:4]).count()
        if existing != generated:
            sys.exit(
                "La base contient d'autres structures : utilisez une base dédiée au benchmark."
            )
    if existing < N:
        started = time.perf_counter()
        print(f"Génération de {N - existing} structures…", file=sys.stderr)
        generate_structures(
            N - existing,
            seed=existing + 1,
            siret_offset=BENCH_SIRET_OFFSET + existing * 7,
            batch_size=5000,
            spread="departments",
        )
        print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        # PostgreSQL: what autovacuum does in production (visibility map for index-only scans).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed_requests(client, make_params, iterations):
    """Wall-clock and CPU milliseconds of each request. CPU time is this process's own: on a
    shared machine it estimates the server time better (it leaves out PostgreSQL's work)."""
    wall, cpu = [], []
    for _index in range(iterations):
        params = make_params()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get("/annuaire/", params)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def timed(function):
    started, started_cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - started, time.process_time() - started_cpu


def main():
    prepare()
    rnd = random.Random(42)
    communes = list(Commune.objects.values_list("name", flat=True))
    groups = list(SectorGroup.objects.values_list("slug", flat=True))
    sectors = list(Sector.objects.values_list("slug", flat=True))
    regions = ["93", "84", "11", "75", "76", "32"]
    departments = ["13", "42", "69", "94", "75", "33", "31", "59"]
    client = Client(HTTP_HOST="localhost")
    settings.ALLOWED_HOSTS = ["*"]

    def facets():
        params = {}
        choices = [
            ("famille", lambda: rnd.choice(["insertion", "handicap"])),
            (
                "type",
                lambda: rnd.sample(["ACI", "AI", "EI", "ETTI", "EA", "ESAT"], k=rnd.randint(1, 2)),
            ),
            ("secteur_groupe", lambda: rnd.choice(groups)),
            ("secteur", lambda: rnd.choice(sectors)),
            ("region", lambda: rnd.choice(regions)),
            ("departement", lambda: rnd.choice(departments)),
            ("modalite", lambda: rnd.choice(["sous_traitance", "mise_a_disposition"])),
        ]
        for name, value in rnd.sample(choices, k=rnd.randint(1, 3)):
            params[name] = value()
        return params

    def text_and_facets():
        return {"q": rnd.choice(TEXTS), **(facets() if rnd.random() < 0.5 else {})}

    def new_words():
        # The same searches with the words' memory emptied first (outside the timing): every
        # request asks the full-text index, as the first search of a word after a change does.
        current_index()._text_bits.clear()
        return text_and_facets()

    scenarios = {
        "texte + facettes": text_and_facets,
        "texte, mots jamais cherchés": new_words,
        "facettes seules": facets,
        "lieu à 30 km": lambda: {
            "lieu": rnd.choice(communes),
            "rayon": "30",
            **(facets() if rnd.random() < 0.3 else {}),
        },
    }
    timed_requests(client, scenarios["texte + facettes"], 10)  # warm-up
    load_before = os.getloadavg()[0]
    rows = []
    for label, make in scenarios.items():
        wall, cpu = timed_requests(client, make, ITERATIONS)
        rows.append(
            (
                label,
                statistics.median(wall),
                percentile(wall, 0.95),
                statistics.median(cpu),
                percentile(cpu, 0.95),
            )
        )
    load_after = os.getloadavg()[0]
    # Memory is measured on separate, untimed passes: tracing allocations slows Python down.
    tracemalloc.start()
    for make in scenarios.values():
        timed_requests(client, make, 5)
    _current, search_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # Import of the ASP format: new structures, then the same file again (all unchanged).
    generator = StructureGenerator(seed=99, siret_offset=IMPORT_SIRET_OFFSET, spread="departments")
    path = Path(tempfile.gettempdir()) / f"portail-bench-asp-{IMPORT_ROWS}.csv"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(";".join(ASP_COLUMNS) + "\n")
        for number in range(IMPORT_ROWS):
            handle.write(";".join(generator.asp_row(number)) + "\n")
    report, first_wall, first_cpu = timed(lambda: import_structures(path, file_format="asp"))
    again, second_wall, second_cpu = timed(lambda: import_structures(path, file_format="asp"))
    tracemalloc.start()
    import_structures(path, file_format="asp")
    _current, import_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    Structure.objects.filter(siret__startswith=str(IMPORT_SIRET_OFFSET)[:4]).delete()
    path.unlink()

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    published = f"{Structure.objects.published().count():,}".replace(",", " ")
    print()
    print(
        f"Annuaire — {published} structures publiées — base {connection.vendor} — {ITERATIONS} requêtes par scénario"
    )
    print(
        f"Charge de la machine (load average 1 min) : {load_before:.1f} avant, {load_after:.1f} après, {os.cpu_count()} cœurs"
    )
    print()
    print(
        f"{'scénario (ms, requête complète)':<32} {'p50 réel':>9} {'p95 réel':>9} {'p50 CPU':>9} {'p95 CPU':>9}"
    )
    print("-" * 72)
    for label, p50, p95, cpu50, cpu95 in rows:
        print(f"{label:<32} {p50:>9.1f} {p95:>9.1f} {cpu50:>9.1f} {cpu95:>9.1f}")
    print()
    print(f"{'import ASP':<32} {'lignes':>9} {'lignes/s':>9} {'/s (CPU)':>9}")
    print("-" * 72)
    print(
        f"{'création':<32} {IMPORT_ROWS:>9} {IMPORT_ROWS / first_wall:>9.0f} {IMPORT_ROWS / first_cpu:>9.0f}   {report.created} créées, {len(report.rejected)} rejetées"
    )
    share = report.timings["index"] / max(first_wall, 1e-9) * 100
    print(f"{'  dont index Wagtail':<32} {share:>18.0f} % du temps de la création")
    print(
        f"{'réimport (inchangé)':<32} {IMPORT_ROWS:>9} {IMPORT_ROWS / second_wall:>9.0f} {IMPORT_ROWS / second_cpu:>9.0f}   {again.unchanged} inchangées"
    )
    print()
    print(
        f"Mémoire : pic RSS du processus {peak_rss_mb:.0f} Mo ; pic Python pendant les recherches {search_peak / 1e6:.1f} Mo, pendant l'import {import_peak / 1e6:.1f} Mo"
    )
    print(
        "Objectifs : p95 ≤ 50 ms par type de recherche à 100 000 structures ; import ≥ 2 000 lignes/s."
    )
    missed = [label for label, _p50, p95, _cpu50, _cpu95 in rows if p95 > TARGET_P95_MS]
    if IMPORT_ROWS / first_wall < TARGET_IMPORT_ROWS_PER_SECOND:
        missed.append("import ASP")
    if missed:
        print(f"Objectifs manqués (temps réel) : {', '.join(missed)}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
