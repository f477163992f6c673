"""The opportunity list page (one per site, at /opportunites/) and the opportunity pages."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from opportunities.choices import Nature, Procedure
from opportunities.clauses import (
    CLAUSE_EXPLANATIONS,
    CLAUSE_SHORT_LABELS,
    ClauseType,
    Reservation,
    helper_roles_by_kind,
)
from opportunities.cpv import cpv_label, parse_cpv_list, validate_cpv_list
from opportunities.fields import ClauseListField
from opportunities.status import OpportunityStatus, Outcome, opportunity_status
from opportunities.summary import summarise_lots
from portal.models import BasePage

# Denormalised boolean column of the page for each clause type (see ``refresh_summary``).
CLAUSE_FLAGS = {
    ClauseType.INSERTION: "has_insertion",
    ClauseType.SOCIAL_CRITERION: "has_social_criterion",
    ClauseType.RESERVED_DISABILITY: "reserved_disability",
    ClauseType.RESERVED_SIAE: "reserved_siae",
    ClauseType.RESERVED_ESS: "reserved_ess",
    ClauseType.INSERTION_QUALIFICATION: "has_insertion_qualification",
}
RESERVATION_FLAGS = {
    Reservation.DISABILITY: "reserved_disability",
    Reservation.SIAE: "reserved_siae",
    Reservation.ESS: "reserved_ess",
}


class OpportunityIndexPage(RoutablePageMixin, BasePage):
    """The list of opportunities, with its feeds, its CSV export and its e-mail alerts."""

    intro = RichTextField(_("introduction"), blank=True)
    alert_intro = models.TextField(
        _("texte du formulaire d'alerte"),
        blank=True,
        default=_(
            "Recevez par courriel les nouvelles opportunités qui correspondent à votre recherche."
        ),
    )
    per_page = models.PositiveSmallIntegerField(
        _("opportunités par page"), default=20, help_text=_("Entre 5 et 100.")
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("alert_intro"),
        FieldPanel("per_page"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["opportunities.OpportunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des opportunités")

    def clean(self):
        super().clean()
        if self.per_page is not None and not 5 <= self.per_page <= 100:
            raise ValidationError(
                {"per_page": _("Choisissez entre 5 et 100 opportunités par page.")}
            )

    # Routes. File-like routes end with a slash inside Wagtail's router; ``route_url``
    # removes it so that the public address is /opportunites/calendrier.ics.
    @path("", name="list")
    def list_view(self, request):
        from opportunities import views

        return views.opportunity_list(request, self)

    @path("rss/", name="rss")
    def rss_view(self, request):
        from opportunities import views

        return views.rss_feed(request, self)

    @re_path(r"^calendrier\.ics/$", name="calendar")
    def calendar_view(self, request):
        from opportunities import views

        return views.calendar_feed(request, self)

    @re_path(r"^export\.csv/$", name="csv")
    def csv_view(self, request):
        from opportunities import views

        return views.csv_export(request, self)

    @path("alerte/", name="alert")
    def alert_view(self, request):
        from opportunities import views

        return views.alert_subscribe(request, self)

    def route_url(self, name, *, full=False, request=None, **kwargs):
        base = self.get_full_url(request) if full else self.get_url(request)
        subpath = self.reverse_subpage(name, kwargs=kwargs or None)
        if "." in subpath.rstrip("/").rsplit("/", 1)[-1]:
            subpath = subpath.rstrip("/")
        return f"{base}{subpath}"


class OpportunityPageForm(WagtailAdminPageForm):
    """Checks that need the page and its lots together."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("lots")
        if formset is None or not hasattr(formset, "cleaned_data"):
            return cleaned
        lots = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not lots:
            self.add_error(
                None,
                _("Ajoutez au moins un lot : un marché non alloti compte comme un lot unique."),
            )
        numbers = [lot.get("number") for lot in lots if lot.get("number") is not None]
        duplicates = sorted({number for number in numbers if numbers.count(number) > 1})
        if duplicates:
            self.add_error(
                None,
                _("Deux lots portent le même numéro (%(numbers)s) : numérotez-les différemment.")
                % {"numbers": ", ".join(str(number) for number in duplicates)},
            )
        amount_max = cleaned.get("amount_max") or cleaned.get("amount_min")
        lot_total = sum(lot.get("estimated_amount") or 0 for lot in lots)
        if amount_max and lot_total > amount_max:
            self.add_error(
                "amount_max",
                _(
                    "La somme des montants des lots (%(total)s € HT) dépasse le montant estimé "
                    "du marché (%(max)s € HT)."
                )
                % {
                    "total": number_format(lot_total, force_grouping=True),
                    "max": number_format(amount_max, force_grouping=True),
                },
            )
        return cleaned


