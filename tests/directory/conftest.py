import pytest

from directory.factories import CommuneFactory
from directory.models import Department


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
