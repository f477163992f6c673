"""The form to ask to sign the charter: stored submissions, staff notified, anti-spam
(the shared ``portal.antispam``: honeypot, minimum fill time, rate limit)."""

import time
from unittest import mock

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from commitments.factories import JoinCharterFormFieldFactory, JoinCharterPageFactory
from portal import antispam

pytestmark = pytest.mark.django_db

HONEYPOT = "site_web"
TIMESTAMP = "horodatage"
CONFIRMATION = "Votre demande a bien été envoyée"


def token(seconds_ago=60):
    with mock.patch("portal.antispam._now", return_value=time.time() - seconds_ago):
        return antispam.make_timestamp_token()


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
        TIMESTAMP: token(),
        HONEYPOT: "",
    }
    data.update(extra)
    return data


def test_form_carries_the_shared_antispam_fields(client, join_page):
    html = client.get(join_page.url).content.decode()
    assert f'name="{HONEYPOT}"' in html
    assert f'name="{TIMESTAMP}"' in html
    assert 'class="visually-hidden"' in html


def test_submission_is_stored_and_staff_notified(client, join_page, settings):
    settings.PORTAL_STAFF_EMAILS = ["equipe@example.org", "facilitation@example.org"]
    response = client.post(join_page.url, answers())
    assert response.status_code == 200
    assert CONFIRMATION in response.content.decode()
    submission = FormSubmission.objects.get(page=join_page)
    data = submission.get_data()
    assert data["organisation"] == "Ville de Rivebelle"
    assert data["role_souhaite"] == "Signataire"
    assert HONEYPOT not in data and TIMESTAMP not in data
    [message] = mail.outbox
    assert sorted(message.to) == ["equipe@example.org", "facilitation@example.org"]
    assert message.subject == "Nouvelle demande d'adhésion à la charte"
    assert "Organisation: Ville de Rivebelle" in message.body
    assert HONEYPOT not in message.body
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


@pytest.mark.parametrize(
    "spam",
    [
        {HONEYPOT: "http://spam.example"},
        {TIMESTAMP: ""},
        {TIMESTAMP: "forged:token"},
    ],
)
def test_spam_gets_the_confirmation_but_nothing_is_stored(client, join_page, spam):
    response = client.post(join_page.url, answers(**spam))
    assert response.status_code == 200
    assert CONFIRMATION in response.content.decode()
    assert FormSubmission.objects.count() == 0
    assert mail.outbox == []


def test_too_fast_submission_is_not_stored(client, join_page, settings):
    settings.PORTAL_FORM_MIN_FILL_SECONDS = 5
    client.post(join_page.url, answers(**{TIMESTAMP: token(seconds_ago=1)}))
    assert FormSubmission.objects.count() == 0
    client.post(join_page.url, answers(**{TIMESTAMP: token(seconds_ago=30)}))
    assert FormSubmission.objects.count() == 1


def test_form_left_open_too_long_asks_again_and_keeps_the_answers(client, join_page):
    response = client.post(join_page.url, answers(**{TIMESTAMP: token(seconds_ago=3 * 86400)}))
    html = response.content.decode()
    assert "resté ouvert trop longtemps" in html
    assert 'value="Ville de Rivebelle"' in html
    assert FormSubmission.objects.count() == 0


def test_invalid_answers_show_linked_errors(client, join_page):
    response = client.post(join_page.url, answers(adresse_electronique="pas-une-adresse"))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_adresse_electronique_error"' in html
    assert 'id="id_adresse_electronique_error"' in html
    assert "Le formulaire contient une erreur." in html
    assert FormSubmission.objects.count() == 0


def test_rate_limit(client, join_page, settings):
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "form": "3/d"}
    for _ in range(3):
        assert client.post(join_page.url, answers()).status_code == 200
    response = client.post(join_page.url, answers())
    assert response.status_code == 429
    assert response["Retry-After"]
    assert FormSubmission.objects.count() == 3
