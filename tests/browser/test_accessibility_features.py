"""axe-core (WCAG 2.1 A and AA), reflow at 320 px and keyboard checks on the feature pages
merged so far: directory search and a structure, the registration and self-service editing
pages (every step of the registration, its confirmation link, the edit-link request and the
edit form), news, an event, key figures, contact (blank and with its errors), the charter,
the form to join it, a co-funded convention and the site search results, at desktop and
mobile widths.

The feature engineers extend these checks with their journeys (see README.md)."""

import re

import pytest
from playwright.sync_api import expect

from commitments.factories import (
    CharterPageFactory,
    CharterSignatoryFactory,
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    JoinCharterPageFactory,
    LogoImageFactory,
)
from directory.application_factories import StructureApplicationFactory
from directory.edit_links import issue_edit_link, make_confirmation_token
from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from directory.models import Structure
from directory.siret import siret_from_number
from home.factories import (
    ContactPageFactory,
    EventPageFactory,
    KeyFiguresPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.browser.helpers import (
    MOBILE,
    NARROW,
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_focus_visible,
    assert_no_horizontal_scroll,
    assert_pages_accessible,
    axe_check,
    image_file,
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

    # Registration and self-service editing (the links of their e-mails, made here).
    site.add("inscription", "/annuaire/inscription/")
    site.add("inscription envoyée", "/annuaire/inscription/envoyee/")
    application = StructureApplicationFactory(unconfirmed=True)
    token = make_confirmation_token(application)
    site.add("confirmer l'adresse", f"/annuaire/inscription/confirmer/{token}/")
    site.add("mettre à jour ma fiche", "/annuaire/modifier/")
    site.add("lien de modification envoyé", "/annuaire/modifier/lien-envoye/")
    _link, token = issue_edit_link(structures[0], structures[0].contact_email)
    site.add("modifier ma fiche", f"/annuaire/modifier/{structures[0].siret}/{token}/")
    site.add("modifications envoyées", "/annuaire/modifier/merci/")

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
    "inscription",
    "inscription envoyée",
    "confirmer l'adresse",
    "mettre à jour ma fiche",
    "lien de modification envoyé",
    "modifier ma fiche",
    "modifications envoyées",
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
    pages = {name: paths[name] for name in FEATURE_PAGES}
    pages["lien de confirmation abîmé"] = ("/annuaire/inscription/confirmer/abime/", 400)
    assert_pages_accessible(shared_page, pages)


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


def _step(page, number, title):
    expect(page).to_have_title(re.compile(rf"^Étape {number} sur 8 : {re.escape(title)}"))
    axe_check(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("viewport", [MOBILE, NARROW], ids=["mobile", "320px"])
def test_every_registration_step_is_accessible(shared_page, shared_site, tmp_path):
    """Each step of the wizard, a step with its errors and the "already listed" answer, on a
    phone and at 320 px (journey 2 audits each step at desktop width). Nothing is sent."""
    page = shared_page
    page.goto("/annuaire/inscription/")
    _step(page, 1, "Numéro SIRET")
    listed = Structure.objects.get(legal_name="Les Jardins du Fleuve")
    page.get_by_label("Numéro SIRET de l'établissement").fill(listed.siret)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("heading", name="Cette structure est déjà dans l'annuaire").wait_for()
    axe_check(page)
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name="Ce n'est pas le bon numéro ? Recommencer l'inscription").click()
    page.get_by_label("Numéro SIRET de l'établissement").fill(siret_from_number(987_654_321_0001))
    page.get_by_role("button", name="Continuer").click()
    _step(page, 2, "Identité de la structure")
    page.get_by_role("button", name="Continuer").click()  # nothing filled in: errors
    expect(page.locator("#erreurs")).to_be_focused()  # the error summary, read out first
    expect(page.locator("#erreurs")).to_contain_text("Le formulaire contient 2 erreurs")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Raison sociale").fill("Régie de quartier du Port")
    page.get_by_label("Entreprise d'insertion (EI)").check()
    page.get_by_role("button", name="Continuer").click()
    _step(page, 3, "Secteurs d'activité")
    page.locator("summary", has_text="Propreté et nettoyage").click()
    page.get_by_label("Nettoyage de locaux").check()
    page.get_by_role("button", name="Continuer").click()
    _step(page, 4, "Adresse et périmètre d'intervention")
    page.get_by_label("Code postal").fill("13001")
    page.get_by_label("Commune").fill("Trois-Rivières")
    page.get_by_label("Rayon autour de l'adresse, en kilomètres").fill("30")
    page.get_by_role("button", name="Continuer").click()
    _step(page, 5, "Ce que propose la structure")
    page.get_by_label("Présentation de la structure").fill("Une régie de quartier.")
    page.get_by_label("Prestations proposées").fill("Nettoyage de locaux.")
    page.get_by_role("button", name="Continuer").click()
    _step(page, 6, "Contact")
    page.get_by_label("Nom et prénom de la personne à contacter").fill("Sam Roux")
    page.get_by_label("Adresse électronique", exact=True).fill("sam@regie-du-port.example")
    page.get_by_role("button", name="Continuer").click()
    _step(page, 7, "Logo")
    page.get_by_label("Logo (facultatif)").set_input_files(image_file(tmp_path, "logo.png"))
    page.get_by_role("button", name="Continuer").click()
    _step(page, 8, "Vérification et envoi")
