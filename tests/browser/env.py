"""Where the browser suite finds its tools, and what to do when one is missing.

Outside CI a missing tool skips the browser tests with a message saying what to install;
under ``CI=true`` it fails them, so that a CI run never passes without its browser checks."""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = Path(os.environ.get("AXE_CORE_PATH", ROOT / "node_modules" / "axe-core" / "axe.min.js"))

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_tool(reason):
    """Skip the current test (or fixture) with ``reason``; fail instead when CI=true."""
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true : les tests navigateur sont obligatoires)", pytrace=False)
    pytest.skip(f"Tests navigateur ignorés : {reason}")


def chromium_executable():
    """The system Chromium: $CHROMIUM_PATH, or the first candidate found on PATH."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None
