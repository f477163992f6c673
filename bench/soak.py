"""Soak run: minutes of mixed traffic on gunicorn with production settings, bad input
included; prints the answers by kind, the server errors (there must be none) and how the
workers' memory grew.

    .venv/bin/python bench/soak.py                       # 10 minutes, 8 connections
    .venv/bin/python bench/soak.py --duration 60         # a quick one
    DATABASE_URL=postgres://… .venv/bin/python bench/soak.py

The traffic is found by crawling the site from its home page: every page reached is read,
every GET form (search, filters) is submitted with broken query strings, and every POST form
(registration, contact, charter, alerts… and the admin login) is fetched then posted with
bad input (empty, too long, wrong types, null bytes, markup, fake files), as a careless
or hostile visitor would. Missing pages (404) are asked for too. Exit status 1 when any
answer is a 5xx or a request gets no answer.
"""

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import Gunicorn, count_statuses, crawl, read_page, run_load
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

# --- Bad input -------------------------------------------------------------------------------

BAD_TEXT = [
    "",
    " ",
    "x" * 5000,
    "nul\x00octet",
    "<script>alert('x')</script>",
    "' OR 1=1 --",
    "%00%ff%fe",
    "\u202eélyts\u202c 🚧 ﷽",
    "../../../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
]
BAD_NUMBERS = ["-1", "0", "1e309", "NaN", "9" * 40, "3,5", "douze", "0x10"]
BAD_EMAILS = ["pas-une-adresse", "@example.org", "a@b", "a" * 300 + "@example.org", "x@y..fr"]
BAD_DATES = ["31/02/2026", "2026-13-45", "hier", "0000-00-00", "9999-99-99"]
BAD_URLS = ["javascript:alert(1)", "http://", "ftp://exemple", "pas une adresse"]
FAKE_FILES = [
    ("logo.png", "image/png", b"ceci n'est pas une image"),
    ("logo.svg", "image/svg+xml", b"<svg onload='alert(1)'></svg>"),
    ("vide.jpg", "image/jpeg", b""),
]


def bad_value(form_field, rng):
    """A wrong value for ``form_field``, chosen by its kind."""
    kind = form_field.kind
    if kind == "email":
        return rng.choice(BAD_EMAILS + BAD_TEXT)
    if kind == "number":
        return rng.choice(BAD_NUMBERS)
    if kind in {"date", "datetime-local", "month"}:
        return rng.choice(BAD_DATES)
    if kind == "url":
        return rng.choice(BAD_URLS)
    if kind in {"select", "radio"}:
        choices = [*form_field.options, "n'existe-pas", "", "-1"]
        return rng.choice(choices)
    if kind == "checkbox":
        return rng.choice(["on", "", "faux", form_field.value or "on"])
    return rng.choice(BAD_TEXT + BAD_NUMBERS)


def bad_submission(form, rng):
    """(fields, files) for ``form``: the CSRF token kept, every other field wrong or missing."""
    fields, files = [], []
    for form_field in form.fields:
        if form_field.name == "csrfmiddlewaretoken":
            fields.append((form_field.name, form_field.value))
        elif form_field.kind == "file":
            if rng.random() < 0.7:
                filename, content_type, content = rng.choice(FAKE_FILES)
                files.append((form_field.name, filename, content_type, content))
        elif form_field.kind in {"submit", "image", "reset"}:
            continue
        elif rng.random() < 0.85:  # sometimes a field is simply missing
            fields.append((form_field.name, bad_value(form_field, rng)))
    if rng.random() < 0.2:
        fields.append(("champ_inconnu", rng.choice(BAD_TEXT)))
    return fields, files


def bad_query(form, rng):
    """A query string for a GET form with broken values (and repeated, unknown keys)."""
    pairs = []
    for form_field in form.fields:
        if rng.random() < 0.7:
            pairs.append((form_field.name, bad_value(form_field, rng)))
    pairs += [("page", rng.choice(["-1", "0", "999999", "abc"])), ("inconnu", "1")]
    if pairs and rng.random() < 0.3:
        pairs.append(pairs[0])  # the same key twice
    return urlencode(pairs)


# --- Traffic ---------------------------------------------------------------------------------


