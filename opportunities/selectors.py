"""Reading opportunities: the filtered list and its facet counts, the rows of the feeds,
the detail of one opportunity with the structures that can help.

Filters run in SQL on the page table thanks to denormalised columns kept by
``OpportunityPage.save``: one boolean per clause type (``CLAUSE_FLAGS``), ``is_reserved``,
``department_code``, ``region_code``, ``search_text``, and the ``OpportunitySector`` rows;
status and deadline window are conditions on the dates.

Facet counts are "disjunctive": the count next to a value says how many opportunities the
list would show with that value ticked, the other facets' filters being kept. The facets
without a filter of their own are counted on the results by grouped queries (nature,
places and clauses; sectors; deadlines); each facet with a filter is counted again
without it. A listing costs a handful of queries whatever the number of opportunities,
and the database does the counting. The counts are cached until a page changes
(``cached_facet_counts``).
"""

import datetime
import functools
import hashlib
import time
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modelcluster.queryset import FakeQuerySet

from directory.text import normalise
from opportunities.choices import Nature
from opportunities.clauses import CLAUSE_SHORT_LABELS, ClauseType, Reservation
from opportunities.matching import LotNeed, Place, structures_for_lots
from opportunities.models import (
    CLAUSE_FLAGS,
    RESERVATION_FLAGS,
    OpportunityPage,
    OpportunitySector,
)
from opportunities.query import DeadlineWindow, OpportunityQuery, Sort
from opportunities.status import ACTIVE_STATUSES, FINISHED_STATUSES, OpportunityStatus, Outcome
from opportunities.vocabulary import load_vocabulary

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


# Among opportunities past their deadline, what tells the finished statuses apart.
FINISHED_OUTCOME_Q = {
    OpportunityStatus.AWARDED: Q(outcome=Outcome.AWARDED),
    OpportunityStatus.UNSUCCESSFUL: Q(outcome=Outcome.UNSUCCESSFUL),
    OpportunityStatus.CLOSED: ~Q(outcome__in=[Outcome.AWARDED, Outcome.UNSUCCESSFUL]),
}


def status_q(status, today):
    """The SQL twin of ``opportunity_status``."""
    past = Q(deadline__lt=today)
    if status == OpportunityStatus.UPCOMING:
        return ~past & Q(publication_date__gt=today)
    if status == OpportunityStatus.OPEN:
        return ~past & Q(publication_date__lte=today)
    return past & FINISHED_OUTCOME_Q[OpportunityStatus(status)]


def statuses_q(statuses, today):
    """Any of ``statuses``, written so that the deadline index answers it in order: both
    active statuses together are "deadline not passed" (the publication date is always set),
    the finished ones "deadline passed" and, unless all three are asked, an outcome."""
    statuses = set(statuses)
    active = [status for status in ACTIVE_STATUSES if status in statuses]
    finished = [status for status in FINISHED_STATUSES if status in statuses]
    conditions = []
    if len(active) == len(ACTIVE_STATUSES):
        conditions.append(Q(deadline__gte=today))
    else:
        conditions += [status_q(status, today) for status in active]
    if len(finished) == len(FINISHED_STATUSES):
        conditions.append(Q(deadline__lt=today))
    elif finished:
        conditions.append(
            Q(deadline__lt=today) & _any(FINISHED_OUTCOME_Q[status] for status in finished)
        )
    return _any(conditions) if len(conditions) != 1 else conditions[0]


def window_bounds(window, today):
    """(first day, last day or None) of a deadline window: the next 7 days, the next
    30 days, or after that."""
    week_end = today + datetime.timedelta(days=DeadlineWindow.WEEK_DAYS)
    month_end = today + datetime.timedelta(days=DeadlineWindow.MONTH_DAYS)
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


def _clause_q(clause):
    return Q(**{CLAUSE_FLAGS[ClauseType(clause)]: True})


def _reservation_q(reservation):
    if reservation == Reservation.ANY:
        return Q(is_reserved=True)
    if reservation == Reservation.NONE:
        return Q(is_reserved=False)
    return Q(**{RESERVATION_FLAGS[Reservation(reservation)]: True})


def _sectors_q(sector_pks):
    return Q(
        Exists(
            OpportunitySector.objects.filter(opportunity=OuterRef("pk"), sector_id__in=sector_pks)
        )
    )


