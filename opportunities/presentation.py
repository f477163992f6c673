"""Links and wording the list page builds from a query: pagination, removable filters,
feed addresses and the saved search described in words."""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.dates import MONTHS
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from opportunities.choices import Nature
from opportunities.clauses import CLAUSE_SHORT_LABELS
from opportunities.models import CLAUSE_FLAGS
from opportunities.selectors import group_digits
from opportunities.status import OpportunityStatus, opportunity_status
from portal.records import TemplateRecord

# The columns a list card shows, read with ``values()`` (no model instances to build).
CARD_COLUMNS = (
    "pk",
    "title",
    "slug",
    "summary",
    "nature",
    "publication_date",
    "deadline",
    "outcome",
    "total_insertion_hours",
    "lot_count",
    "department_code",
    "buyer__name",
    "place__name",
    *CLAUSE_FLAGS.values(),
)


@dataclass(frozen=True)
class OpportunityCard(TemplateRecord):
    """One opportunity of the list, ready to print (twenty per page, twenty values each: the
    dates and hours come already written out)."""

    pk: int
    title: str
    url: str
    buyer: str
    nature: str
    summary: str
    status: str
    status_label: str
    badges: tuple
    publication_date: datetime.date
    deadline: datetime.date
    publication_text: str
    deadline_text: str
    place: str
    department_code: str
    total_insertion_hours: int
    lot_count: int
    publication_iso: str = ""
    deadline_iso: str = ""
    hours_text: str = ""  # "1 200" (as ``fr_number``), "" without hours


@functools.lru_cache(maxsize=8)
def card_labels(language):
    """Translated labels of the cards, looked up once per language."""
    return {
        "months": ["", *(str(MONTHS[number]) for number in range(1, 13))],
        "natures": {value: str(label) for value, label in Nature.choices},
        "statuses": {value: str(label) for value, label in OpportunityStatus.choices},
        "clauses": {clause.value: str(label) for clause, label in CLAUSE_SHORT_LABELS.items()},
    }


def opportunity_cards(rows, *, parent_url, today):
    """Cards from ``values(*CARD_COLUMNS)`` rows; every opportunity is a child of the list
    page, so its address is the list's address plus its slug."""
    labels = card_labels(get_language())
    months, natures, statuses = labels["months"], labels["natures"], labels["statuses"]
    short = labels["clauses"]

    def french_date(day):  # "3 décembre 2026", as the date filter with "j F Y"
        return f"{day.day} {months[day.month]} {day.year}"

    cards = []
    for row in rows:
        status = opportunity_status(row["publication_date"], row["deadline"], row["outcome"], today)
        cards.append(
            OpportunityCard(
                pk=row["pk"],
                title=row["title"],
                url=f"{parent_url}{row['slug']}/",
                buyer=row["buyer__name"] or "",
                nature=natures.get(row["nature"], ""),
                summary=Truncator(row["summary"]).words(40),
                status=str(status),
                status_label=statuses[status],
                badges=tuple(
                    short[clause.value] for clause, flag in CLAUSE_FLAGS.items() if row[flag]
                ),
                publication_date=row["publication_date"],
                deadline=row["deadline"],
                publication_text=french_date(row["publication_date"]),
                deadline_text=french_date(row["deadline"]),
                place=row["place__name"] or "",
                department_code=row["department_code"],
                total_insertion_hours=row["total_insertion_hours"],
                lot_count=row["lot_count"],
                publication_iso=row["publication_date"].isoformat(),
                deadline_iso=row["deadline"].isoformat(),
                hours_text=group_digits(hours) if (hours := row["total_insertion_hours"]) else "",
            )
        )
    return cards


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
