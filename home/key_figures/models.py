"""The key figures page (``/chiffres-cles/``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.key_figures.blocks import ChartStreamBlock
from portal.blocks import BaseStreamBlock
from portal.models import BasePage


class KeyFiguresPage(BasePage):
    intro = models.TextField(_("chapô"), blank=True)
    charts = StreamField(
        ChartStreamBlock(),
        verbose_name=_("graphiques"),
        blank=True,
        help_text=_(
            "Chaque graphique est calculé à partir des données publiées ; un graphique dont la "
            "source n'est pas disponible n'est pas affiché."
        ),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("méthode et sources"),
        blank=True,
        help_text=_("Comment les chiffres sont calculés, leur date, leurs limites."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("charts"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page des chiffres clés")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_context(self, request, *args, **kwargs):
        from home.key_figures.registry import key_figures

        context = super().get_context(request, *args, **kwargs)
        context["has_figures"] = any(
            key_figures.is_available(block.value["figure"]) for block in self.charts
        )
        return context
