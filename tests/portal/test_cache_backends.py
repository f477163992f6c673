"""The production page cache without Redis: Django's file cache, pages stored uncompressed."""

import pickle
import time

import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpResponse

from portal.cache_backends import PageFileCache


@pytest.fixture
def pages(tmp_path):
    return PageFileCache(str(tmp_path), {"TIMEOUT": 60})


def test_stores_and_reads_a_response_uncompressed(pages):
    response = HttpResponse("<p>Clauses sociales</p>" * 100)
    response["X-Frame-Options"] = "DENY"
    pages.set("page", response)
    stored = pages.get("page")
    assert stored.content == response.content
    assert stored["X-Frame-Options"] == "DENY"
    with open(pages._key_to_file("page"), "rb") as f:
        pickle.load(f)  # noqa: S301 - the expiry, in a file this test wrote
        assert pickle.loads(f.read()).content == response.content  # noqa: S301 - no zlib


def test_shared_between_workers_and_cleared_for_all(pages, tmp_path):
    other_worker = PageFileCache(str(tmp_path), {"TIMEOUT": 60})
    pages.set("page", "contenu")
    assert other_worker.get("page") == "contenu"
    other_worker.clear()
    assert pages.get("page") is None


def test_expiry_touch_add_and_delete(pages, monkeypatch):
    pages.set("page", "contenu", timeout=10)
    assert pages.touch("page", timeout=100)
    later = time.time() + 50
    monkeypatch.setattr(time, "time", lambda: later)
    assert pages.get("page") == "contenu"  # touched: still there
    assert not pages.add("page", "autre")
    assert pages.delete("page")
    assert pages.get("page", "absent") == "absent"
    assert not pages.touch("page")


def test_files_left_compressed_by_djangos_backend_are_misses(tmp_path):
    FileBasedCache(str(tmp_path), {"TIMEOUT": 60}).set("page", "ancien format")
    pages = PageFileCache(str(tmp_path), {"TIMEOUT": 60})
    assert pages.get("page", "absent") == "absent"
    pages.set("page", "nouveau")
    assert pages.get("page") == "nouveau"
