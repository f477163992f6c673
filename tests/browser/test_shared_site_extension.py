"""A module adds its own pages to the shared site by redefining ``build_shared_site``."""

import pytest

from home.factories import ContentPageFactory
from tests.browser.site import build_portal_site


@pytest.fixture(scope="module")
def build_shared_site():
    def build():
        site = build_portal_site()
        news = site.add(
            "actualites",
            ContentPageFactory(
                parent=site.home, title="Actualités", slug="actualites", show_in_menus=True
            ),
        )
        site.add("une actualité", ContentPageFactory(parent=news, title="Forum de l'inclusion"))
        site.add("flux", "/sitemap.xml")
        return site

    return build


def test_module_pages_are_served_and_listed(shared_page, shared_site):
    paths = shared_site.urls()
    assert paths["actualites"] == "/actualites/"
    assert paths["flux"] == "/sitemap.xml"
    assert shared_page.goto(paths["une actualité"]).status == 200
    assert shared_page.locator("h1").inner_text() == "Forum de l'inclusion"
    menu = shared_page.locator("#navigation").inner_text()
    assert "Actualités" in menu
    # Non-HTML resources: fetched without rendering (Chromium's XML viewer uses inline styles,
    # which the portal's CSP rightly blocks and the page fixture would report).
    response = shared_page.request.get(paths["flux"])
    assert response.status == 200
    assert "/actualites/" in response.text()
