"""axe-core (WCAG 2.1 A and AA), reflow at 320 px and keyboard checks on the feature pages
merged so far: directory search and a structure, news, an event, key figures, contact
(blank and with its errors), the charter, the form to join it, a co-funded convention and
the site search results, at desktop and mobile widths.

The feature engineers extend these checks with their journeys (see README.md)."""

import pytest

from commitments.factories import (
    CharterPageFactory,
    CharterSignatoryFactory,
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    JoinCharterPageFactory,
    LogoImageFactory,
)
from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from home.factories import (
    ContactPageFactory,
    EventPageFactory,
    KeyFiguresPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.browser.helpers import (
    NARROW,
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_focus_visible,
    assert_no_horizontal_scroll,
    assert_pages_accessible,
    axe_check,
    tab_until,
)
from tests.browser.site import build_portal_site


def _build():
    site = build_portal_site()
    home = site.home

    directory = DirectoryPageFactory(parent=home, show_in_menus=True)
    commune = CommuneFactory(name="Trois-Rivières", postcodes="13001", slug="trois-rivieres")
    structures = [
        StructureFactory(legal_name="Les Jardins du Fleuve", commune=commune),
        StructureFactory(legal_name="Atelier Solidaire du Port", commune=commune),
    ]
    site.add("annuaire", directory)
    site.add("annuaire : texte", "/annuaire/?q=jardins")
    site.add("annuaire : lieu", "/annuaire/?lieu=13001&rayon=30")
    site.add("annuaire : lieu inconnu", "/annuaire/?lieu=Nulle-Part&rayon=abc")
    site.add("une structure", structures[0].get_absolute_url())

    news_index = site.add("actualités", NewsIndexPageFactory(parent=home, show_in_menus=True))
    site.add(
        "une actualité",
        NewsPageFactory(parent=news_index, title="Forum de l'inclusion : les inscriptions ouvrent"),
    )
    site.add("un événement", EventPageFactory(parent=news_index))
    site.add("chiffres clés", KeyFiguresPageFactory(parent=home))
    site.add("contact", ContactPageFactory(parent=home))

    commitments = site.add("engagements", CommitmentsIndexPageFactory(parent=home))
    charter = site.add("charte", CharterPageFactory(parent=commitments, title="Charte"))
    CharterSignatoryFactory(page=charter, logo=LogoImageFactory())
    CharterSignatoryFactory(page=charter)
    site.add("adhérer à la charte", JoinCharterPageFactory(parent=commitments))
    convention = site.add(
        "une convention",
        ConventionPageFactory(
            parent=commitments, cofunded=True, title="Convention État – Métropole"
        ),
    )
    ConventionPartyFactory(page=convention, organisation="L'État", logo=LogoImageFactory())
    ConventionPartyFactory(page=convention, organisation="Métropole des Trois-Rivières")

    site.add("recherche", "/recherche/?q=clauses")
    site.add("recherche sans résultat", "/recherche/?q=zzzyyyxxx")
    return site


FEATURE_PAGES = [
    "annuaire",
    "annuaire : texte",
    "annuaire : lieu",
    "annuaire : lieu inconnu",
    "une structure",
    "actualités",
    "une actualité",
    "un événement",
    "chiffres clés",
    "contact",
    "engagements",
    "charte",
    "adhérer à la charte",
    "une convention",
    "recherche",
    "recherche sans résultat",
]


@pytest.fixture(scope="module")
def build_shared_site():
    return _build


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_feature_pages_have_no_accessibility_violation(shared_page, shared_site):
    paths = shared_site.urls()
    assert_pages_accessible(shared_page, {name: paths[name] for name in FEATURE_PAGES})


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
def test_feature_pages_reflow_at_320_pixels(shared_page, shared_site):
    paths = shared_site.urls()
    for name in FEATURE_PAGES:
        shared_page.goto(paths[name])
        assert_no_horizontal_scroll(shared_page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_contact_errors_are_accessible(shared_page, shared_site):
    """The contact form sent empty shows its errors; the page with errors passes the audit."""
    shared_page.goto(shared_site.urls()["contact"])
    shared_page.locator("main form[method=post] [type=submit]").first.click()
    shared_page.wait_for_load_state()
    assert shared_page.locator(".errorlist, [role=alert], .notice--error").first.is_visible()
    axe_check(shared_page)


def test_directory_filters_are_reached_with_the_keyboard(shared_page, shared_site):
    shared_page.goto(shared_site.urls()["annuaire"])
    tab_until(shared_page, "main form input, main form select", max_tabs=60)
    assert_focus_visible(shared_page)
    tab_until(shared_page, "main form [type=submit]", max_tabs=80)
