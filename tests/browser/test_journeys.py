"""End-to-end journeys in a real browser, clicking and typing as people do.

Journey 1 (a company): from the home page to a reserved-SIAE opportunity through the main
menu and the "réservé SIAE" filter, then to a structure of the directory that can help.

Journey 2 (a structure, then a moderator): a structure registers through every step of the
wizard, logo included, confirms its address by the e-mailed link; a moderator approves it
from the admin's moderation queue; the directory's search then finds it and its page opens.

Journey 3 (a listed structure, then a moderator): the structure asks for an edit link,
changes its description, phone and sectors; the public page keeps the old listing until a
moderator approves, then shows the new one at once (the page cache is purged).

Journey 4 (a moderator): a convention co-funded by the ESF+ is refused at publication while
its operation is not described, with the rule named in French; once described it is
published, and its EU block is visible without scrolling on a phone and on a desktop.

Every page the structure sees is audited with axe-core. E-mails leave as soon as the request's
transaction commits (directory.emails.deliver): no queue to run, the test outbox has them."""

import re
from contextlib import contextmanager

from playwright.sync_api import expect

from commitments.factories import CommitmentsIndexPageFactory
from commitments.models import ConventionPage
from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from directory.models import Sector, Structure
from directory.siret import siret_from_number
from opportunities.factories import OpportunityIndexPageFactory, OpportunityPageFactory
from tests.browser.helpers import (
    DESKTOP,
    MOBILE,
    assert_in_viewport,
    axe_check,
    click_publish,
    email_link,
    image_file,
    log_into_admin,
    wait_for_email,
)

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


# --- Journey 2: a structure registers, confirms its address, is approved, is found ------------

SIRET = siret_from_number(512_345_678_0001)  # a valid SIRET no structure has


def _continue(page, step_number, title):
    """Click "Continuer" and wait for the next step of the wizard."""
    page.get_by_role("button", name="Continuer").click()
    expect(page).to_have_title(re.compile(rf"^Étape {step_number} sur 8 : {re.escape(title)}"))


