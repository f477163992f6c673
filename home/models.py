"""Home page, generic content pages and the site map."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from commitments.mixins import RelatedConventionMixin
from home.contact.models import ContactFormField, ContactPage
from home.key_figures.blocks import KeyFigureBlock
from home.key_figures.models import KeyFiguresPage
from home.news.models import EventPage, NewsIndexPage, NewsPage, NewsPageTag
from portal.blocks import BaseStreamBlock
from portal.models import BasePage

# Page types defined in the app's sub-modules, registered with the ``home`` app label.
__all__ = [
    "ContactFormField",
    "ContactPage",
    "ContentPage",
    "EventPage",
    "HomeEntryPoint",
    "HomePage",
    "KeyFiguresPage",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageTag",
    "SitemapPage",
]


def _count_field(verbose_name, default):
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )


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

    # Live key figures, computed from the data (see home/key_figures/registry.py).
    figures_heading = models.CharField(
        _("titre des chiffres clés"),
        max_length=160,
        blank=True,
        default="Le territoire en chiffres",
    )
    key_figures = StreamField(
        [("figure", KeyFigureBlock())],
        verbose_name=_("chiffres clés"),
        blank=True,
        help_text=_("Un chiffre dont la source n'est pas disponible n'est pas affiché."),
    )
    # Next opportunities by deadline (provided by the opportunities app).
    opportunities_heading = models.CharField(
        _("titre des opportunités"), max_length=160, blank=True, default="Prochaines échéances"
    )
    opportunities_text = models.TextField(_("texte des opportunités"), blank=True)
    opportunities_count = _count_field(_("nombre d'opportunités affichées"), 3)
    opportunities_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de toutes les opportunités"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Latest news.
    news_heading = models.CharField(
        _("titre des actualités"), max_length=160, blank=True, default="Actualités"
    )
    news_count = _count_field(_("nombre d'actualités affichées"), 3)
    # The charter's signatories (provided by the commitments app).
    signatories_heading = models.CharField(
        _("titre des signataires"), max_length=160, blank=True, default="Ils se sont engagés"
    )
    signatories_text = models.TextField(_("texte des signataires"), blank=True)
    signatories_count = _count_field(_("nombre de logos affichés"), 12)
    signatories_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de la charte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Bandeau d'accueil"),
        ),
        InlinePanel("entry_points", heading=_("Entrées par public"), label=_("entrée"), max_num=4),
        MultiFieldPanel(
            [FieldPanel("figures_heading"), FieldPanel("key_figures")],
            heading=_("Chiffres clés"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("opportunities_heading"),
                FieldPanel("opportunities_text"),
                FieldPanel("opportunities_count"),
                FieldPanel("opportunities_page"),
            ],
            heading=_("Prochaines opportunités"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [FieldPanel("news_heading"), FieldPanel("news_count")],
            heading=_("Dernières actualités"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatories_heading"),
                FieldPanel("signatories_text"),
                FieldPanel("signatories_count"),
                FieldPanel("signatories_page"),
            ],
            heading=_("Signataires de la charte"),
            classname="collapsed",
        ),
        FieldPanel("body"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")

    def get_meta_description(self):
        return self.search_description or self.hero_text

    def get_context(self, request, *args, **kwargs):
        from home.selectors import home_page_sections

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_sections(self, request=request))
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
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Si la page est supprimée, l'entrée n'est plus affichée."),
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

    def get_meta_description(self):
        return self.search_description or self.intro


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
