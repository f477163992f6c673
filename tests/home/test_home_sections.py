"""Home page: live key figures, next opportunities, latest news, signatories' logos and the
EU block, each filled through its seam, with a query count that does not grow with data."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import Page

from home.factories import (
    ContentPageFactory,
    HomeEntryPointFactory,
    KeyFiguresPageFactory,
    NewsPageFactory,
)
from home.home_sections import (
    SIGNATORY_LOGO_FILTER,
    HomeSectionRegistry,
    Logo,
    Teaser,
    home_sections,
)
from home.key_figures import key_figures

pytestmark = pytest.mark.django_db

FIGURES = [
    {
        "type": "figure",
        "value": {"figure": "opportunities.open_count", "label": "opportunités ouvertes"},
    },
    {
        "type": "figure",
        "value": {
            "figure": "opportunities.open_insertion_hours",
            "label": "heures d'insertion à pourvoir",
        },
    },
    {
        "type": "figure",
        "value": {
            "figure": "directory.structures_by_family",
            "label": "structures dans l'annuaire",
        },
    },
    {
        "type": "figure",
        "value": {"figure": "commitments.charter_signatories", "label": "signataires de la charte"},
    },
]


@pytest.fixture
def home(home_page):
    home_page.key_figures = FIGURES
    home_page.save()
    return home_page


@pytest.fixture
def providers():
    """Fake providers standing in for the opportunities, directory and commitments apps; each
    runs one query, as a real aggregate would."""

    def open_count():
        Page.objects.count()
        return 42

    def by_family():
        Page.objects.count()
        return [("Insertion par l'activité économique", 57), ("Secteur du handicap", 21)]

    def opportunities(*, request, limit):
        pages = list(Page.objects.filter(depth__gt=1).order_by("pk")[:limit])
        return [
            Teaser(
                title=f"Marché de nettoyage {page.pk}",
                url=f"/opportunites/{page.pk}/",
                kicker="Métropole des Trois-Rivières",
                date=datetime.date(2026, 12, 15),
                date_label="Date limite de réponse",
                facts=(("Heures d'insertion", "1 200"),),
                badges=("Clause d'insertion",),
            )
            for page in pages
        ]

    def signatories(*, request, limit):
        images = get_image_model().objects.prefetch_renditions(SIGNATORY_LOGO_FILTER)
        return [
            Logo(name=image.title, image=image, url="https://example.org/")
            for image in images.order_by("pk")[:limit]
        ]

    with (
        key_figures.temporarily("opportunities.open_count", open_count),
        key_figures.temporarily("opportunities.open_insertion_hours", lambda: 38_500),
        key_figures.temporarily("directory.structures_by_family", by_family),
        # No provider for this one: the home page must leave it out.
        key_figures.temporarily("commitments.charter_signatories", None),
        home_sections.temporarily("upcoming_opportunities", opportunities),
        home_sections.temporarily("charter_signatories", signatories),
    ):
        yield


def test_home_shows_every_section_from_its_provider(client, home, news_index, providers):
    NewsPageFactory(parent=news_index, title="Le forum de l'inclusion revient")
    wagtail_factories.ImageFactory(title="Ville de Port-Brune")
    KeyFiguresPageFactory(parent=home)
    html = client.get("/").content.decode()
    assert "Le territoire en chiffres" in html
    assert '<p class="key-figure__value">42</p>' in html
    assert '<p class="key-figure__value">38\u202f500</p>' in html
    assert '<p class="key-figure__value">78</p>' in html  # 57 + 21
    assert "Secteur du handicap : 21" in html
    # No provider for the charter signatories: that figure is left out, the others stay.
    assert "signataires de la charte" not in html
    assert 'href="/chiffres-cles/">Tous les chiffres clés' in html
    assert "Prochaines échéances" in html
    assert "Date limite de réponse" in html
    assert "Le forum de l'inclusion revient".replace("'", "&#x27;") in html
    assert 'href="/actualites/">Toutes les actualités' in html
    assert "Ils se sont engagés" in html
    assert 'alt="Ville de Port-Brune"' in html


@pytest.fixture
def no_providers():
    with (
        key_figures.temporarily("opportunities.open_count", None),
        key_figures.temporarily("opportunities.open_insertion_hours", None),
        key_figures.temporarily("directory.structures_by_family", None),
        key_figures.temporarily("commitments.charter_signatories", None),
        home_sections.temporarily("upcoming_opportunities", None),
        home_sections.temporarily("charter_signatories", None),
    ):
        yield


def test_sections_without_provider_are_left_out(client, home, no_providers):
    html = client.get("/").content.decode()
    assert client.get("/").status_code == 200
    assert "Le territoire en chiffres" not in html
    assert "Prochaines échéances" not in html
    assert "Ils se sont engagés" not in html
    assert "Actualités" not in html.split('id="contenu"')[1]


def test_a_failing_provider_does_not_break_the_home_page(client, home, caplog):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    with home_sections.temporarily("upcoming_opportunities", broken):
        response = client.get("/")
    assert response.status_code == 200
    assert "Home page section provider 'upcoming_opportunities' failed" in caplog.text


def test_headings_and_counts_are_editable(client, home, news_index, providers):
    home.figures_heading = "Nos résultats"
    home.news_heading = "Dernières nouvelles"
    home.news_count = 2
    home.opportunities_count = 1
    home.opportunities_page = ContentPageFactory(parent=home, title="Opportunités", slug="opps")
    home.save()
    for number in range(4):
        NewsPageFactory(parent=news_index, title=f"Nouvelle numéro {number}")
    html = client.get("/").content.decode()
    assert "Nos résultats" in html
    assert "Dernières nouvelles" in html
    assert html.count("card--news") == 2
    assert html.count("card--teaser") == 1
    assert 'href="/opps/">Toutes les opportunités' in html


def test_entry_point_whose_page_is_deleted_disappears(client, home):
    target = ContentPageFactory(parent=home, title="Annuaire", slug="annuaire-test")
    HomeEntryPointFactory(home=home, page=target, title="Rejoindre l'annuaire")
    assert "Rejoindre l" in client.get("/").content.decode()
    target.delete()
    html = client.get("/").content.decode()
    assert "Rejoindre l" not in html
    assert home.entry_points.count() == 1


def test_registry_rejects_unknown_sections():
    registry = HomeSectionRegistry(["upcoming_opportunities"])
    with pytest.raises(KeyError):
        registry.register("weather")
    assert registry.upcoming_opportunities(request=None, limit=3) == []


def test_providers_cannot_exceed_the_limit(home):
    with home_sections.temporarily(
        "upcoming_opportunities",
        lambda **kwargs: [Teaser(title=str(n), url="/") for n in range(20)],
    ):
        assert len(home_sections.upcoming_opportunities(request=None, limit=3)) == 3


def test_home_page_query_count_does_not_grow(client, home, news_index, providers):
    def build(numbers):
        for number in numbers:
            NewsPageFactory(
                parent=news_index,
                title=f"Actualité {number}",
                image=wagtail_factories.ImageFactory(title=f"Photo {number}"),
                tags=["Rencontres", f"Sujet {number}"],
            )
            wagtail_factories.ImageFactory(title=f"Signataire {number}")
            target = ContentPageFactory(parent=home, slug=f"entree-{number}")
            HomeEntryPointFactory(home=home, page=target)

    build(range(1))
    client.get("/")  # renditions are created on the first display (the images are saved)
    client.get("/")  # the site's frame (menu, footer) is read again after that change
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    few_queries = len(few)  # read now: the next request resets the query log
    build(range(1, 10))
    client.get("/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("card--news") == 3
    assert html.count("logo-wall__item") == 12  # signatories_count
    assert html.count("card--entry") == 10
    assert len(many) == few_queries, "the home page's queries grow with the data"
    assert few_queries <= 40
