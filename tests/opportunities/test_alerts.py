import datetime
import io
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from opportunities import alerts
from opportunities.factories import AlertSubscriptionFactory, OpportunityPageFactory
from opportunities.models import AlertDelivery, AlertSubscription, OpportunityPage
from portal.antispam import make_timestamp_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def _post(client, email="entreprise@example.org", filters="clause=insertion", **extra):
    data = {"email": email, "filters": filters, "horodatage": make_timestamp_token(), **extra}
    return client.post("/opportunites/alerte/", data)


def _run_command():
    call_command("send_opportunity_alerts", stdout=io.StringIO())


def _links(message):
    return LINK.findall(message.body)


def _confirm_link(message):
    return next(link for link in _links(message) if "/alertes/confirmer/" in link)


def _backdate_publication(page, days=1):
    OpportunityPage.objects.filter(pk=page.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_list_page_links_to_the_alert_form_with_the_current_search(client, index_page):
    response = client.get("/opportunites/?clause=insertion&nature=travaux&page=2")
    html = response.content.decode()
    assert 'href="/opportunites/alerte/?clause=insertion&amp;nature=travaux"' in html
    # No form with a CSRF token on the list: the same page for everyone, so it can be cached.
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies

    form = client.get("/opportunites/alerte/?clause=insertion&nature=travaux").content.decode()
    assert 'action="/opportunites/alerte/"' in form
    assert 'name="filters" value="clause=insertion&amp;nature=travaux"' in form
    assert 'name="site_web"' in form  # honeypot
    assert 'name="horodatage"' in form


def test_subscription_confirmation_digest_and_unsubscription(client, index_page):
    old = OpportunityPageFactory(parent=index_page, title="Ancienne opportunité")
    _backdate_publication(old)

    response = _post(client)
    assert response.status_code == 200
    assert "un courriel vient d'y être envoyé" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["entreprise@example.org"]
    assert message.subject == "Confirmez votre alerte sur les opportunités"
    assert "Type de clause : Clause d'insertion" in message.body
    assert message.alternatives and "Activer l'alerte" in message.alternatives[0][0]
    subscription = AlertSubscription.objects.get()
    assert subscription.filters == "clause=insertion"
    assert not subscription.is_confirmed

    # Nothing is sent before confirmation.
    mail.outbox.clear()
    _run_command()
    assert mail.outbox == []

    confirm = client.get(_confirm_link(message).split("testserver")[1])
    assert confirm.status_code == 200
    assert "Votre alerte est activée" in confirm.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    matching = OpportunityPageFactory(parent=index_page, title="Nettoyage de la piscine")
    OpportunityPageFactory(
        parent=index_page,
        title="Marché réservé sans heures",
        lots=[{"title": "Lot", "clauses": ["reserve-siae"]}],
    )
    _run_command()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "Nettoyage de la piscine" in digest.body
    assert "Marché réservé sans heures" not in digest.body
    assert "Ancienne opportunité" not in digest.body  # published before the subscription
    unsubscribe_url = f"http://testserver/alertes/desabonnement/{subscription.unsubscribe_token}/"
    assert digest.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in digest.body
    assert matching.full_url in digest.body
    assert AlertDelivery.objects.filter(subscription=subscription, opportunity=matching).exists()

    # Never the same opportunity twice.
    mail.outbox.clear()
    _run_command()
    assert mail.outbox == []
    OpportunityPageFactory(parent=index_page, title="Collecte des déchets verts")
    _run_command()
    assert len(mail.outbox) == 1
    assert "Collecte des déchets verts" in mail.outbox[0].body
    assert "Nettoyage de la piscine" not in mail.outbox[0].body

    # One click on the link: unsubscribed, nothing more is sent.
    response = client.get(unsubscribe_url.split("testserver")[1])
    assert response.status_code == 200
    assert "Vous ne recevrez plus cette alerte" in response.content.decode()
    assert not AlertSubscription.objects.exists()
    mail.outbox.clear()
    OpportunityPageFactory(parent=index_page, title="Encore une")
    _run_command()
    assert mail.outbox == []
    # A second click is not an error.
    assert client.get(unsubscribe_url.split("testserver")[1]).status_code == 200


def test_one_click_unsubscribe_by_post_needs_no_csrf_token(index_page):
    subscription = AlertSubscriptionFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/alertes/desabonnement/{subscription.unsubscribe_token}/",
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()


def test_invalid_confirmation_link_is_a_400_in_french(client, index_page):
    response = client.get("/alertes/confirmer/pas-un-jeton/")
    assert response.status_code == 400
    assert "Ce lien de confirmation n'est pas valable" in response.content.decode()


def test_confirmation_link_expires_after_seven_days(client, index_page):
    subscription = AlertSubscriptionFactory(confirmed_at=None)
    token = alerts.confirmation_token(subscription)
    later = timezone.now() + datetime.timedelta(days=8)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert alerts.confirm_subscription(token) is None
    assert alerts.confirm_subscription(token).is_confirmed


def test_invalid_email_is_explained_and_nothing_is_saved(client, index_page):
    response = _post(client, email="pas-une-adresse")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse électronique valide" in html
    assert 'aria-invalid="true"' in html
    assert not AlertSubscription.objects.exists()
    assert mail.outbox == []


def test_honeypot_pretends_success_but_sends_nothing(client, index_page):
    response = _post(client, site_web="http://spam.example")
    assert response.status_code == 200
    assert "un courriel vient d'y être envoyé" in response.content.decode()
    assert mail.outbox == []
    assert not AlertSubscription.objects.exists()


def test_subscription_requests_are_rate_limited(client, index_page):
    for number in range(5):
        assert _post(client, email=f"a{number}@example.org").status_code == 200
    response = _post(client, email="a6@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_already_confirmed_search_is_not_sent_again(client, index_page):
    AlertSubscriptionFactory(email="entreprise@example.org", filters="clause=insertion")
    assert _post(client, email="Entreprise@Example.org").status_code == 200
    assert mail.outbox == []
    assert AlertSubscription.objects.count() == 1


def test_saved_filters_are_canonical(client, index_page):
    _post(client, filters="page=3&tri=heures&nature=travaux&clause=magie&clause=insertion")
    assert AlertSubscription.objects.get().filters == "clause=insertion&nature=travaux"


def test_alert_page_describes_the_search(client, index_page):
    response = client.get("/opportunites/alerte/?reserve=siae&nature=services")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marché réservé : Réservé aux SIAE" in html
    assert "Nature : Services" in html


def test_unconfirmed_requests_are_purged_after_seven_days(index_page):
    stale = AlertSubscriptionFactory(confirmed_at=None)
    AlertSubscription.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    fresh = AlertSubscriptionFactory(confirmed_at=None)
    report = alerts.send_digests()
    assert report.purged == 1
    assert list(AlertSubscription.objects.all()) == [fresh]


def test_a_failed_email_is_retried_at_the_next_run(index_page):
    subscription = AlertSubscriptionFactory(
        confirmed_at=timezone.now() - datetime.timedelta(days=2)
    )
    page = OpportunityPageFactory(parent=index_page, title="Marché à clause")
    with mock.patch("opportunities.alerts._send", side_effect=OSError("SMTP indisponible")):
        report = alerts.send_digests()
    assert report.failures == [str(subscription.pk)]
    assert not AlertDelivery.objects.exists()
    report = alerts.send_digests()
    assert report.emails == 1
    assert AlertDelivery.objects.filter(opportunity=page).count() == 1
    assert "1 courriel(s) envoyé(s)" in str(report)
