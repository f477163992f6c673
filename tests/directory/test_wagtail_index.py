"""Wagtail's search index written in bulk (``directory.search.wagtail_index``): the rows are
those modelsearch's own ``add_items`` writes, on SQLite and on PostgreSQL, and the admin's
search finds the structures."""

import pytest
from django.contrib.contenttypes.models import ContentType

from directory.factories import StructureFactory
from directory.models import Sector, Structure
from directory.search.wagtail_index import (
    index_entry_model,
    update_wagtail_index,
    wagtail_backends,
)

pytestmark = pytest.mark.django_db

COLUMNS = ("object_id", "title", "autocomplete", "body", "title_norm")
POSTGRES_COLUMNS = ("title_text", "body_text")


@pytest.fixture
def structures(communes):
    gardens = Sector.objects.get(slug="entretien-d-espaces-verts")
    pruning = Sector.objects.get(slug="elagage-et-abattage")
    offices = Sector.objects.get(slug="nettoyage-de-locaux")
    return [
        StructureFactory(
            legal_name="JARDINS DE L'HUVEAUNE",
            brand_name="Les Jardins de l'Huveaune",
            description="Chantier d'insertion : « berges », parcs et jardins — été 2026.",
            city="Aubagne",
            sectors=[pruning, gardens, offices],
        ),
        StructureFactory(legal_name="Éclat Propreté", brand_name="", description="", city=""),
        StructureFactory(
            legal_name="Intérim   Solidaire ",
            brand_name=" ",
            description="Missions\nd'intérim d'insertion.",
            city="Saint-Étienne",
            sectors=[offices],
        ),
    ]


def rows(pks):
    """The index rows of these structures, comparable across writers (tsvectors as text)."""
    model = index_entry_model()
    columns = COLUMNS
    if "title_text" in {field.name for field in model._meta.get_fields()}:
        columns += POSTGRES_COLUMNS
    entries = model.objects.filter(
        content_type=ContentType.objects.get_for_model(Structure),
        object_id__in=[str(pk) for pk in pks],
    )
    return sorted(tuple(str(value) for value in row) for row in entries.values_list(*columns))


def clear(pks):
    index_entry_model().objects.filter(
        content_type=ContentType.objects.get_for_model(Structure),
        object_id__in=[str(pk) for pk in pks],
    ).delete()


def modelsearch_rows(pks):
    """What modelsearch's own (one Django expression per value) indexing writes."""
    structures = list(Structure.objects.filter(pk__in=pks).prefetch_related("sectors"))
    for backend in wagtail_backends():
        backend.get_index_for_model(Structure).add_items(Structure, structures)
    return rows(pks)


def test_bulk_rows_are_modelsearchs_rows(structures):
    pks = [structure.pk for structure in structures]
    clear(pks)
    update_wagtail_index(pks)  # inserted
    ours = rows(pks)
    assert sorted(row[0] for row in ours) == sorted(str(pk) for pk in pks)
    assert all("huveaun" in row[3].lower() for row in ours if row[0] == str(pks[0]))
    clear(pks)
    assert ours == modelsearch_rows(pks)


def test_existing_rows_are_updated_like_modelsearch(structures):
    pks = [structure.pk for structure in structures]
    first = structures[0]
    first.legal_name = "NOUVEAU NOM"
    first.save()
    first.sectors.set([Sector.objects.get(slug="nettoyage-de-locaux")])
    expected = modelsearch_rows(pks)
    Structure.objects.filter(pk=first.pk).update(legal_name="AUTRE NOM")
    update_wagtail_index(pks)
    assert rows(pks) != expected  # the update really wrote
    Structure.objects.filter(pk=first.pk).update(legal_name="NOUVEAU NOM")
    update_wagtail_index(pks)
    assert rows(pks) == expected


def test_instances_in_hand_give_the_same_rows(structures):
    pks = [structure.pk for structure in structures]
    expected = modelsearch_rows(pks)
    clear(pks)
    update_wagtail_index(structures=structures[:2], pks=pks[2:], chunk_size=1)
    assert rows(pks) == expected


def test_the_admin_search_finds_bulk_indexed_structures(structures):
    pks = [structure.pk for structure in structures]
    clear(pks)
    assert not Structure.objects.search("huveaune")
    update_wagtail_index(pks)
    assert [s.pk for s in Structure.objects.search("huveaune")] == [structures[0].pk]
    assert [s.pk for s in Structure.objects.search("élagage")] == [structures[0].pk]


def test_other_backends_get_their_own_bulk_indexing(structures, monkeypatch):
    """A backend without an SQL writer (Elasticsearch) is given fresh instances."""
    from directory.search import wagtail_index

    pks = [structure.pk for structure in structures]
    expected = modelsearch_rows(pks)
    clear(pks)
    monkeypatch.setattr(wagtail_index, "_fast_writer", lambda backend: None)
    update_wagtail_index(structures=structures[:1], pks=pks[1:])
    assert rows(pks) == expected
