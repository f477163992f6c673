"""The registration in a real browser: keyboard only, focus on errors, axe-core on every step."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(live_server, site):
    if not AXE.exists() or not CHROMIUM:
        pytest.skip("axe-core (make browser-deps) ou Chromium absent")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        yield context.new_page()
        browser.close()


def violations(page):
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})).violations.map(v => v.id)"
    )


def active_element_id(page):
    return page.evaluate("() => document.activeElement.id")


def submit(page, selector):
    with page.expect_navigation():
        page.click(selector) if selector != "Enter" else page.keyboard.press("Enter")


def test_registration_by_keyboard_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/annuaire/inscription/")
    assert violations(page) == []
    page.focus("#id_siret")
    page.keyboard.type("732 829 320 00075")
    submit(page, "Enter")
    assert page.title().startswith("Erreur : Étape 1 sur 8")
    # The error summary takes the focus; its link leads to the field.
    assert active_element_id(page) == "erreurs"
    assert violations(page) == []
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active_element_id(page) == "id_siret"
    page.keyboard.press("Control+A")
    page.keyboard.type("73282932000074")
    submit(page, "Enter")

    page.fill("#id_legal_name", "Atelier Vélo Solidaire")
    page.check("#id_kind_0")
    submit(page, "button[value=suivant]")
    page.locator("input[name=sectors]").first.check()
    assert violations(page) == []
    submit(page, "button[value=suivant]")
    page.fill("#id_postcode", "42000")
    page.fill("#id_city", "Saint-Étienne")
    page.fill("#id_perimeter_radius_km", "40")
    submit(page, "button[value=suivant]")
    page.fill("#id_description", "Atelier de réparation de vélos en insertion.")
    page.fill("#id_services", "Réparation et entretien de flottes de vélos.")
    submit(page, "button[value=suivant]")
    page.fill("#id_contact_name", "Alex Martin")
    page.fill("#id_contact_email", "alex@velo-solidaire.example.org")
    submit(page, "button[value=suivant]")
    buffer = io.BytesIO()
    Image.new("RGB", (200, 80), (200, 40, 40)).save(buffer, "JPEG")
    page.set_input_files(
        "#id_logo",
        files=[{"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}],
    )
    submit(page, "button[value=suivant]")
    assert page.title().startswith("Étape 8 sur 8")
    assert violations(page) == []
    page.check("#id_consent_publication")
    page.check("#id_consent_privacy")
    submit(page, "button[value=envoyer]")
    assert page.url.endswith("/annuaire/inscription/envoyee/")
    assert violations(page) == []