class OpportunityPage(BasePage):
    """An upcoming public contract with social clauses, split in lots."""

    buyer = models.ForeignKey(
        "opportunities.Buyer",
        verbose_name=_("acheteur"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    reference = models.CharField(_("référence"), max_length=80, blank=True)
    summary = models.TextField(
        _("résumé"), help_text=_("Deux ou trois phrases : ce qui est acheté, où et pour qui.")
    )
    description = RichTextField(_("description détaillée"), blank=True)
    nature = models.CharField(_("nature"), max_length=12, choices=Nature.choices)
    procedure = models.CharField(
        _("procédure"), max_length=30, choices=Procedure.choices, blank=True
    )
    cpv_codes = models.CharField(
        _("codes CPV"),
        max_length=400,
        blank=True,
        validators=[validate_cpv_list],
        help_text=_("Séparés par des virgules, par exemple : 45000000-7, 45210000-2."),
    )
    amount_min = models.PositiveBigIntegerField(
        _("montant estimé minimum (€ HT)"), null=True, blank=True
    )
    amount_max = models.PositiveBigIntegerField(
        _("montant estimé maximum (€ HT)"),
        null=True,
        blank=True,
        help_text=_("Pour un montant unique, remplissez seulement le minimum."),
    )
    place = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("lieu d'exécution (commune)"),
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place_detail = models.CharField(
        _("précision sur le lieu"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : Trois-Rivières et les 12 communes du nord de la Métropole."),
    )
    publication_date = models.DateField(
        _("publication prévue de la consultation"),
        help_text=_("Date à laquelle le dossier de consultation sera (ou a été) publié."),
    )
    deadline = models.DateField(_("date limite de remise des offres"))
    deadline_time = models.TimeField(_("heure limite"), null=True, blank=True)
    execution_start = models.DateField(_("début d'exécution prévu"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("durée (en mois)"), null=True, blank=True)
    documents_url = models.URLField(
        _("lien vers le dossier de consultation"), max_length=500, blank=True
    )
    facilitator = models.ForeignKey(
        "opportunities.Facilitator",
        verbose_name=_("facilitateur à contacter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    outcome = models.CharField(
        _("résultat de la consultation"),
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        help_text=_("À renseigner par l'équipe après la date limite."),
    )

    # Denormalised from the lots and the place on save, so that the list filters and counts
    # in SQL on this table (sectors: the ``OpportunitySector`` rows).
    has_insertion = models.BooleanField(default=False, editable=False)
    has_social_criterion = models.BooleanField(default=False, editable=False)
    reserved_disability = models.BooleanField(default=False, editable=False)
    reserved_siae = models.BooleanField(default=False, editable=False)
    reserved_ess = models.BooleanField(default=False, editable=False)
    has_insertion_qualification = models.BooleanField(default=False, editable=False)
    is_reserved = models.BooleanField(default=False, editable=False)
    total_insertion_hours = models.PositiveIntegerField(default=0, editable=False)
    lot_count = models.PositiveSmallIntegerField(default=0, editable=False)
    department_code = models.CharField(max_length=3, blank=True, editable=False, db_index=True)
    region_code = models.CharField(max_length=3, blank=True, editable=False, db_index=True)
    search_text = models.TextField(blank=True, editable=False)

    base_form_class = OpportunityPageForm

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("buyer"),
                FieldRowPanel([FieldPanel("reference"), FieldPanel("nature")]),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("procedure"),
                FieldPanel("cpv_codes"),
                FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")]),
            ],
            heading=_("Le marché"),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("place_detail")], heading=_("Lieu d'exécution")
        ),
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_time")]),
                FieldRowPanel([FieldPanel("execution_start"), FieldPanel("duration_months")]),
                FieldPanel("documents_url"),
            ],
            heading=_("Dates clés"),
        ),
        FieldPanel("facilitator"),
        InlinePanel("lots", heading=_("Lots"), label=_("lot"), min_num=1),
        FieldPanel("outcome"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("reference"),
        index.SearchField("description"),
        index.RelatedFields("buyer", [index.SearchField("name")]),
        index.FilterField("nature"),
        index.FilterField("deadline"),
        index.FilterField("publication_date"),
        index.FilterField("outcome"),
        *(index.FilterField(flag) for flag in CLAUSE_FLAGS.values()),
        index.FilterField("is_reserved"),
        index.FilterField("department_code"),
        index.FilterField("region_code"),
        index.FilterField("total_insertion_hours"),
        index.FilterField("buyer"),
    ]

    parent_page_types = ["opportunities.OpportunityIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("opportunité")
        verbose_name_plural = _("opportunités")
        indexes = [
            models.Index(fields=["deadline", "publication_date"], name="opp_deadline_pub"),
            models.Index(fields=["publication_date"], name="opp_publication"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.publication_date and self.deadline and self.deadline <= self.publication_date:
            errors["deadline"] = _(
                "La date limite de remise des offres doit être postérieure à la date de "
                "publication de la consultation (%(date)s)."
            ) % {"date": date_format(self.publication_date, "j F Y")}
        if self.execution_start and self.deadline and self.execution_start < self.deadline:
            errors["execution_start"] = _(
                "Le début d'exécution ne peut pas précéder la date limite de remise des offres."
            )
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_max < self.amount_min
        ):
            errors["amount_max"] = _(
                "Le montant maximum doit être supérieur ou égal au montant minimum."
            )
        if self.amount_min == 0 and not self.amount_max:
            errors["amount_min"] = _("Un montant estimé ne peut pas être nul : laissez vide.")
        if self.outcome and self.deadline and self.deadline >= timezone.localdate():
            errors["outcome"] = _(
                "Le résultat (attribuée ou infructueuse) ne peut être indiqué qu'après la date "
                "limite de remise des offres."
            )
        if self.duration_months == 0:
            errors["duration_months"] = _("La durée doit être d'au moins un mois.")
        if "cpv_codes" not in errors:
            # A wrong code is reported by the field validator; a right list is normalised.
            with contextlib.suppress(ValidationError):
                self.cpv_codes = ", ".join(parse_cpv_list(self.cpv_codes))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Wagtail saves single columns (live, revision pointers…) with update_fields: the lots
        # have not changed then. Otherwise the lots in memory are the ones being saved.
        if kwargs.get("update_fields") is not None:
            return super().save(*args, **kwargs)
        sector_ids = self.refresh_summary()
        result = super().save(*args, **kwargs)
        self._sync_sector_links(sector_ids)
        return result

    def refresh_summary(self):
        """Fill the denormalised columns from the lots (in memory or saved) and the place;
        return the ids of the lots' sectors."""
        lots = list(self.lots.all())
        summary = summarise_lots(
            (lot.clauses or [], lot.insertion_hours, [sector.pk for sector in lot.sectors.all()])
            for lot in lots
        )
        for clause, flag in CLAUSE_FLAGS.items():
            setattr(self, flag, clause.value in summary.clause_types)
        self.is_reserved = any(getattr(self, flag) for flag in RESERVATION_FLAGS.values())
        self.total_insertion_hours = summary.total_hours
        self.lot_count = len(lots)
        if self.place_id:
            place = self.place
            self.department_code = place.department.code
            self.region_code = place.region.code
        else:
            self.department_code = self.region_code = ""
        from directory.text import normalise

        parts = [
            self.title,
            self.summary,
            self.reference,
            self.buyer.name if self.buyer_id and self.buyer else "",
            self.place.name if self.place_id and self.place else "",
            self.place_detail,
            *(cpv_label(code) for code in self.cpv_list),
            *(lot.title for lot in lots),
        ]
        self.search_text = f" {normalise(' '.join(part for part in parts if part))} "
        return summary.sector_ids

    def _sync_sector_links(self, sector_ids):
        wanted = set(sector_ids)
        links = OpportunitySector.objects.filter(opportunity=self)
        existing = set(links.values_list("sector_id", flat=True))
        if existing - wanted:
            links.filter(sector_id__in=existing - wanted).delete()
        if wanted - existing:
            OpportunitySector.objects.bulk_create(
                [OpportunitySector(opportunity=self, sector_id=pk) for pk in wanted - existing],
                ignore_conflicts=True,
            )

    # Presentation helpers (no queries: they read the denormalised columns).
    @property
    def clause_list(self):
        return [clause.value for clause, flag in CLAUSE_FLAGS.items() if getattr(self, flag)]

    @property
    def reservation_list(self):
        return [value for value, flag in RESERVATION_FLAGS.items() if getattr(self, flag)]

    @property
    def clause_badges(self):
        return [CLAUSE_SHORT_LABELS[ClauseType(value)] for value in self.clause_list]

    @property
    def cpv_list(self):
        try:
            return parse_cpv_list(self.cpv_codes)
        except ValidationError:
            return []

    @property
    def cpv_entries(self):
        return [(code, cpv_label(code)) for code in self.cpv_list]

    def status_on(self, today):
        return opportunity_status(self.publication_date, self.deadline, self.outcome, today)

    @cached_property
    def status(self):
        return OpportunityStatus(self.status_on(timezone.localdate()))

    @property
    def is_finished(self):
        return self.status not in (OpportunityStatus.UPCOMING, OpportunityStatus.OPEN)

    def get_context(self, request, *args, **kwargs):
        from opportunities.selectors import opportunity_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(opportunity_detail(self))
        return context


class OpportunitySector(models.Model):
    """Denormalised: one row per sector of an opportunity's lots, kept by
    ``OpportunityPage.save`` so that the list filters and counts sectors in SQL."""

    opportunity = models.ForeignKey(
        OpportunityPage, on_delete=models.CASCADE, related_name="sector_links"
    )
    sector = models.ForeignKey("directory.Sector", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("secteur d'une opportunité")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "sector"], name="opp_sector_once")
        ]
        indexes = [models.Index(fields=["sector", "opportunity"], name="opp_sector_lookup")]

    def __str__(self):
        return f"{self.opportunity_id} — {self.sector_id}"


