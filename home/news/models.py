"""News index, news pages and events.

An event *is* a news item (multi-table inheritance): it shares the publication date, image,
intro, body and tags of a news page, and adds its own dates, place and registration link.
The index therefore lists, filters and syndicates both in one query.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from commitments.mixins import RelatedConventionMixin
from portal.blocks import BaseStreamBlock
from portal.models import BasePage

NEWS_PER_PAGE = 10


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news section: paginated list filtered by tag, upcoming events and the RSS feed."""

    intro = models.TextField(_("chapô"), blank=True)
    feed_description = models.CharField(
        _("description du flux RSS"),
        max_length=250,
        blank=True,
        help_text=_("Affichée par les lecteurs de flux. Par défaut : le chapô."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("feed_description")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage", "home.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des actualités")

    def get_meta_description(self):
        return self.search_description or self.intro

    @property
    def feed_url(self):
        return (self.url or "") + self.reverse_subpage("news_feed")

    @path("")
    def listing(self, request):
        from home.news.selectors import news_listing, upcoming_events

        listing = news_listing(
            index=self,
            tag_slug=request.GET.get("etiquette", ""),
            page_number=request.GET.get("page"),
        )
        return self.render(
            request,
            context_overrides={
                "listing": listing,
                "upcoming_events": upcoming_events(index=self, limit=3),
                "canonical_url": listing.canonical_path(self.get_url(request)),
            },
        )

    @path("rss/", name="news_feed")
    def news_feed(self, request):
        from home.news.feeds import NewsFeed

        return NewsFeed(index=self)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsPage(RelatedConventionMixin, BasePage):
    """A news item. About a convention co-funded by the EU, it names it (``related_convention``)
    and then carries the EU block; the rules themselves live in the commitments app."""

    date = models.DateField(
        _("date de publication"),
        default=timezone.localdate,
        help_text=_("Date affichée et utilisée pour classer les actualités."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Décrit l'image pour qui ne la voit pas. Laissez vide si elle est décorative."),
    )
    intro = models.TextField(
        _("chapô"), help_text=_("Deux ou trois phrases : elles apparaissent dans la liste.")
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("contenu"), blank=True)
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("étiquettes"),
        help_text=_("Par exemple : rencontres, marchés réservés, SIAE."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
        *RelatedConventionMixin.related_convention_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []
    og_type = "article"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_share_image(self):
        return self.share_image or self.image

    @property
    def as_event(self):
        """The event behind this news row (fetched with ``select_related("eventpage")``)."""
        try:
            return self.eventpage
        except EventPage.DoesNotExist:
            return None


class EventPage(RoutablePageMixin, NewsPage):
    """A buyer–SIAE meeting, an information session…: a news item with a date and a place."""

    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    place = models.CharField(
        _("lieu"), max_length=200, help_text=_("Par exemple : Hôtel de la Métropole, salle 3.")
    )
    address = models.TextField(_("adresse"), blank=True)
    is_online = models.BooleanField(
        _("à distance"), default=False, help_text=_("Cochez si l'événement a lieu en ligne.")
    )
    registration_url = models.URLField(_("lien d'inscription"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("is_online"),
                FieldPanel("registration_url"),
            ],
            heading=_("Date, lieu et inscription"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        FieldPanel("tags"),
        *RelatedConventionMixin.related_convention_panels,
    ]
    search_fields = [
        *NewsPage.search_fields,
        index.SearchField("place"),
        index.SearchField("address"),
        index.FilterField("start"),
    ]

    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("La fin de l'événement doit suivre son début.")})

    @property
    def as_event(self):
        return self

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.now()

    @property
    def ics_url(self):
        return (self.url or "") + self.reverse_subpage("ics")

    # Wagtail's page URLs only allow letters, digits and dashes: the file name (``.ics``)
    # comes from the Content-Disposition header.
    @path("agenda/", name="ics")
    def ics(self, request):
        from home.news.calendar import event_calendar

        response = HttpResponse(
            event_calendar(self, request=request), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
