import pytest
from django.core.exceptions import ValidationError

from directory.factories import CommuneFactory, SectorFactory, StructureFactory
from directory.models import (
    Department,
    Family,
    PublicationState,
    Region,
    Sector,
    SectorGroup,
    Structure,
    StructureKind,
)

pytestmark = pytest.mark.django_db


def test_regions_departments_and_sectors_ship_with_the_project():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Department.objects.get(code="2A").region.name == "Corse"
    assert Department.objects.get(code="976").region.code == "06"
    assert 18 <= SectorGroup.objects.count() <= 22
    assert 100 <= Sector.objects.count() <= 160


@pytest.mark.parametrize(
    ("kind", "family"),
    [
        (StructureKind.ACI, Family.INSERTION),
        (StructureKind.GEIQ, Family.INSERTION),
        (StructureKind.ETTI, Family.INSERTION),
        (StructureKind.EA, Family.HANDICAP),
        (StructureKind.EATT, Family.HANDICAP),
        (StructureKind.ESAT, Family.HANDICAP),
    ],
)
def test_family_is_derived_from_kind_and_stored(kind, family):
    structure = StructureFactory(kind=kind)
    assert StructureKind(kind).family == family
    assert Structure.objects.filter(family=family, pk=structure.pk).exists()


def test_every_kind_has_a_family_and_a_plain_french_explanation():
    for kind in StructureKind:
        assert kind.family in Family.values
        assert len(str(kind.explanation)) > 40


def test_published_queryset_only_returns_published_structures():
    published = StructureFactory(publication_state=PublicationState.PUBLISHED)
    for state in (PublicationState.DRAFT, PublicationState.PENDING, PublicationState.UNPUBLISHED):
        StructureFactory(publication_state=state)
    assert list(Structure.objects.published()) == [published]


def test_published_at_is_set_on_first_publication():
    structure = StructureFactory(publication_state=PublicationState.PENDING)
    assert structure.published_at is None
    structure.publication_state = PublicationState.PUBLISHED
    structure.save()
    assert structure.published_at is not None


def test_slug_is_readable_and_unique():
    first = StructureFactory(legal_name="Les Jardins de l'Œuvre", city="Saint-Étienne")
    second = StructureFactory(legal_name="Les Jardins de l'Œuvre", city="Saint-Étienne")
    assert first.slug == "les-jardins-de-l-oeuvre-saint-etienne"
    assert second.slug == f"{first.slug}-{second.siret[-5:]}"


def test_commune_fills_department_region_city_and_coordinates():
    commune = CommuneFactory(name="Aubagne", latitude=43.2927, longitude=5.5708)
    structure = StructureFactory(
        commune=commune, city="", latitude=None, longitude=None, postcode="13400"
    )
    assert structure.department.code == "13"
    assert structure.region.code == "93"
    assert structure.city == "Aubagne"
    assert (structure.latitude, structure.longitude) == (43.2927, 5.5708)


def test_search_text_is_normalised_and_follows_sectors():
    sector = SectorFactory(name="Blanchisserie et pressing")
    structure = StructureFactory(legal_name="Éclat Propreté", brand_name="", siret="73282932000074")
    assert " eclat proprete " in structure.search_text
    assert "73282932000074" in structure.search_text
    structure.sectors.add(sector)
    structure.refresh_from_db()
    assert "blanchisserie et pressing" in structure.search_text
    sector.structures.clear()
    structure.refresh_from_db()
    assert "blanchisserie" not in structure.search_text


def test_siret_is_validated_by_full_clean():
    structure = StructureFactory.build(siret="12345678901234", kind=StructureKind.EI)
    with pytest.raises(ValidationError) as error:
        structure.full_clean(exclude=["commune", "department", "region", "logo"])
    assert "siret" in error.value.message_dict


def test_name_prefers_the_brand():
    assert StructureFactory(legal_name="SAS X", brand_name="Tri Malin").name == "Tri Malin"
    assert StructureFactory(legal_name="SAS Y", brand_name="").name == "SAS Y"
