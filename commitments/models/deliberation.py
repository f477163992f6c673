"""Deliberations: the decisions of an assembly approving the conventions."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.models import BasePage

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

# "ECOR-003-13530/23/BM", "2024.00010", "DEL 2025-114": letters, digits and separators.
validate_deliberation_number = RegexValidator(
    regex=r"^[A-Za-z0-9](?:[A-Za-z0-9./\- ]*[A-Za-z0-9])?$",
    message=_(
        "Numéro de délibération invalide : lettres, chiffres, points, tirets, barres obliques "
        "et espaces seulement (par exemple ECOR-003-13530/23/BM ou 2024.00010)."
    ),
)


class Assembly(models.TextChoices):
    BUREAU = "bureau", _("Bureau de la Métropole")
    COUNCIL = "conseil", _("Conseil de la Métropole")
    MUNICIPAL_COUNCIL = "conseil-municipal", _("Conseil municipal")
    STANDING_COMMITTEE = "commission-permanente", _("Commission permanente")
    BOARD = "conseil-administration", _("Conseil d'administration")


class VoteOutcome(models.TextChoices):
    UNANIMOUS = "unanimite", _("adoptée à l'unanimité")
    MAJORITY = "majorite", _("adoptée à la majorité")
    REJECTED = "rejetee", _("rejetée")


class DeliberationPage(BasePage):
    authority = models.CharField(
        _("collectivité ou organisme"),
        max_length=200,
        help_text=_("Par exemple : Métropole des Trois-Rivières."),
    )
    assembly = models.CharField(_("instance"), max_length=30, choices=Assembly.choices)
    session_date = models.DateField(_("date de la séance"))
    number = models.CharField(_("numéro"), max_length=60, validators=[validate_deliberation_number])
    report = RichTextField(
        _("exposé des motifs"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Le rapport présenté à l'assemblée."),
    )
    legal_references = models.TextField(
        _("visas"),
        blank=True,
        help_text=_("Les textes visés (« Vu… »), un par ligne."),
    )
    decision = RichTextField(
        _("décision"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Les articles de la délibération."),
    )
    vote_outcome = models.CharField(
        _("résultat du vote"), max_length=20, choices=VoteOutcome.choices
    )
    votes_for = models.PositiveSmallIntegerField(_("voix pour"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("voix contre"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    received_by_prefecture_on = models.DateField(
        _("date de réception en préfecture"), null=True, blank=True
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("délibération (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_conventions = ParentalManyToManyField(
        "commitments.ConventionPage",
        verbose_name=_("conventions approuvées"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("authority"),
                FieldRowPanel([FieldPanel("assembly"), FieldPanel("session_date")]),
                FieldPanel("number"),
            ],
            heading=_("Séance"),
        ),
        FieldPanel("report"),
        FieldPanel("legal_references"),
        FieldPanel("decision"),
        MultiFieldPanel(
            [
                FieldPanel("vote_outcome"),
                FieldRowPanel(
                    [
                        FieldPanel("votes_for"),
                        FieldPanel("votes_against"),
                        FieldPanel("abstentions"),
                    ]
                ),
            ],
            heading=_("Vote"),
        ),
        FieldPanel("received_by_prefecture_on"),
        FieldPanel("document"),
        FieldPanel("approved_conventions", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("report"),
        index.SearchField("decision"),
        index.FilterField("session_date"),
        index.FilterField("assembly"),
    ]

    parent_page_types = ["commitments.CommitmentsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("délibération")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.received_by_prefecture_on
            and self.session_date
            and self.received_by_prefecture_on < self.session_date
        ):
            errors["received_by_prefecture_on"] = _(
                "La réception en préfecture ne peut précéder la séance."
            )
        if self.vote_outcome == VoteOutcome.UNANIMOUS and (self.votes_against or 0) > 0:
            errors["votes_against"] = _(
                "Une délibération adoptée à l'unanimité n'a pas de voix contre."
            )
        if (
            self.vote_outcome in (VoteOutcome.UNANIMOUS, VoteOutcome.MAJORITY)
            and self.votes_for is not None
            and self.votes_against is not None
            and self.votes_for <= self.votes_against
        ):
            errors["votes_for"] = _("Une délibération adoptée a plus de voix pour que contre.")
        if errors:
            raise ValidationError(errors)

    @property
    def legal_reference_list(self):
        lines = (
            re.sub(r"^[-–•*]\s*", "", line.strip()) for line in self.legal_references.splitlines()
        )
        return [line for line in lines if line]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from commitments.selectors import approved_conventions

        context["conventions"] = approved_conventions(self)
        return context
