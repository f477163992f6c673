"""Date arithmetic for conventions: terms, tacit renewals and the last day to give notice.

A convention starts on ``start``, runs for terms of ``duration_months`` and, when tacitly
renewed, starts a new term on each anniversary until a party gives notice. Notice must be
given at least ``notice_months`` before the end of the current term ("au minimum trois mois
avant la fin de la période de validité en cours"). Months are added from the start date each
time (never term after term) so that a 31st does not drift to the 28th.
"""

import calendar
import datetime
from dataclasses import dataclass

# Renewal dates are searched this many terms ahead at most: enough for any notice period
# shorter than ten years, and the loop stays bounded whatever the data.
MAX_TERMS_AHEAD = 120


def add_months(day, months):
    """``day`` moved by ``months`` (negative allowed), clamped to the end of shorter months."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


@dataclass(frozen=True)
class ConventionSchedule:
    start: datetime.date
    has_started: bool
    has_ended: bool
    current_term_start: datetime.date | None
    current_term_end: datetime.date | None
    # Next tacit renewal after today (None without tacit renewal or once renewals are used up).
    next_renewal: datetime.date | None
    # The nearest notice deadline that is not past yet, and the renewal it prevents.
    notice_deadline: datetime.date | None
    notice_renewal: datetime.date | None
    # Date on which the convention ends for good, when it is known.
    final_end: datetime.date | None

    @property
    def next_renewal_notice_passed(self):
        """True when it is too late to prevent the very next renewal."""
        return bool(self.next_renewal and self.notice_renewal != self.next_renewal)


def term_start(start, duration_months, index):
    return add_months(start, index * duration_months)


def notice_deadline_for(renewal, notice_months):
    """The last day on which notice still runs its full course before the term ends.

    Months are counted as French law does (article 641 of the Code de procédure civile):
    a period of n months started on day d ends on the same day n months later, or on the last
    day of that month when it has no such day. Notice given on day d is in time when that
    end falls on the last day of the term at the latest."""
    one_day = datetime.timedelta(days=1)
    term_end = renewal - one_day
    deadline = add_months(term_end, -notice_months)
    # Month-end clamping can leave a few more valid days: take the last one.
    while add_months(deadline + one_day, notice_months) <= term_end:
        deadline += one_day
    return deadline


def compute_schedule(
    *,
    start,
    duration_months,
    today,
    tacit_renewal=False,
    max_renewals=None,
    notice_months=0,
):
    """Where a convention stands on ``today``: current term, next renewal, notice deadline."""
    if duration_months < 1:
        raise ValueError("duration_months must be at least 1")
    notice_months = max(notice_months or 0, 0)
    if not tacit_renewal:
        max_terms = 1
    elif max_renewals is None:
        max_terms = None
    else:
        max_terms = 1 + max_renewals
    final_end = (
        term_start(start, duration_months, max_terms) - datetime.timedelta(days=1)
        if max_terms is not None
        else None
    )

    if today < start:
        index = 0
        has_started = False
    else:
        has_started = True
        # Jump close to the right term, then adjust for the clamping of month ends.
        months_elapsed = (today.year - start.year) * 12 + (today.month - start.month)
        index = max(months_elapsed // duration_months - 1, 0)
        while term_start(start, duration_months, index + 1) <= today:
            index += 1

    has_ended = max_terms is not None and index >= max_terms
    if has_ended:
        return ConventionSchedule(
            start=start,
            has_started=has_started,
            has_ended=True,
            current_term_start=None,
            current_term_end=None,
            next_renewal=None,
            notice_deadline=None,
            notice_renewal=None,
            final_end=final_end,
        )

    current_start = term_start(start, duration_months, index)
    current_end = term_start(start, duration_months, index + 1) - datetime.timedelta(days=1)

    def renews_at(term_index):
        return max_terms is None or term_index < max_terms

    next_renewal = term_start(start, duration_months, index + 1) if renews_at(index + 1) else None
    notice_deadline = notice_renewal = None
    term_index = index + 1
    while renews_at(term_index) and term_index <= index + MAX_TERMS_AHEAD:
        renewal = term_start(start, duration_months, term_index)
        deadline = notice_deadline_for(renewal, notice_months)
        if deadline >= today:
            notice_deadline, notice_renewal = deadline, renewal
            break
        term_index += 1

    return ConventionSchedule(
        start=start,
        has_started=has_started,
        has_ended=False,
        current_term_start=current_start if has_started else None,
        current_term_end=current_end,
        next_renewal=next_renewal,
        notice_deadline=notice_deadline,
        notice_renewal=notice_renewal,
        final_end=final_end,
    )