def filter_opportunities(queryset, query, today, *, sector_ids=None, skip=()):
    """Apply every filter of ``query`` (except the facets named in ``skip``).

    ``sector_ids`` maps the sector slugs of the query to their ids."""
    for word in search_words(query.q):
        queryset = queryset.filter(search_text__contains=f" {word}")
    if query.clauses and "clause" not in skip:
        queryset = queryset.filter(_any(_clause_q(value) for value in query.clauses))
    if query.reservations and "reserve" not in skip:
        queryset = queryset.filter(_any(_reservation_q(value) for value in query.reservations))
    if query.natures and "nature" not in skip:
        queryset = queryset.filter(nature__in=query.natures)
    if query.sectors and "secteur" not in skip:
        ids = [sector_ids[slug] for slug in query.sectors if slug in (sector_ids or {})]
        queryset = queryset.filter(_sectors_q(ids))
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
        queryset = queryset.filter(statuses_q(query.effective_statuses, today))
    return queryset


def order_opportunities(queryset, sort, today, *, only_active=False, only_finished=False):
    """``only_active`` / ``only_finished``: every row is known to be before / past its deadline,
    so the deadline order needs no condition (and the deadline index serves it)."""
    if sort == Sort.PUBLICATION:
        return queryset.order_by("publication_date", "deadline", "title", "pk")
    if sort == Sort.RECENT:
        return queryset.order_by(F("first_published_at").desc(nulls_last=True), "pk")
    if sort == Sort.HOURS:
        return queryset.order_by("-total_insertion_hours", "deadline", "title", "pk")
    # Soonest deadline first; past deadlines (closed, awarded…) after, most recent first.
    if only_active:
        return queryset.order_by("deadline", F("deadline_time").asc(nulls_last=True), "title", "pk")
    if only_finished:
        return queryset.order_by(
            F("deadline").desc(), F("deadline_time").asc(nulls_last=True), "title", "pk"
        )
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


# --- The query checked against the database -----------------------------------------------


@dataclass
class Resolved:
    """The query with unknown sectors, regions and departments dropped."""

    query: OpportunityQuery
    sector_ids: dict
    errors: list = field(default_factory=list)


def resolve_query(query, vocabulary=None):
    """Drop sectors, regions and departments that do not exist, with a French message."""
    vocabulary = vocabulary or load_vocabulary()
    sector_ids = {
        slug: vocabulary["sector_by_slug"][slug]
        for slug in query.sectors
        if slug in vocabulary["sector_by_slug"]
    }
    regions = tuple(code for code in query.regions if code in vocabulary["regions"])
    departments = tuple(code for code in query.departments if code in vocabulary["departments"])
    errors = []
    for label, asked, kept in (
        (_("secteur"), query.sectors, sector_ids),
        (_("région"), query.regions, regions),
        (_("département"), query.departments, departments),
    ):
        for value in asked:
            if value not in kept:
                errors.append(
                    _(
                        "Le filtre « %(label)s » ne connaît pas la valeur « %(value)s » : elle "
                        "a été ignorée."
                    )
                    % {"label": label, "value": value}
                )
    query = replace(
        query,
        sectors=tuple(slug for slug in query.sectors if slug in sector_ids),
        regions=regions,
        departments=departments,
    )
    return Resolved(query=query, sector_ids=sector_ids, errors=errors)


def matching_opportunities(resolved, today, *, index_page=None, base=None):
    """Filtered and ordered queryset: used by the list, the feeds, the export and alerts."""
    queryset = base if base is not None else opportunity_queryset(index_page)
    queryset = filter_opportunities(queryset, resolved.query, today, sector_ids=resolved.sector_ids)
    statuses = set(resolved.query.effective_statuses)
    return order_opportunities(
        queryset,
        resolved.query.sort,
        today,
        only_active=statuses <= set(ACTIVE_STATUSES),
        only_finished=statuses <= set(FINISHED_STATUSES),
    ).select_related("buyer", "place", "facilitator")


# --- Facets -------------------------------------------------------------------------------


def _chosen(query):
    return {
        "clause": query.clauses,
        "reserve": query.reservations,
        "nature": query.natures,
        "secteur": query.sectors,
        "region": query.regions,
        "departement": query.departments,
        "echeance": query.deadline_window,
        "statut": query.effective_statuses,  # always filtered: active ones by default
    }


# The columns each facet is counted from (sectors are counted on their own table, the
# deadline windows from the deadlines grouped, the statuses with conditional counts).
FACET_GROUP_COLUMNS = {
    "nature": ("nature",),
    "region": ("region_code",),
    "departement": ("department_code",),
    "clause": tuple(CLAUSE_FLAGS.values()),
    "reserve": tuple(RESERVATION_FLAGS.values()),
}


def _grouped(queryset, columns):
    """One row per combination of ``columns`` values, with its number of opportunities."""
    return list(queryset.order_by().values_list(*columns).annotate(n=Count("pk")))


def _add(bucket, value, number):
    bucket[value] = bucket.get(value, 0) + number


