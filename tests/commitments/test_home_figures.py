"""What the commitments app gives the home page: the number of signatories of the charter in
force and their logos, through the site's registries."""

import pytest

from commitments.factories import (
    CharterPageFactory,
    CharterSignatoryFactory,
    CommitmentsIndexPageFactory,
    LogoImageFactory,
)
from commitments.models.charter import CharterStatus, SignatoryRole
from home.home_sections import home_sections
from home.key_figures import key_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def charters(home_page):
    index = CommitmentsIndexPageFactory(parent=home_page)
    in_force = CharterPageFactory(parent=index, slug="charte")
    draft = CharterPageFactory(parent=index, status=CharterStatus.DRAFT, slug="projet")
    for name in ["Ville de Port-Brune", "Office public de l'habitat", "Université"]:
        CharterSignatoryFactory(page=in_force, organisation=name, logo=LogoImageFactory(title=name))
    CharterSignatoryFactory(
        page=in_force, organisation="Réseau partenaire", role=SignatoryRole.PARTNER
    )
    CharterSignatoryFactory(page=draft, organisation="Commune en projet")
    return in_force


def test_signatory_count_is_registered_and_counts_the_charter_in_force(charters):
    assert key_figures.compute("commitments.charter_signatories").value == 3


def test_signatory_logos_for_the_home_page(charters):
    logos = home_sections.charter_signatories(request=None, limit=2)
    assert [logo.name for logo in logos] == ["Ville de Port-Brune", "Office public de l'habitat"]
    assert all(logo.image is not None for logo in logos)


def test_home_page_shows_the_signatories(client, charters, home_page):
    html = client.get("/").content.decode()
    assert "Ils se sont engagés" in html
    assert 'alt="Université"' in html
    assert "Commune en projet" not in html
    assert "Réseau partenaire" not in html


def test_logo_queries_do_not_grow(client, charters, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    few_queries = len(few)
    for number in range(6):
        CharterSignatoryFactory(
            page=charters, organisation=f"Commune {number}", logo=LogoImageFactory()
        )
    client.get("/")  # renditions of the new logos
    with django_assert_max_num_queries(few_queries):
        client.get("/")
