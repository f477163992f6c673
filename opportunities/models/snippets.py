"""Reusable entities of the opportunities: the public buyers and the clause facilitators."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from opportunities.choices import BuyerKind


class Buyer(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type d'acheteur"), max_length=30, choices=BuyerKind.choices)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("site internet"), max_length=300, blank=True)
    buyer_profile_url = models.URLField(
        _("profil d'acheteur"),
        max_length=300,
        blank=True,
        help_text=_("La plateforme où l'acheteur publie ses consultations."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("buyer_profile_url"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("acheteur")
        verbose_name_plural = _("acheteurs")

    def __str__(self):
        return self.name


class Facilitator(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=160)
    organisation = models.CharField(
        _("organisme"),
        max_length=200,
        help_text=_("Par exemple : Métropole, PLIE, Maison de l'emploi."),
    )
    email = models.EmailField(_("courriel"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    territory = models.CharField(
        _("territoire"),
        max_length=200,
        blank=True,
        help_text=_("Le territoire suivi, par exemple : Trois-Rivières Nord."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("organisation")]),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")], heading=_("Coordonnées publiques")
        ),
        FieldPanel("territory"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.SearchField("territory"),
        index.AutocompleteField("name"),
        index.FilterField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("facilitateur")
        verbose_name_plural = _("facilitateurs")

    def __str__(self):
        return f"{self.name} ({self.organisation})"
