"""Run every benchmark of this folder, one after the other (``make bench``).

A benchmark is a ``bench/<name>.py`` script that defines ``main()`` and calls it under
``if __name__ == "__main__":``, returning a non-zero status when its targets are missed.
``run_all.py`` finds them by reading the scripts (without importing them), runs each in its own
process (so each gets its own throwaway database and clean memory figures) and prints a
summary. ``soak.py`` has its own target (``make bench-soak``); modules starting with "_" are
the shared library.

    .venv/bin/python bench/run_all.py                  # everything, full durations
    .venv/bin/python bench/run_all.py --quick          # BENCH_QUICK=1: short runs
    .venv/bin/python bench/run_all.py http_load        # only the named benchmarks
"""

import argparse
import ast
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"run_all.py", "soak.py", "__init__.py"}


def defines_entry_point(path):
    """True when the script defines ``main`` and runs it under ``__name__ == "__main__"``."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError:
        return False
    has_main = any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)
    runs_main = any(
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.left, ast.Name)
        and node.test.left.id == "__name__"
        for node in tree.body
    )
    return has_main and runs_main


def benchmarks(folder=HERE):
    """(name, path) of the benchmark scripts of ``folder``, sorted by name; the others, with
    the reason they are left out."""
    found, skipped = [], []
    for path in sorted(folder.glob("*.py")):
        if path.name in NOT_BENCHMARKS or path.name.startswith("_"):
            continue
        if defines_entry_point(path):
            found.append((path.stem, path))
        else:
            skipped.append((path.stem, "pas de main() appelé sous __main__"))
    return found, skipped


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lance tous les benchmarks de bench/.")
    parser.add_argument("names", nargs="*", help="benchmarks à lancer (défaut : tous)")
    parser.add_argument("--quick", action="store_true", help="durées courtes (BENCH_QUICK=1)")
    args = parser.parse_args(argv)

    found, skipped = benchmarks()
    for name, reason in skipped:
        print(f"-- {name} ignoré : {reason}")
    if args.names:
        unknown = set(args.names) - {name for name, _path in found}
        if unknown:
            print(f"Benchmarks inconnus : {', '.join(sorted(unknown))}")
            return 2
        found = [(name, path) for name, path in found if name in args.names]
    environment = {**os.environ, **({"BENCH_QUICK": "1"} if args.quick else {})}
    summary = []
    for name, path in found:
        print(f"\n======== {name} ========", flush=True)
        started = time.monotonic()
        status = subprocess.call([sys.executable, str(path)], env=environment)
        summary.append((name, status, time.monotonic() - started))
    print("\n======== résumé ========")
    for name, status, seconds in summary:
        print(f"{name:30} {'ok' if status == 0 else f'ÉCHEC ({status})':12} {seconds:6.0f} s")
    return 1 if any(status for _name, status, _seconds in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
