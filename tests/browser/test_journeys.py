"""End-to-end journeys in a real browser, clicking and typing as people do.

Journey 1 (a company): from the home page to a reserved-SIAE opportunity through the main
menu and the "réservé SIAE" filter, then to a structure of the directory that can help.

Journey 4 (a moderator): a convention co-funded by the ESF+ is refused at publication while
its operation is not described, with the rule named in French; once described it is
published, and its EU block is visible without scrolling on a phone and on a desktop."""

import re

from playwright.sync_api import expect

from commitments.factories import CommitmentsIndexPageFactory
from commitments.models import ConventionPage
from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from directory.models import Sector
from opportunities.factories import OpportunityIndexPageFactory, OpportunityPageFactory
from tests.browser.helpers import DESKTOP, MOBILE, assert_in_viewport, log_into_admin

DESCRIPTION_RULE = "Règle « description de l'opération »"


def test_company_finds_a_reserved_opportunity_and_a_structure_that_can_help(page, portal_site):
    home = portal_site.home
    DirectoryPageFactory(parent=home)
    index = OpportunityIndexPageFactory(parent=home, title="Opportunités", show_in_menus=True)
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")
    marseille = CommuneFactory(
        insee_code="13055",
        name="Marseille",
        slug="marseille-13055",
        latitude=43.2965,
        longitude=5.3698,
    )
    structure = StructureFactory(legal_name="Net'Insertion Provence", kind="EI", sectors=[cleaning])
    OpportunityPageFactory(
        parent=index,
        title="Nettoyage des écoles",
        place=marseille,
        lots=[{"title": "Vitrerie", "clauses": ["reserve-siae"], "sectors": [cleaning]}],
    )
    OpportunityPageFactory(
        parent=index,
        title="Entretien des parcs",
        place=marseille,
        lots=[{"title": "Parcs", "clauses": ["insertion"], "insertion_hours": 500}],
    )

    page.goto("/")
    page.locator("nav").get_by_role("link", name="Opportunités").first.click()
    page.wait_for_url(re.compile(r"/opportunites/$"))
    titles = page.locator(".opportunity-card h3")
    assert sorted(titles.all_inner_texts()) == ["Entretien des parcs", "Nettoyage des écoles"]

    page.locator("#f-reserve-siae").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url(re.compile(r"reserve=siae"))
    assert titles.all_inner_texts() == ["Nettoyage des écoles"]
    assert page.locator("#f-reserve-siae").is_checked()

    page.get_by_role("link", name="Nettoyage des écoles").first.click()
    page.get_by_role("heading", name="Nettoyage des écoles", level=1).wait_for()
    helpers = page.get_by_role("list", name="Structures qui peuvent vous aider")
    helpers.get_by_role("link", name="Net'Insertion Provence").click()

    structure.refresh_from_db()
    page.wait_for_url(re.compile(rf"/annuaire/{re.escape(structure.slug)}/$"))
    assert page.get_by_role("heading", name="Net'Insertion Provence", level=1).is_visible()


def _publish(page):
    """Open the footer's action menu and click "Publier"."""
    publish = page.locator("button[name=action-publish]")
    if not publish.is_visible():
        footer = page.get_by_role("navigation", name="Actions (pied de page)")
        footer.get_by_role("button", name="Plus d'actions").click()
    publish.click()


def test_moderator_publishes_a_cofunded_convention_once_the_operation_is_described(
    page, portal_site, moderator
):
    # Wagtail's autosave stays on: it saves the refused add form as a draft within a second;
    # a "Publier" clicked meanwhile waits for it (static/js/admin-autosave-guard.js) and
    # publishes that draft instead of colliding with its slug.
    index = CommitmentsIndexPageFactory(parent=portal_site.home)
    log_into_admin(page, moderator.username, moderator.password)

    page.goto(f"/admin/pages/add/commitments/conventionpage/{index.pk}/")
    page.locator("#id_title").fill("Convention FSE+ de facilitation")
    editor = page.locator("[data-contentpath=object] [contenteditable=true]")
    editor.click()
    page.keyboard.type("Développer les clauses sociales sur le territoire.")
    expect(editor).to_contain_text("Développer les clauses sociales")
    # Draftail copies its content to the form's hidden field: wait for it before submitting.
    expect(page.locator("input[name=object]")).to_have_value(re.compile("Développer"))
    page.locator("#id_start_date").fill("2026-01-01")
    page.locator("#id_funding_programme").select_option(label="FSE+ — programmation 2021–2027")
    page.locator("#id_eu_operation_objectives").fill("Accompagner 300 personnes vers l'emploi.")
    page.locator("#id_eu_operation_results").fill("120 000 heures d'insertion en 2026.")
    _publish(page)

    page.get_by_text(DESCRIPTION_RULE).first.wait_for()
    # Only the EU rule stops the publication: every other field was accepted.
    assert page.locator(".w-field--error").count() == 0
    # Nothing typed is lost: the refused form comes back filled in.
    expect(page.locator("[data-contentpath=object] [contenteditable=true]")).to_contain_text(
        "Développer les clauses sociales"
    )
    # Refused: no convention is live.
    assert not ConventionPage.objects.filter(live=True).exists()

    page.locator("#id_eu_operation_description").fill(
        "La mission de facilitation des clauses sociales, pour les demandeurs d'emploi."
    )
    _publish(page)
    page.wait_for_url(re.compile(rf"/admin/pages/{index.pk}/$"))
    # One convention, published: no leftover draft from the autosave.
    convention = ConventionPage.objects.get()
    assert convention.title == "Convention FSE+ de facilitation"
    assert convention.live

    for size in (MOBILE, DESKTOP):
        page.set_viewport_size(size)
        page.goto(convention.url)
        assert page.evaluate("window.scrollY") == 0
        assert_in_viewport(page, ".eu-block__emblem")
        assert_in_viewport(page, ".eu-block__statement")
        assert page.locator(".eu-block__statement").inner_text() == (
            "Cofinancé par l'Union européenne"
        )
