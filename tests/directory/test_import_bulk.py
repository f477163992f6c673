"""Bulk insertion for imports (directory/importers/bulk.py): COPY on PostgreSQL (run the suite
with DATABASE_URL), bulk_create on SQLite; either way the rows, their keys and the full-text
index are the same as ``bulk_create`` gives."""

import datetime

import pytest
from django.db import connection

from directory.factories import SectorFactory, StructureFactory
from directory.importers.bulk import bulk_insert
from directory.models import Department, PublicationState, Structure
from directory.search.fulltext import text_ids

pytestmark = pytest.mark.django_db


def _unsaved(count, **fields):
    structures = StructureFactory.build_batch(count, **fields)
    for number, structure in enumerate(structures):
        structure.slug = f"import-groupe-{number}"
        structure.apply_derived_fields(sector_names=[])
    return structures


def test_rows_come_back_with_their_keys_and_every_value():
    existing = StructureFactory()
    department = Department.objects.get(code="42")
    structures = _unsaved(
        3,
        brand_name="Régie « Quartiers » ; d'Est\tEn Ouest\\",
        description="Ligne 1\nLigne 2",
        department=department,
        latitude=45.4397,
        longitude=4.3872,
        perimeter_radius_km=None,
        accepts_subcontracting=True,
        published_at=datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC),
    )
    structures[1].website = ""
    structures[2].latitude = structures[2].longitude = None

    returned = bulk_insert(structures)

    assert returned == structures
    assert all(structure.pk and not structure._state.adding for structure in structures)
    assert len({structure.pk for structure in structures} | {existing.pk}) == 4
    for structure in structures:
        saved = Structure.objects.get(pk=structure.pk)
        assert saved.brand_name == "Régie « Quartiers » ; d'Est\tEn Ouest\\"
        assert saved.description == "Ligne 1\nLigne 2"
        assert saved.department == department
        assert saved.perimeter_radius_km is None
        assert saved.accepts_subcontracting is True
        assert saved.published_at == datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
        assert saved.created_at is not None and saved.updated_at is not None
        assert saved.publication_state == PublicationState.PUBLISHED
        assert saved.siret == structure.siret and saved.slug == structure.slug
    assert Structure.objects.get(pk=structures[2].pk).latitude is None
    # The keys are the table's own: the next ordinary save takes the one after.
    later = StructureFactory()
    assert later.pk > max(structure.pk for structure in structures)


def test_inserted_rows_are_in_the_full_text_index_and_take_relations():
    structures = bulk_insert(_unsaved(2, services="Maraîchage biologique"))
    assert sorted(text_ids(["maraichage"])) == sorted(structure.pk for structure in structures)
    sector = SectorFactory()
    structures[0].sectors.add(sector)
    assert list(structures[0].sectors.all()) == [sector]


def test_nothing_to_insert():
    assert bulk_insert([]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY de PostgreSQL")
def test_postgresql_streams_the_rows_with_copy():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        bulk_insert(_unsaved(30))
    statements = [query["sql"] for query in captured.captured_queries]
    assert not any(sql.lstrip().upper().startswith("INSERT") for sql in statements)
    assert any("nextval" in sql for sql in statements)
    assert Structure.objects.filter(slug__startswith="import-groupe-").count() == 30
