"""The EU emblem and statement are visible without scrolling on a phone (375×667) and on a
desktop (1280×800), with the computed styles the rules require, and the emblem is drawn at
least as high as every other logo, on a convention co-funded by the ESF+ and on a news item
about it, in a header and menu as full as they get."""

import pytest

from commitments.factories import (
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    LogoImageFactory,
)
from home.factories import ContentPageFactory
from portal.models import PartnerLogo, PortalSettings
from tests.browser.helpers import VIEWPORT_IDS, VIEWPORTS
from tests.browser.site import build_portal_site

PAGES = ("convention cofinancée", "actualité liée")


@pytest.fixture(scope="module")
def build_shared_site():
    def build():
        """The portal (operator logo, tagline, partner logos), a tall partner logo, five more
        menu entries, a co-funded convention whose parties' logos are tall or wide, and a
        news item related to it."""
        site = build_portal_site()
        PartnerLogo.objects.create(
            settings=PortalSettings.for_site(site.site),
            sort_order=9,
            name="Partenaire",
            logo=LogoImageFactory(file__width=100, file__height=400),
        )
        for title in ["Opportunités", "Annuaire des structures", "Acheteurs", "Actualités"]:
            ContentPageFactory(parent=site.home, title=title, show_in_menus=True)
        convention = ConventionPageFactory(
            parent=CommitmentsIndexPageFactory(parent=site.home, show_in_menus=True),
            cofunded=True,
            title="Convention État – Métropole",
        )
        for organisation, width, height in [("L'État", 300, 100), ("Grand logo", 64, 256)]:
            ConventionPartyFactory(
                page=convention,
                organisation=organisation,
                logo=LogoImageFactory(file__width=width, file__height=height),
            )
        site.add(PAGES[0], convention)
        site.add(
            PAGES[1],
            ContentPageFactory(
                parent=site.home,
                title="Clauses sociales : la facilitation cofinancée par le FSE+ dresse son "
                "bilan 2025",
                related_convention=convention,
            ),
        )
        return site

    return build


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_block_visible_without_scrolling(shared_page, shared_site, viewport):
    page = shared_page
    for name in PAGES:
        page.goto(shared_site.urls()[name])
        assert page.evaluate("window.scrollY") == 0
        emblem = page.locator(".eu-block__emblem")
        statement = page.locator(".eu-block__statement")
        for element in (emblem, statement):
            box = element.bounding_box()
            assert box is not None and box["height"] > 0, name
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (name, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (name, box)
        assert statement.inner_text() == "Cofinancé par l'Union européenne"
        styles = statement.evaluate(
            "e => { const s = getComputedStyle(e); return [s.fontFamily, s.color, s.fontStyle,"
            " s.textDecorationLine, s.visibility]; }"
        )
        font_family, colour, font_style, decoration, visibility = styles
        assert font_family.split(",")[0].strip().strip('"').lower() in {"arial", "verdana"}
        assert colour == "rgb(0, 51, 153)"
        assert font_style == "normal"
        assert decoration == "none"
        assert visibility == "visible"
        emblem_height = emblem.bounding_box()["height"]
        assert emblem_height == 64
        logo_heights = page.eval_on_selector_all(
            "img[class*='logo']", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert len(logo_heights) >= 2
        assert max(logo_heights) <= emblem_height, name
