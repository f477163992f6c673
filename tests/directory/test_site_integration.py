"""What the directory gives the rest of the site: key figures, site search results and
sitemap.xml entries for published structures only."""

import xml.etree.ElementTree as ET

import pytest

from directory.factories import RegionFactory, StructureFactory
from directory.models import PublicationState, StructureKind
from home.key_figures import key_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def structures(db):
    paca = RegionFactory(name="Provence-Alpes-Côte d'Azur")
    occitanie = RegionFactory(name="Occitanie")
    made = [
        StructureFactory(kind=StructureKind.EI, region=paca, legal_name="Nettoyage Solidaire"),
        StructureFactory(kind=StructureKind.EI, region=paca),
        StructureFactory(kind=StructureKind.ACI, region=occitanie),
        StructureFactory(kind=StructureKind.ESAT, region=paca),
        StructureFactory(
            kind=StructureKind.EA,
            region=occitanie,
            legal_name="Nettoyage en attente",
            publication_state=PublicationState.PENDING,
        ),
    ]
    return made


def _figure(key):
    result = key_figures.compute(key)
    return [(point.label, point.value) for point in result.points]


def test_structures_by_family(structures):
    assert _figure("directory.structures_by_family") == [
        ("Insertion par l'activité économique", 3),
        ("Secteur du handicap", 1),
    ]


def test_structures_by_kind_lists_every_kind(structures):
    by_kind = dict(_figure("directory.structures_by_kind"))
    assert len(by_kind) == len(StructureKind)
    assert by_kind["Entreprise d'insertion (EI)"] == 2
    assert by_kind["Entreprise adaptée (EA)"] == 0  # the pending one is not counted
    assert next(iter(by_kind)) == "Atelier et chantier d'insertion (ACI)"


def test_structures_by_region_largest_first(structures):
    assert _figure("directory.structures_by_region") == [
        ("Provence-Alpes-Côte d'Azur", 3),
        ("Occitanie", 1),
    ]


def test_published_structures_are_found_by_the_site_search(client, home_page, structures):
    html = client.get("/recherche/", {"q": "nettoyage"}).content.decode()
    assert "Nettoyage Solidaire" in html
    assert "Nettoyage en attente" not in html
    assert '<span class="badge">Entreprise d&#x27;insertion (EI)</span>' in html
    assert f'href="{structures[0].get_absolute_url()}"' in html
    assert 'Structures de l&#x27;annuaire <span class="facet-count">(1)</span>' in html


def test_published_structures_are_in_the_sitemap(client, home_page, structures):
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    locations = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"http://testserver{structures[0].get_absolute_url()}" in locations
    assert f"http://testserver{structures[4].get_absolute_url()}" not in locations
