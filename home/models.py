"""Home page, generic content pages and the site map."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from commitments.mixins import RelatedConventionMixin
from portal.blocks import BaseStreamBlock
from portal.models import BasePage


class HomePage(BasePage):
    hero_title = models.CharField(_("titre d'accueil"), max_length=160)
    hero_text = models.TextField(_("texte d'accueil"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'accueil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Bandeau d'accueil"),
        ),
        InlinePanel("entry_points", heading=_("Entrées par public"), label=_("entrée"), max_num=4),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entry_points"] = self.entry_points.select_related("page").all()
        return context


class HomeEntryPoint(Orderable):
    """One of the audience entry points on the home page (companies, structures, buyers)."""

    home = ParentalKey(HomePage, related_name="entry_points", on_delete=models.CASCADE)
    audience = models.CharField(
        _("public"), max_length=80, help_text=_("Par exemple : Entreprises")
    )
    title = models.CharField(_("titre"), max_length=120)
    text = models.TextField(_("texte"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de destination"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_label = models.CharField(_("libellé du lien"), max_length=80)

    panels = [
        FieldPanel("audience"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("page"),
        FieldPanel("link_label"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("entrée par public")


class ContentPage(RelatedConventionMixin, BasePage):
    intro = models.TextField(_("chapô"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    last_reviewed = models.DateField(
        _("date de mise à jour du contenu"),
        null=True,
        blank=True,
        help_text=_("Affichée en bas de page (utile pour les pages légales)."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
        *RelatedConventionMixin.related_convention_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("page de contenu")


class SitemapPage(BasePage):
    """Human-readable site map ("plan du site") listing every live page of the site."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("plan du site")

    def get_context(self, request, *args, **kwargs):
        from home.selectors import live_page_tree

        context = super().get_context(request, *args, **kwargs)
        context["tree"] = live_page_tree(self.get_site() or request.site)
        return context
