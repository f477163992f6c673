"""Keyboard only (journey 5, site-wide part): skip links, main navigation and header search
are reached with Tab, show a visible focus, and work with Enter.

The registration form and the directory filters add their keyboard journeys with the same
helpers (tab_until, assert_focus_visible, assert_focused)."""

import re

import pytest

from tests.browser.helpers import (
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_focus_visible,
    assert_focused,
    assert_in_viewport,
    focused,
    tab_until,
)


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
