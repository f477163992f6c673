import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opportunities.factories import OpportunityPageFactory
from opportunities.models import OpportunityPage
from opportunities.selectors import status_q, statuses_q
from opportunities.status import OpportunityStatus, Outcome, opportunity_status

D = datetime.date


@pytest.mark.parametrize(
    ("today", "outcome", "expected"),
    [
        (D(2026, 11, 30), "", OpportunityStatus.UPCOMING),
        (D(2026, 12, 1), "", OpportunityStatus.OPEN),  # publication day
        (D(2026, 12, 20), "", OpportunityStatus.OPEN),
        (D(2027, 1, 15), "", OpportunityStatus.OPEN),  # deadline day is still open
        (D(2027, 1, 16), "", OpportunityStatus.CLOSED),
        (D(2027, 1, 16), Outcome.AWARDED, OpportunityStatus.AWARDED),
        (D(2027, 3, 1), Outcome.UNSUCCESSFUL, OpportunityStatus.UNSUCCESSFUL),
        (D(2026, 12, 20), Outcome.AWARDED, OpportunityStatus.OPEN),  # dates win
    ],
)
def test_status_is_derived_from_the_dates_and_the_outcome(today, outcome, expected):
    assert opportunity_status(D(2026, 12, 1), D(2027, 1, 15), outcome, today) == expected


dates = st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 31))


@given(
    publication=dates,
    days=st.integers(1, 200),
    today=dates,
    outcome=st.sampled_from(["", *Outcome.values]),
)
def test_status_is_always_one_of_the_five(publication, days, today, outcome):
    status = opportunity_status(
        publication, publication + datetime.timedelta(days=days), outcome, today
    )
    assert status in OpportunityStatus.values


@pytest.mark.django_db
def test_page_status_follows_the_frozen_clock(index_page, today):
    page = OpportunityPageFactory(
        parent=index_page,
        publication_date=today + datetime.timedelta(days=3),
        deadline=today + datetime.timedelta(days=30),
    )
    assert page.status == OpportunityStatus.UPCOMING
    assert page.status_on(today + datetime.timedelta(days=31)) == OpportunityStatus.CLOSED
    assert not page.is_finished


@pytest.mark.django_db
def test_sql_status_filter_agrees_with_the_python_function(index_page):
    base = D(2026, 11, 25)
    specs = [
        (-30, -5, ""),
        (-30, -5, Outcome.AWARDED),
        (-30, -5, Outcome.UNSUCCESSFUL),
        (-10, 10, ""),
        (5, 30, ""),
        (0, 1, ""),
        (-1, 0, ""),
    ]
    for start, end, outcome in specs:
        page = OpportunityPageFactory(
            parent=index_page,
            publication_date=base + datetime.timedelta(days=start),
            deadline=base + datetime.timedelta(days=end),
        )
        OpportunityPage.objects.filter(pk=page.pk).update(outcome=outcome)
    pages = list(OpportunityPage.objects.all())
    for offset in range(-40, 41):
        today = base + datetime.timedelta(days=offset)
        for status in OpportunityStatus.values:
            in_sql = set(
                OpportunityPage.objects.filter(status_q(status, today)).values_list("pk", flat=True)
            )
            in_python = {
                page.pk
                for page in pages
                if opportunity_status(page.publication_date, page.deadline, page.outcome, today)
                == status
            }
            assert in_sql == in_python, (status, today)


@pytest.mark.django_db
def test_sql_filter_on_several_statuses_agrees_with_the_python_function(index_page):
    """``statuses_q`` (one condition on the deadline for both active statuses) selects
    exactly the opportunities whose status is one of those asked, for every combination."""
    import itertools

    base = D(2026, 11, 25)
    for start, end, outcome in [
        (-30, -5, ""),
        (-30, -5, Outcome.AWARDED),
        (-30, -5, Outcome.UNSUCCESSFUL),
        (-10, 10, ""),
        (5, 30, ""),
        (-1, 0, ""),
    ]:
        page = OpportunityPageFactory(
            parent=index_page,
            publication_date=base + datetime.timedelta(days=start),
            deadline=base + datetime.timedelta(days=end),
        )
        OpportunityPage.objects.filter(pk=page.pk).update(outcome=outcome)
    pages = list(OpportunityPage.objects.all())
    for offset in (-40, -6, -5, 0, 1, 5, 6, 11, 31):
        today = base + datetime.timedelta(days=offset)
        for size in range(1, len(OpportunityStatus.values) + 1):
            for statuses in itertools.combinations(OpportunityStatus.values, size):
                in_sql = set(
                    OpportunityPage.objects.filter(statuses_q(statuses, today)).values_list(
                        "pk", flat=True
                    )
                )
                in_python = {
                    page.pk
                    for page in pages
                    if opportunity_status(page.publication_date, page.deadline, page.outcome, today)
                    in statuses
                }
                assert in_sql == in_python, (statuses, today)
