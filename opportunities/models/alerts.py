"""E-mail alerts: a saved search (the list's filters) confirmed by double opt-in, and the
record of what was sent, so that nobody gets the same opportunity twice."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def new_unsubscribe_token():
    return secrets.token_urlsafe(32)


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class AlertSubscription(index.Indexed, models.Model):
    email = models.EmailField(_("courriel"))
    filters = models.CharField(
        _("recherche enregistrée"),
        max_length=1000,
        blank=True,
        help_text=_("Les filtres de la liste, sous forme de paramètres d'adresse."),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("dernier envoi le"), null=True, blank=True)
    unsubscribe_token = models.CharField(
        max_length=64, unique=True, default=new_unsubscribe_token, editable=False
    )

    objects = AlertSubscriptionQuerySet.as_manager()

    panels = [FieldPanel("email"), FieldPanel("filters")]
    search_fields = [
        index.SearchField("email"),
        index.AutocompleteField("email"),
        index.FilterField("confirmed_at"),
        index.FilterField("created_at"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonnement aux alertes")
        verbose_name_plural = _("abonnements aux alertes")
        constraints = [
            models.UniqueConstraint(fields=["email", "filters"], name="opp_alert_unique_search")
        ]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class AlertDelivery(models.Model):
    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    opportunity = models.ForeignKey(
        "opportunities.OpportunityPage", on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("opportunité envoyée")
        verbose_name_plural = _("opportunités envoyées")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "opportunity"], name="opp_alert_delivery_once"
            )
        ]

    def __str__(self):
        return f"{self.subscription_id} → {self.opportunity_id}"
