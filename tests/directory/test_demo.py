"""The directory's demo step (the project-wide idempotence test runs every step)."""

import pytest

from directory import demo
from directory.models import Commune, DirectoryPage, Structure, StructureKind

pytestmark = pytest.mark.django_db


def test_demo_loads_communes_structures_of_every_kind_and_the_page(site, client):
    message = demo.load()
    assert message.startswith("Annuaire :")
    assert Commune.objects.count() >= 200
    assert Structure.objects.published().count() == demo.DEMO_STRUCTURES
    assert set(Structure.objects.values_list("kind", flat=True)) == set(StructureKind.values)
    assert not Structure.objects.filter(commune__isnull=True).exists()
    page = DirectoryPage.objects.get()
    assert page.live and page.show_in_menus and page.url == "/annuaire/"
    assert demo.load() == "Annuaire : déjà chargé."
    assert Structure.objects.count() == demo.DEMO_STRUCTURES
    response = client.get("/annuaire/", {"lieu": "Marseille", "rayon": "30"})
    assert response.status_code == 200
    assert 'href="/annuaire/" aria-current="page"' in response.content.decode()
