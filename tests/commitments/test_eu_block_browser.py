"""In a real browser: the EU emblem and statement are visible without scrolling on a phone
(375×667) and on a desktop (1280×800), with the computed styles the rules require, and the
emblem is drawn at least as high as every other logo."""

import shutil

import pytest

from commitments.factories import ConventionPartyFactory, LogoImageFactory
from home.factories import ContentPageFactory
from portal.models import PartnerLogo, PortalSettings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORTS = [(375, 667), (1280, 800)]


@pytest.fixture
def browser(monkeypatch):
    if CHROMIUM is None:
        pytest.skip("Chromium introuvable")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # fixtures are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def crowded_site(home_page, site, cofunded_convention):
    """A site whose header and menu are as full as they get: operator logo, tagline, six
    menu entries, footer partner logos."""
    portal = PortalSettings.for_site(site)
    portal.tagline = "Clauses sociales et achats responsables en Trois-Rivières"
    portal.operator_name = "Métropole des Trois-Rivières"
    portal.operator_logo = LogoImageFactory(file__width=160, file__height=160)
    portal.save()
    PartnerLogo.objects.create(
        settings=portal, name="Partenaire", logo=LogoImageFactory(file__width=100, file__height=400)
    )
    for title in ["Opportunités", "Annuaire des structures", "Acheteurs", "Actualités", "Contact"]:
        ContentPageFactory(parent=home_page, title=title, show_in_menus=True)
    ConventionPartyFactory(
        page=cofunded_convention,
        organisation="Grand logo",
        logo=LogoImageFactory(file__width=64, file__height=256),
    )
    news = ContentPageFactory(
        parent=home_page,
        title="Clauses sociales : la facilitation cofinancée par le FSE+ dresse son bilan 2025",
        related_convention=cofunded_convention,
    )
    return [cofunded_convention, news]


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_block_visible_without_scrolling(browser, live_server, crowded_site, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    for target in crowded_site:
        page.goto(live_server.url + target.url)
        assert page.evaluate("window.scrollY") == 0
        emblem = page.locator(".eu-block__emblem")
        statement = page.locator(".eu-block__statement")
        for element in (emblem, statement):
            box = element.bounding_box()
            assert box is not None and box["height"] > 0
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (target.url, width, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
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
        assert max(logo_heights) <= emblem_height
    page.close()
