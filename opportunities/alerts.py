"""E-mail alerts on saved searches: subscription with double opt-in, confirmation,
one-click unsubscription and the digest sent by ``send_opportunity_alerts``."""

import datetime
import logging
from dataclasses import dataclass, field

from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opportunities.models import AlertDelivery, AlertSubscription, OpportunityIndexPage
from opportunities.query import parse_opportunity_query
from opportunities.selectors import matching_opportunities, resolve_query

logger = logging.getLogger(__name__)

CONFIRM_SALT = "opportunities.alert.confirm"
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# Unconfirmed requests are deleted after this delay (see the personal data page).
UNCONFIRMED_RETENTION = datetime.timedelta(days=7)
DIGEST_LIMIT = 50


def canonical_filters(filters):
    """The saved search in its canonical form (known filters only, fixed order)."""
    from django.http import QueryDict

    parsed = parse_opportunity_query(QueryDict(filters or "", mutable=False))
    return parsed.query.filters_querystring()


def confirmation_token(subscription):
    return signing.dumps(
        {"id": subscription.pk, "email": subscription.email}, salt=CONFIRM_SALT, compress=True
    )


def unsubscribe_url(index_page, subscription):
    return index_page.get_site().root_url + reverse(
        "opportunities:unsubscribe", kwargs={"token": subscription.unsubscribe_token}
    )


def _send(*, subject, template, context, to, headers=None, connection=None):
    body = render_to_string(f"opportunities/emails/{template}.txt", context)
    html = render_to_string(f"opportunities/emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=[to], headers=headers or {}, connection=connection
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _unsubscribe_headers(url):
    # RFC 2369 and RFC 8058: mail clients offer a one-click "unsubscribe" button.
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def request_subscription(*, email, filters, index_page, description=()):
    """Record (or refresh) a subscription request and send the confirmation link.

    Nothing is sent for a search the address already confirmed; the visitor sees the same
    answer either way, so the form does not reveal who is subscribed."""
    email = email.strip().lower()
    filters = canonical_filters(filters)
    try:
        subscription, _created = AlertSubscription.objects.get_or_create(
            email=email, filters=filters
        )
    except IntegrityError:  # two identical requests at the same time
        subscription = AlertSubscription.objects.get(email=email, filters=filters)
    if subscription.is_confirmed:
        return subscription
    confirm_url = index_page.get_site().root_url + reverse(
        "opportunities:confirm", kwargs={"token": confirmation_token(subscription)}
    )
    context = {
        "confirm_url": confirm_url,
        "list_url": index_page.get_full_url(),
        "description": description,
        "max_age_days": CONFIRM_MAX_AGE.days,
        "unsubscribe_url": unsubscribe_url(index_page, subscription),
    }
    _send(
        subject=_("Confirmez votre alerte sur les opportunités"),
        template="confirm",
        context=context,
        to=email,
        headers=_unsubscribe_headers(context["unsubscribe_url"]),
    )
    return subscription


def confirm_subscription(token, *, now=None):
    """Confirm the subscription named by a signed token; None when the link is not valid."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    subscription = AlertSubscription.objects.filter(
        pk=data.get("id"), email=data.get("email")
    ).first()
    if subscription is None:
        return None
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(token):
    """Delete the subscription (and what was sent to it). True when one was deleted."""
    if not token or len(token) > 64:
        return False
    _total, details = AlertSubscription.objects.filter(unsubscribe_token=token).delete()
    return details.get(AlertSubscription._meta.label, 0) > 0


def purge_unconfirmed(*, now=None):
    limit = (now or timezone.now()) - UNCONFIRMED_RETENTION
    _total, details = AlertSubscription.objects.unconfirmed().filter(created_at__lt=limit).delete()
    return details.get(AlertSubscription._meta.label, 0)


def new_matches(subscription, index_page, today):
    """The opportunities of the saved search published since the subscription was confirmed
    and never sent to it."""
    from django.http import QueryDict

    parsed = parse_opportunity_query(QueryDict(subscription.filters, mutable=False))
    resolved = resolve_query(parsed.query)
    return (
        matching_opportunities(resolved, today, index_page=index_page)
        .filter(first_published_at__gt=subscription.confirmed_at)
        .exclude(
            pk__in=AlertDelivery.objects.filter(subscription=subscription).values("opportunity_id")
        )
    )


@dataclass
class DigestReport:
    subscriptions: int = 0
    emails: int = 0
    opportunities: int = 0
    purged: int = 0
    failures: list = field(default_factory=list)

    def __str__(self):
        text = _(
            "%(emails)s courriel(s) envoyé(s) pour %(subscriptions)s abonnement(s) confirmé(s), "
            "%(opportunities)s opportunité(s) signalée(s), %(purged)s demande(s) non confirmée(s) "
            "supprimée(s)."
        ) % {
            "emails": self.emails,
            "subscriptions": self.subscriptions,
            "opportunities": self.opportunities,
            "purged": self.purged,
        }
        if self.failures:
            text += " " + _("Échecs : %(list)s.") % {"list": ", ".join(self.failures)}
        return text


def send_digests(*, now=None):
    """Send each confirmed subscriber the new opportunities matching their search.

    An opportunity is recorded as sent only once its e-mail left, so a failure is retried
    at the next run and a success is never repeated."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = DigestReport(purged=purge_unconfirmed(now=now))
    index_page = OpportunityIndexPage.objects.live().first()
    if index_page is None:
        return report
    list_url = index_page.get_full_url()
    connection = get_connection()
    for subscription in AlertSubscription.objects.confirmed().order_by("pk").iterator():
        report.subscriptions += 1
        opportunities = list(new_matches(subscription, index_page, today)[:DIGEST_LIMIT])
        if not opportunities:
            continue
        url = unsubscribe_url(index_page, subscription)
        search_url = f"{list_url}?{subscription.filters}" if subscription.filters else list_url
        context = {
            "opportunities": opportunities,
            "search_url": search_url,
            "unsubscribe_url": url,
            "list_url": list_url,
        }
        try:
            _send(
                subject=_("%(count)s nouvelle(s) opportunité(s) pour votre recherche")
                % {"count": len(opportunities)},
                template="digest",
                context=context,
                to=subscription.email,
                headers=_unsubscribe_headers(url),
                connection=connection,
            )
        except Exception:  # an SMTP failure must not stop the other digests
            logger.exception("Alerte non envoyée à l'abonnement %s.", subscription.pk)
            report.failures.append(str(subscription.pk))
            continue
        with transaction.atomic():
            AlertDelivery.objects.bulk_create(
                [
                    AlertDelivery(subscription=subscription, opportunity=page)
                    for page in opportunities
                ],
                ignore_conflicts=True,
            )
            subscription.last_sent_at = now
            subscription.save(update_fields=["last_sent_at"])
        report.emails += 1
        report.opportunities += len(opportunities)
    return report
