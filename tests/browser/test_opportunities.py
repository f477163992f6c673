"""The opportunity list, an opportunity and the e-mail alert in a real browser: axe audits
at desktop and mobile sizes, filters with the keyboard, and the double opt-in journey."""

import datetime

import pytest
from django.utils import timezone

from directory.factories import CommuneFactory, StructureFactory
from directory.models import Sector
from opportunities.factories import OpportunityIndexPageFactory, OpportunityPageFactory
from tests.browser.helpers import (
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_pages_accessible,
    axe_check,
    email_link,
    tab_until,
)
from tests.browser.site import build_portal_site


def _opportunities(home):
    index = OpportunityIndexPageFactory(parent=home, show_in_menus=True)
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")
    marseille = CommuneFactory(
        insee_code="13055",
        name="Marseille",
        slug="marseille-13055",
        latitude=43.2965,
        longitude=5.3698,
    )
    StructureFactory(legal_name="Net'Insertion", kind="EI", sectors=[cleaning])
    today = timezone.localdate()
    page = OpportunityPageFactory(
        parent=index,
        title="Nettoyage des écoles",
        slug="nettoyage-des-ecoles",
        place=marseille,
        cpv_codes="90919300-5",
        lots=[
            {
                "title": "Écoles du centre",
                "clauses": ["insertion"],
                "insertion_hours": 900,
                "sectors": [cleaning],
            },
            {"title": "Vitrerie", "clauses": ["reserve-siae"], "sectors": [cleaning]},
        ],
    )
    OpportunityPageFactory(
        parent=index,
        title="Entretien des parcs",
        nature="services",
        place=marseille,
        deadline=today + datetime.timedelta(days=45),
        lots=[{"title": "Parcs", "clauses": ["reserve-handicap"]}],
    )
    return index, page


@pytest.fixture(scope="module")
def build_shared_site():
    def build():
        site = build_portal_site()
        index, page = _opportunities(site.home)
        site.add("opportunites", index)
        site.add("opportunites filtrées", "/opportunites/?clause=insertion&nature=services")
        site.add("une opportunité", page)
        site.add("alerte", "/opportunites/alerte/?clause=insertion")
        return site

    return build


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_opportunity_pages_are_accessible(shared_page, shared_site):
    paths = shared_site.urls()
    assert_pages_accessible(
        shared_page,
        {
            name: paths[name]
            for name in ("opportunites", "opportunites filtrées", "une opportunité", "alerte")
        },
    )


def test_filters_work_with_the_keyboard(shared_page, shared_site):
    shared_page.goto(shared_site.urls()["opportunites"])
    tab_until(shared_page, "#f-reserve-handicap")
    shared_page.keyboard.press("Space")
    tab_until(shared_page, ".filter-actions button")
    shared_page.keyboard.press("Enter")
    shared_page.wait_for_url("**/opportunites/?*reserve=handicap*")
    assert shared_page.locator(".opportunity-card h3").all_inner_texts() == ["Entretien des parcs"]
    assert shared_page.locator("#f-reserve-handicap").is_checked()


def test_opportunity_page_points_to_the_directory(shared_page, shared_site):
    shared_page.goto(shared_site.urls()["une opportunité"])
    assert shared_page.get_by_role("heading", name="Ce que l'entreprise devra faire").count() == 2
    link = shared_page.get_by_role("link", name="Net'Insertion").first
    assert link.get_attribute("href").startswith("/annuaire/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_subscribes_to_an_alert_and_confirms_it(page, portal_site, browser_db):
    _opportunities(portal_site.home)
    page.goto("/opportunites/?clause=insertion")
    page.get_by_role("link", name="Créer une alerte pour cette recherche").click()
    assert page.get_by_role("link", name="Modifier la recherche dans la liste").is_visible()
    assert "clause=insertion" in page.url
    page.get_by_label("Votre adresse électronique").fill("entreprise@example.org")
    page.get_by_role("button", name="Créer l'alerte pour cette recherche").click()
    page.get_by_text("un courriel vient d'y être envoyé").wait_for()
    axe_check(page)
    page.goto(email_link(browser_db, to="entreprise@example.org", contains="/alertes/confirmer/"))
    assert page.get_by_role("heading", name="Votre alerte est activée").is_visible()
    axe_check(page)
    page.get_by_role("link", name="me désabonner de cette alerte").click()
    assert page.get_by_role("heading", name="Vous êtes désabonné").is_visible()
