"""The in-memory facet index: bitsets, counts, rebuilds when the directory changes."""

import threading

import pytest

from directory.factories import StructureFactory
from directory.models import DirectoryState, PerimeterKind, PublicationState
from directory.search import facet_index
from directory.search.facet_index import bits_from_positions, current_index, positions_of


@pytest.fixture(autouse=True)
def fresh_index():
    facet_index.clear()
    yield
    facet_index.clear()


def test_bit_helpers():
    bits = bits_from_positions([0, 3, 64, 65], 100)
    assert bits.bit_count() == 4
    assert positions_of(bits) == [0, 3, 64, 65]
    assert positions_of(bits, limit=2) == [0, 3]
    assert positions_of(0) == []


@pytest.mark.django_db
def test_index_holds_published_structures_in_name_order(communes):
    StructureFactory(legal_name="Zèbre", kind="EI")
    StructureFactory(legal_name="Abeille", kind="EA")
    StructureFactory(legal_name="Brouillon", kind="EA", publication_state=PublicationState.DRAFT)
    index = current_index()
    assert index.size == 2
    names = [index.sort_names[position] for position in range(index.size)]
    assert names == ["abeille", "zebre"]
    assert index.totals[("famille", "handicap")] == 1
    assert index.counter(index.all)[("type", "EI")] == 1


@pytest.mark.django_db
def test_perimeters_as_bitsets(communes):
    national = StructureFactory(legal_name="Partout", perimeter_kind=PerimeterKind.NATIONAL)
    zero = StructureFactory(legal_name="Sur place", perimeter_radius_km=0)
    around = StructureFactory(legal_name="Alentours", perimeter_radius_km=30)
    unsaid = StructureFactory(legal_name="Sans rayon", perimeter_radius_km=None)
    index = current_index()

    def members(key):
        return {index.ids[position] for position in positions_of(index.get(*key))}

    assert members(("perimetre", "national")) == {national.pk}
    # A declared radius, even of 0 km; a radius perimeter without radius covers nothing.
    assert members(("perimetre", "rayon")) == {zero.pk, around.pk}
    assert index.geo.reach_km[index.position[around.pk]] == 30
    assert index.geo.reach_km[index.position[unsaid.pk]] == 0


@pytest.mark.django_db
def test_any_write_gives_a_new_index(communes):
    first = current_index()
    structure = StructureFactory(legal_name="Nouvelle")
    second = current_index()
    assert second is not first and second.size == first.size + 1
    assert current_index() is second  # unchanged data: the same index
    structure.publication_state = PublicationState.UNPUBLISHED
    structure.save()
    assert current_index().size == first.size


# Serialized rollback: the migrations' data (departments, content types) is reloaded before
# and kept consistent after, whatever transactional test ran before this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_large_indexes_are_rebuilt_in_the_background(communes, monkeypatch):
    monkeypatch.setattr(facet_index, "ASYNC_REBUILD_MIN_SIZE", 0)
    StructureFactory(legal_name="Première")
    stale = current_index()
    StructureFactory(legal_name="Seconde")
    assert current_index() is stale  # served while the new one is built
    for thread in threading.enumerate():
        if thread.name == "directory-facet-index":
            thread.join(timeout=30)
    fresh = current_index()
    assert fresh.token == DirectoryState.current_token()
    assert fresh.size == stale.size + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_start_builds_the_index_in_the_background(communes):
    StructureFactory(legal_name="Première")
    thread = facet_index.warm_up()
    thread.join(timeout=30)
    assert not thread.is_alive()
    built = facet_index._current["index"]
    assert built.size == 1
    assert current_index() is built  # the first search finds it ready


def test_worker_start_survives_a_database_without_tables(monkeypatch, caplog):
    def broken(token=None):
        raise RuntimeError("no such table: directory_directorystate")

    monkeypatch.setattr(facet_index, "current_index", broken)
    thread = facet_index.warm_up()
    thread.join(timeout=30)
    assert "index des facettes non préparé" in caplog.text
    assert "index" not in facet_index._current


@pytest.mark.django_db
def test_text_conditions_are_remembered_per_index(communes, django_assert_num_queries, monkeypatch):
    jardin = StructureFactory(legal_name="Les Jardins du Rhône")
    StructureFactory(legal_name="Atelier Mécanique")
    index = current_index()
    first = index.text_bits(["jardin"])
    assert positions_of(first) == [index.position[jardin.pk]]
    with django_assert_num_queries(0):
        assert index.text_bits(["jardin"]) == first
    # An edit makes a new index, which asks the full-text index again.
    jardin.legal_name = "Blanchisserie du Rhône"
    jardin.services = "Linge"
    jardin.save()
    fresh = current_index()
    assert fresh is not index
    assert fresh.text_bits(["jardin"]) == 0
    assert positions_of(fresh.text_bits(["blanchis"])) == [fresh.position[jardin.pk]]
    # Bounded: a full memory starts again.
    monkeypatch.setattr(facet_index, "TEXT_CACHE_SIZE", 2)
    fresh.text_bits(["atelier"])
    fresh.text_bits(["mecanique"])
    assert len(fresh._text_bits) <= 2
