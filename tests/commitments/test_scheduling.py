"""Convention terms, tacit renewals and the last day to give notice."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments.scheduling import add_months, compute_schedule

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 1), 12, D(2026, 1, 1)),
        (D(2025, 1, 1), -3, D(2024, 10, 1)),
        (D(2025, 5, 31), -3, D(2025, 2, 28)),
        (D(2025, 12, 15), 1, D(2026, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_yearly_tacit_renewal_with_three_months_notice():
    """The State–Métropole pattern: one year, renewed tacitly, three months' notice."""
    schedule = compute_schedule(
        start=D(2025, 1, 1),
        duration_months=12,
        today=D(2025, 6, 15),
        tacit_renewal=True,
        notice_months=3,
    )
    assert schedule.current_term_start == D(2025, 1, 1)
    assert schedule.current_term_end == D(2025, 12, 31)
    assert schedule.next_renewal == D(2026, 1, 1)
    assert schedule.notice_deadline == D(2025, 9, 30)
    assert schedule.notice_renewal == D(2026, 1, 1)
    assert not schedule.next_renewal_notice_passed
    assert schedule.final_end is None


def test_notice_deadline_is_the_last_day_included():
    kwargs = {
        "start": D(2025, 1, 1),
        "duration_months": 12,
        "tacit_renewal": True,
        "notice_months": 3,
    }
    assert compute_schedule(today=D(2025, 9, 30), **kwargs).notice_deadline == D(2025, 9, 30)
    late = compute_schedule(today=D(2025, 10, 1), **kwargs)
    assert late.next_renewal == D(2026, 1, 1)
    assert late.next_renewal_notice_passed
    assert late.notice_deadline == D(2026, 9, 30)
    assert late.notice_renewal == D(2027, 1, 1)


def test_renewal_day_starts_a_new_term():
    schedule = compute_schedule(
        start=D(2025, 1, 1),
        duration_months=12,
        today=D(2026, 1, 1),
        tacit_renewal=True,
        notice_months=3,
    )
    assert schedule.current_term_start == D(2026, 1, 1)
    assert schedule.next_renewal == D(2027, 1, 1)


def test_end_of_month_start_does_not_drift():
    schedule = compute_schedule(
        start=D(2024, 8, 31),
        duration_months=6,
        today=D(2025, 9, 1),
        tacit_renewal=True,
        notice_months=1,
    )
    # Terms start on 31 Aug, 28 Feb, 31 Aug... (never 28 Aug).
    assert schedule.current_term_start == D(2025, 8, 31)
    assert schedule.next_renewal == D(2026, 2, 28)
    assert schedule.notice_deadline == D(2026, 1, 27)


def test_without_tacit_renewal_the_convention_ends():
    kwargs = {
        "start": D(2025, 3, 1),
        "duration_months": 24,
        "tacit_renewal": False,
        "notice_months": 3,
    }
    running = compute_schedule(today=D(2025, 4, 1), **kwargs)
    assert running.next_renewal is None
    assert running.notice_deadline is None
    assert running.final_end == D(2027, 2, 28)
    ended = compute_schedule(today=D(2027, 3, 1), **kwargs)
    assert ended.has_ended
    assert ended.final_end == D(2027, 2, 28)


def test_limited_renewals():
    kwargs = {
        "start": D(2023, 1, 1),
        "duration_months": 12,
        "tacit_renewal": True,
        "max_renewals": 2,
        "notice_months": 3,
    }
    last_term = compute_schedule(today=D(2025, 2, 1), **kwargs)
    assert last_term.next_renewal is None
    assert last_term.notice_deadline is None
    assert last_term.final_end == D(2025, 12, 31)
    second = compute_schedule(today=D(2024, 11, 1), **kwargs)
    assert second.next_renewal == D(2025, 1, 1)
    assert second.notice_deadline is None  # too late for the last renewal, and no other


def test_notice_counted_like_article_641_at_month_ends():
    """Term ends on 28 February: with one month's notice, notice given on 31 January runs
    until 28 February (no 31 February), which is still in time."""
    schedule = compute_schedule(
        start=D(2024, 3, 1),
        duration_months=12,
        today=D(2024, 6, 1),
        tacit_renewal=True,
        notice_months=1,
    )
    assert schedule.next_renewal == D(2025, 3, 1)
    assert schedule.notice_deadline == D(2025, 1, 31)


def test_not_started_yet():
    schedule = compute_schedule(
        start=D(2026, 1, 1),
        duration_months=12,
        today=D(2025, 11, 1),
        tacit_renewal=True,
        notice_months=3,
    )
    assert not schedule.has_started
    assert schedule.current_term_start is None
    assert schedule.current_term_end == D(2026, 12, 31)
    assert schedule.next_renewal == D(2027, 1, 1)
    assert schedule.notice_deadline == D(2026, 9, 30)


def test_duration_must_be_positive():
    with pytest.raises(ValueError):
        compute_schedule(start=D(2025, 1, 1), duration_months=0, today=D(2025, 1, 1))


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31)),
    offset=st.integers(min_value=-400, max_value=6000),
    duration=st.integers(min_value=1, max_value=60),
    notice=st.integers(min_value=0, max_value=59),
    max_renewals=st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
)
def test_schedule_properties(start, offset, duration, notice, max_renewals):
    notice = notice % duration  # the page refuses a notice as long as a term
    today = start + datetime.timedelta(days=offset)
    schedule = compute_schedule(
        start=start,
        duration_months=duration,
        today=today,
        tacit_renewal=True,
        max_renewals=max_renewals,
        notice_months=notice,
    )
    if schedule.has_ended:
        assert schedule.final_end < today
        return
    if schedule.has_started:
        assert schedule.current_term_start <= today <= schedule.current_term_end
    assert schedule.current_term_end >= today
    if schedule.next_renewal:
        assert schedule.next_renewal == schedule.current_term_end + datetime.timedelta(days=1)
        assert schedule.next_renewal > today
    if schedule.notice_deadline:
        assert today <= schedule.notice_deadline < schedule.notice_renewal
        assert schedule.notice_renewal >= schedule.next_renewal
        # Notice given on the deadline runs its full course before the term ends...
        term_end = schedule.notice_renewal - datetime.timedelta(days=1)
        assert add_months(schedule.notice_deadline, notice) <= term_end
        # ...and it is the last such day: the day after is too late.
        day_after = schedule.notice_deadline + datetime.timedelta(days=1)
        assert add_months(day_after, notice) > term_end
    if schedule.final_end:
        assert schedule.final_end >= schedule.current_term_end
