"""The registry of searchable sources for the site search (``/recherche/``).

The site's pages are searched by default. Other apps add their own sources — pages they want
listed under their own heading (opportunities) or non-page models (directory structures) —
in a module named ``search_sources.py``, imported automatically at start-up::

    # directory/search_sources.py
    from search.registry import SearchHit, SearchSource, search_sources

    def structure_hits(structures, *, request):
        return [
            SearchHit(
                title=s.name,
                url=s.get_absolute_url(),
                type_label=s.kind.name,      # shown as the result's type
                summary=s.summary,
            )
            for s in structures
        ]

    search_sources.register(
        SearchSource(
            key="structures",                 # value of ?type= in the URL
            label=_("Structures"),
            get_queryset=lambda request: Structure.objects.published().select_related("kind"),
            to_hits=structure_hits,
            order=20,
        )
    )

The model must be indexed (``wagtail.search.index.Indexed`` with ``search_fields``). A source
over a page model (``OpportunityPage``) needs no ``to_hits``: its pages are described like any
page and leave the generic "Pages" source.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site


@dataclass(frozen=True)
class SearchHit:
    """One result as the template shows it, whatever its model."""

    title: str
    url: str
    type_label: str
    summary: str = ""
    meta: str = ""
    is_promoted: bool = False


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: str
    get_queryset: Callable[[Any], Any]
    to_hits: Callable[..., list[SearchHit]] | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)

    def queryset(self, request):
        return self.get_queryset(request)

    def hits(self, objects, *, request):
        if self.to_hits is not None:
            return self.to_hits(objects, request=request)
        return page_hits(objects, request=request)


def _describe_page(page):
    if hasattr(page, "get_meta_description"):
        return page.get_meta_description() or ""
    return page.search_description or ""


def page_hits(pages, *, request):
    """Hits for any pages: type from the page model, summary from its meta description."""
    ids = [page.pk for page in pages]
    specific = Page.objects.filter(pk__in=ids).defer_streamfields().specific().in_bulk()
    hits = []
    for page in pages:
        page = specific.get(page.pk, page)
        hits.append(
            SearchHit(
                title=page.title,
                url=page.get_url(request) or "",
                type_label=str(page.specific_class._meta.verbose_name).capitalize()
                if page.specific_class
                else str(_("Page")),
                summary=_describe_page(page),
            )
        )
    return hits


class SearchRegistry:
    PAGES_KEY = "pages"

    def __init__(self):
        self._sources = {}

    def register(self, source):
        if source.key == self.PAGES_KEY:
            raise ValueError(f"{self.PAGES_KEY!r} is the built-in source of the site's pages.")
        self._sources[source.key] = source
        return source

    def unregister(self, key):
        self._sources.pop(key, None)

    @contextlib.contextmanager
    def temporarily(self, source):
        """Register ``source`` for a ``with`` block, then restore what was there (tests)."""
        previous = self._sources.get(source.key)
        self.register(source)
        try:
            yield source
        finally:
            if previous is None:
                self.unregister(source.key)
            else:
                self._sources[source.key] = previous

    def sources(self):
        """Registered sources, then the site's other pages, in display order."""
        extra = sorted(self._sources.values(), key=lambda source: (source.order, source.key))
        return [*extra, self._pages_source(extra)]

    def _pages_source(self, extra):
        def get_queryset(request):
            claimed = [
                model
                for source in extra
                if issubclass(model := source.queryset(request).model, Page) and model is not Page
            ]
            site = Site.find_for_request(request) if request is not None else None
            queryset = Page.objects.live().public().exclude(depth=1)
            if site is not None:
                queryset = queryset.descendant_of(site.root_page, inclusive=True)
            if claimed:
                queryset = queryset.not_type(*claimed)
            return queryset

        return SearchSource(
            key=self.PAGES_KEY, label=_("Pages du site"), get_queryset=get_queryset, order=1000
        )


search_sources = SearchRegistry()
