"""Read-only queries for the news section: listings, tags, upcoming events, latest items.

Every listing is a fixed number of queries whatever the number of items: events come with
their news row through ``select_related("eventpage")``, images with their renditions and
tags with one prefetch."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model

from home.news.models import NEWS_PER_PAGE, EventPage, NewsIndexPage, NewsPage, NewsPageTag

# The rendition used by news cards; prefetched so that cards cost no query each.
CARD_IMAGE_FILTER = "fill-480x270"


def _with_card_relations(queryset):
    """What a news card shows: image rendition, tags and, for news rows, the event behind."""
    images = get_image_model().objects.prefetch_renditions(CARD_IMAGE_FILTER)
    if queryset.model is NewsPage:
        queryset = queryset.select_related("eventpage")
    return queryset.prefetch_related(
        Prefetch("image", queryset=images),
        Prefetch("tagged_items", queryset=NewsPageTag.objects.select_related("tag")),
    )


def published_news(*, index=None):
    """Live, public news items (events included), newest first."""
    queryset = NewsPage.objects.live().public()
    if index is not None:
        queryset = queryset.child_of(index)
    return queryset.order_by("-date", "-first_published_at", "-pk")


def news_tags(*, index=None):
    """Tags used by at least one published news item, with the number of items."""
    news_ids = published_news(index=index).values("pk")
    return (
        Tag.objects.filter(home_newspagetag_items__content_object_id__in=news_ids)
        .annotate(item_count=Count("home_newspagetag_items", distinct=True))
        .order_by("name")
    )


class NewsListing:
    """A page of news items filtered by tag, with the tags to choose from."""

    def __init__(self, *, page, tags, active_tag, unknown_tag):
        self.page = page
        self.items = list(page.object_list)
        self.tags = tags
        self.active_tag = active_tag
        self.unknown_tag = unknown_tag

    @property
    def paginator(self):
        return self.page.paginator

    def canonical_path(self, index_url):
        """The index's URL with the active tag and page number only (no stray parameters)."""
        params = {}
        if self.active_tag is not None:
            params["etiquette"] = self.active_tag.slug
        if self.page.number > 1:
            params["page"] = self.page.number
        return f"{index_url}?{urlencode(params)}" if params else index_url


def news_listing(*, index, tag_slug="", page_number=None, per_page=NEWS_PER_PAGE):
    """The news items under ``index``, filtered by the tag slug (ignored when unknown)."""
    tags = list(news_tags(index=index))
    tag_slug = (tag_slug or "").strip()[:100]
    active_tag = next((tag for tag in tags if tag.slug == tag_slug), None)
    queryset = published_news(index=index)
    if active_tag is not None:
        queryset = queryset.filter(tagged_items__tag=active_tag)
    paginator = Paginator(_with_card_relations(queryset), per_page)
    page = paginator.get_page(page_number)
    return NewsListing(
        page=page, tags=tags, active_tag=active_tag, unknown_tag=bool(tag_slug) and not active_tag
    )


def latest_news(*, site=None, limit=3):
    """The newest published items of the site's news index, for the home page."""
    queryset = published_news()
    if site is not None:
        queryset = queryset.descendant_of(site.root_page)
    return list(_with_card_relations(queryset)[:limit])


def upcoming_events(*, index=None, limit=3, now=None):
    """Events that have not ended yet, soonest first."""
    now = now or timezone.now()
    queryset = EventPage.objects.live().public()
    if index is not None:
        queryset = queryset.child_of(index)
    queryset = queryset.filter(Q(end__gte=now) | Q(end__isnull=True, start__gte=now))
    return list(_with_card_relations(queryset.order_by("start", "pk"))[:limit])


def news_index_for_site(site):
    """The site's news index (there is at most one), or None."""
    if site is None:
        return None
    return NewsIndexPage.objects.live().public().descendant_of(site.root_page).first()
