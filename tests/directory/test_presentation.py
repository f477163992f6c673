"""Cards of the directory's result list (directory/presentation.py)."""

import pytest
from django.utils import translation

from directory.factories import SectorFactory, SectorGroupFactory, StructureFactory
from directory.models import Department
from directory.presentation import distance_text, shorten, structure_cards
from directory.search.backends.base import structures_for_page
from directory.search.taxonomy import current_taxonomy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("Court.", "Court."),
        ("  Des   espaces\n en trop  ", "Des espaces en trop"),
        ("mot " * 100, ("mot " * 54).strip() + "…"),
        ("a" * 300, "a" * 219 + "…"),
        ("Fin de phrase, " + "x" * 205 + " suite", "Fin de phrase…"),
    ],
)
def test_shorten_cuts_at_a_word_and_stays_within_the_length(text, expected):
    assert shorten(text) == expected
    assert len(shorten(text)) <= 220


@pytest.mark.parametrize(
    ("km", "expected"),
    [
        (None, ""),
        (0.2, "à moins d'1 km"),
        (2.46, "à 2,5 km"),
        (9.99, "à 10,0 km"),
        (12.4, "à 12 km"),
    ],
)
def test_distance_is_worded_in_french(km, expected):
    with translation.override("fr"):
        assert distance_text(km) == expected


@pytest.mark.django_db
def test_cards_print_what_the_structure_shows(django_assert_max_num_queries):
    group = SectorGroupFactory(name="Propreté")
    sectors = [SectorFactory(name=name, group=group) for name in ("E", "D", "C", "B", "A")]
    many = StructureFactory(
        legal_name="Association Horizon",
        brand_name="Horizon Propreté",
        kind="EI",
        city="Aubagne",
        department=Department.objects.get(code="13"),
        description="Nettoyage de bureaux. " * 20,
        sectors=sectors,
    )
    bare = StructureFactory(legal_name="ESAT Sans Secteur", kind="ESAT", city="", sectors=[])
    taxonomy = current_taxonomy()
    items = structures_for_page([many.pk, bare.pk], taxonomy)
    items[0].distance_km = 12.4
    items[1].distance_km = None
    with translation.override("fr"), django_assert_max_num_queries(0):
        first, second = structure_cards(items)
    assert first.name == "Horizon Propreté"
    assert first.url == many.get_absolute_url()
    assert first.kind == "EI"
    assert first.kind_label == "Entreprise d'insertion (EI)"
    assert first.family_label == "Insertion par l'activité économique"
    assert first.place == "Aubagne (13)"
    assert first.distance == "à 12 km"
    assert first.summary.endswith("…") and len(first.summary) <= 220
    assert first.sectors == "A · B · C · D" and first.more_sectors
    assert first["name"] == first.name
    with pytest.raises(KeyError):
        first["missing"]
    assert second.place == "" and second.distance == ""
    assert second.sectors == "" and not second.more_sectors
    assert second.family_label == "Secteur du handicap"
