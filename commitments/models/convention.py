"""Partnership conventions: parties, object, articles, duration and renewal, EU funding."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from commitments.blocks import ArticlesBlock
from commitments.funding import EUFunding, FundingProgramme
from commitments.mixins import EUVisibilityPublicationMixin, PartnerLogosMixin
from commitments.scheduling import compute_schedule
from portal.models import BasePage

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class ConventionPage(EUVisibilityPublicationMixin, PartnerLogosMixin, BasePage):
    partner_logo_relation = "parties"

    reference = models.CharField(
        _("référence"), max_length=60, blank=True, help_text=_("Par exemple : CONV-2025-014")
    )
    summary = models.TextField(
        _("résumé"), blank=True, help_text=_("Deux ou trois phrases, reprises dans les listes.")
    )
    object = RichTextField(_("objet de la convention"), features=TEXT_FEATURES)
    articles = StreamField(ArticlesBlock(), verbose_name=_("articles"), blank=True)

    signature_date = models.DateField(_("date de signature"), null=True, blank=True)
    start_date = models.DateField(_("date d'effet"))
    duration_months = models.PositiveSmallIntegerField(
        _("durée d'une période (en mois)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    tacit_renewal = models.BooleanField(_("reconduction tacite"), default=False)
    max_renewals = models.PositiveSmallIntegerField(
        _("nombre maximal de reconductions"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
        help_text=_("Laissez vide si la convention est reconduite sans limite."),
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("préavis de dénonciation (en mois)"),
        default=3,
        validators=[MaxValueValidator(120)],
        help_text=_("Délai avant l'échéance pour mettre fin à la convention."),
    )
    financial_impact = models.TextField(
        _("incidence financière"),
        blank=True,
        help_text=_("Par exemple : « Sans incidence financière » ou le montant et sa répartition."),
    )
    signed_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("convention signée (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    funding_programme = models.CharField(
        _("financement européen"),
        max_length=30,
        choices=FundingProgramme.choices,
        blank=True,
        default="",
    )
    eu_operation_description = models.TextField(
        _("description de l'opération"),
        blank=True,
        help_text=_(
            "Obligatoire pour publier une convention cofinancée : ce qui est fait, pour qui."
        ),
    )
    eu_operation_objectives = models.TextField(
        _("objectifs de l'opération"), blank=True, help_text=_("Obligatoire si cofinancée.")
    )
    eu_operation_results = models.TextField(
        _("résultats de l'opération"),
        blank=True,
        help_text=_("Obligatoire si cofinancée : résultats attendus ou obtenus."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("reference"),
        FieldPanel("summary"),
        InlinePanel("parties", heading=_("Parties"), label=_("partie"), min_num=0),
        FieldPanel("partner_logo_height"),
        FieldPanel("object"),
        FieldPanel("articles"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("signature_date"), FieldPanel("start_date")]),
                FieldRowPanel([FieldPanel("duration_months"), FieldPanel("notice_period_months")]),
                FieldRowPanel([FieldPanel("tacit_renewal"), FieldPanel("max_renewals")]),
            ],
            heading=_("Durée et reconduction"),
        ),
        FieldPanel("financial_impact"),
        FieldPanel("signed_document"),
        HelpPanel(
            content=_(
                "<p>Les délibérations qui approuvent cette convention se relient depuis la page "
                "de chaque délibération (champ « conventions approuvées ») ; elles s'affichent "
                "ensuite ici, sur la page publique.</p>"
            ),
            heading=_("Délibérations d'approbation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("funding_programme"),
                FieldPanel("eu_operation_description"),
                FieldPanel("eu_operation_objectives"),
                FieldPanel("eu_operation_results"),
            ],
            heading=_("Financement européen"),
            help_text=_(
                "Une convention cofinancée affiche l'emblème de l'Union européenne et la mention "
                "du soutien en haut de page, avec la description de l'opération."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("reference"),
        index.SearchField("summary"),
        index.SearchField("object"),
        index.SearchField("articles"),
        index.SearchField("eu_operation_description"),
        index.FilterField("start_date"),
        index.FilterField("funding_programme"),
    ]

    parent_page_types = ["commitments.CommitmentsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("convention de partenariat")
        verbose_name_plural = _("conventions de partenariat")

    def clean(self):
        errors = {}
        if self.duration_months and self.notice_period_months >= self.duration_months:
            errors["notice_period_months"] = _(
                "Le préavis doit être plus court que la durée d'une période."
            )
        if self.max_renewals is not None and not self.tacit_renewal:
            errors["max_renewals"] = _(
                "Un nombre de reconductions n'a de sens qu'avec la reconduction tacite."
            )
        if errors:
            raise ValidationError(errors)
        super().clean()

    def get_eu_funding(self):
        funding = EUFunding(
            programme=self.funding_programme,
            description=self.eu_operation_description,
            objectives=self.eu_operation_objectives,
            results=self.eu_operation_results,
            source=self,
        )
        return funding if funding.is_cofunded else None

    def get_schedule(self, today=None):
        return compute_schedule(
            start=self.start_date,
            duration_months=self.duration_months,
            today=today or timezone.localdate(),
            tacit_renewal=self.tacit_renewal,
            max_renewals=self.max_renewals,
            notice_months=self.notice_period_months,
        )

    @cached_property
    def schedule(self):
        return self.get_schedule()

    def get_context(self, request, *args, **kwargs):
        from commitments.selectors import approving_deliberations

        context = super().get_context(request, *args, **kwargs)
        context["parties"] = list(self.parties.select_related("logo"))
        context["deliberations"] = approving_deliberations(self)
        return context


class ConventionParty(Orderable):
    page = ParentalKey(ConventionPage, related_name="parties", on_delete=models.CASCADE)
    organisation = models.CharField(_("organisation"), max_length=200)
    representative_title = models.CharField(
        _("qualité du représentant"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple : le Préfet de région, le vice-président délégué à l'emploi."),
    )
    role = models.CharField(
        _("rôle dans la convention"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : « l'État », « le facilitateur »."),
    )
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
        FieldPanel("representative_title"),
        FieldPanel("role"),
        FieldPanel("logo"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("partie")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.organisation
