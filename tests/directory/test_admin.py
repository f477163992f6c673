import pytest
from django.urls import reverse

from directory.factories import SectorFactory, StructureFactory
from directory.models import PublicationState, Structure

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "motdepasse")
    client.force_login(user)
    return client


def test_annuaire_menu_groups_the_snippets(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    content = response.content.decode()
    assert "Annuaire" in content
    for url_name in (
        "wagtailsnippets_directory_structure:list",
        "wagtailsnippets_directory_sector:list",
        "wagtailsnippets_directory_sectorgroup:list",
        "wagtailsnippets_directory_commune:list",
        "wagtailsnippets_directory_department:list",
        "wagtailsnippets_directory_region:list",
    ):
        assert admin_client.get(reverse(url_name)).status_code == 200


def test_structure_listing_filters_by_publication_state(admin_client):
    StructureFactory(legal_name="Publiée SARL", publication_state=PublicationState.PUBLISHED)
    StructureFactory(legal_name="En attente SAS", publication_state=PublicationState.PENDING)
    url = reverse("wagtailsnippets_directory_structure:list")
    response = admin_client.get(url, {"publication_state": PublicationState.PENDING})
    content = response.content.decode()
    assert "En attente SAS" in content
    assert "Publiée SARL" not in content


def test_structure_listing_search_uses_wagtail_index(admin_client):
    StructureFactory(legal_name="Jardins du Lez", description="Entretien d'espaces verts")
    StructureFactory(legal_name="Atelier Couture")
    response = admin_client.get(
        reverse("wagtailsnippets_directory_structure:list"), {"q": "jardins"}
    )
    content = response.content.decode()
    assert "Jardins du Lez" in content
    assert "Atelier Couture" not in content


def test_staff_can_create_a_structure_in_the_admin(admin_client):
    sector = SectorFactory()
    response = admin_client.post(
        reverse("wagtailsnippets_directory_structure:add"),
        {
            "legal_name": "Régie de quartier du Centre",
            "brand_name": "",
            "siret": "732 829 320 00074",
            "kind": "ACI",
            "slug": "",
            "description": "Entretien des parties communes.",
            "services": "",
            "sectors": [sector.pk],
            "labels": "",
            "insertion_headcount_band": "10-19",
            "permanent_headcount_band": "1-9",
            "address": "1 rue de la République",
            "postcode": "13002",
            "city": "Marseille",
            "latitude": "43.30",
            "longitude": "5.37",
            "perimeter_kind": "radius",
            "perimeter_radius_km": "30",
            "contact_name": "",
            "contact_email": "",
            "contact_phone": "",
            "website": "",
            "source": "staff",
            "publication_state": "published",
        },
    )
    assert response.status_code == 302
    structure = Structure.objects.get(siret="73282932000074")
    assert structure.family == "insertion"
    assert structure.slug == "regie-de-quartier-du-centre-marseille"
    assert sector.name.lower() in structure.search_text


def test_admin_rejects_an_invalid_siret_in_french(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_directory_structure:add"),
        {
            "legal_name": "X",
            "siret": "12345678901234",
            "kind": "EI",
            "perimeter_kind": "radius",
            "source": "staff",
            "publication_state": "draft",
        },
    )
    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()