def test_structure_registers_confirms_and_is_approved_then_found(
    page, portal_site, moderator, browser_db, tmp_path
):
    DirectoryPageFactory(parent=portal_site.home, title="Annuaire")
    CommuneFactory(
        insee_code="13005",
        name="Aubagne",
        slug="aubagne-13005",
        postcodes="13400",
        latitude=43.2927,
        longitude=5.5708,
    )

    # The applicant: from the footer to the wizard, every step audited.
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Inscrire ma structure").click()
    expect(page).to_have_title(re.compile(r"^Étape 1 sur 8 : Numéro SIRET"))
    axe_check(page)
    page.get_by_label("Numéro SIRET de l'établissement").fill(
        f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}"
    )
    _continue(page, 2, "Identité de la structure")
    axe_check(page)
    page.get_by_label("Raison sociale").fill("Jardins Solidaires de l'Huveaune")
    page.get_by_label("Enseigne ou nom d'usage (facultatif)").fill("Les Jardins de l'Huveaune")
    page.get_by_label("Atelier et chantier d'insertion (ACI)").check()
    _continue(page, 3, "Secteurs d'activité")
    axe_check(page)
    page.locator("summary", has_text="Espaces verts et nature").click()  # opens the group
    page.get_by_label("Entretien d'espaces verts").check()
    page.get_by_label("Débroussaillage").check()
    _continue(page, 4, "Adresse et périmètre d'intervention")
    axe_check(page)
    page.get_by_label("Adresse (facultatif)").fill("4 chemin des Berges")
    page.get_by_label("Code postal").fill("13400")
    page.get_by_label("Commune").fill("aubagne")
    page.get_by_label("Autour de son adresse").check()
    page.get_by_label("Rayon autour de l'adresse, en kilomètres").fill("25")
    _continue(page, 5, "Ce que propose la structure")
    axe_check(page)
    page.get_by_label("Présentation de la structure").fill(
        "Chantier d'insertion qui entretient les berges et les jardins de la vallée."
    )
    page.get_by_label("Prestations proposées").fill("Débroussaillage, tonte, taille de haies.")
    page.get_by_label("Sous-traitance").check()
    _continue(page, 6, "Contact")
    axe_check(page)
    page.get_by_label("Nom et prénom de la personne à contacter").fill("Inès Garcia")
    page.get_by_label("Adresse électronique", exact=True).fill("contact@jardins-huveaune.example")
    page.get_by_label("Téléphone (facultatif)").fill("04 42 00 00 01")
    page.get_by_label("Afficher le téléphone sur la fiche publique").check()
    _continue(page, 7, "Logo")
    axe_check(page)
    page.get_by_label("Logo (facultatif)").set_input_files(image_file(tmp_path, "logo.png"))
    _continue(page, 8, "Vérification et envoi")
    axe_check(page)
    summary = page.get_by_role("region", name="Récapitulatif de votre demande")
    expect(summary).to_contain_text("Les Jardins de l'Huveaune")
    expect(summary).to_contain_text("Aubagne")
    expect(summary).to_contain_text("Une image PNG est jointe.")
    page.get_by_label("J'accepte que la fiche soit publiée").check()
    page.get_by_label("J'ai lu la notice sur les données personnelles").check()
    page.get_by_role("button", name="Envoyer la demande").click()
    page.get_by_role("heading", name="Demande enregistrée : confirmez votre adresse").wait_for()
    axe_check(page)

    # The link of the confirmation e-mail.
    page.goto(email_link(browser_db, to="contact@jardins-huveaune.example", contains="/confirmer/"))
    axe_check(page)
    page.get_by_role("button", name="Confirmer mon adresse et transmettre la demande").click()
    expect(page.get_by_role("status")).to_contain_text(
        "La demande pour « Les Jardins de l'Huveaune » est transmise à notre équipe."
    )
    axe_check(page)
    assert not Structure.objects.filter(siret=SIRET).exists()  # nothing public yet
    wait_for_email(subject_contains="nouvelle demande à modérer — Les Jardins de l'Huveaune")

    # The moderator: from the admin menu to the queue, then to the application.
    log_into_admin(page, moderator.username, moderator.password)
    sidebar = page.get_by_role("navigation", name="Menu principal")
    sidebar.get_by_role("button", name="Modération de l'annuaire").click()
    sidebar.get_by_role("link", name="Demandes").click()
    page.wait_for_url(re.compile(r"/admin/annuaire/demandes/$"))
    row = page.get_by_role("row").filter(has_text="Les Jardins de l'Huveaune")
    expect(row).to_contain_text("À modérer")
    row.get_by_role("link", name="Les Jardins de l'Huveaune").click()
    expect(page.get_by_role("heading", name="Examiner la demande")).to_be_visible()
    expect(page.get_by_role("table", name="Informations proposées")).to_contain_text(
        "Chantier d'insertion qui entretient"
    )
    page.get_by_role("button", name="Approuver et publier").click()
    expect(
        page.get_by_text("Demande approuvée : la fiche « Les Jardins de l'Huveaune »")
    ).to_be_visible()
    approved = wait_for_email(
        to="contact@jardins-huveaune.example", subject_contains="est publiée dans l'annuaire"
    )

    # Anyone: the directory's search finds it, and its page opens.
    page.goto("/annuaire/")
    search = page.get_by_role("group", name="Rechercher une structure")
    search.get_by_label("Nom, activité, commune ou SIRET").fill("Jardins de l'Huveaune")
    search.get_by_role("button", name="Rechercher").click()
    results = page.get_by_role("region", name=re.compile("structure trouvée"))
    expect(results).to_contain_text("1 structure trouvée")
    results.get_by_role("link", name="Les Jardins de l'Huveaune").click()
    page.get_by_role("heading", name="Les Jardins de l'Huveaune", level=1).wait_for()
    axe_check(page)
    structure = Structure.objects.get(siret=SIRET)
    assert page.url.endswith(structure.get_absolute_url())
    assert structure.get_absolute_url() in approved.body
    expect(page.get_by_text("Raison sociale : Jardins Solidaires de l'Huveaune")).to_be_visible()
    expect(page.get_by_role("link", name="04 42 00 00 01")).to_be_visible()
    logo = page.locator("img.structure__logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")


# --- Journey 3: a listed structure changes its listing through an e-mailed link ---------------

OLD_DESCRIPTION = "Atelier de réparation de vélos qui emploie des personnes en insertion."
NEW_DESCRIPTION = "Atelier vélo et logistique urbaine à vélo-cargo, en insertion."


@contextmanager
def _visitor(browser, base_url):
    """Other people's browsers, anonymous: what the page cache serves to the public. Each
    visit reaches the server, as a new visitor's would (routing switches Chromium's own HTTP
    cache off; the portal lets browsers keep a page for a minute)."""
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    context.route("**/*", lambda route: route.continue_())
    try:
        yield context.new_page()
    finally:
        context.close()


