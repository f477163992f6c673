"""axe-core (WCAG 2.1 A and AA) reports no violation on the site-wide pages, on a page that
uses every block of the shared library and on the 404 page, at desktop and mobile widths.

Feature pages get their own checks in their journey modules (see README.md)."""

import pytest

from portal.blocks import BaseStreamBlock
from tests.browser.helpers import (
    NARROW,
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_no_horizontal_scroll,
    assert_pages_accessible,
)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_site_pages_have_no_accessibility_violation(shared_page, shared_site):
    paths = shared_site.urls()
    assert {"accueil", "accessibilite", "mentions-legales", "donnees-personnelles"} <= set(paths)
    assert {"gestion-des-cookies", "plan-du-site", "guide"} <= set(paths)
    paths["page introuvable"] = ("/cette-page-n-existe-pas/", 404)
    assert_pages_accessible(shared_page, paths)


@pytest.mark.parametrize("viewport", [NARROW], ids=["320px"])
def test_site_pages_reflow_at_320_pixels(shared_page, shared_site):
    paths = shared_site.urls()
    paths["page introuvable"] = "/cette-page-n-existe-pas/"
    for path in paths.values():
        shared_page.goto(path)
        assert_no_horizontal_scroll(shared_page)


def test_guide_shows_every_block_of_the_shared_library(shared_page, shared_site):
    """The guide audited above really shows each block of BaseStreamBlock, images included."""
    used = {block.block_type for block in shared_site.guide.body}
    assert used == set(BaseStreamBlock.base_blocks)

    shared_page.goto(shared_site.urls()["guide"])
    for selector in [
        "h2.block-heading",
        ".block-paragraph li",
        ".block-image img[alt]",
        ".block-image figcaption",
        ".block-quote blockquote",
        ".block-table table caption",
        ".block-table tbody th[scope=row]",
        ".block-accordion details summary",
        ".block-documents a[download]",
        ".block-cta a.button",
    ]:
        assert shared_page.locator(selector).first.is_visible(), selector
    images = shared_page.locator("header img, main img, footer img")
    assert images.count() == 4  # operator logo, photo, two partner logos
    for img in images.all():
        assert img.evaluate("el => el.complete && el.naturalWidth > 0"), img.get_attribute("src")


def test_404_page_is_the_portal_page(shared_page, shared_site):
    response = shared_page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    assert shared_page.locator("h1").inner_text() == "Page introuvable"
    assert shared_page.title().startswith("Page introuvable — ")
    assert shared_page.get_by_role("link", name="Revenir à l'accueil").is_visible()
