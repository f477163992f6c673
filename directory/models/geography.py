"""French geography: the 18 regions and 101 departments (shipped) and the communes (imported)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from directory.text import normalise_commune_name


class Region(index.Indexed, models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.FilterField("code")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")

    def __str__(self):
        return self.name


class Department(index.Indexed, models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departments"
    )

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("region")]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.FilterField("region"),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")
        verbose_name_plural = _("départements")

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def with_postcode(self, postcode):
        """Communes served by ``postcode`` (stored as space-separated five-digit codes)."""
        return self.filter(postcodes__contains=postcode)


class Commune(index.Indexed, models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    normalised_name = models.CharField(
        _("nom normalisé"), max_length=120, editable=False, db_index=True
    )
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    postcodes = models.CharField(
        _("codes postaux"),
        max_length=200,
        blank=True,
        help_text=_("Codes postaux à cinq chiffres séparés par des espaces."),
    )
    department = models.ForeignKey(
        Department, verbose_name=_("département"), on_delete=models.PROTECT, related_name="communes"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="communes"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    panels = [
        FieldPanel("insee_code"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("postcodes"),
        FieldPanel("department"),
        FieldPanel("region"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("insee_code"),
        index.SearchField("postcodes"),
        index.FilterField("department"),
        index.FilterField("region"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        postcode = self.main_postcode
        return f"{self.name} ({postcode})" if postcode else self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_commune_name(self.name)
        super().save(*args, **kwargs)

    @property
    def postcode_list(self):
        return self.postcodes.split()

    @property
    def main_postcode(self):
        codes = self.postcode_list
        return codes[0] if codes else ""

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None
