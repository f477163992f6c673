import pytest

from directory.factories import CommuneFactory, StructureFactory
from directory.models import (
    Department,
    PerimeterKind,
    PublicationState,
    Region,
    Sector,
    SectorGroup,
)
from directory.siret import siret_from_number

SIRET_JARDINS = siret_from_number(73_000_001)


@pytest.fixture
def communes(db):
    """A few real communes around Marseille, Saint-Étienne and Créteil."""
    bdr = Department.objects.get(code="13")
    loire = Department.objects.get(code="42")
    vdm = Department.objects.get(code="94")
    return {
        "marseille": CommuneFactory(
            insee_code="13055",
            name="Marseille",
            slug="marseille-13055",
            postcodes=" ".join(f"130{n:02d}" for n in range(1, 17)),
            department=bdr,
            latitude=43.2965,
            longitude=5.3698,
        ),
        "aubagne": CommuneFactory(
            insee_code="13005",
            name="Aubagne",
            slug="aubagne-13005",
            postcodes="13400",
            department=bdr,
            latitude=43.2927,
            longitude=5.5708,
        ),
        "aix": CommuneFactory(
            insee_code="13001",
            name="Aix-en-Provence",
            slug="aix-en-provence-13001",
            postcodes="13080 13090 13100 13290 13540",
            department=bdr,
            latitude=43.5297,
            longitude=5.4474,
        ),
        "la_ciotat": CommuneFactory(
            insee_code="13028",
            name="La Ciotat",
            slug="la-ciotat-13028",
            postcodes="13600",
            department=bdr,
            latitude=43.1748,
            longitude=5.6046,
        ),
        "ceyreste": CommuneFactory(
            insee_code="13023",
            name="Ceyreste",
            slug="ceyreste-13023",
            postcodes="13600",
            department=bdr,
            latitude=43.2139,
            longitude=5.6297,
        ),
        "saint_etienne": CommuneFactory(
            insee_code="42218",
            name="Saint-Étienne",
            slug="saint-etienne-42218",
            postcodes="42000 42100 42230",
            department=loire,
            latitude=45.4397,
            longitude=4.3872,
        ),
        "creteil": CommuneFactory(
            insee_code="94028",
            name="Créteil",
            slug="creteil-94028",
            postcodes="94000",
            department=vdm,
            latitude=48.7904,
            longitude=2.4556,
        ),
    }


@pytest.fixture
def directory_data(communes):
    # The shipped taxonomy (data migration).
    green = SectorGroup.objects.get(slug="espaces-verts-et-nature")
    cleaning = SectorGroup.objects.get(slug="proprete-et-nettoyage")
    gardens = Sector.objects.get(slug="entretien-d-espaces-verts", group=green)
    pruning = Sector.objects.get(slug="elagage-et-abattage", group=green)
    offices = Sector.objects.get(slug="nettoyage-de-locaux", group=cleaning)
    c = communes
    data = {
        "jardins": StructureFactory(
            legal_name="Association Les Jardins de l'Huveaune",
            brand_name="Les Jardins de l'Huveaune",
            siret=SIRET_JARDINS,
            kind="ACI",
            commune=c["aubagne"],
            city="Aubagne",
            postcode="13400",
            latitude=43.2927,
            longitude=5.5708,
            perimeter_kind=PerimeterKind.RADIUS,
            perimeter_radius_km=20,
            sectors=[gardens, pruning],
            accepts_subcontracting=True,
            description="Chantier d'insertion : entretien des berges et des parcs.",
        ),
        "eclat": StructureFactory(
            legal_name="ÉCLAT PROPRETÉ SAS",
            brand_name="Éclat Propreté",
            kind="EI",
            commune=c["marseille"],
            city="Marseille",
            postcode="13003",
            latitude=43.3119,
            longitude=5.3803,
            perimeter_kind=PerimeterKind.RADIUS,
            perimeter_radius_km=10,
            sectors=[offices],
            accepts_staff_provision=True,
            description="Nettoyage de bureaux et de parties communes.",
        ),
        "interim": StructureFactory(
            legal_name="Intérim Solidaire Loire",
            kind="ETTI",
            commune=c["saint_etienne"],
            city="Saint-Étienne",
            postcode="42000",
            latitude=45.4397,
            longitude=4.3872,
            perimeter_kind=PerimeterKind.TERRITORIES,
            perimeter_departments=[
                Department.objects.get(code="42"),
                Department.objects.get(code="13"),
            ],
            accepts_staff_provision=True,
            description="Missions d'intérim d'insertion.",
        ),
        "esat": StructureFactory(
            legal_name="ESAT Les Ateliers de Créteil",
            kind="ESAT",
            commune=c["creteil"],
            city="Créteil",
            postcode="94000",
            latitude=48.7904,
            longitude=2.4556,
            perimeter_kind=PerimeterKind.NATIONAL,
            sectors=[offices, gardens],
            description="Conditionnement, espaces verts, nettoyage.",
        ),
        "tri": StructureFactory(
            legal_name="Tri Malin",
            kind="EA",
            commune=c["la_ciotat"],
            city="La Ciotat",
            postcode="13600",
            latitude=43.1748,
            longitude=5.6046,
            perimeter_kind=PerimeterKind.RADIUS,
            perimeter_radius_km=100,
            accepts_subcontracting=True,
            description="Tri et recyclage de papiers.",
        ),
        "couture": StructureFactory(
            legal_name="Atelier Couture du Val",
            kind="EA",
            commune=c["creteil"],
            city="Créteil",
            postcode="94000",
            latitude=48.79,
            longitude=2.46,
            perimeter_kind=PerimeterKind.TERRITORIES,
            perimeter_regions=[Region.objects.get(code="11")],
            description="Retouches et confection.",
        ),
        "draft": StructureFactory(
            legal_name="Jardins Brouillon",
            kind="ACI",
            commune=c["aubagne"],
            city="Aubagne",
            latitude=43.2927,
            longitude=5.5708,
            publication_state=PublicationState.DRAFT,
            sectors=[gardens],
        ),
        "unpublished": StructureFactory(
            legal_name="Jardins Retirés",
            kind="ACI",
            commune=c["aubagne"],
            city="Aubagne",
            latitude=43.2927,
            longitude=5.5708,
            publication_state=PublicationState.UNPUBLISHED,
        ),
    }
    return data
