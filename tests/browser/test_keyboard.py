"""Keyboard only (journey 5): skip links, main navigation and header search are reached with
Tab, show a visible focus, and work with Enter (on a phone the menu opens from its button and
Escape folds it again); the directory's search, facets, place and
radius, submission and pagination work with Tab, Space and Enter alone; a structure reaches
the registration from the footer and completes its eight steps with Tab, typing, Space, the
arrow keys and Enter (a wrong SIRET first: the error summary takes the focus and its link
leads to the field), the logo chosen through the file chooser that Space opens; on the last
step, Enter on a consent box sends the form rather than the summary's first "Modifier"."""

import re

import pytest
from playwright.sync_api import expect

from directory.factories import CommuneFactory, DirectoryPageFactory, StructureFactory
from directory.models import ApplicationStatus, Sector, StructureApplication
from tests.browser.helpers import (
    DESKTOP,
    MOBILE,
    VIEWPORT_IDS,
    VIEWPORTS,
    assert_focus_visible,
    assert_focused,
    assert_in_viewport,
    axe_check,
    focused,
    image_file,
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


def _open_folded_menu(page):
    """On a phone the menu is folded behind its button, which has the focus: open it."""
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_focused()
    assert_focus_visible(page)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#navigation a").first).to_be_hidden()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_menu_skip_link_leads_to_the_main_navigation(shared_page, shared_site, viewport):
    shared_page.goto("/")
    tab_until(shared_page, ".skip-links a[href='#navigation']", max_tabs=3)
    shared_page.keyboard.press("Enter")
    shared_page.keyboard.press("Tab")
    if viewport == MOBILE:
        _open_folded_menu(shared_page)
        shared_page.keyboard.press("Tab")
    assert_focused(shared_page, "#navigation a")
    assert_focus_visible(shared_page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_header_search_and_every_main_menu_link_get_a_visible_focus(
    shared_page, shared_site, viewport
):
    shared_page.goto("/")
    path = tab_until(shared_page, "#header-search-q")
    assert path[0].startswith("<a href=#contenu>")
    tab_until(shared_page, ".header-search button", max_tabs=1)
    if viewport == MOBILE:
        shared_page.keyboard.press("Tab")
        _open_folded_menu(shared_page)

    menu_links = shared_page.locator("#navigation a")
    labels = [text.strip() for text in menu_links.all_inner_texts()]
    assert labels == ["Accueil", "Guide des clauses sociales"]
    for label in labels:
        shared_page.keyboard.press("Tab")
        assert focused(shared_page)["text"] == label
        assert_focus_visible(shared_page)

    if viewport == MOBILE:  # Escape folds the menu again and gives the focus back to its button
        shared_page.keyboard.press("Escape")
        assert_focused(shared_page, ".main-nav__toggle[aria-expanded=false]")
        expect(menu_links.first).to_be_hidden()
    # Then the main content: the first entry point of the home shared_page.
    tab_until(shared_page, "main a", max_tabs=2)


def test_menu_is_folded_on_a_phone_and_open_without_javascript(browser, shared_server, shared_site):
    """A phone shows the menu's button, not its links, so that the page's start is in view;
    with JavaScript off the button is gone and the links are there."""
    for javascript, links_visible in [(True, False), (False, True)]:
        context = browser.new_context(
            base_url=str(shared_server.url), viewport=MOBILE, java_script_enabled=javascript
        )
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_visible(visible=not links_visible)
        expect(page.locator("#navigation a").first).to_be_visible(visible=links_visible)
        context.close()
    context = browser.new_context(base_url=str(shared_server.url), viewport=DESKTOP)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#navigation a").first).to_be_visible()
    context.close()


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


# --- The registration, keyboard only (on a fresh database: it writes) --------------------------

SIRET = "73282932000074"
WRONG_SIRET = "732 829 320 00075"  # the last digit does not match


def _submit_step(page, number, title, *, max_tabs=40):
    """Tab to "Continuer", press Enter, and audit the next step."""
    tab_until(page, "button[value=suivant]", max_tabs=max_tabs)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(rf"^Étape {number} sur 8 : {re.escape(title)}"))
    axe_check(page)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
def test_registration_with_the_keyboard_alone(page, portal_site, tmp_path):
    # Playwright turns file-chooser interception on when the page gets its first "filechooser"
    # listener, without waiting for the browser to apply it; a key pressed right after can
    # reach Chromium first and open a native dialog that never reports. Listening from the
    # start has interception in place long before Space is pressed on step 7.
    page.on("filechooser", lambda chooser: None)
    DirectoryPageFactory(parent=portal_site.home, title="Annuaire")
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")

    # From the footer's link, reached with Tab.
    page.goto("/")
    tab_until(page, "footer a[href='/annuaire/inscription/']", max_tabs=80)
    assert focused(page)["text"] == "Inscrire ma structure"
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Étape 1 sur 8 : Numéro SIRET"))
    axe_check(page)

    # Step 1: a wrong SIRET; the error summary takes the focus, its link leads to the field.
    tab_until(page, "#id_siret")
    page.keyboard.type(WRONG_SIRET)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Erreur : Étape 1 sur 8 : Numéro SIRET"))
    expect(page.locator("#erreurs")).to_be_focused()
    assert_focus_visible(page)
    axe_check(page)
    tab_until(page, "#erreurs a[href='#id_siret']", max_tabs=1)
    page.keyboard.press("Enter")
    assert_focused(page, "#id_siret")
    assert_focus_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(SIRET)
    page.keyboard.press("Enter")  # the form's first button: "Continuer"
    expect(page).to_have_title(re.compile(r"^Étape 2 sur 8 : Identité de la structure"))
    axe_check(page)

    # Step 2: names, then the type in its radio group (the arrows choose within the group).
    tab_until(page, "#id_legal_name")
    page.keyboard.type("Propreté Solidaire du Forez")
    tab_until(page, "#id_brand_name", max_tabs=1)
    page.keyboard.type("Forez Propreté")
    tab_until(page, "#id_kind_0", max_tabs=1)  # no type chosen yet: Tab stops on the first
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert_focused(page, "#id_kind_2")
    assert_focus_visible(page)
    expect(page.get_by_label("Entreprise d'insertion (EI)")).to_be_checked()
    _submit_step(page, 3, "Secteurs d'activité")

    # Step 3: the sectors of a group are in a closed disclosure: Enter opens it, Space ticks.
    group = page.locator("summary", has_text="Propreté et nettoyage")
    tab_until(page, ".sector-group:first-child > summary", max_tabs=40)
    expect(group).to_be_focused()
    page.keyboard.press("Enter")
    sector_box = f"#id_sectors_{cleaning.pk}"
    tab_until(page, sector_box, max_tabs=10)
    page.keyboard.press("Space")
    expect(page.locator(sector_box)).to_be_checked()
    # The closed groups are one stop each on the way to "Continuer", not their sectors.
    groups = page.locator("summary.sector-group__summary").count()
    assert groups < 30
    _submit_step(page, 4, "Adresse et périmètre d'intervention", max_tabs=groups + 10)

    # Step 4: the address; "regions or departments" chosen with the arrows, a region ticked.
    tab_until(page, "#id_address")
    page.keyboard.type("3 rue des Ateliers")
    tab_until(page, "#id_postcode", max_tabs=1)
    page.keyboard.type("42000")
    tab_until(page, "#id_city", max_tabs=1)
    page.keyboard.type("Saint-Étienne")
    tab_until(page, "input[name=perimeter_kind]:checked", max_tabs=1)  # "Autour de son adresse"
    page.keyboard.press("ArrowUp")
    expect(page.get_by_label("Des régions ou des départements")).to_be_checked()
    tab_until(page, "input[name=perimeter_regions][value='84']", max_tabs=20)
    page.keyboard.press("Space")
    tab_until(page, "#id_perimeter_departments", max_tabs=20)
    page.keyboard.type("42, 69")
    _submit_step(page, 5, "Ce que propose la structure")

    # Step 5: two texts, a way of working ticked, a headcount chosen with the arrows.
    tab_until(page, "#id_description")
    page.keyboard.type("Entreprise d'insertion qui nettoie bureaux et parties communes.")
    tab_until(page, "#id_services", max_tabs=1)
    page.keyboard.type("Nettoyage de locaux, vitrerie, remise en état après travaux.")
    tab_until(page, "#id_accepts_subcontracting", max_tabs=2)
    page.keyboard.press("Space")
    tab_until(page, "#id_insertion_headcount_band", max_tabs=3)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_insertion_headcount_band")).to_have_value("1-9")
    _submit_step(page, 6, "Contact")

    # Step 6: the contact, and what the public listing shows.
    tab_until(page, "#id_contact_name")
    page.keyboard.type("Alex Martin")
    tab_until(page, "#id_contact_email", max_tabs=1)
    page.keyboard.type("alex@forez-proprete.example")
    tab_until(page, "#id_show_contact_email", max_tabs=3)
    page.keyboard.press("Space")
    _submit_step(page, 7, "Logo")

    # Step 7: Space on the file input opens the file chooser, as it does for anyone.
    tab_until(page, "#id_logo")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(image_file(tmp_path, "logo.jpg"))
    _submit_step(page, 8, "Vérification et envoi")

    summary = page.get_by_role("region", name="Récapitulatif de votre demande")
    for text in ("Forez Propreté", "Nettoyage de locaux", "Auvergne-Rhône-Alpes"):
        expect(summary).to_contain_text(text)
    expect(summary).to_contain_text("Une image JPG est jointe.")
    # Step 8: one consent ticked with Space, then Enter on it sends the form (not the
    # summary's first "Modifier" button): the missing consent is reported, the summary's link
    # leads to it; Space ticks it, and Enter on "Envoyer la demande" sends the request.
    tab_until(page, "#id_consent_publication", max_tabs=30)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Erreur : Étape 8 sur 8 : Vérification et envoi"))
    expect(page.locator("#erreurs")).to_be_focused()
    axe_check(page)
    tab_until(page, "#erreurs a[href='#id_consent_privacy']", max_tabs=1)
    page.keyboard.press("Enter")
    assert_focused(page, "#id_consent_privacy")
    assert_focus_visible(page)
    expect(page.locator("#id_consent_publication")).to_be_checked()
    page.keyboard.press("Space")
    tab_until(page, "button[value=envoyer]", max_tabs=3)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/annuaire/inscription/envoyee/$"))
    page.get_by_role("heading", name="Demande enregistrée : confirmez votre adresse").wait_for()
    axe_check(page)

    application = StructureApplication.objects.get(siret=SIRET)
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert application.contact_email == "alex@forez-proprete.example"
    assert application.consented_at is not None
    assert application.logo_file
    data = application.data
    assert data["legal_name"] == "Propreté Solidaire du Forez"
    assert data["kind"] == "EI"
    assert data["sectors"] == [cleaning.pk]
    assert data["perimeter_kind"] == "territories"
    assert data["perimeter_regions"] == ["84"]
    assert data["perimeter_departments"] == ["42", "69"]
    assert data["accepts_subcontracting"] is True
    assert data["insertion_headcount_band"] == "1-9"
    assert data["show_contact_email"] is True
