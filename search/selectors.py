"""Site search: query normalisation, editor-promoted results and paginated results across
every registered source (pages, opportunities, structures…)."""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string, parse_query_string

from search.registry import SearchHit, search_sources

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
_SPACES = re.compile(r"\s+")


def _is_noise(char):
    category = unicodedata.category(char)
    return (
        category[0] == "C"  # control (NUL…), format, surrogate, private use, unassigned
        or category in {"So", "Sk"}  # pictographs, emoji modifiers, U+FFFD
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors (emoji presentation)
    )


def normalise_query(raw):
    """A query safe for every backend: printable, NFC, single spaces, at most 200 characters.

    Returns ``(query, truncated)``. Control and format characters (NUL included), lone
    surrogates, the replacement character left by invalid UTF-8 and pictographs (emoji, which
    no index holds) become spaces.
    """
    if not isinstance(raw, str):
        raw = ""
    text = "".join(" " if _is_noise(char) else char for char in raw)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return text, truncated


def _backend_query(query):
    """Phrases between double quotes are kept; unbalanced quotes are ignored."""
    if query.count('"') % 2:
        query = query.replace('"', " ")
    _filters, parsed = parse_query_string(query, operator="and")
    return parsed


def promoted_hits(query, *, request):
    """Results that editors promoted for this exact query (Wagtail search promotions)."""
    key = normalise_query_string(query)
    if not key:
        return [], []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=key)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    hits, page_ids = [], []
    for promotion in promotions:
        page = promotion.page
        if page is not None:
            if not page.live:
                continue
            page_ids.append(page.pk)
            url = page.get_url(request) or ""
            summary = promotion.description or page.search_description
        else:
            url = promotion.external_link_url
            summary = promotion.description
        if url:
            hits.append(
                SearchHit(
                    title=promotion.title or url,
                    url=url,
                    type_label="",
                    summary=summary or "",
                    is_promoted=True,
                )
            )
    return hits, page_ids


class ChainedResults:
    """Search results of several sources, one after the other, sliceable for a Paginator."""

    def __init__(self, parts):
        self.parts = parts  # [(source, results, count)]

    def count(self):
        return sum(count for _source, _results, count in self.parts)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("ChainedResults only supports slices")
        start, stop = index.start or 0, index.stop
        picked = []
        offset = 0
        for source, results, count in self.parts:
            if stop is not None and offset >= stop:
                break
            local_start = max(start - offset, 0)
            local_stop = count if stop is None else min(stop - offset, count)
            if local_start < local_stop:
                picked.append((source, list(results[local_start:local_stop])))
            offset += count
        return picked


@dataclass
class Facet:
    key: str
    label: str
    count: int
    is_active: bool


@dataclass
class SearchOutcome:
    query: str = ""
    truncated: bool = False
    failed: bool = False
    promoted: list = field(default_factory=list)
    hits: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    active_source: str = ""
    page: PaginatorPage | None = None

    @property
    def total(self):
        return self.page.paginator.count if self.page is not None else 0


def site_search(*, raw_query, source_key="", page_number=None, request=None, per_page=None):
    """Run the site search; never raises: a failing backend gives ``failed=True``."""
    query, truncated = normalise_query(raw_query)
    outcome = SearchOutcome(query=query, truncated=truncated)
    if not query:
        return outcome
    try:
        _run(outcome, source_key, page_number, request, per_page or RESULTS_PER_PAGE)
    except Exception:
        logger.exception("Site search failed for a %d-character query", len(query))
        outcome.failed = True
        outcome.hits, outcome.facets, outcome.page = [], [], None
    return outcome


def _run(outcome, source_key, page_number, request, per_page):
    backend = get_search_backend()
    search_query = _backend_query(outcome.query)
    promoted, promoted_page_ids = promoted_hits(outcome.query, request=request)
    sources = search_sources.sources()
    keys = {source.key for source in sources}
    outcome.active_source = source_key if source_key in keys else ""

    parts = []
    for source in sources:
        queryset = source.queryset(request)
        if promoted_page_ids and issubclass(queryset.model, Page):
            queryset = queryset.exclude(pk__in=promoted_page_ids)
        results = backend.search(search_query, queryset)
        parts.append((source, results, results.count()))
    outcome.facets = [
        Facet(source.key, str(source.label), count, source.key == outcome.active_source)
        for source, _results, count in parts
    ]
    if outcome.active_source:
        parts = [part for part in parts if part[0].key == outcome.active_source]

    paginator = Paginator(ChainedResults(parts), per_page)
    outcome.page = paginator.get_page(page_number)
    if outcome.page.number == 1 and not outcome.active_source:
        outcome.promoted = promoted
    for source, objects in outcome.page.object_list:
        outcome.hits.extend(source.hits(objects, request=request))
