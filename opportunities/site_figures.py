"""The opportunities' figures for the home page and the key figures page, one aggregate
query each. Registered with the site's registry by ``opportunities/key_figures.py``.

"Open" means not finished: the consultation is to come or in progress (deadline not passed)."""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone

from opportunities.choices import Nature
from opportunities.clauses import CLAUSE_SHORT_LABELS
from opportunities.models import OpportunityPage
from opportunities.models.pages import CLAUSE_FLAGS


def _live():
    return OpportunityPage.objects.live().public()


def _open(today=None):
    return _live().filter(deadline__gte=today or timezone.localdate())


def open_count(today=None):
    return _open(today).count()


def open_insertion_hours(today=None):
    return _open(today).aggregate(total=Sum("total_insertion_hours"))["total"] or 0


def _month_starts(today, before=6, after=5):
    """First days of the months from ``before`` months ago to ``after`` months ahead."""
    year, month = today.year, today.month
    index = year * 12 + (month - 1)
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - before, index + after + 1)]


def by_month(today=None):
    """Opportunities by month of (expected) publication of the consultation, twelve months
    around today, zeros included, oldest first."""
    months = _month_starts(today or timezone.localdate())
    rows = (
        _live()
        .filter(publication_date__gte=months[0])
        .annotate(month=TruncMonth("publication_date"))
        .values("month")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts = {row["month"]: row["total"] for row in rows}
    return [(formats.date_format(month, "F Y"), counts.get(month, 0)) for month in months]


def by_clause_type():
    """Live opportunities carrying each clause type (an opportunity may count several times)."""
    totals = _live().aggregate(
        **{flag: Count("pk", filter=Q(**{flag: True})) for flag in CLAUSE_FLAGS.values()}
    )
    return [
        (str(CLAUSE_SHORT_LABELS[clause]), totals[flag]) for clause, flag in CLAUSE_FLAGS.items()
    ]


def insertion_hours_by_contract_nature():
    rows = dict(
        _live().values_list("nature").annotate(total=Sum("total_insertion_hours")).order_by()
    )
    return [(str(nature.label), rows.get(nature.value) or 0) for nature in Nature]


def upcoming(limit, today=None):
    """The next open opportunities by deadline, with their buyer, in one query."""
    return list(_open(today).select_related("buyer").order_by("deadline", "pk")[:limit])
