"""Fixtures of the opportunities tests: the list page under the home page, two sectors and
two communes (Marseille and Aix-en-Provence, 25 km apart; Lyon far away)."""

import datetime
from unittest import mock

import pytest

from directory.factories import CommuneFactory
from directory.models import Department, Sector
from opportunities.factories import OpportunityIndexPageFactory

# The reference day of the tests.
TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def today():
    """Freeze ``timezone.localdate`` (and ``timezone.now``) on ``TODAY``."""
    now = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)
    with (
        mock.patch("django.utils.timezone.localdate", return_value=TODAY),
        mock.patch("django.utils.timezone.now", return_value=now),
    ):
        yield TODAY


@pytest.fixture
def index_page(home_page):
    return OpportunityIndexPageFactory(parent=home_page)


@pytest.fixture
def cleaning(db):
    return Sector.objects.get(slug="nettoyage-de-locaux")


@pytest.fixture
def green_spaces(db):
    return Sector.objects.get(slug="entretien-d-espaces-verts")


@pytest.fixture
def marseille(db):
    return CommuneFactory(
        insee_code="13055", name="Marseille", slug="marseille", latitude=43.2965, longitude=5.3698
    )


@pytest.fixture
def aix(db):
    return CommuneFactory(
        insee_code="13001",
        name="Aix-en-Provence",
        slug="aix-en-provence",
        latitude=43.5297,
        longitude=5.4474,
    )


@pytest.fixture
def lyon(db):
    rhone = Department.objects.get(code="69")
    return CommuneFactory(
        insee_code="69123",
        name="Lyon",
        slug="lyon",
        department=rhone,
        region=rhone.region,
        latitude=45.764,
        longitude=4.8357,
    )