def unique_forms(forms):
    """One (page path, form) per distinct form: the header search is on every page."""
    seen, unique = set(), []
    for page_path, form in forms:
        key = (
            form.method,
            form_path(page_path, form),
            tuple(f.name for f in form.fields if f.name != "csrfmiddlewaretoken"),
        )
        if key not in seen:
            seen.add(key)
            unique.append((page_path, form))
    return unique


def form_path(page_path, form):
    action = form.action or page_path
    return urlsplit(action).path or page_path


def build_scenario(pages, get_forms, post_forms):
    """The mix of one virtual user's step, with the label each request is counted under."""

    def read(client, rng):
        client.get(rng.choice(pages), label="pages")

    def missing(client, rng):
        client.get(
            f"/{rng.choice(['n-existe-pas', 'annuaire/inconnue', 'x' * 300])}-{rng.randrange(10**6)}/",
            label="404",
        )

    def broken_search(client, rng):
        page_path, form = rng.choice(get_forms)
        client.get(
            f"{form_path(page_path, form)}?{bad_query(form, rng)}", label="GET mauvaise saisie"
        )

    def bad_post(client, rng):
        page_path, _stale = rng.choice(post_forms)
        status, body = client.get(page_path, label="pages")  # a fresh CSRF token and cookie
        if status != 200:
            return
        forms = [
            form
            for form in read_page(body.decode("utf-8", "replace")).forms
            if form.method == "post"
        ]
        if not forms:
            return
        form = rng.choice(forms)
        fields, files = bad_submission(form, rng)
        client.post_form(
            form_path(page_path, form),
            fields,
            referer=page_path,
            files=files or None,
            label="POST mauvaise saisie",
        )

    steps = [(read, 50), (missing, 10)]
    if get_forms:
        steps.append((broken_search, 15))
    if post_forms:
        steps.append((bad_post, 25))
    actions = [action for action, _weight in steps]
    weights = [weight for _action, weight in steps]

    def scenario(client, rng):
        rng.choices(actions, weights)[0](client, rng)

    return scenario


# --- Report ----------------------------------------------------------------------------------


def kinds_table(records):
    by_label = defaultdict(list)
    for record in records:
        by_label[record.label].append(record)
    rows = []
    for label in ["pages", "404", "GET mauvaise saisie", "POST mauvaise saisie"]:
        group = by_label.get(label, [])
        if not group:
            continue
        statuses = count_statuses(group)
        latency = summarize([record.seconds * 1000 for record in group if record.status])
        rows.append(
            [
                label,
                str(len(group)),
                str(statuses.get("2xx", 0)),
                str(statuses.get("3xx", 0)),
                str(statuses.get("4xx", 0)),
                str(statuses.get("5xx", 0)),
                str(statuses.get("réseau", 0)),
                fmt(latency["p50"]),
                fmt(latency["p95"]),
                fmt(latency["p99"]),
            ]
        )
    headers = [
        "requêtes",
        "nombre",
        "2xx",
        "3xx",
        "4xx",
        "5xx",
        "sans réponse",
        "p50 ms",
        "p95 ms",
        "p99 ms",
    ]
    return format_table(headers, rows)


def memory_table(samples):
    """One row per minute (or per sample when shorter): workers' RSS min / max / total."""
    rows = []
    for elapsed, readings in samples:
        values = list(readings.values())
        rows.append(
            [
                f"{elapsed:5.0f} s",
                str(len(values)),
                fmt(min(values), 0) if values else "—",
                fmt(max(values), 0) if values else "—",
                fmt(sum(values), 0) if values else "—",
            ]
        )
    return format_table(["temps", "workers", "RSS min Mio", "RSS max Mio", "RSS total Mio"], rows)


def growth(samples, warmup_fraction=0.1):
    """Memory growth after the warm-up (the first 10 % of the samples), in MiB: the summed
    growth of the workers alive from the end of the warm-up to the end (None when none of
    them lasted: recycled by gunicorn's max_requests), and how many workers were replaced."""
    if len(samples) < 2:
        return None, 0
    start_index = min(len(samples) - 1, max(1, int(len(samples) * warmup_fraction)))
    start, end = samples[start_index][1], samples[-1][1]
    seen = set().union(*(set(readings) for _elapsed, readings in samples[start_index:]))
    replaced = len(seen - set(start))
    lasting = set(start) & set(end)
    if not lasting:
        return None, replaced
    return sum(end[pid] - start[pid] for pid in lasting), replaced


# --- Run ---------------------------------------------------------------------------------------