def count_groups(rows, columns, names):
    """Counts of the facets ``names`` from rows grouped by ``columns`` (see ``_grouped``)."""
    position = {column: index for index, column in enumerate(columns)}
    counts = {name: {} for name in names}
    single = [
        (counts[name], position[FACET_GROUP_COLUMNS[name][0]])
        for name in names
        if name not in {"clause", "reserve"}
    ]
    clauses = [(c.value, position[f]) for c, f in CLAUSE_FLAGS.items()] if "clause" in names else []
    reserve = counts.get("reserve")
    reservations = (
        [(r.value, position[f]) for r, f in RESERVATION_FLAGS.items()]
        if reserve is not None
        else []
    )
    clause_bucket = counts.get("clause")
    for row in rows:
        number = row[-1]
        for bucket, index in single:
            value = row[index]
            if value:
                bucket[value] = bucket.get(value, 0) + number
        for value, index in clauses:
            if row[index]:
                clause_bucket[value] = clause_bucket.get(value, 0) + number
        if reserve is not None:
            reserved = False
            for value, index in reservations:
                if row[index]:
                    reserved = True
                    reserve[value] = reserve.get(value, 0) + number
            key = Reservation.ANY.value if reserved else Reservation.NONE.value
            reserve[key] = reserve.get(key, 0) + number
    return counts


def _count_windows(queryset, today):
    """Opportunities per deadline window, from the deadlines grouped in SQL."""
    bounds = {value: window_bounds(value, today) for value, _label in DeadlineWindow.choices}
    counts = {}
    for deadline, number in _grouped(queryset, ("deadline",)):
        for value, (start, end) in bounds.items():
            if deadline >= start and (end is None or deadline <= end):
                _add(counts, value, number)
    return counts


def _count_statuses(queryset, today):
    aggregates = {
        status.value: Count("pk", filter=status_q(status, today)) for status in OpportunityStatus
    }
    return {
        key: value for key, value in queryset.order_by().aggregate(**aggregates).items() if value
    }


