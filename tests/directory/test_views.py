import csv
import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from directory.factories import DirectoryPageFactory, StructureFactory
from directory.models import DirectoryPage, DirectoryState, PublicationState, Sector
from directory.search.query import PARAMS
from home.models import HomePage
from portal import site_chrome

pytestmark = pytest.mark.django_db

SEARCH = "/annuaire/"


@pytest.fixture
def directory_page(home_page):
    return DirectoryPageFactory(parent=home_page, show_in_menus=True)


def test_urls():
    assert reverse("directory:search") == "/annuaire/"
    assert reverse("directory:structure", args=["abc"]) == "/annuaire/abc/"
    assert reverse("directory:export_csv") == "/annuaire/export.csv"
    assert reverse("directory:api_structures") == "/annuaire/api/structures/"
    assert reverse("directory:api_structure", args=["abc"]) == "/annuaire/api/structures/abc/"


def test_search_page_renders_an_accessible_form_with_facets(client, directory_page, directory_data):
    response = client.get(SEARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Annuaire</h1>" in html
    assert '<label for="id_q">' in html and 'id="id_q"' in html
    assert '<label for="id_lieu">' in html and '<label for="id_rayon">' in html
    assert "<legend>Famille</legend>" in html
    assert "<legend>Type de structure</legend>" in html
    assert "<legend>Secteurs d&#x27;activité</legend>" in html
    assert 'name="famille" value="insertion"' in html
    assert "6 structures trouvées" in html
    assert '<a href="#results-title">Aller aux résultats (6)</a>' in html
    assert 'href="/annuaire/les-jardins-de-l-huveaune-aubagne/"' in html
    # In the main menu, marked as the current page.
    assert 'href="/annuaire/" aria-current="page"' in html
    # Structures reach the registration and the update-by-link forms from the directory itself.
    assert "Vous êtes une structure inclusive ?" in html
    assert 'class="button" href="/annuaire/inscription/"' in html
    assert 'href="/annuaire/modifier/"' in html


def test_search_without_javascript_round_trips_through_the_url(
    client, directory_page, directory_data
):
    response = client.get(
        SEARCH, {"q": "jardins", "lieu": "Aubagne", "rayon": "30", "famille": "insertion"}
    )
    html = response.content.decode()
    assert "1 structure trouvée autour de Aubagne (13400)" in html
    assert 'value="jardins"' in html and 'value="Aubagne"' in html
    assert '<option value="30" selected>' in html
    assert 'name="famille" value="insertion" id="f-famille-insertion" checked' in html
    assert "à moins d&#x27;1 km" in html or "à moins d'1 km" in html
    # Active filter can be removed by a link; export keeps the same search.
    assert 'href="?q=jardins&amp;lieu=Aubagne&amp;rayon=30"' in html
    assert (
        "/annuaire/export.csv?q=jardins&amp;famille=insertion&amp;lieu=Aubagne&amp;rayon=30" in html
    )


def test_pagination_links_keep_the_query(client, directory_page, communes):
    for index in range(25):
        StructureFactory(legal_name=f"Régie {index:02d}", kind="EI")
    html = client.get(SEARCH, {"type": "EI"}).content.decode()
    assert 'aria-label="Pagination des résultats"' in html
    assert 'href="?type=EI&amp;page=2"' in html
    second = client.get(SEARCH, {"type": "EI", "page": "2"}).content.decode()
    assert "Régie 24" in second and 'aria-current="page"' in second


@pytest.mark.parametrize(
    "querystring",
    [
        "famille=extraterrestre",
        "q=%22",
        "q=*",
        "q=" + "x" * 10_000,
        "lieu=Atlantide&rayon=30",
        "lieu=Aubagne&rayon=-10",
        "lieu=Aubagne&rayon=99999999999999999999",
        "page=99999",
        "page=-1",
        "tri=%00",
        "q=%ff%fe%fd",
        "secteur=..%2F..%2Fetc",
        "departement=%3Cscript%3E",
    ],
)
def test_bad_input_gets_a_200_with_an_explanation(
    client, directory_page, directory_data, querystring
):
    response = client.get(SEARCH, QUERY_STRING=querystring)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("</header>", 1)[1]
    if querystring not in {"q=%22", "q=*", "q=%ff%fe%fd", "tri=%00"}:
        assert "Votre recherche a été ajustée" in html


def test_search_page_query_count_does_not_grow(
    client, directory_page, directory_data, django_assert_max_num_queries
):
    params = {
        "q": "jardins",
        "lieu": "Aubagne",
        "rayon": "50",
        "secteur_groupe": "espaces-verts-et-nature",
    }
    client.get(SEARCH, params)  # warm caches (site, settings) and the facet index
    # Steady state: 8 queries for the directory (version, taxonomy ×2, commune, text ids,
    # place ids, page structures, their sectors), the rest for the page tree, menu and settings.
    with django_assert_max_num_queries(20):
        client.get(SEARCH, params)
    # The writes below rebuild the facet index and the site's frame (a structure purges the
    # page cache): compare like with like.
    DirectoryState.bump()
    site_chrome.forget()
    with django_assert_max_num_queries(26) as captured:
        client.get(SEARCH, params)
    gardens = Sector.objects.get(slug="entretien-d-espaces-verts")
    for index in range(20):
        StructureFactory(
            legal_name=f"Jardins {index}",
            city="Aubagne",
            latitude=43.29,
            longitude=5.57,
            sectors=[gardens],
        )
    with django_assert_max_num_queries(len(captured.captured_queries)):
        response = client.get(SEARCH, params)
    assert "21 structures trouvées" in response.content.decode()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(PARAMS),
        st.lists(st.one_of(st.text(max_size=40), st.integers().map(str)), max_size=3),
        max_size=6,
    )
)
def test_any_query_string_is_a_200_never_a_500(client, home_page, params):
    querydict = QueryDict(mutable=True)
    for key, values in params.items():
        querydict.setlist(key, values)
    response = client.get(SEARCH, QUERY_STRING=querydict.urlencode())
    assert response.status_code == 200
    api = client.get("/annuaire/api/structures/", QUERY_STRING=querydict.urlencode())
    assert api.status_code in {200, 400, 404}
    assert "application/json" in api["Content-Type"]


