"""The RSS 2.0 feed of the news section (``/actualites/rss/``), events included."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from home.news.selectors import published_news

FEED_SIZE = 20


class NewsFeed(Feed):
    def __init__(self, *, index):
        super().__init__()
        self.index = index
        self.request = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        site = Site.find_for_request(self.request)
        site_name = site.site_name if site and site.site_name else ""
        return f"{index.title} — {site_name}" if site_name else index.title

    def link(self, index):
        return index.get_url(self.request)

    def description(self, index):
        return index.feed_description or index.intro or index.title

    def feed_url(self, index):
        return index.get_url(self.request) + index.reverse_subpage("news_feed")

    def items(self, index):
        return list(
            published_news(index=index)
            .select_related("eventpage")
            .prefetch_related("tagged_items__tag")[:FEED_SIZE]
        )

    def item_title(self, item):
        event = item.as_event
        if event is None:
            return item.title
        return _("%(title)s — le %(date)s") % {
            "title": item.title,
            "date": date_format(timezone.localtime(event.start), "j F Y"),
        }

    def item_description(self, item):
        event = item.as_event
        if event is None:
            return item.intro
        return _("%(intro)s\n\nLieu : %(place)s") % {"intro": item.intro, "place": event.place}

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(8, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]
