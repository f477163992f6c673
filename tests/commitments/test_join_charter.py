"""The form to ask to sign the charter: stored submissions, staff notified, anti-spam."""

import time
from unittest import mock

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from commitments.factories import JoinCharterFormFieldFactory, JoinCharterPageFactory
from commitments.join_form import (
    HONEYPOT_FIELD,
    STARTED_AT_FIELD,
    honeypot_error,
    make_started_at_token,
    min_fill_time_error,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def join_page(index_page):
    page = JoinCharterPageFactory(parent=index_page, to_address="facilitation@example.org")
    JoinCharterFormFieldFactory(page=page, label="Organisation", field_type="singleline")
    JoinCharterFormFieldFactory(page=page, label="Adresse électronique", field_type="email")
    JoinCharterFormFieldFactory(
        page=page,
        label="Rôle souhaité",
        field_type="radio",
        choices="Signataire\nPartenaire",
    )
    return page


def answers(**extra):
    data = {
        "organisation": "Ville de Rivebelle",
        "adresse_electronique": "achats@rivebelle.example.org",
        "role_souhaite": "Signataire",
        STARTED_AT_FIELD: make_started_at_token(time.time() - 60),
        HONEYPOT_FIELD: "",
    }
    data.update(extra)
    return data


def test_submission_is_stored_and_staff_notified(client, join_page, settings):
    settings.PORTAL_STAFF_EMAILS = ["equipe@example.org", "facilitation@example.org"]
    response = client.post(join_page.url, answers())
    assert response.status_code == 200
    assert "Votre demande a bien été envoyée" in response.content.decode()
    submission = FormSubmission.objects.get(page=join_page)
    data = submission.get_data()
    assert data["organisation"] == "Ville de Rivebelle"
    assert data["role_souhaite"] == "Signataire"
    assert HONEYPOT_FIELD not in data and STARTED_AT_FIELD not in data
    [message] = mail.outbox
    assert sorted(message.to) == ["equipe@example.org", "facilitation@example.org"]
    assert message.subject == "Nouvelle demande d'adhésion à la charte"
    assert "Organisation: Ville de Rivebelle" in message.body
    assert f"/admin/forms/submissions/{join_page.pk}/" in message.body


def test_staff_is_notified_even_without_an_address_on_the_page(client, index_page, settings):
    settings.PORTAL_STAFF_EMAILS = ["equipe@example.org"]
    page = JoinCharterPageFactory(parent=index_page, to_address="")
    JoinCharterFormFieldFactory(page=page, label="Organisation")
    client.post(page.url, answers())
    assert [m.to for m in mail.outbox] == [["equipe@example.org"]]


def test_submissions_are_listed_in_the_admin(admin_client, client, join_page):
    client.post(join_page.url, answers())
    response = admin_client.get(f"/admin/forms/submissions/{join_page.pk}/")
    assert response.status_code == 200
    assert "Ville de Rivebelle" in response.content.decode()


def test_honeypot_refuses_without_storing(client, join_page):
    response = client.post(join_page.url, answers(**{HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Votre demande n&#x27;a pas pu être envoyée" in html
    assert 'value="Ville de Rivebelle"' in html  # nothing typed is lost
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_too_fast_submission_is_refused_then_accepted(client, join_page, settings):
    settings.PORTAL_FORM_MIN_FILL_SECONDS = 5
    response = client.post(join_page.url, answers(**{STARTED_AT_FIELD: make_started_at_token()}))
    assert "envoyé trop rapidement" in response.content.decode()
    assert FormSubmission.objects.count() == 0
    client.post(join_page.url, answers())  # token from a minute ago
    assert FormSubmission.objects.count() == 1


def test_missing_or_forged_token_is_refused(client, join_page):
    for token in ("", "forged:token"):
        response = client.post(join_page.url, answers(**{STARTED_AT_FIELD: token}))
        assert "n&#x27;a pas pu être vérifié" in response.content.decode()
    assert FormSubmission.objects.count() == 0


def test_invalid_answers_show_linked_errors(client, join_page):
    response = client.post(join_page.url, answers(adresse_electronique="pas-une-adresse"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_adresse_electronique_error"' in html
    assert 'id="id_adresse_electronique_error"' in html
    assert "Le formulaire contient une erreur." in html
    assert FormSubmission.objects.count() == 0


def test_rate_limit_keeps_the_answers(client, join_page):
    for _ in range(10):
        client.post(join_page.url, answers())
    response = client.post(join_page.url, answers(organisation="Onzième"))
    assert response.status_code == 429
    assert 'value="Onzième"' in response.content.decode()
    assert FormSubmission.objects.count() == 10


def test_antispam_functions():
    assert honeypot_error("") is None
    assert honeypot_error("x") is not None
    now = time.time()
    assert min_fill_time_error(make_started_at_token(now - 10), min_seconds=3, now=now) is None
    assert min_fill_time_error(make_started_at_token(now - 1), min_seconds=3, now=now) is not None
    with mock.patch("time.time", return_value=now - 2 * 86400):
        old_token = make_started_at_token()
    assert "expiré" in str(min_fill_time_error(old_token, min_seconds=3))
