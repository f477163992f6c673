"""The charter for socially responsible purchasing, with its signatories and partners."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from commitments.blocks import ArticlesBlock
from commitments.mixins import PartnerLogosMixin
from portal.models import BasePage

TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CharterStatus(models.TextChoices):
    DRAFT = "projet", _("projet de charte")
    IN_FORCE = "en-vigueur", _("en vigueur")
    SUPERSEDED = "remplacee", _("remplacée")


class SignatoryRole(models.TextChoices):
    SIGNATORY = "signataire", _("signataire")
    PARTNER = "partenaire", _("partenaire")


class CharterPage(PartnerLogosMixin, BasePage):
    partner_logo_relation = "signatories"

    status = models.CharField(
        _("statut"), max_length=20, choices=CharterStatus.choices, default=CharterStatus.DRAFT
    )
    adopted_on = models.DateField(_("date d'adoption"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "commitments.CharterPage",
        verbose_name=_("remplacée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Pour une charte remplacée : la charte qui lui succède."),
    )
    summary = models.TextField(
        _("résumé"), blank=True, help_text=_("Deux ou trois phrases, reprises dans les listes.")
    )
    preamble = RichTextField(_("préambule"), blank=True, features=TEXT_FEATURES)
    articles = StreamField(ArticlesBlock(), verbose_name=_("articles"), blank=True)
    steering = RichTextField(
        _("pilotage et suivi"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Comités techniques, événement annuel, évaluation…"),
    )
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("charte signée (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("adopted_on"), FieldPanel("superseded_by")],
            heading=_("Statut"),
        ),
        FieldPanel("summary"),
        FieldPanel("preamble"),
        FieldPanel("articles"),
        InlinePanel(
            "signatories", heading=_("Signataires et partenaires"), label=_("organisation")
        ),
        FieldPanel("partner_logo_height"),
        FieldPanel("steering"),
        FieldPanel("signed_document"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("preamble"),
        index.SearchField("articles"),
        index.SearchField("steering"),
        index.FilterField("status"),
    ]

    parent_page_types = ["commitments.CommitmentsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("charte d'engagement")

    def clean(self):
        super().clean()
        if self.superseded_by_id and self.status != CharterStatus.SUPERSEDED:
            raise ValidationError(
                {"superseded_by": _("Seule une charte « remplacée » a une charte qui lui succède.")}
            )
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError(
                {"superseded_by": _("Une charte ne peut se remplacer elle-même.")}
            )

    def get_context(self, request, *args, **kwargs):
        from commitments.selectors import charter_signatories, join_page_for

        context = super().get_context(request, *args, **kwargs)
        signatories = charter_signatories(self)
        context["signatories"] = [s for s in signatories if s.role == SignatoryRole.SIGNATORY]
        context["partners"] = [s for s in signatories if s.role == SignatoryRole.PARTNER]
        context["join_page"] = join_page_for(self)
        context["toc_leading"] = [("preambule", _("Préambule"))] if self.preamble else []
        context["toc_trailing"] = [
            anchor
            for anchor, shown in [
                (("pilotage", _("Pilotage et suivi")), bool(self.steering)),
                (("signataires", _("Les signataires")), bool(context["signatories"])),
                (("partenaires", _("Les partenaires")), bool(context["partners"])),
            ]
            if shown
        ]
        return context


class CharterSignatory(Orderable):
    page = ParentalKey(CharterPage, related_name="signatories", on_delete=models.CASCADE)
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(
        _("rôle"), max_length=20, choices=SignatoryRole.choices, default=SignatoryRole.SIGNATORY
    )
    representative_title = models.CharField(
        _("qualité du représentant"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : le Président de la Métropole."),
    )
    signature_date = models.DateField(_("date de signature"), null=True, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("organisation"),
        FieldPanel("role"),
        FieldPanel("representative_title"),
        FieldPanel("signature_date"),
        FieldPanel("logo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signataire ou partenaire")
        verbose_name_plural = _("signataires et partenaires")

    def __str__(self):
        return self.organisation
