"""The site's own sections in a real browser: news, events, key figures, search and the
contact form pass axe-core at desktop and mobile sizes and reflow at 320 px (the contact
form's keyboard journey is in test_contact.py)."""

import datetime

import pytest
import wagtail_factories
from django.utils import timezone

from home.factories import (
    ContactPageFactory,
    EventPageFactory,
    KeyFiguresPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from home.key_figures import key_figures
from tests.browser.helpers import (
    NARROW,
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_no_horizontal_scroll,
    assert_pages_accessible,
)
from tests.browser.site import build_portal_site

CHARTS = [
    ("opportunities.by_month", "Les opportunités publiées chaque mois"),
    ("opportunities.by_clause_type", "Les opportunités par type de clause"),
    ("directory.structures_by_kind", "Les structures de l'annuaire par type"),
]
FIGURES = {
    "opportunities.by_month": lambda: [
        ("sept. 2026", 4),
        ("oct. 2026", 12),
        ("nov. 2026", 7),
    ],
    "opportunities.by_clause_type": lambda: [
        ("Clause d'insertion (L2112-2)", 54),
        ("Marché d'insertion et de qualification (R2123-1 3°)", 3),
    ],
    "directory.structures_by_kind": lambda: [
        ("Atelier et chantier d'insertion (ACI)", 23),
        ("Établissement et service d'aide par le travail (ESAT)", 14),
    ],
}


@pytest.fixture(scope="module")
def build_shared_site():
    def build():
        site = build_portal_site()
        index = site.add("actualites", NewsIndexPageFactory(parent=site.home, show_in_menus=True))
        site.add(
            "actualité",
            NewsPageFactory(
                parent=index,
                title="La charte des achats responsables a un an",
                tags=["Charte", "Acheteurs"],
                image=wagtail_factories.ImageFactory(),
                image_alt="Les signataires réunis à l'Hôtel de la Métropole",
            ),
        )
        site.add(
            "événement",
            EventPageFactory(
                parent=index,
                title="Rencontre acheteurs–SIAE du BTP",
                start=timezone.now() + datetime.timedelta(days=10),
                tags=["Rencontres"],
            ),
        )
        site.add(
            "chiffres clés",
            KeyFiguresPageFactory(
                parent=site.home,
                charts=[
                    {"type": "chart", "value": {"figure": key, "heading": heading}}
                    for key, heading in CHARTS
                ],
            ),
        )
        site.add("contact", ContactPageFactory(parent=site.home))
        site.add("recherche", "/recherche/?q=charte")
        site.add("recherche vide", "/recherche/?q=%22")
        return site

    return build


@pytest.fixture
def figures():
    with (
        key_figures.temporarily("opportunities.by_month", FIGURES["opportunities.by_month"]),
        key_figures.temporarily(
            "opportunities.by_clause_type", FIGURES["opportunities.by_clause_type"]
        ),
        key_figures.temporarily(
            "directory.structures_by_kind", FIGURES["directory.structures_by_kind"]
        ),
    ):
        yield


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_site_sections_are_accessible(shared_page, shared_site, figures):
    paths = shared_site.urls()
    assert_pages_accessible(
        shared_page,
        {
            name: paths[name]
            for name in (
                "actualites",
                "actualité",
                "événement",
                "chiffres clés",
                "contact",
                "recherche",
                "recherche vide",
            )
        },
    )


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
def test_charts_and_news_reflow_at_320_px(shared_page, shared_site, figures):
    for name in ("chiffres clés", "actualites", "recherche"):
        shared_page.goto(shared_site.urls()[name])
        assert_no_horizontal_scroll(shared_page)


def test_charts_are_drawn_with_their_tables(shared_page, shared_site, figures):
    shared_page.goto(shared_site.urls()["chiffres clés"])
    charts = shared_page.locator("svg[role=img]")
    assert charts.count() == 3
    assert shared_page.locator("table caption").count() == 3
    first = shared_page.get_by_role("img", name="Les opportunités publiées chaque mois")
    assert first.is_visible()
    assert first.locator("rect").count() == 3


def test_calendar_file_is_served(shared_page, shared_site):
    response = shared_page.request.get(shared_site.urls()["événement"] + "agenda/")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.text()