def test_structure_page_shows_what_it_does_and_only_consented_contact(
    client, directory_page, directory_data
):
    jardins = directory_data["jardins"]
    jardins.contact_name = "Camille Martin"
    jardins.show_contact_name = True
    jardins.contact_email = "camille@jardins.example.org"
    jardins.show_contact_email = False
    jardins.contact_phone = "04 42 00 00 00"
    jardins.show_contact_phone = True
    jardins.save()
    response = client.get(jardins.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Les Jardins de l&#x27;Huveaune</h1>" in html
    assert "Raison sociale : Association Les Jardins de l&#x27;Huveaune" in html
    assert "atelier et chantier d&#x27;insertion est porté par une association" in html.lower()
    assert "Entretien d&#x27;espaces verts" in html and "Élagage et abattage" in html
    assert "dans un rayon de 20 kilomètres autour de Aubagne" in html
    assert "Camille Martin" in html and "04 42 00 00 00" in html
    assert "camille@jardins.example.org" not in html
    assert "Sous-traitance : oui" in html


def test_structure_page_perimeters(client, directory_page, directory_data):
    html = client.get(directory_data["interim"].get_absolute_url()).content.decode()
    assert (
        "Elle intervient sur ces territoires : Loire (42), Bouches-du-Rhône (13)." in html
        or "Bouches-du-Rhône (13), Loire (42)" in html
    )
    html = client.get(directory_data["esat"].get_absolute_url()).content.decode()
    assert "Elle intervient dans toute la France." in html


def test_unpublished_structures_have_no_page(client, directory_data):
    for key in ("draft", "unpublished"):
        assert client.get(directory_data[key].get_absolute_url()).status_code == 404
    assert client.get("/annuaire/inconnue/").status_code == 404


def test_structure_page_query_count(
    client, directory_page, directory_data, django_assert_max_num_queries
):
    url = directory_data["esat"].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(14):
        client.get(url)


def test_csv_export_has_public_fields_of_the_current_search(client, directory_data):
    directory_data["eclat"].contact_email = "prive@eclat.example.org"
    directory_data["eclat"].save()
    response = client.get("/annuaire/export.csv", {"famille": "insertion"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["raison_sociale"] for row in rows} == {
        "Association Les Jardins de l'Huveaune",
        "ÉCLAT PROPRETÉ SAS",
        "Intérim Solidaire Loire",
    }
    assert "prive@eclat.example.org" not in text
    assert "Jardins Brouillon" not in text
    assert rows[0]["fiche"].startswith("http://testserver/annuaire/")


def test_export_reimports_losslessly(client, directory_data):
    from directory.importers.structures import import_structures
    from directory.models import Structure

    text = b"".join(client.get("/annuaire/export.csv").streaming_content).decode("utf-8")
    report = import_structures(io.StringIO(text), file_format="csv")
    assert (report.created, report.updated, report.unchanged, report.rejected) == (0, 0, 6, [])
    assert Structure.objects.count() == 8


def test_api_list_filters_and_paginates(client, directory_data):
    response = client.get(
        "/annuaire/api/structures/", {"famille": "handicap", "par_page": "2", "tri": "nom"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 3
    assert [item["nom"] for item in data["resultats"]] == [
        "Atelier Couture du Val",
        "ESAT Les Ateliers de Créteil",
    ]
    assert (
        data["suivante"]
        == "http://testserver/annuaire/api/structures/?famille=handicap&tri=nom&page=2&par_page=2"
    )
    assert data["precedente"] is None
    famille = next(facet for facet in data["facettes"] if facet["name"] == "famille")
    assert {value["value"]: value["count"] for value in famille["values"]} == {
        "insertion": 3,
        "handicap": 3,
    }
    first = data["resultats"][0]
    assert "contact" not in first and "contact_email" not in first
    second_page = client.get(data["suivante"]).json()
    assert [item["nom"] for item in second_page["resultats"]] == ["Tri Malin"]


def test_api_place_search_has_distances(client, directory_data):
    data = client.get("/annuaire/api/structures/", {"lieu": "13400", "rayon": "10"}).json()
    assert data["resultats"][0]["distance_km"] == 0.0


def test_api_bad_parameters_are_400_in_french(client, directory_data):
    response = client.get("/annuaire/api/structures/", {"type": "XX", "par_page": "1000"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any("Type de structure inconnu" in error for error in errors)
    assert any("par_page" in error for error in errors)
    assert client.get("/annuaire/api/structures/", {"page": "50"}).status_code == 404


def test_api_detail(client, directory_data):
    esat = directory_data["esat"]
    data = client.get(f"/annuaire/api/structures/{esat.slug}/").json()
    assert data["siret"] == esat.siret
    assert data["perimetre"]["type"] == "national"
    assert data["contact"] == {"nom": "", "courriel": "", "telephone": ""}
    response = client.get(f"/annuaire/api/structures/{directory_data['draft'].slug}/")
    assert response.status_code == 404
    assert response.json()["errors"] == ["Structure introuvable."]


def test_directory_page_rules(home_page):
    assert DirectoryPage.parent_page_types == ["home.HomePage"]
    assert DirectoryPage.subpage_types == []
    assert DirectoryPage.max_count == 1
    assert DirectoryPage.can_create_at(home_page)
    DirectoryPageFactory(parent=home_page)
    assert not DirectoryPage.can_create_at(home_page)
    assert not DirectoryPage.can_create_at(Page.get_first_root_node())
    assert HomePage in DirectoryPage.allowed_parent_page_models()


def test_directory_page_serves_the_search_under_another_slug(client, home_page, directory_data):
    page = DirectoryPageFactory(parent=home_page, slug="structures", title="Trouver une structure")
    response = client.get("/structures/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Trouver une structure</h1>" in html
    assert "6 structures trouvées" in html
    assert "Trouvez une structure d&#x27;insertion" in html
    assert page.title == "Trouver une structure"


def test_unpublished_search_results_never_leak(client, directory_data):
    directory_data["jardins"].publication_state = PublicationState.UNPUBLISHED
    directory_data["jardins"].save()
    html = client.get(SEARCH, {"q": "huveaune"}).content.decode()
    assert "Aucune structure trouvée" in html
