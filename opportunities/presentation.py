"""Links and wording the list page builds from a query: pagination, removable filters,
feed addresses and the saved search described in words."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False
    gap: bool = False


def pagination_links(page_obj, query, *, window=2):
    """Numbered page links (first, last, current ± window, "…" gaps), keeping the filters."""
    paginator = page_obj.paginator
    current = page_obj.number
    numbers = sorted(
        {
            1,
            paginator.num_pages,
            *range(max(1, current - window), min(paginator.num_pages, current + window) + 1),
        }
    )
    links, previous = [], None
    for number in numbers:
        if previous is not None and number - previous > 1:
            links.append(Link(label="…", url="", gap=True))
        links.append(
            Link(label=str(number), url=page_url(query, number), current=number == current)
        )
        previous = number
    return links


def page_url(query, number):
    qs = query.with_page(number).querystring()
    return f"?{qs}" if qs else "?"


@dataclass(frozen=True)
class ActiveFilter:
    facet_label: str
    label: str
    remove_url: str


def active_filters(query, facets):
    """Each chosen filter value with a link that removes it (the page resets to 1)."""
    params = query.params(include_page=False)
    chips = []
    if query.q:
        remaining = [(n, v) for n, v in params if n != "q"]
        chips.append(ActiveFilter(_("Recherche"), f"« {query.q} »", "?" + urlencode(remaining)))
    for facet in facets:
        for option in facet.options:
            if not option.selected or (facet.name, option.value) not in params:
                continue
            remaining = [pair for pair in params if pair != (facet.name, option.value)]
            chips.append(ActiveFilter(str(facet.label), option.label, "?" + urlencode(remaining)))
    return chips


def describe_filters(query, facets):
    """The saved search in words, one line per facet: "Type de clause : Réservé SIAE"."""
    lines = []
    if query.q:
        lines.append(_("Recherche : « %(q)s »") % {"q": query.q})
    for facet in facets:
        if facet.name == "statut" and not query.statuses:
            continue
        chosen = [option.label for option in facet.options if option.selected]
        if chosen:
            lines.append(f"{facet.label} : {', '.join(chosen)}")
    return lines or [_("Toutes les opportunités en cours et à venir")]
