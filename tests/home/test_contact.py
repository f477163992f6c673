"""Contact page: form builder fields, required consent, storage, staff email, anti-spam,
rate limit and accessible error messages."""

from unittest import mock

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.contrib.forms.models import FormSubmission

from home.factories import ContactFormFieldFactory, ContactPageFactory
from home.models import ContactPage, HomePage
from portal.antispam import make_timestamp_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(home_page):
    return ContactPageFactory(parent=home_page, to_address="facilitateurs@example.org")


def _data(**overrides):
    data = {
        "nom": "Camille Martin",
        "courriel": "camille.martin@example.fr",
        "organisation": "Ville de Port-Brune",
        "message": "Nous préparons un marché de nettoyage : pouvez-vous nous aider ?",
        "consentement": "on",
        "horodatage": make_timestamp_token(),
        "site_web": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_page_type_rules(home_page, contact):
    assert set(ContactPage.allowed_parent_page_models()) == {HomePage}
    assert ContactPage.allowed_subpage_models() == []
    assert not ContactPage.can_create_at(home_page)


def test_form_renders_accessibly(client, contact):
    html = client.get("/contact/").content.decode()
    assert (
        '<label for="id_nom">Nom et prénom <span class="required-mark" aria-hidden="true">*</span>'
        in html
    )
    assert '<span class="visually-hidden"> (obligatoire)</span>' in html
    assert 'id="id_courriel_helptext"' in html
    assert 'aria-describedby="id_courriel_helptext"' in html
    # Anti-spam fields are present and hidden.
    assert 'name="site_web"' in html and 'name="horodatage"' in html
    assert "novalidate" in html
    assert "data-error-summary" not in html


def test_valid_message_is_stored_and_emailed(client, contact):
    response = client.post("/contact/", _data())
    assert response.status_code == 200
    assert "Merci, votre message a bien été envoyé" in response.content.decode()
    submission = FormSubmission.objects.get(page=contact)
    data = submission.get_data()
    assert data["nom"] == "Camille Martin"
    assert data["consentement"] is True
    assert "site_web" not in data and "horodatage" not in data
    (email,) = mail.outbox
    assert email.to == ["equipe@example.org", "facilitateurs@example.org"]
    assert email.reply_to == ["camille.martin@example.fr"]
    assert email.subject == "Nouveau message depuis le portail"
    assert "Nous préparons un marché de nettoyage" in email.body
    assert "Organisation :\nVille de Port-Brune" in email.body
    assert f"/admin/forms/submissions/{contact.pk}/" in email.body


@override_settings(PORTAL_STAFF_EMAILS=["Equipe@example.org", "dev@example.org"])
def test_recipients_are_deduplicated(client, home_page):
    ContactPageFactory(parent=home_page, to_address="equipe@example.org, autre@example.org")
    client.post("/contact/", _data())
    assert mail.outbox[0].to == ["Equipe@example.org", "dev@example.org", "autre@example.org"]


def test_missing_consent_is_refused_with_a_linked_error(client, contact):
    response = client.post("/contact/", _data(consentement=None, message=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert not FormSubmission.objects.exists()
    assert not mail.outbox
    assert "<title>Erreur : " in html
    assert "data-error-summary" in html
    assert "Le formulaire contient 2 erreurs" in html
    assert 'href="#id_consentement"' in html
    assert 'id="id_consentement_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_consentement_helptext id_consentement_error"' in html
    # What was typed is kept.
    assert "Camille Martin" in html
    assert 'src="/static/js/error-summary.js"' in html


def test_consent_stays_required_even_if_editors_untick_it(client, contact):
    contact.form_fields.filter(clean_name="consentement").update(required=False)
    client.post("/contact/", _data(consentement=None))
    assert not FormSubmission.objects.exists()


def test_consent_is_added_back_when_editors_remove_it(client, contact):
    contact.form_fields.filter(clean_name="consentement").delete()
    html = client.get("/contact/").content.decode()
    assert "J&#x27;accepte que les informations saisies soient utilisées" in html
    client.post("/contact/", _data(consentement=None))
    assert not FormSubmission.objects.exists()
    client.post("/contact/", _data())
    assert FormSubmission.objects.count() == 1
    assert ("consentement", mock.ANY) in contact.get_data_fields()


def test_extra_editor_fields_are_stored(client, contact):
    ContactFormFieldFactory(page=contact, label="Commune", field_type="singleline")
    client.post("/contact/", _data(commune="Port-Brune"))
    assert FormSubmission.objects.get().get_data()["commune"] == "Port-Brune"


def test_honeypot_pretends_success_and_stores_nothing(client, contact):
    response = client.post("/contact/", _data(site_web="http://spam.example"))
    assert response.status_code == 200
    assert "Merci" in response.content.decode()
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


@override_settings(PORTAL_FORM_MIN_FILL_SECONDS=5)
def test_too_fast_submission_is_spam(client, contact):
    client.post("/contact/", _data())
    assert not FormSubmission.objects.exists()


def test_forged_timestamp_is_spam(client, contact):
    client.post("/contact/", _data(horodatage="forged"))
    assert not FormSubmission.objects.exists()


# A day-long window: the requests almost never straddle two rate-limit windows.
@override_settings(PORTAL_RATE_LIMITS={"contact": "2/d", "default": "10/m"})
def test_rate_limit_keeps_the_message_and_answers_429(client, contact):
    for _attempt in range(2):
        client.post("/contact/", _data())
    response = client.post("/contact/", _data(message="Troisième message, à garder"))
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Vous avez envoyé beaucoup de messages" in html
    assert "Troisième message, à garder" in html
    assert FormSubmission.objects.count() == 2


def test_email_failure_keeps_the_submission(client, contact, caplog):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")):
        response = client.post("/contact/", _data())
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1
    assert "stored but not emailed" in caplog.text


def test_submissions_are_listed_in_the_admin(admin_client, contact):
    FormSubmission.objects.create(page=contact, form_data={"nom": "Camille", "message": "Bonjour"})
    response = admin_client.get(f"/admin/forms/submissions/{contact.pk}/")
    assert response.status_code == 200
    assert "Camille" in response.content.decode()


def test_thank_you_text_is_editable(client, contact):
    contact.thank_you_text = "<p>Un facilitateur vous répond sous 48 heures.</p>"
    contact.save()
    html = client.post("/contact/", _data()).content.decode()
    assert "Un facilitateur vous répond sous 48 heures." in html


def test_contact_page_is_never_cached(client, contact):
    assert "no-store" in client.get("/contact/")["Cache-Control"]
    assert "no-store" in client.post("/contact/", _data())["Cache-Control"]