def _count_sectors(queryset):
    """Opportunities per sector (grouped in SQL on the ``OpportunitySector`` rows)."""
    rows = (
        OpportunitySector.objects.filter(opportunity__in=queryset.order_by().values("pk"))
        .values_list("sector_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _count_one(queryset, name, today):
    if name == "secteur":
        return _count_sectors(queryset)
    if name == "echeance":
        return _count_windows(queryset, today)
    if name == "statut":
        return _count_statuses(queryset, today)
    columns = FACET_GROUP_COLUMNS[name]
    return count_groups(_grouped(queryset, columns), columns, [name])[name]


def facet_counts(base, resolved, today):
    """(number of results, counts per facet).

    The facets without a filter of their own are counted on the results: one grouped query
    for nature, places and clauses (its sum is the number of results), one for sectors,
    one for deadlines. Each facet with a filter (the status always has one) is counted
    again without it, with one query reading only that facet."""
    query = resolved.query
    chosen = _chosen(query)

    def filtered(skip=()):
        return filter_opportunities(base, query, today, sector_ids=resolved.sector_ids, skip=skip)

    results = filtered()
    columns = tuple(dict.fromkeys(c for cols in FACET_GROUP_COLUMNS.values() for c in cols))
    rows = _grouped(results, columns)
    total = sum(row[-1] for row in rows)
    free = [name for name in chosen if not chosen[name]]
    counts = count_groups(rows, columns, [name for name in free if name in FACET_GROUP_COLUMNS])
    for name in chosen:
        if name in counts:
            continue
        source = results if name in free else filtered(skip={name})
        counts[name] = _count_one(source, name, today) if total or name not in free else {}
    return total, counts


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    # Ready for the template (a listing renders about a hundred options).
    input_id: str = ""
    checked: bool = False
    count_text: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list
    multiple: bool = True

    @property
    def selected_count(self):
        return sum(1 for option in self.options if option.selected)

    @property
    def input_type(self):
        return "checkbox" if self.multiple else "radio"


def group_digits(number):
    """12345 -> "12 345" (narrow no-break space, as ``fr_number``), without the cost of
    ``number_format`` on a hundred options."""
    return f"{number:,}".replace(",", "\u202f")


ALWAYS_SHOWN = frozenset({"clause", "reserve", "nature", "echeance", "statut"})


@functools.lru_cache(maxsize=8)
def fixed_choices(language):
    """The choices of the facets that do not come from the database, their labels translated
    once per language (``language`` is the cache key)."""
    return {
        "clause": [(clause.value, str(CLAUSE_SHORT_LABELS[clause])) for clause in ClauseType],
        "reserve": [(value, str(label)) for value, label in Reservation.choices],
        "nature": [(value, str(label)) for value, label in Nature.choices],
        "echeance": [(value, str(label)) for value, label in DeadlineWindow.choices],
        "statut": [(value, str(label)) for value, label in OpportunityStatus.choices],
    }


def build_facets(query, counts, vocabulary):
    def options(name, choices, selected_values):
        bucket = counts[name]
        # Default statuses are "selected" but not ticked: no box means the default.
        tickable = name != "statut" or bool(query.statuses)
        result = []
        for value, label in choices:
            count = bucket.get(value, 0)
            selected = value in selected_values
            if count or selected or name in ALWAYS_SHOWN:
                result.append(
                    FacetOption(
                        value=str(value),
                        label=str(label),
                        count=count,
                        selected=selected,
                        input_id=f"f-{name}-{value}",
                        checked=selected and tickable,
                        count_text=group_digits(count),
                    )
                )
        return result

    slug_of = vocabulary["sector_slug"]
    sector_choices = [
        (slug_of[pk], name) for pk, name in vocabulary["sector_name"].items() if pk in slug_of
    ]
    sector_counts = {slug_of[pk]: n for pk, n in counts["secteur"].items() if pk in slug_of}
    department_choices = [
        (code, f"{name} ({code})") for code, name in vocabulary["departments"].items()
    ]
    counts = {**counts, "secteur": sector_counts}
    window = (query.deadline_window,) if query.deadline_window else ()
    fixed = fixed_choices(get_language())
    return [
        Facet("clause", _("Type de clause"), options("clause", fixed["clause"], query.clauses)),
        Facet(
            "reserve",
            _("Marché réservé"),
            options("reserve", fixed["reserve"], query.reservations),
        ),
        Facet("nature", _("Nature"), options("nature", fixed["nature"], query.natures)),
        Facet("secteur", _("Secteur"), options("secteur", sector_choices, query.sectors)),
        Facet(
            "region",
            _("Région"),
            options("region", list(vocabulary["regions"].items()), query.regions),
        ),
        Facet(
            "departement",
            _("Département"),
            options("departement", department_choices, query.departments),
        ),
        Facet(
            "echeance",
            _("Date limite"),
            options("echeance", fixed["echeance"], window),
            multiple=False,
        ),
        Facet(
            "statut",
            _("Statut"),
            options("statut", fixed["statut"], query.effective_statuses),
        ),
    ]


# --- The listing --------------------------------------------------------------------------

VERSION_KEY = "opportunities:listing-version"
FACETS_TIMEOUT = 600


def listing_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def forget_facet_counts(**kwargs):
    """Invalidate every cached facet count (signal handler, or after bulk updates)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), None)


class CountedPaginator(Paginator):
    """A paginator told the number of results (already known from the facet query)."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


@dataclass
class OpportunityListing:
    query: OpportunityQuery
    page: object
    paginator: Paginator
    facets: list
    errors: list


def cached_facet_counts(base, resolved, today, index_page):
    """``facet_counts`` kept in the cache until an opportunity (or any page) is published,
    unpublished, moved or deleted, or a view restriction changes (see ``signals``)."""
    filters = resolved.query.filters_querystring()
    digest = hashlib.sha256(filters.encode()).hexdigest()[:32]
    index_id = index_page.pk if index_page is not None else 0
    key = f"opportunities:facets:{listing_version()}:{index_id}:{today.isoformat()}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = facet_counts(base, resolved, today)
        cache.set(key, cached, FACETS_TIMEOUT)
    return cached


def opportunity_listing(parsed, today, *, index_page=None, per_page=20):
    """Everything the list page shows, in a constant number of queries: view restrictions,
    the facet counts (a few grouped queries, or none when cached) and the page of results."""
    vocabulary = load_vocabulary()
    resolved = resolve_query(parsed.query, vocabulary)
    query = resolved.query
    base = opportunity_queryset(index_page)
    total, counts = cached_facet_counts(base, resolved, today, index_page)
    results = matching_opportunities(resolved, today, base=base)
    paginator = CountedPaginator(results, per_page, count=total)
    page = paginator.get_page(query.page)
    return OpportunityListing(
        query=query,
        page=page,
        paginator=paginator,
        facets=build_facets(query, counts, vocabulary),
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
            sector_group_ids=frozenset(sector.group_id for sector in lot.sectors.all()),
        )
        for index, lot in enumerate(lots)
    ]
    helpers = structures_for_lots(needs, place)
    return {
        "lots_with_helpers": [(lot, helpers[index]) for index, lot in enumerate(lots)],
        "opportunity_status": page.status,
    }