class Lot(ClusterableModel, Orderable):
    opportunity = ParentalKey(OpportunityPage, related_name="lots", on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField(_("numéro"), default=1)
    title = models.CharField(_("intitulé"), max_length=255)
    sectors = ParentalManyToManyField(
        "directory.Sector",
        verbose_name=_("secteurs d'activité"),
        blank=True,
        related_name="opportunity_lots",
    )
    clauses = ClauseListField(_("clauses sociales"), help_text=_("Cochez au moins une clause."))
    insertion_hours = models.PositiveIntegerField(
        _("heures d'insertion"),
        null=True,
        blank=True,
        help_text=_("Uniquement avec une clause d'insertion (L2112-2)."),
    )
    estimated_amount = models.PositiveBigIntegerField(
        _("montant estimé du lot (€ HT)"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("clauses"),
        FieldRowPanel([FieldPanel("insertion_hours"), FieldPanel("estimated_amount")]),
        FieldPanel("sectors"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self):
        return _("Lot %(number)s : %(title)s") % {"number": self.number, "title": self.title}

    def clean(self):
        super().clean()
        errors = {}
        clauses = self.clauses or []
        if not clauses:
            errors["clauses"] = _("Cochez au moins une clause sociale pour ce lot.")
        has_insertion = ClauseType.INSERTION in clauses
        if self.insertion_hours and not has_insertion:
            errors["insertion_hours"] = _(
                "Les heures d'insertion ne concernent que les lots avec une clause d'insertion "
                "(L2112-2) : cochez cette clause ou videz ce champ."
            )
        elif has_insertion and not self.insertion_hours:
            errors["insertion_hours"] = _(
                "Indiquez le nombre d'heures d'insertion demandé pour ce lot."
            )
        if self.estimated_amount == 0:
            errors["estimated_amount"] = _("Un montant estimé ne peut pas être nul : laissez vide.")
        if errors:
            raise ValidationError(errors)

    @property
    def directory_can_help(self):
        """Whether some kind of directory structure can help with these clauses: not with a
        lot only reserved to the ESS (L2113-15), whose candidates must meet conditions
        (public-service mission, profits reinvested, shared governance) no kind meets by
        itself and the directory does not record."""
        return bool(helper_roles_by_kind(self.clauses or []))

    @property
    def clause_entries(self):
        """(value, label, short label, explanation) of each clause, in the canonical order."""
        return [
            {
                "value": clause.value,
                "label": clause.label,
                "short_label": CLAUSE_SHORT_LABELS[clause],
                "explanation": CLAUSE_EXPLANATIONS[clause],
            }
            for clause in ClauseType
            if clause.value in (self.clauses or [])
        ]