def test_structure_changes_its_listing_which_shows_once_approved(
    page, portal_site, moderator, browser_db, browser, settings
):
    settings.WAGTAIL_CACHE = True  # the public page is served from the page cache
    DirectoryPageFactory(parent=portal_site.home, title="Annuaire")
    cycling = Sector.objects.get(slug="reparation-de-velos")
    structure = StructureFactory(
        legal_name="Roue Libre Insertion",
        kind="ACI",
        description=OLD_DESCRIPTION,
        sectors=[cycling],
        contact_email="contact@roue-libre.example",
        contact_phone="04 77 00 00 01",
        show_contact_phone=True,
    )
    public_url = structure.get_absolute_url()

    with _visitor(browser, str(browser_db.url)) as visitor:
        first = visitor.goto(public_url)
        assert visitor.goto(public_url).headers.get("x-wagtail-cache") == "hit"
        assert first.headers.get("x-wagtail-cache") == "miss"

        # The structure: from its page to the edit-link form, by the footer link.
        page.goto(public_url)
        page.get_by_role("contentinfo").get_by_role("link", name="Mettre à jour ma fiche").click()
        page.get_by_role("heading", name="Mettre à jour la fiche de ma structure").wait_for()
        axe_check(page)
        page.get_by_label("Numéro SIRET de l'établissement").fill(structure.siret)
        page.get_by_role("button", name="Recevoir le lien de modification").click()
        page.wait_for_url(re.compile(r"/annuaire/modifier/lien-envoye/$"))
        axe_check(page)

        page.goto(email_link(browser_db, to="contact@roue-libre.example", contains="/modifier/"))
        page.get_by_role("heading", name="Modifier la fiche de Roue Libre Insertion").wait_for()
        axe_check(page)
        description = page.get_by_label("Présentation de la structure")
        expect(description).to_have_value(OLD_DESCRIPTION)
        description.fill(NEW_DESCRIPTION)
        page.get_by_label("Téléphone (facultatif)").fill("04 77 12 34 56")
        page.locator("summary", has_text="Logistique et transport").click()
        page.get_by_label("Livraison du dernier kilomètre").check()
        page.get_by_label("J'accepte que la fiche soit publiée").check()
        page.get_by_label("J'ai lu la notice sur les données personnelles").check()
        page.get_by_role("button", name="Envoyer mes modifications").click()
        page.get_by_role("heading", name="Modifications envoyées").wait_for()
        axe_check(page)

        # Until a moderator approves, the public page stays as it was.
        visitor.goto(public_url)
        expect(visitor.get_by_text(OLD_DESCRIPTION)).to_be_visible()
        expect(visitor.get_by_text(NEW_DESCRIPTION)).to_have_count(0)
        structure.refresh_from_db()
        assert structure.description == OLD_DESCRIPTION

        log_into_admin(page, moderator.username, moderator.password)
        sidebar = page.get_by_role("navigation", name="Menu principal")
        sidebar.get_by_role("button", name="Modération de l'annuaire").click()
        sidebar.get_by_role("link", name="Demandes").click()
        row = page.get_by_role("row").filter(has_text="Roue Libre Insertion")
        expect(row).to_contain_text("Modification d'une fiche")
        row.get_by_role("link", name="Roue Libre Insertion").click()
        changes = page.get_by_role("table", name="Différences champ par champ")
        expect(changes).to_contain_text(OLD_DESCRIPTION)
        expect(changes).to_contain_text(NEW_DESCRIPTION)
        expect(changes).to_contain_text("04 77 12 34 56")
        page.get_by_role("button", name="Approuver et publier").click()
        expect(
            page.get_by_text("Demande approuvée : la fiche « Roue Libre Insertion »")
        ).to_be_visible()

        # The page cache was purged: the public sees the new listing at once.
        response = visitor.goto(public_url)
        assert response.headers.get("x-wagtail-cache") == "miss"
        expect(visitor.get_by_text(NEW_DESCRIPTION)).to_be_visible()
        expect(visitor.get_by_text(OLD_DESCRIPTION)).to_have_count(0)
        expect(visitor.get_by_role("link", name="04 77 12 34 56")).to_be_visible()
        expect(visitor.get_by_role("link", name="Livraison du dernier kilomètre")).to_be_visible()


# --- Journey 4: a co-funded convention is published once its operation is described ------


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
    click_publish(page)

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
    click_publish(page)
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
