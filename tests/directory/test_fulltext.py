"""The database full-text index follows every way the structures table changes (SQLite here,
PostgreSQL with DATABASE_URL): saves, bulk inserts, bulk updates, deletes, truncation."""

import pytest
from django.db import connection

from directory.factories import StructureFactory
from directory.models import Structure
from directory.search.fulltext import ensure_fulltext, fulltext_kind, text_ids

pytestmark = pytest.mark.django_db


def test_index_follows_saves_updates_and_deletes():
    jardin = StructureFactory(legal_name="Les Jardins du Rhône", services="Espaces verts")
    other = StructureFactory(legal_name="Atelier Mécanique", services="Réparation")
    assert text_ids(["jardin"]) == [jardin.pk]
    assert set(text_ids(["espaces", "verts"])) == {jardin.pk}

    jardin.legal_name = "Blanchisserie du Rhône"
    jardin.services = "Linge"
    jardin.save()
    assert text_ids(["jardin"]) == []
    assert text_ids(["blanchis"]) == [jardin.pk]

    Structure.objects.filter(pk=other.pk).update(search_text="atelier velo recyclage")
    assert text_ids(["recyclage"]) == [other.pk]

    jardin.delete()
    assert text_ids(["blanchis"]) == []


def test_bulk_insert_is_indexed():
    structures = StructureFactory.build_batch(3, services="Maraîchage biologique")
    for number, structure in enumerate(structures):
        structure.slug = f"maraichage-{number}"
        structure.apply_derived_fields(sector_names=[])
    created = Structure.objects.bulk_create(structures)
    assert sorted(text_ids(["maraichage"])) == sorted(s.pk for s in created)


def test_unchanged_update_keeps_the_document():
    structure = StructureFactory(legal_name="Tremplin Bâtiment")
    Structure.objects.filter(pk=structure.pk).update(contact_phone="01 02 03 04 05")
    assert text_ids(["tremplin"]) == [structure.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="tables et déclencheurs PostgreSQL")
class TestPostgreSQL:
    def test_truncation_empties_the_index(self):
        StructureFactory(legal_name="Ressourcerie Horizon")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute("TRUNCATE directory_structure CASCADE")
            cursor.execute("SELECT count(*) FROM directory_structure_fts")
            assert cursor.fetchone()[0] == 0

    def test_missing_table_is_rebuilt_from_the_structures(self):
        structure = StructureFactory(legal_name="Ressourcerie Horizon")
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE directory_structure_fts CASCADE")
        assert ensure_fulltext() is True
        assert fulltext_kind() == "postgres"
        assert text_ids(["horizon"]) == [structure.pk]
        assert ensure_fulltext() is True  # idempotent
        assert text_ids(["horizon"]) == [structure.pk]

    def test_search_reads_only_the_narrow_table(self):
        from directory.search.fulltext import POSTGRES_MATCH

        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {POSTGRES_MATCH}", ["horizon:*"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "on directory_structure_fts" in plan
        assert "on directory_structure " not in plan

    def test_refresh_after_an_import_merges_the_pending_entries(self):
        from directory.importers.bulk import bulk_insert
        from directory.search.fulltext import FTS_INDEX, refresh_planner_statistics

        def insert(prefix):
            structures = StructureFactory.build_batch(200, services="Maraîchage biologique")
            for number, structure in enumerate(structures):
                structure.slug = f"{prefix}-{number}"
                structure.apply_derived_fields(sector_names=[])
            bulk_insert(structures)

        clean = "SELECT gin_clean_pending_list(%s::regclass)"
        with connection.cursor() as cursor:
            insert("premier-lot")
            cursor.execute(clean, [FTS_INDEX])
            assert cursor.fetchone()[0] > 0  # new entries wait in the pending list
            insert("second-lot")
            refresh_planner_statistics()
            cursor.execute(clean, [FTS_INDEX])
            assert cursor.fetchone()[0] == 0  # the refresh merged them
        assert len(text_ids(["maraichage"])) == 400
