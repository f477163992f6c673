"""Reading opportunities: the filtered list and its facet counts, the rows of the feeds,
the detail of one opportunity with the structures that can help.

Filters run in SQL on the page table alone thanks to the denormalised columns
(``clause_types``, ``reserved_for``, ``sector_ids``, ``department_code``, ``region_code``,
``search_text``). Facet counts come from one extra query that reads those columns for the
searched opportunities; the counting itself is done in Python with the same rules
(``row_matches``), so a listing costs a constant number of queries whatever the data size.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _
from modelcluster.queryset import FakeQuerySet

from directory.models import Department, Region, Sector
from directory.text import normalise
from opportunities.choices import Nature
from opportunities.clauses import CLAUSE_SHORT_LABELS, ClauseType, Reservation
from opportunities.matching import LotNeed, Place, structures_for_lots
from opportunities.models import OpportunityPage
from opportunities.query import DeadlineWindow, OpportunityQuery, Sort
from opportunities.status import OpportunityStatus, Outcome, opportunity_status
from opportunities.summary import contains_token, unpack

MAX_SEARCH_WORDS = 8


# --- SQL filters --------------------------------------------------------------------------


def opportunity_queryset(index_page=None):
    """Live, public opportunities (under ``index_page`` when given)."""
    queryset = OpportunityPage.objects.live().public()
    if index_page is not None:
        queryset = queryset.descendant_of(index_page)
    return queryset


def search_words(text):
    return normalise(text).split()[:MAX_SEARCH_WORDS]


def status_q(status, today):
    """The SQL twin of ``opportunity_status``."""
    past = Q(deadline__lt=today)
    if status == OpportunityStatus.UPCOMING:
        return ~past & Q(publication_date__gt=today)
    if status == OpportunityStatus.OPEN:
        return ~past & Q(publication_date__lte=today)
    if status == OpportunityStatus.AWARDED:
        return past & Q(outcome=Outcome.AWARDED)
    if status == OpportunityStatus.UNSUCCESSFUL:
        return past & Q(outcome=Outcome.UNSUCCESSFUL)
    return past & ~Q(outcome__in=[Outcome.AWARDED, Outcome.UNSUCCESSFUL])


def window_bounds(window, today):
    """(first day, last day or None) of a deadline window."""
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    if window == DeadlineWindow.WEEK:
        return today, week_end
    if window == DeadlineWindow.MONTH:
        return today, month_end
    return month_end + datetime.timedelta(days=1), None


def _any(queries):
    combined = Q(pk__in=[])
    for query in queries:
        combined |= query
    return combined


def _reservation_q(reservation):
    if reservation == Reservation.ANY:
        return ~Q(reserved_for="")
    if reservation == Reservation.NONE:
        return Q(reserved_for="")
    return Q(reserved_for__contains=contains_token(reservation))


def filter_opportunities(queryset, query, today, *, sector_ids=None, skip=()):
    """Apply every filter of ``query`` (except the facets named in ``skip``).

    ``sector_ids`` maps the sector slugs of the query to their ids."""
    for word in search_words(query.q):
        queryset = queryset.filter(search_text__contains=f" {word}")
    if query.clauses and "clause" not in skip:
        queryset = queryset.filter(
            _any(Q(clause_types__contains=contains_token(value)) for value in query.clauses)
        )
    if query.reservations and "reserve" not in skip:
        queryset = queryset.filter(_any(_reservation_q(value) for value in query.reservations))
    if query.natures and "nature" not in skip:
        queryset = queryset.filter(nature__in=query.natures)
    if query.sectors and "secteur" not in skip:
        ids = [sector_ids[slug] for slug in query.sectors if slug in (sector_ids or {})]
        queryset = queryset.filter(_any(Q(sector_ids__contains=contains_token(pk)) for pk in ids))
    if query.regions and "region" not in skip:
        queryset = queryset.filter(region_code__in=query.regions)
    if query.departments and "departement" not in skip:
        queryset = queryset.filter(department_code__in=query.departments)
    if query.deadline_window and "echeance" not in skip:
        start, end = window_bounds(query.deadline_window, today)
        queryset = queryset.filter(deadline__gte=start)
        if end is not None:
            queryset = queryset.filter(deadline__lte=end)
    if "statut" not in skip:
        queryset = queryset.filter(
            _any(status_q(status, today) for status in query.effective_statuses)
        )
    return queryset


def order_opportunities(queryset, sort, today):
    if sort == Sort.PUBLICATION:
        return queryset.order_by("publication_date", "deadline", "title", "pk")
    if sort == Sort.RECENT:
        return queryset.order_by(F("first_published_at").desc(nulls_last=True), "pk")
    if sort == Sort.HOURS:
        return queryset.order_by("-total_insertion_hours", "deadline", "title", "pk")
    # Soonest deadline first; past deadlines (closed, awarded…) after, most recent first.
    return queryset.annotate(
        _is_past=Case(
            When(deadline__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by(
        "_is_past",
        Case(When(deadline__gte=today, then=F("deadline"))).asc(nulls_last=True),
        F("deadline").desc(),
        F("deadline_time").asc(nulls_last=True),
        "title",
        "pk",
    )


# --- Facets -------------------------------------------------------------------------------


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    options: list
    multiple: bool = True

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)


@dataclass(frozen=True)
class Row:
    """The columns of one opportunity that the facets look at."""

    nature: str
    clauses: frozenset
    reservations: frozenset
    sector_ids: frozenset
    department_code: str
    region_code: str
    status: str
    deadline: datetime.date


ROW_COLUMNS = (
    "nature",
    "clause_types",
    "reserved_for",
    "sector_ids",
    "department_code",
    "region_code",
    "publication_date",
    "deadline",
    "outcome",
)


def _row(values, today):
    nature, clauses, reserved, sectors, department, region, publication, deadline, outcome = values
    return Row(
        nature=nature,
        clauses=frozenset(unpack(clauses)),
        reservations=frozenset(unpack(reserved)),
        sector_ids=frozenset(int(pk) for pk in unpack(sectors) if pk.isdigit()),
        department_code=department,
        region_code=region,
        status=opportunity_status(publication, deadline, outcome, today),
        deadline=deadline,
    )


def _in_window(row, window, today):
    start, end = window_bounds(window, today)
    return row.deadline >= start and (end is None or row.deadline <= end)


def _reservation_matches(row, value):
    if value == Reservation.ANY:
        return bool(row.reservations)
    if value == Reservation.NONE:
        return not row.reservations
    return value in row.reservations


FACET_TESTS = {
    "clause": lambda row, value, today: value in row.clauses,
    "reserve": lambda row, value, today: _reservation_matches(row, value),
    "nature": lambda row, value, today: row.nature == value,
    "secteur": lambda row, value, today: value in row.sector_ids,
    "region": lambda row, value, today: row.region_code == value,
    "departement": lambda row, value, today: row.department_code == value,
    "echeance": lambda row, value, today: _in_window(row, value, today),
    "statut": lambda row, value, today: row.status == value,
}


def _selected(query, sector_ids):
    """The values chosen for each facet, in the form ``FACET_TESTS`` compares."""
    return {
        "clause": query.clauses,
        "reserve": query.reservations,
        "nature": query.natures,
        "secteur": tuple(sector_ids[slug] for slug in query.sectors if slug in sector_ids),
        "region": query.regions,
        "departement": query.departments,
        "echeance": (query.deadline_window,) if query.deadline_window else (),
        "statut": query.effective_statuses,
    }


def row_matches(row, selected, today, skip=None):
    """Python twin of ``filter_opportunities`` (the search words excepted)."""
    for name, values in selected.items():
        if name == skip or not values:
            continue
        test = FACET_TESTS[name]
        if not any(test(row, value, today) for value in values):
            return False
    return True


def count_facet_values(rows, selected, today):
    """For each facet, how many opportunities each value would give, the other facets'
    filters being kept (so that ticking one more box in a facet adds, never hides)."""
    counts = {name: {} for name in FACET_TESTS}
    candidate_values = {
        "clause": ClauseType.values,
        "reserve": Reservation.values,
        "nature": Nature.values,
        "echeance": [value for value, _label in DeadlineWindow.choices],
        "statut": OpportunityStatus.values,
    }
    for row in rows:
        for name, test in FACET_TESTS.items():
            if not row_matches(row, selected, today, skip=name):
                continue
            if name == "secteur":
                values = row.sector_ids
            elif name == "region":
                values = (row.region_code,)
            elif name == "departement":
                values = (row.department_code,)
            else:
                values = [value for value in candidate_values[name] if test(row, value, today)]
            bucket = counts[name]
            for value in values:
                if value in (None, ""):
                    continue
                bucket[value] = bucket.get(value, 0) + 1
    return counts


# --- The listing --------------------------------------------------------------------------


@dataclass
class Resolved:
    """The query checked against the database: unknown sectors and places dropped."""

    query: OpportunityQuery
    sector_ids: dict
    errors: list = field(default_factory=list)


def resolve_query(query):
    """Drop sectors, regions and departments that do not exist (with a French message).
    At most one query per kind of value present in the query string."""
    from dataclasses import replace

    errors = []
    sector_ids = {}
    if query.sectors:
        sector_ids = dict(Sector.objects.filter(slug__in=query.sectors).values_list("slug", "pk"))
    kept_regions = query.regions
    if query.regions:
        existing = set(Region.objects.filter(code__in=query.regions).values_list("code", flat=True))
        kept_regions = tuple(code for code in query.regions if code in existing)
    kept_departments = query.departments
    if query.departments:
        existing = set(
            Department.objects.filter(code__in=query.departments).values_list("code", flat=True)
        )
        kept_departments = tuple(code for code in query.departments if code in existing)
    for label, asked, kept in (
        (_("secteur"), query.sectors, tuple(sector_ids)),
        (_("région"), query.regions, kept_regions),
        (_("département"), query.departments, kept_departments),
    ):
        for value in asked:
            if value not in kept:
                errors.append(
                    _(
                        "Le filtre « %(label)s » ne connaît pas la valeur « %(value)s » : elle a "
                        "été ignorée."
                    )
                    % {"label": label, "value": value}
                )
    query = replace(
        query,
        sectors=tuple(slug for slug in query.sectors if slug in sector_ids),
        regions=kept_regions,
        departments=kept_departments,
    )
    return Resolved(query=query, sector_ids=sector_ids, errors=errors)


def matching_opportunities(resolved, today, *, index_page=None, base=None):
    """Filtered and ordered queryset: used by the list, the feeds, the export and alerts."""
    queryset = base if base is not None else opportunity_queryset(index_page)
    queryset = filter_opportunities(queryset, resolved.query, today, sector_ids=resolved.sector_ids)
    return order_opportunities(queryset, resolved.query.sort, today).select_related(
        "buyer", "place", "facilitator"
    )


@dataclass
class OpportunityListing:
    query: OpportunityQuery
    page: object
    paginator: Paginator
    facets: list
    errors: list


def _facets(query, counts, sector_ids, labels):
    def options(name, choices, selected_values):
        bucket = counts[name]
        result = []
        for value, label in choices:
            count = bucket.get(value, 0)
            selected = value in selected_values
            if count or selected or name in {"clause", "reserve", "nature", "echeance", "statut"}:
                result.append(FacetOption(str(value), str(label), count, selected))
        return result

    sector_slugs = {pk: slug for slug, pk in labels["sector_slugs"].items()}
    sector_choices = [
        (sector_slugs[pk], name)
        for pk, name in sorted(labels["sectors"].items(), key=lambda item: item[1])
        if pk in sector_slugs
    ]
    sector_counts = {
        sector_slugs[pk]: count for pk, count in counts["secteur"].items() if pk in sector_slugs
    }
    counts = {**counts, "secteur": sector_counts}
    return [
        Facet(
            "clause",
            _("Type de clause"),
            options(
                "clause", [(c.value, CLAUSE_SHORT_LABELS[c]) for c in ClauseType], query.clauses
            ),
        ),
        Facet(
            "reserve",
            _("Marché réservé"),
            options("reserve", Reservation.choices, query.reservations),
        ),
        Facet("nature", _("Nature"), options("nature", Nature.choices, query.natures)),
        Facet("secteur", _("Secteur"), options("secteur", sector_choices, query.sectors)),
        Facet(
            "region",
            _("Région"),
            options("region", sorted(labels["regions"].items(), key=lambda i: i[1]), query.regions),
        ),
        Facet(
            "departement",
            _("Département"),
            options("departement", sorted(labels["departments"].items()), query.departments),
        ),
        Facet(
            "echeance",
            _("Date limite"),
            options(
                "echeance",
                DeadlineWindow.choices,
                (query.deadline_window,) if query.deadline_window else (),
            ),
            multiple=False,
        ),
        Facet(
            "statut",
            _("Statut"),
            options("statut", OpportunityStatus.choices, query.effective_statuses),
        ),
    ]


def _facet_labels(counts, query, sector_ids):
    """Names of the sectors, regions and departments shown in the facets (3 queries)."""
    wanted_sectors = set(counts["secteur"]) | set(sector_ids.values())
    sector_rows = Sector.objects.filter(pk__in=wanted_sectors).values_list("pk", "slug", "name")
    sectors, sector_slugs = {}, {}
    for pk, slug, name in sector_rows:
        sectors[pk] = name
        sector_slugs[slug] = pk
    region_codes = set(counts["region"]) | set(query.regions)
    regions = dict(Region.objects.filter(code__in=region_codes).values_list("code", "name"))
    department_codes = set(counts["departement"]) | set(query.departments)
    departments = {
        code: f"{name} ({code})"
        for code, name in Department.objects.filter(code__in=department_codes).values_list(
            "code", "name"
        )
    }
    return {
        "sectors": sectors,
        "sector_slugs": sector_slugs,
        "regions": regions,
        "departments": departments,
    }


def opportunity_listing(parsed, today, *, index_page=None, per_page=20):
    """Everything the list page shows, in a constant number of queries."""
    resolved = resolve_query(parsed.query)
    query = resolved.query
    base = opportunity_queryset(index_page)

    searched = base
    for word in search_words(query.q):
        searched = searched.filter(search_text__contains=f" {word}")
    rows = [_row(values, today) for values in searched.values_list(*ROW_COLUMNS)]
    selected = _selected(query, resolved.sector_ids)
    counts = count_facet_values(rows, selected, today)
    labels = _facet_labels(counts, query, resolved.sector_ids)

    results = matching_opportunities(resolved, today, base=base)
    paginator = Paginator(results, per_page)
    page = paginator.get_page(query.page)
    return OpportunityListing(
        query=query,
        page=page,
        paginator=paginator,
        facets=_facets(query, counts, resolved.sector_ids, labels),
        errors=[*parsed.errors, *resolved.errors],
    )


# --- One opportunity ----------------------------------------------------------------------


def opportunity_lots(page):
    """The lots with their sectors (one query), also for an unsaved preview."""
    lots = page.lots.all()
    if isinstance(lots, FakeQuerySet):  # a preview: the lots and their sectors are in memory
        return list(lots)
    return list(lots.prefetch_related("sectors"))


def opportunity_detail(page):
    """Lots, their helpers from the directory and the status, for the opportunity page."""
    lots = opportunity_lots(page)
    place = Place.of_commune(page.place if page.place_id else None)
    needs = [
        LotNeed(
            key=index,
            clauses=tuple(lot.clauses or ()),
            sector_ids=frozenset(sector.pk for sector in lot.sectors.all()),
        )
        for index, lot in enumerate(lots)
    ]
    helpers = structures_for_lots(needs, place)
    return {
        "lots_with_helpers": [(lot, helpers[index]) for index, lot in enumerate(lots)],
        "opportunity_status": page.status,
    }