def parse_args(argv):
    quick = os.environ.get("BENCH_QUICK", "").lower() in {"1", "true", "yes"}
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60 if quick else 600, help="secondes")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=None, help="défaut : 2 × cœurs + 1")
    parser.add_argument(
        "--scale", type=int, default=1, help="volume des générateurs (0 : démo seule)"
    )
    parser.add_argument(
        "--sample", type=float, default=10, help="secondes entre deux relevés mémoire"
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=-1,
        help="recyclage des workers (-1 : la valeur de gunicorn.conf.py, comme en production ; "
        "0 : jamais, pour voir une fuite que le recyclage cacherait)",
    )
    parser.add_argument(
        "--ratelimit",
        action="store_true",
        help="garder les limites de débit et le délai anti-robot des formulaires (sinon coupés "
        "pour que les mauvaises saisies atteignent la validation)",
    )
    args = parser.parse_args(argv)
    if args.max_requests < 0:
        args.max_requests = None
    return args


def main(argv=None):
    args = parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="portail-soak-") as workdir,
        throwaway_database("bench_soak") as database_url,
    ):
        return run(args, database_url, workdir)


def run(args, database_url, workdir):
    environment = bench_environment(database_url, workdir)
    if not args.ratelimit:
        environment.update({"RATELIMIT_ENABLE": "false", "PORTAL_FORM_MIN_FILL_SECONDS": "0"})
    setup_django(environment)
    from django.db import connection, connections

    print(f"== Endurance : {machine_summary()}")
    print(
        f"  base : {connection.vendor} (jetable), limites de débit : {'oui' if args.ratelimit else 'coupées'}"
    )
    migrate()
    for line in fill_database(args.scale):
        print(f"  {line}")
    collectstatic()
    connections.close_all()

    server = Gunicorn(environment, workdir, workers=args.workers, max_requests=args.max_requests)
    with server.start():
        pages, forms = crawl(server.port)
        forms = unique_forms(forms)
        get_forms = [(path, form) for path, form in forms if form.method == "get"]
        post_forms = [(path, form) for path, form in forms if form.method == "post"]
        post_forms.append(("/admin/login/", None))
        print(
            f"  parcours : {len(pages)} pages, {len(get_forms)} formulaires GET, "
            f"{len(post_forms)} formulaires POST (connexion à l'administration comprise)"
        )
        print(
            f"  gunicorn : {server.workers} workers, {args.connections} connexions, {args.duration:g} s",
            flush=True,
        )
        samples = []
        last = {"at": -args.sample}

        def sample(elapsed):
            if elapsed - last["at"] >= args.sample:
                last["at"] = elapsed
                samples.append((elapsed, server.worker_rss_mb()))
                total = sum(samples[-1][1].values())
                print(f"  … {elapsed:4.0f} s, workers {fmt(total, 0)} Mio au total", flush=True)

        scenario = build_scenario(pages, get_forms, post_forms)
        records, elapsed = run_load(
            server.port,
            scenario,
            duration=args.duration,
            connections=args.connections,
            on_tick=sample,
        )
        if not samples or elapsed - samples[-1][0] >= 1:
            samples.append((elapsed, server.worker_rss_mb()))
        log = server.log_tail(400)

    server_errors = [record for record in records if record.status >= 500]
    no_answer = [record for record in records if record.status == 0]
    print()
    print(kinds_table(records))
    print(f"\n{len(records)} requêtes en {elapsed:.0f} s ({fmt(len(records) / elapsed, 0)} req/s)")
    print()
    minute_samples = (
        [s for s in samples if int(s[0]) % 60 < args.sample] if args.duration >= 180 else samples
    )
    print(memory_table(minute_samples))
    delta, replaced = growth(samples)
    print(
        f"\nCroissance de la mémoire des workers restés en place après la chauffe : "
        f"{fmt(delta, 1, ' Mio')} ; workers remplacés (max_requests) : {replaced}"
    )
    print(
        f"Erreurs serveur (5xx) : {len(server_errors)} ; requêtes sans réponse : {len(no_answer)}"
    )
    for record in (server_errors + no_answer)[:15]:
        print(f"  {record.method} {record.path[:120]} → {record.status or record.error}")
    if server_errors and "Traceback" in log:
        print("\nFin du journal de gunicorn :\n" + log[-4000:])
    return 1 if server_errors or no_answer else 0


if __name__ == "__main__":
    sys.exit(main())
