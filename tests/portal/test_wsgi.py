"""The WSGI entry point (portal/wsgi.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_start_up_objects_are_frozen_out_of_the_garbage_collector(tmp_path):
    """A worker loading the application freezes what start-up built, starts preparing the
    directory's index (here on an empty database: it gives up quietly), and serves."""
    script = (
        "import gc, portal.wsgi; "
        "from django.test import Client; "
        "print(gc.get_freeze_count(), Client().get('/health/').status_code)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, status = result.stdout.split()[-2:]
    assert int(frozen) > 50_000
    assert status == "200"
