"""Benchmark of the portable backup (``export_portal_data`` / ``import_portal_data``) at
20,000 structures and 500 opportunities × 5 lots on top of the demo content.

    .venv/bin/python bench/backup.py                 # SQLite, throwaway database
    DATABASE_URL=postgres://… .venv/bin/python bench/backup.py
    BENCH_QUICK=1 …                                  # 2,000 structures, 100 opportunities

Three runs over every registered backup: the export; an import of that export into the
same database (nothing to change: what a second import costs); an import after the
structures, the opportunities and the alerts were deleted (a restore). For each backup:
rows, file size and the time of each run: wall clock, and CPU time of this process (what the
code costs when the machine is shared; SQLite included). No target: the figures are read, not checked.
"""

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
    peak_rss_mb,
    setup_django,
    throwaway_database,
)

QUICK = os.environ.get("BENCH_QUICK") == "1"
STRUCTURES = int(os.environ.get("BENCH_STRUCTURES", "2000" if QUICK else "20000"))
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", "100" if QUICK else "500"))


def timed_run(run, directory):
    """{backup name: (wall, CPU) seconds} of one export or import, and (wall, CPU) of the
    whole run."""
    seconds, last = {}, [(time.perf_counter(), time.process_time())]

    def progress(item, count):
        now = (time.perf_counter(), time.process_time())
        seconds[item.name] = (now[0] - last[0][0], now[1] - last[0][1])
        last[0] = now

    started, started_cpu = time.perf_counter(), time.process_time()
    result = run(directory, progress=progress)
    return result, seconds, (time.perf_counter() - started, time.process_time() - started_cpu)


def pair(seconds):
    wall, cpu = seconds
    return f"{fmt(wall, 2)} / {fmt(cpu, 2)}"


def wipe():
    from directory.models import Structure, StructureApplication
    from opportunities.models import AlertSubscription, OpportunityPage

    StructureApplication.objects.all().delete()
    Structure.objects.all().delete()
    for page in OpportunityPage.objects.all():
        page.delete()
    AlertSubscription.objects.all().delete()


def main():
    with (
        tempfile.TemporaryDirectory() as workdir,
        throwaway_database("bench_backup") as url,
    ):
        setup_django(bench_environment(url, workdir))
        migrate()
        fill_database(scale=0)

        from directory.generator import generate_structures
        from opportunities.generator import generate_opportunities
        from portal import backup

        generate_structures(STRUCTURES, seed=2026, siret_offset=7_300_000_000_000)
        generate_opportunities(OPPORTUNITIES, lots=5)
        folder = Path(workdir) / "sauvegarde"

        manifest, exported, export_total = timed_run(backup.export_all, folder)
        _counts, unchanged, unchanged_total = timed_run(backup.import_all, folder)
        wipe()
        _counts, restored, restore_total = timed_run(backup.import_all, folder)

        print(
            f"Sauvegarde portable — {STRUCTURES} structures générées, {OPPORTUNITIES} "
            f"opportunités × 5 lots, plus le contenu de démonstration ; {machine_summary()}"
        )
        rows = []
        for entry in manifest["exports"]:
            name = entry["name"]
            size = (folder / entry["file"]).stat().st_size / 1_000_000
            rows.append(
                [
                    name,
                    fmt(entry["count"], 0),
                    fmt(size, 2),
                    *(pair(run[name]) for run in (exported, unchanged, restored)),
                ]
            )
        rows.append(
            [
                "total",
                "",
                "",
                *(pair(total) for total in (export_total, unchanged_total, restore_total)),
            ]
        )
        print(
            format_table(
                [
                    "sauvegarde",
                    "lignes",
                    "Mo",
                    "export s",
                    "import inchangé s",
                    "import base vidée s",
                ],
                rows,
            )
        )
        print(f"Pic mémoire du processus : {fmt(peak_rss_mb(), 0)} Mio")
        return 0


if __name__ == "__main__":
    sys.exit(main())
