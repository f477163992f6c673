"""Keyboard journey on the contact form (journey 5): the error summary takes the focus and
its links lead to the fields; the message is then sent. On a fresh database: it writes."""

from wagtail.contrib.forms.models import FormSubmission

from home.factories import ContactPageFactory
from tests.browser.helpers import assert_focus_visible, assert_focused, axe_check, tab_until


def test_contact_errors_are_announced_and_reached_with_the_keyboard(page, portal_site):
    contact = ContactPageFactory(parent=portal_site.home)
    page.goto(contact.url)
    # Straight to the submit button, nothing filled in.
    tab_until(page, "form.contact-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("Erreur : ")
    assert_focused(page, "[data-error-summary]")
    axe_check(page)
    # The summary's links lead to the fields.
    page.keyboard.press("Tab")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert_focused(page, "#id_nom")
    assert page.locator("#id_nom").get_attribute("aria-invalid") == "true"
    # Filled in with the keyboard, the message is sent.
    page.keyboard.type("Camille Martin")
    page.get_by_label("Adresse électronique").fill("camille@example.fr")
    page.get_by_label("Message").fill("Pouvez-vous relire notre clause d'insertion ?")
    tab_until(page, "#id_consentement")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.get_by_role("button", name="Envoyer le message").click()
    assert "Merci, votre message a bien été envoyé" in page.locator("main").inner_text()
    axe_check(page)
    assert FormSubmission.objects.filter(page=contact).count() == 1
