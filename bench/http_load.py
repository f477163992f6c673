"""HTTP throughput and latency of the main pages, served by gunicorn with production settings.

    .venv/bin/python bench/http_load.py                      # 30 s per URL, 32 connections
    .venv/bin/python bench/http_load.py --duration 5 --connections 8
    DATABASE_URL=postgres://… .venv/bin/python bench/http_load.py   # on a fresh PostgreSQL DB

For each page: requests per second, latency p50/p95/p99 (client side, queueing included),
errors (any answer other than 200, or no answer), throughput as a share of the ceiling (the
smallest Django view: /health/ when it exists, /robots.txt otherwise) and the largest
resident memory of a gunicorn worker during the run. Pages whose feature is not installed,
or that do not answer 200, are listed as absent.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import Gunicorn, fetch, run_load
from bench._lib import (
    bench_environment,
    collectstatic,
    fill_database,
    fmt,
    format_table,
    machine_summary,
    migrate,
    setup_django,
    summarize,
    throwaway_database,
)

# --- What to measure -------------------------------------------------------------------------


def ceiling_path():
    """The smallest Django view of the project: /health/ when it exists, else /robots.txt."""
    from django.urls import NoReverseMatch, reverse

    for name in ("health", "robots_txt"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/robots.txt"


def _model(label):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def first_live_page(label):
    model = _model(label)
    if model is None:
        return None
    page = model.objects.live().public().order_by("path").first()
    return page.url if page else None


def directory_search_with_place():
    """The directory search around the commune of a published structure, 30 km."""
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    try:
        search = reverse("directory:search")
    except NoReverseMatch:
        return None
    structure_model, commune_model = _model("directory.Structure"), _model("directory.Commune")
    place = None
    if structure_model is not None:
        structure = structure_model.objects.exclude(commune=None).order_by("pk").first()
        place = getattr(getattr(structure, "commune", None), "name", None)
    if place is None and commune_model is not None:
        commune = commune_model.objects.order_by("pk").first()
        place = getattr(commune, "name", None)
    if place is None:
        return None
    return f"{search}?{urlencode({'lieu': place, 'rayon': 30})}"


def one_structure():
    model = _model("directory.Structure")
    if model is None or not hasattr(model, "get_absolute_url"):
        return None
    candidates = model.objects.order_by("pk")[:20]
    return [structure.get_absolute_url() for structure in candidates] or None


TARGETS = [
    ("plafond (vue minimale)", ceiling_path),
    ("accueil", lambda: "/"),
    ("liste des opportunités", lambda: first_live_page("opportunities.OpportunityIndexPage")),
    ("une opportunité", lambda: first_live_page("opportunities.OpportunityPage")),
    ("annuaire : recherche avec un lieu", directory_search_with_place),
    ("une structure", one_structure),
]


def discover_targets():
    """(name, candidate paths) for every target; an empty list when the feature is absent."""
    found = []
    for name, finder in TARGETS:
        try:
            paths = finder()
        except Exception as error:  # a missing feature must not stop the benchmark
            print(f"  {name} : recherche impossible ({type(error).__name__}: {error})")
            paths = None
        if isinstance(paths, str):
            paths = [paths]
        found.append((name, list(paths or [])))
    return found


def first_answering(port, paths):
    """The first of ``paths`` answering 200, and the statuses seen."""
    seen = []
    for path in paths:
        status, _body, _headers = fetch(port, path)
        if status == 200:
            return path, seen
        seen.append(f"{path} → {status}")
    return None, seen


# --- Run -----------------------------------------------------------------------------------------


def measure(server, path, *, duration, connections, warmup):
    def scenario(client, _rng):
        client.get(path)

    if warmup:
        run_load(server.port, scenario, duration=warmup, connections=connections)
    peak = {"rss": 0.0}

    def sample(_elapsed):
        readings = server.worker_rss_mb().values()
        if readings:
            peak["rss"] = max(peak["rss"], *readings)

    records, elapsed = run_load(
        server.port, scenario, duration=duration, connections=connections, on_tick=sample
    )
    sample(elapsed)
    latencies = [record.seconds * 1000 for record in records if record.status == 200]
    return {
        "path": path,
        "requests": len(records),
        "rps": len(records) / elapsed if elapsed else 0.0,
        "errors": sum(1 for record in records if record.status != 200),
        "latency_ms": summarize(latencies),
        "worker_rss_mb": peak["rss"] or None,
    }


def results_table(results):
    ceiling = next((r for r in results if r.get("ceiling") and r.get("rps")), None)
    rows = []
    for result in results:
        if "rps" not in result:
            rows.append([result["name"], result.get("absent", "absent"), *["—"] * 7])
            continue
        latency = result["latency_ms"]
        ratio = (
            fmt(100 * result["rps"] / ceiling["rps"], 0, " %")
            if ceiling and ceiling["rps"]
            else "—"
        )
        rows.append(
            [
                result["name"],
                result["path"] if len(result["path"]) <= 48 else result["path"][:45] + "…",
                fmt(result["rps"], 0),
                fmt(latency["p50"]),
                fmt(latency["p95"]),
                fmt(latency["p99"]),
                str(result["errors"]),
                ratio,
                fmt(result["worker_rss_mb"], 0),
            ]
        )
    headers = [
        "page",
        "chemin",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "erreurs",
        "/ plafond",
        "RSS worker Mio",
    ]
    return format_table(headers, rows, align="llrrrrrrr")


def parse_args(argv):
    quick = os.environ.get("BENCH_QUICK", "").lower() in {"1", "true", "yes"}
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--duration", type=float, default=5 if quick else 30, help="secondes par URL"
    )
    parser.add_argument("--connections", type=int, default=8 if quick else 32)
    parser.add_argument("--warmup", type=float, default=1 if quick else 3, help="secondes")
    parser.add_argument("--workers", type=int, default=None, help="défaut : 2 × cœurs + 1")
    parser.add_argument("--threads", type=int, default=1, help="> 1 : workers gthread")
    parser.add_argument(
        "--scale", type=int, default=1, help="volume des générateurs (0 : démo seule)"
    )
    parser.add_argument("--only", default="", help="pages à mesurer, séparées par des virgules")
    parser.add_argument("--json", type=Path, default=None, help="enregistre les résultats")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="portail-http-") as workdir,
        throwaway_database("bench_http") as database_url,
    ):
        return run(args, database_url, workdir)


def run(args, database_url, workdir):
    environment = bench_environment(database_url, workdir)
    setup_django(environment)
    from django.db import connection, connections

    print(f"== Charge HTTP : {machine_summary()}")
    print(
        f"  base : {connection.vendor} (jetable), réglages : {environment['DJANGO_SETTINGS_MODULE']}"
    )
    started = time.perf_counter()
    migrate()
    print(f"  migrations : {time.perf_counter() - started:.1f} s")
    for line in fill_database(args.scale):
        print(f"  {line}")
    collectstatic()
    targets = discover_targets()
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    if only:
        targets = [
            (name, paths) for name, paths in targets if name in only or name.startswith("plafond")
        ]
    connections.close_all()

    server = Gunicorn(environment, workdir, workers=args.workers, threads=args.threads)
    ceiling = targets[0][1][0]
    results = []
    with server.start(ready_path=ceiling):
        print(
            f"  gunicorn : {server.workers} workers × {server.threads} thread(s), "
            f"{args.connections} connexions, {args.duration:g} s par page (+ {args.warmup:g} s de chauffe)"
        )
        for index, (name, paths) in enumerate(targets):
            path, refused = first_answering(server.port, paths) if paths else (None, [])
            if path is None:
                reason = "absente" if not paths else "pas de 200 : " + ", ".join(refused[:2])
                results.append({"name": name, "absent": reason})
                continue
            print(f"  … {name} ({path})", flush=True)
            result = measure(
                server,
                path,
                duration=args.duration,
                connections=args.connections,
                warmup=args.warmup,
            )
            results.append({"name": name, "ceiling": index == 0, **result})
        peak = server.worker_peak_mb()
        errors_in_log = server.log_tail(200).count("Traceback")
    print()
    print(results_table(results))
    print(
        f"\nPic mémoire d'un worker (VmHWM) : {fmt(peak, 0)} Mio ; tracebacks dans le journal : {errors_in_log}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"results": results, "worker_peak_mb": peak}, indent=2))
    failed = any(result.get("errors") for result in results) or errors_in_log
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
