"""Structures of the directory: SIAE (insertion) and disability-sector (handicap) structures."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from directory.fields import SiretField
from directory.siret import clean_siret, validate_siret
from directory.text import normalise


class Family(models.TextChoices):
    INSERTION = "insertion", _("Insertion par l'activité économique")
    HANDICAP = "handicap", _("Secteur du handicap")


class StructureKind(models.TextChoices):
    ACI = "ACI", _("Atelier et chantier d'insertion (ACI)")
    AI = "AI", _("Association intermédiaire (AI)")
    EI = "EI", _("Entreprise d'insertion (EI)")
    ETTI = "ETTI", _("Entreprise de travail temporaire d'insertion (ETTI)")
    EITI = "EITI", _("Entreprise d'insertion par le travail indépendant (EITI)")
    GEIQ = "GEIQ", _("Groupement d'employeurs pour l'insertion et la qualification (GEIQ)")
    EA = "EA", _("Entreprise adaptée (EA)")
    EATT = "EATT", _("Entreprise adaptée de travail temporaire (EATT)")
    ESAT = "ESAT", _("Établissement et service d'aide par le travail (ESAT)")

    @property
    def family(self):
        return KIND_FAMILIES[self]

    @property
    def explanation(self):
        """What this kind of structure is, in plain French, for the public structure page."""
        return KIND_EXPLANATIONS[self]


KIND_FAMILIES = {
    StructureKind.ACI: Family.INSERTION,
    StructureKind.AI: Family.INSERTION,
    StructureKind.EI: Family.INSERTION,
    StructureKind.ETTI: Family.INSERTION,
    StructureKind.EITI: Family.INSERTION,
    StructureKind.GEIQ: Family.INSERTION,
    StructureKind.EA: Family.HANDICAP,
    StructureKind.EATT: Family.HANDICAP,
    StructureKind.ESAT: Family.HANDICAP,
}

KIND_EXPLANATIONS = {
    StructureKind.ACI: _(
        "Un atelier et chantier d'insertion est porté par une association ou une collectivité. "
        "Il salarie des personnes très éloignées de l'emploi sur une activité utile (espaces "
        "verts, bâtiment, recyclage…) et les accompagne vers un emploi durable."
    ),
    StructureKind.AI: _(
        "Une association intermédiaire met ses salariés en insertion à disposition de "
        "particuliers, d'entreprises ou de collectivités pour des missions ponctuelles ou "
        "régulières, avec un accompagnement social et professionnel."
    ),
    StructureKind.EI: _(
        "Une entreprise d'insertion produit des biens et des services comme toute entreprise, "
        "en employant des personnes en parcours d'insertion qu'elle forme et accompagne."
    ),
    StructureKind.ETTI: _(
        "Une entreprise de travail temporaire d'insertion propose des missions d'intérim à des "
        "personnes en insertion : une entreprise peut ainsi réaliser ses heures d'insertion par "
        "la mise à disposition de personnel."
    ),
    StructureKind.EITI: _(
        "Une entreprise d'insertion par le travail indépendant accompagne des personnes qui "
        "exercent une activité indépendante et leur trouve des clients."
    ),
    StructureKind.GEIQ: _(
        "Un groupement d'employeurs pour l'insertion et la qualification recrute des personnes "
        "éloignées de l'emploi et les met à disposition de ses entreprises adhérentes, en "
        "alternance, jusqu'à une qualification."
    ),
    StructureKind.EA: _(
        "Une entreprise adaptée est une entreprise du milieu ordinaire dont au moins 55 % des "
        "salariés sont des travailleurs handicapés. Elle peut répondre aux marchés réservés "
        "aux structures du handicap."
    ),
    StructureKind.EATT: _(
        "Une entreprise adaptée de travail temporaire propose des missions d'intérim à des "
        "travailleurs handicapés, pour favoriser leur accès aux entreprises."
    ),
    StructureKind.ESAT: _(
        "Un établissement et service d'aide par le travail est un établissement médico-social "
        "qui permet à des personnes handicapées d'exercer une activité professionnelle avec un "
        "soutien adapté. Il peut répondre aux marchés réservés aux structures du handicap."
    ),
}


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PENDING = "pending", _("En attente de validation")
    PUBLISHED = "published", _("Publiée")
    UNPUBLISHED = "unpublished", _("Dépubliée")


class Source(models.TextChoices):
    REGISTRATION = "registration", _("Inscription par la structure")
    IMPORT = "import", _("Import d'une liste officielle")
    STAFF = "staff", _("Saisie par l'équipe du portail")


class PerimeterKind(models.TextChoices):
    NATIONAL = "national", _("Toute la France")
    TERRITORIES = "territories", _("Des régions ou des départements")
    RADIUS = "radius", _("Autour de son adresse")


class HeadcountBand(models.TextChoices):
    NONE = "0", _("Aucun salarié")
    FROM_1 = "1-9", _("1 à 9 salariés")
    FROM_10 = "10-19", _("10 à 19 salariés")
    FROM_20 = "20-49", _("20 à 49 salariés")
    FROM_50 = "50-99", _("50 à 99 salariés")
    FROM_100 = "100-249", _("100 à 249 salariés")
    FROM_250 = "250+", _("250 salariés et plus")


class StructureQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def with_related(self):
        """What a card or a detail page shows, without a query per structure."""
        return self.select_related("commune", "department", "region", "logo").prefetch_related(
            "sectors__group"
        )


def structure_search_text(structure, sector_names=(), commune_name=""):
    """The normalised text the database backend searches: names, activity, sectors, place, SIRET."""
    parts = [
        structure.legal_name,
        structure.brand_name,
        structure.description,
        structure.services,
        structure.labels,
        structure.city,
        commune_name if commune_name != structure.city else "",
        structure.postcode,
        structure.siret,
        *sector_names,
    ]
    return f" {normalise(' '.join(part for part in parts if part))} "


class Structure(index.Indexed, models.Model):
    # Identity
    legal_name = models.CharField(_("raison sociale"), max_length=255)
    brand_name = models.CharField(_("enseigne"), max_length=255, blank=True)
    siret = SiretField(
        _("SIRET"),
        unique=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, sans espace."),
    )
    kind = models.CharField(_("type de structure"), max_length=4, choices=StructureKind.choices)
    family = models.CharField(
        _("famille"), max_length=10, choices=Family.choices, editable=False, db_index=True
    )
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Adresse de la fiche publique ; calculée à partir du nom si vide."),
    )

    # Activity
    description = models.TextField(_("présentation"), blank=True)
    services = models.TextField(_("prestations proposées"), blank=True)
    sectors = models.ManyToManyField(
        "directory.Sector",
        verbose_name=_("secteurs d'activité"),
        related_name="structures",
        blank=True,
    )
    labels = models.CharField(
        _("labels et certifications"),
        max_length=500,
        blank=True,
        help_text=_("Séparés par des virgules, par exemple : Qualiopi, ISO 14001."),
    )
    accepts_subcontracting = models.BooleanField(_("accepte la sous-traitance"), default=False)
    accepts_cocontracting = models.BooleanField(_("accepte la co-traitance"), default=False)
    accepts_staff_provision = models.BooleanField(
        _("propose la mise à disposition de personnel"), default=False
    )
    insertion_headcount_band = models.CharField(
        _("effectif en insertion"), max_length=8, choices=HeadcountBand.choices, blank=True
    )
    permanent_headcount_band = models.CharField(
        _("effectif permanent"), max_length=8, choices=HeadcountBand.choices, blank=True
    )

    # Location
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(
        _("commune (telle que déclarée)"),
        max_length=120,
        blank=True,
        help_text=_("Reprise de la commune liée quand elle est renseignée."),
    )
    commune = models.ForeignKey(
        "directory.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="structures",
    )
    department = models.ForeignKey(
        "directory.Department",
        verbose_name=_("département"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="structures",
    )
    region = models.ForeignKey(
        "directory.Region",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="structures",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # Where it works
    perimeter_kind = models.CharField(
        _("périmètre d'intervention"),
        max_length=12,
        choices=PerimeterKind.choices,
        default=PerimeterKind.RADIUS,
    )
    perimeter_radius_km = models.PositiveSmallIntegerField(
        _("rayon d'intervention (km)"),
        null=True,
        blank=True,
        help_text=_("Pour un périmètre autour de l'adresse."),
    )
    perimeter_regions = models.ManyToManyField(
        "directory.Region",
        verbose_name=_("régions d'intervention"),
        related_name="perimeter_structures",
        blank=True,
    )
    perimeter_departments = models.ManyToManyField(
        "directory.Department",
        verbose_name=_("départements d'intervention"),
        related_name="perimeter_structures",
        blank=True,
    )

    # Contact (personal data: shown only with the structure's consent)
    contact_name = models.CharField(_("nom du contact"), max_length=160, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)
    show_contact_name = models.BooleanField(_("afficher le nom du contact"), default=False)
    show_contact_email = models.BooleanField(_("afficher le courriel du contact"), default=False)
    show_contact_phone = models.BooleanField(_("afficher le téléphone du contact"), default=False)
    website = models.URLField(_("site internet"), max_length=300, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Life cycle
    source = models.CharField(
        _("origine"), max_length=12, choices=Source.choices, default=Source.STAFF
    )
    publication_state = models.CharField(
        _("état de publication"),
        max_length=12,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    # Derived columns for the database search backend
    search_text = models.TextField(_("texte de recherche"), editable=False, blank=True)
    sort_name = models.CharField(_("nom de tri"), max_length=255, editable=False, blank=True)

    objects = StructureQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("legal_name"),
                FieldPanel("brand_name"),
                FieldPanel("siret"),
                FieldPanel("kind"),
                FieldPanel("slug"),
                FieldPanel("logo"),
            ],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("services"),
                FieldPanel("sectors"),
                FieldPanel("labels"),
                FieldRowPanel(
                    [
                        FieldPanel("accepts_subcontracting"),
                        FieldPanel("accepts_cocontracting"),
                        FieldPanel("accepts_staff_provision"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("insertion_headcount_band"), FieldPanel("permanent_headcount_band")]
                ),
            ],
            heading=_("Activité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("commune"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Adresse"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("perimeter_kind"),
                FieldPanel("perimeter_radius_km"),
                FieldPanel("perimeter_regions"),
                FieldPanel("perimeter_departments"),
            ],
            heading=_("Périmètre d'intervention"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldRowPanel(
                    [
                        FieldPanel("show_contact_name"),
                        FieldPanel("show_contact_email"),
                        FieldPanel("show_contact_phone"),
                    ]
                ),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("source"), FieldPanel("publication_state")],
            heading=_("Publication"),
        ),
    ]

    search_fields = [
        index.SearchField("legal_name", boost=3),
        index.SearchField("brand_name", boost=3),
        index.SearchField("description"),
        index.SearchField("city"),
        index.SearchField("siret"),
        index.AutocompleteField("legal_name"),
        index.RelatedFields("sectors", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("family"),
        index.FilterField("publication_state"),
        index.FilterField("source"),
        index.FilterField("siret"),
        index.FilterField("department"),
        index.FilterField("region"),
        index.FilterField("commune"),
        index.FilterField("accepts_subcontracting"),
        index.FilterField("accepts_cocontracting"),
        index.FilterField("accepts_staff_provision"),
        index.FilterField("updated_at"),
    ]

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        indexes = [
            models.Index(fields=["publication_state", "sort_name"], name="dir_struct_state_name"),
            models.Index(fields=["publication_state", "family"], name="dir_struct_state_family"),
            models.Index(fields=["publication_state", "kind"], name="dir_struct_state_kind"),
            # No index on the coordinates: place searches use the facet index's spatial grid
            # (directory/search/geo_grid.py), and two such indexes cost a fifth of an import's
            # inserts on SQLite.
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.apply_derived_fields()
        if not self.slug:
            self.slug = unique_structure_slug(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("directory:structure", kwargs={"slug": self.slug})

    @property
    def name(self):
        """The public name: the brand when there is one, the legal name otherwise."""
        return self.brand_name or self.legal_name

    @property
    def siren(self):
        return self.siret[:9]

    @property
    def is_published(self):
        return self.publication_state == PublicationState.PUBLISHED

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def label_list(self):
        return [label.strip() for label in self.labels.split(",") if label.strip()]

    @property
    def public_contact(self):
        """The contact details the structure agreed to show (personal data), nothing else."""
        contact = {}
        if self.show_contact_name and self.contact_name:
            contact["name"] = self.contact_name
        if self.show_contact_email and self.contact_email:
            contact["email"] = self.contact_email
        if self.show_contact_phone and self.contact_phone:
            contact["phone"] = self.contact_phone
        return contact

    @property
    def kind_label(self):
        """``get_kind_display()`` without rebuilding the translated choices each time."""
        try:
            return str(StructureKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def family_label(self):
        try:
            return str(Family(self.family).label)
        except ValueError:
            return self.family

    @property
    def kind_explanation(self):
        return StructureKind(self.kind).explanation if self.kind else ""

    def apply_derived_fields(self, sector_names=None):
        """Fill the columns computed from other fields (used by ``save`` and by bulk imports)."""
        self.siret = clean_siret(self.siret)
        if self.kind:
            self.family = StructureKind(self.kind).family
        self.sort_name = normalise(self.name)[:255]
        if self.commune_id and self.commune is not None:
            commune = self.commune
            self.department_id = commune.department_id
            self.region_id = commune.region_id
            if not self.city:
                self.city = commune.name
            if not self.has_coordinates and commune.has_coordinates:
                self.latitude, self.longitude = commune.latitude, commune.longitude
        elif self.department_id:
            self.region_id = self.department.region_id
        if self.publication_state == PublicationState.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if sector_names is None:
            sector_names = (
                list(self.sectors.values_list("name", flat=True)) if self.pk is not None else []
            )
        commune_name = self.commune.name if self.commune_id and self.commune else ""
        self.search_text = structure_search_text(self, sector_names, commune_name)

    def refresh_search_text(self):
        """Recompute the search column after the sectors changed (m2m changes skip ``save``)."""
        commune_name = self.commune.name if self.commune_id and self.commune else ""
        self.search_text = structure_search_text(
            self, list(self.sectors.values_list("name", flat=True)), commune_name
        )
        Structure.objects.filter(pk=self.pk).update(search_text=self.search_text)


def base_structure_slug(name, city):
    name_slug, city_slug = slugify(normalise(name)), slugify(normalise(city))
    if city_slug and city_slug not in name_slug:
        name_slug = f"{name_slug}-{city_slug}"
    return name_slug[:200].strip("-") or "structure"


def unique_structure_slug(structure, taken=None):
    """A readable unique slug: "name-city", then "name-city-<NIC>", then "name-city-<SIRET>".

    ``taken`` is an optional set of slugs already used (bulk imports check it instead of the
    database); the SIRET being unique, the last candidate is always free.
    """
    base = base_structure_slug(structure.name, structure.city)
    siret = structure.siret or ""
    candidates = [base, f"{base}-{siret[-5:]}", f"{base}-{siret}"]
    others = Structure.objects.exclude(pk=structure.pk) if structure.pk else Structure.objects
    for candidate in candidates:
        if taken is not None:
            if candidate not in taken:
                return candidate
        elif not others.filter(slug=candidate).exists():
            return candidate
    return candidates[-1]
