"""Keyboard only (journey 5): skip links, main navigation and header search are reached with
Tab, show a visible focus, and work with Enter; the directory's search, facets, place and
radius, submission and pagination work with Tab, Space and Enter alone.

The registration's keyboard journey (error summary, focus on the field) is
tests/directory/test_registration_browser.py."""

import re

import pytest

from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from directory.models import Sector
from tests.browser.helpers import (
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_focus_visible,
    assert_focused,
    assert_in_viewport,
    focused,
    tab_until,
)
from tests.browser.site import build_portal_site


def _build():
    """The portal and a directory: 23 cleaning EI in Marseille that subcontract (two pages of
    results once filtered), others that the filters leave out."""
    site = build_portal_site()
    site.add("annuaire", DirectoryPageFactory(parent=site.home))
    marseille = CommuneFactory(
        insee_code="13055",
        name="Marseille",
        slug="marseille-13055",
        postcodes="13001 13002 13003",
        latitude=43.2965,
        longitude=5.3698,
    )
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")
    windows = Sector.objects.get(slug="nettoyage-de-vitres")
    common = {"commune": marseille, "city": "Marseille", "postcode": "13001"}
    for number in range(1, 24):
        StructureFactory(
            legal_name=f"Propreté Solidaire {number:02d}",
            kind="EI",
            sectors=[cleaning],
            accepts_subcontracting=True,
            **common,
        )
    StructureFactory(legal_name="Vitres Claires", kind="EI", sectors=[windows], **common)
    StructureFactory(legal_name="ESAT du Vieux-Port", kind="ESAT", sectors=[cleaning], **common)
    StructureFactory(
        legal_name="Nettoyage Lyonnais",
        kind="EI",
        sectors=[cleaning],
        accepts_subcontracting=True,
        city="Lyon",
        postcode="69001",
        latitude=45.764,
        longitude=4.8357,
    )
    return site


@pytest.fixture(scope="module")
def build_shared_site():
    return _build


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_skip_link_is_first_visible_when_focused_and_moves_focus_to_main(shared_page, shared_site):
    shared_page.goto(shared_site.urls()["guide"])
    skip_link = shared_page.locator(".skip-links a[href='#contenu']")
    assert not skip_link.evaluate("el => el.getBoundingClientRect().right > 0")  # hidden at rest

    shared_page.keyboard.press("Tab")
    assert_focused(shared_page, ".skip-links a[href='#contenu']")
    assert focused(shared_page)["text"] == "Aller au contenu"
    info = assert_focus_visible(shared_page)
    assert info["outlineStyle"] == "solid"
    assert info["outlineWidth"] >= 2
    assert_in_viewport(shared_page, ".skip-links a[href='#contenu']")

    shared_page.keyboard.press("Enter")
    assert_focused(shared_page, "main#contenu")
    assert shared_page.url.endswith("#contenu")
    # The next Tab continues inside the main content, not back at the top of the shared_page.
    shared_page.keyboard.press("Tab")
    assert shared_page.evaluate(
        "() => document.querySelector('main').contains(document.activeElement)"
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_menu_skip_link_leads_to_the_main_navigation(shared_page, shared_site):
    shared_page.goto("/")
    tab_until(shared_page, ".skip-links a[href='#navigation']", max_tabs=3)
    shared_page.keyboard.press("Enter")
    shared_page.keyboard.press("Tab")
    assert_focused(shared_page, "#navigation a")
    assert_focus_visible(shared_page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_header_search_and_every_main_menu_link_get_a_visible_focus(shared_page, shared_site):
    shared_page.goto("/")
    path = tab_until(shared_page, "#header-search-q")
    assert path[0].startswith("<a href=#contenu>")
    tab_until(shared_page, ".header-search button", max_tabs=1)

    menu_links = shared_page.locator("#navigation a")
    labels = [text.strip() for text in menu_links.all_inner_texts()]
    assert labels == ["Accueil", "Guide des clauses sociales"]
    for label in labels:
        shared_page.keyboard.press("Tab")
        assert focused(shared_page)["text"] == label
        assert_focus_visible(shared_page)

    # Then the main content: the first entry point of the home shared_page.
    tab_until(shared_page, "main a", max_tabs=2)


def test_header_search_is_submitted_with_enter(shared_page, shared_site):
    shared_page.goto("/")
    tab_until(shared_page, "#header-search-q")
    shared_page.keyboard.type("clause d'insertion")
    shared_page.keyboard.press("Enter")
    shared_page.wait_for_url(re.compile(r"/recherche/\?q=clause"))


def test_accordion_opens_with_the_keyboard(shared_page, shared_site):
    shared_page.goto(shared_site.urls()["guide"])
    tab_until(shared_page, ".block-accordion summary", max_tabs=60)
    details = shared_page.locator(".block-accordion details").first
    assert not details.evaluate("el => el.open")
    shared_page.keyboard.press("Enter")
    assert details.evaluate("el => el.open")
    shared_page.keyboard.press("Space")
    assert not details.evaluate("el => el.open")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_directory_search_filters_and_pages_with_the_keyboard_alone(shared_page, shared_site):
    page = shared_page
    page.goto(shared_site.urls()["annuaire"])

    tab_until(page, "#id_q")
    page.keyboard.type("nettoyage")
    tab_until(page, "#id_lieu", max_tabs=1)
    page.keyboard.type("Marseille")
    tab_until(page, "#id_rayon", max_tabs=1)
    page.keyboard.press("ArrowUp")  # a closed list: the arrows change its value (30 → 10 km)
    assert page.locator("#id_rayon").input_value() == "10"

    tab_until(page, "#f-type-EI", max_tabs=30)
    page.keyboard.press("Space")
    # The sectors of a group are in a disclosure: Enter opens it, Space ticks a sector.
    tab_until(page, "li:has(#f-groupe-proprete-et-nettoyage) summary", max_tabs=10)
    page.keyboard.press("Enter")
    tab_until(page, "#f-secteur-nettoyage-de-locaux", max_tabs=2)
    page.keyboard.press("Space")
    tab_until(page, "#f-modalite-sous_traitance", max_tabs=80)
    page.keyboard.press("Space")
    tab_until(page, ".filters button[type=submit]", max_tabs=20)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/annuaire/\?.*modalite=sous_traitance"))
    query = page.url.split("?", 1)[1]
    for part in ("q=nettoyage", "lieu=Marseille", "rayon=10", "type=EI"):
        assert part in query
    assert "secteur=nettoyage-de-locaux" in query
    summary = page.locator("#results-title")
    assert summary.inner_text().startswith("23 structures trouvées autour de Marseille")
    for box in ("#f-type-EI", "#f-secteur-nettoyage-de-locaux", "#f-modalite-sous_traitance"):
        assert page.locator(box).is_checked(), box
    assert page.locator(".structure-list > li").count() == 20

    # The next page of results, by its link.
    tab_until(page, ".pagination li:last-child a", max_tabs=120)
    assert focused(page)["text"] == "Page suivante"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator(".structure-list > li").count() == 3
    assert page.locator(".pagination [aria-current=page]").inner_text().strip().endswith("2")
    assert page.locator("#f-modalite-sous_traitance").is_checked()
