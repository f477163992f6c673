"""Addresses that no link of the portal produces get the French 400 page, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

NUL_PATHS = [
    "/a%00b/",  # a page slug: Wagtail's page lookup
    "/annuaire/%00/",  # a structure slug
    "/annuaire/modifier/7328293200%0074/jeton/",  # a SIRET, then a signed token
    "/annuaire/inscription/confirmer/%00/",
    "/opportunites/%00/",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_character_in_the_path_is_a_french_400(client, site, path):
    response = client.get(path)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>Adresse ou demande invalide</h1>" in html
    assert 'lang="fr"' in html


def test_ordinary_addresses_are_untouched(client, site):
    assert client.get("/").status_code == 200
    assert client.get("/nexiste-pas/").status_code == 404
