"""The taxonomy of sectors of activity, in groups, managed by staff as snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SectorGroup(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]
    search_fields = [index.SearchField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("groupe de secteurs")
        verbose_name_plural = _("groupes de secteurs")

    def __str__(self):
        return self.name


class Sector(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    group = models.ForeignKey(
        SectorGroup, verbose_name=_("groupe"), on_delete=models.PROTECT, related_name="sectors"
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("group")]
    search_fields = [index.SearchField("name"), index.FilterField("group")]

    class Meta:
        ordering = ["group__order", "name"]
        verbose_name = _("secteur d'activité")
        verbose_name_plural = _("secteurs d'activité")
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="directory_sector_unique_name")
        ]

    def __str__(self):
        return self.name
