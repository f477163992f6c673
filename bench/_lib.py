"""Shared helpers of the benchmark scripts: a throwaway database, Django set-up, the project's
seeded content, percentiles, tables, memory readings.

A benchmark never touches the database named by ``DATABASE_URL``: it creates a new one next
to it (PostgreSQL) or in a temporary directory (SQLite), and removes it at the end.
"""

import contextlib
import importlib
import math
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --- Database ------------------------------------------------------------------------------


def database_url_with_name(url, name):
    """``url`` pointing at the database ``name`` on the same server (query string kept)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def is_postgres_url(url):
    return urlsplit(url or "").scheme in {"postgres", "postgresql", "pgsql", "postgis"}


@contextlib.contextmanager
def throwaway_database(label="bench", keep=False):
    """Yield the URL of a new, empty database, removed on exit (unless ``keep``).

    With a PostgreSQL ``DATABASE_URL``, the database is created on that server (the role must
    be allowed to CREATE DATABASE); otherwise it is a SQLite file in a temporary directory."""
    base = os.environ.get("DATABASE_URL", "")
    if is_postgres_url(base):
        import psycopg

        name = f"{label}_{os.getpid()}_{secrets.token_hex(3)}"
        admin_url = _libpq_url(base)
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield database_url_with_name(base, name)
        finally:
            if not keep:
                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        directory = tempfile.mkdtemp(prefix=f"portail-{label}-")
        try:
            yield f"sqlite:///{directory}/db.sqlite3"
        finally:
            if not keep:
                shutil.rmtree(directory, ignore_errors=True)


def _libpq_url(url):
    # dj-database-url accepts "postgres://" and a few aliases; libpq wants postgresql://.
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def bench_environment(database_url, workdir, settings="portal.settings.production"):
    """Environment variables for the portal under benchmark: production settings on plain
    HTTP on 127.0.0.1, the throwaway database, media, static files and caches in ``workdir``."""
    workdir = Path(workdir)
    return {
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        # The file caches of production (pages, facet counts, the site's frame) start empty:
        # never entries left by another run, on another database.
        "CACHE_DIR": str(workdir / "cache"),
        "LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
    }


def setup_django(environment):
    """Apply ``environment`` to this process and set Django up (once per process)."""
    os.environ.update(environment)
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def collectstatic():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


# Extra volume on top of the demo content, registered by the apps that have a seeded
# generator: name -> (dotted path of the callable, keyword arguments for a given scale).
# A generator whose module is absent is skipped; one that fails is reported, not fatal.
FILLERS = {
    "structures": (
        "directory.generator.generate_structures",
        lambda scale: {"count": 1000 * scale, "seed": 2026, "siret_offset": 7_300_000_000_000},
    ),
    "opportunities": (
        "opportunities.generator.generate_opportunities",
        lambda scale: {"count": 500 * scale, "seed": 2026},
    ),
}


def resolve(dotted):
    """The object at ``package.module.name``, or None when the module does not exist."""
    module_name, _, attribute = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        raise
    return getattr(module, attribute, None)


def fill_database(scale=0, fillers=None):
    """The project's seeded content: the demo content (every app's ``load()``), then, when
    ``scale`` > 0, the registered generators. Returns one report line per step."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("load_demo_content", stdout=_Discard())
    lines = [f"contenu de démonstration : {time.perf_counter() - started:.1f} s"]
    if scale > 0:
        lines += run_fillers(scale, FILLERS if fillers is None else fillers)
    return lines


def run_fillers(scale, fillers):
    """Call each generator of ``fillers`` (see FILLERS) for ``scale``; one report line each.
    An absent generator is skipped, a failing one reported: neither stops the benchmark."""
    lines = []
    for name, (dotted, kwargs_for) in fillers.items():
        function = resolve(dotted)
        if function is None:
            lines.append(f"{name} : générateur absent ({dotted}), ignoré")
            continue
        started = time.perf_counter()
        try:
            function(**kwargs_for(scale))
        except Exception as error:  # a benchmark reports and goes on
            lines.append(f"{name} : échec du générateur ({type(error).__name__}: {error})")
        else:
            lines.append(f"{name} : {time.perf_counter() - started:.1f} s")
    return lines


class _Discard:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


# --- Statistics ------------------------------------------------------------------------------


def percentile(values, p):
    """The ``p``-th percentile (0–100) of ``values``, linearly interpolated between the
    closest ranks (the "linear" method of NumPy and of Python's statistics.quantiles)."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be between 0 and 100, not {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(values):
    """Count, mean and the usual percentiles of ``values`` (all None when empty)."""
    if not values:
        return {
            "n": 0,
            "mean": None,
            "min": None,
            "p50": None,
            "p95": None,
            "p99": None,
            "max": None,
        }
    return {
        "n": len(values),
        "mean": sum(values) / len(values),
        "min": min(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
    }


def fmt(value, digits=1, unit=""):
    """A number for a table: French decimal comma, thin grouping, "—" for None."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}{unit}"


def format_table(headers, rows, align=None):
    """A plain-text table; ``align`` is a string of "l"/"r" per column (numbers right)."""
    rows = [[str(cell) for cell in row] for row in rows]
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [len(header) for header in headers]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells):
        parts = []
        for cell, width, side in zip(cells, widths, align, strict=True):
            parts.append(cell.rjust(width) if side == "r" else cell.ljust(width))
        return "  ".join(parts).rstrip()

    separator = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), separator, *(line(row) for row in rows)])


# --- Memory ----------------------------------------------------------------------------------


def peak_rss_mb():
    """Peak resident memory of this process, in MiB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_status_mb(pid, field):
    """A memory line of /proc/<pid>/status (VmRSS: current, VmHWM: peak) in MiB, or None."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def child_pids(pid):
    """Direct children of ``pid`` (gunicorn's workers under its arbiter)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="ascii", errors="replace")
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ")".
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            children.append(int(entry.name))
    return sorted(children)


def machine_summary():
    """One line describing the machine, printed above every table."""
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cœurs, charge moyenne {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}, "
        f"Python {sys.version.split()[0]}"
    )
