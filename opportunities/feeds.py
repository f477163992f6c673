"""The list's feeds and export, built from the same filtered queryset as the list:
RSS 2.0, iCalendar (one event per deadline) and CSV.

Every opportunity is a child of the list page, so its address is the list's address plus
its slug; the French wording is prepared once per document (``Wording``), not per item."""

import csv
import datetime
import io
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.utils import feedgenerator, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from opportunities.choices import Nature, Procedure
from opportunities.clauses import CLAUSE_SHORT_LABELS, Reservation
from opportunities.status import OpportunityStatus, opportunity_status

RSS_LIMIT = 100
CALENDAR_LIMIT = 500
CSV_LIMIT = 10_000


def group_digits(number):
    return f"{number:,}".replace(",", "\u202f")


class Wording:
    """Translated labels and formats, looked up once per document."""

    def __init__(self, parent_url, today=None):
        self.parent_url = parent_url
        self.today = today or timezone.localdate()

    @cached_property
    def months(self):
        return ["", *(str(MONTHS[number]) for number in range(1, 13))]

    @cached_property
    def natures(self):
        return {value: str(label) for value, label in Nature.choices}

    @cached_property
    def procedures(self):
        return {value: str(label) for value, label in Procedure.choices}

    @cached_property
    def statuses(self):
        return {value: str(label) for value, label in OpportunityStatus.choices}

    @cached_property
    def clauses(self):
        return {clause.value: str(label) for clause, label in CLAUSE_SHORT_LABELS.items()}

    @cached_property
    def reservations(self):
        return {value: str(label) for value, label in Reservation.choices}

    @cached_property
    def templates(self):
        return {
            "buyer": _("Acheteur : %(name)s"),
            "deadline": _("Date limite de remise des offres : %(date)s"),
            "clauses": _("Clauses : %(clauses)s"),
            "hours": _("Heures d'insertion : %(hours)s"),
            "event": _("Date limite : %(title)s"),
        }

    def url(self, page):
        return f"{self.parent_url}{page.slug}/"

    def date(self, day):
        return f"{day.day} {self.months[day.month]} {day.year}"

    def clause_text(self, page):
        return ", ".join(self.clauses[value] for value in page.clause_list)

    def description(self, page):
        templates = self.templates
        parts = [page.summary]
        if page.buyer:
            parts.append(templates["buyer"] % {"name": page.buyer.name})
        parts.append(templates["deadline"] % {"date": self.date(page.deadline)})
        if page.clause_list:
            parts.append(templates["clauses"] % {"clauses": self.clause_text(page)})
        if page.total_insertion_hours:
            parts.append(templates["hours"] % {"hours": group_digits(page.total_insertion_hours)})
        return "\n".join(parts)

    def status(self, page):
        status = opportunity_status(page.publication_date, page.deadline, page.outcome, self.today)
        return self.statuses[status]


def rss_document(*, opportunities, title, link, description, feed_url, wording):
    feed = feedgenerator.Rss201rev2Feed(
        title=title,
        link=link,
        description=description,
        language="fr",
        feed_url=feed_url,
    )
    for page in opportunities[:RSS_LIMIT]:
        published = page.first_published_at or timezone.now()
        url = wording.url(page)
        feed.add_item(
            title=page.title,
            link=url,
            description=wording.description(page),
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=published,
            updateddate=page.last_published_at or published,
            categories=[
                wording.natures.get(page.nature, ""),
                *(wording.clauses[value] for value in page.clause_list),
            ],
            author_name=page.buyer.name if page.buyer else None,
        )
    return feed.writeString("utf-8")


def calendar_document(*, opportunities, name, host, wording):
    """One event per deadline (the soonest ``CALENDAR_LIMIT``): all-day, or at the deadline
    time (Paris time) when known."""
    calendar = Calendar()
    calendar.add("prodid", "-//Portail des achats inclusifs//Opportunités//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    event_title = wording.templates["event"]
    for page in opportunities[:CALENDAR_LIMIT]:
        event = Event()
        event.add("uid", f"opportunite-{page.pk}-date-limite@{host}")
        event.add("dtstamp", now)
        event.add("summary", event_title % {"title": page.title})
        if page.deadline_time:
            start = datetime.datetime.combine(page.deadline, page.deadline_time, tzinfo=paris)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=30))
        else:
            event.add("dtstart", page.deadline)
            event.add("dtend", page.deadline + datetime.timedelta(days=1))
        url = wording.url(page)
        event.add("url", url)
        event.add("description", f"{wording.description(page)}\n{url}")
        if page.place:
            event.add("location", page.place.name)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


CSV_HEADER = [
    "reference",
    "titre",
    "acheteur",
    "nature",
    "procedure",
    "statut",
    "commune",
    "departement",
    "region",
    "publication_prevue",
    "date_limite",
    "heure_limite",
    "debut_execution",
    "duree_mois",
    "montant_min_ht",
    "montant_max_ht",
    "clauses",
    "reserve_a",
    "heures_insertion",
    "nombre_lots",
    "codes_cpv",
    "facilitateur",
    "facilitateur_courriel",
    "dossier_consultation",
    "adresse",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text cells that a spreadsheet could run as a formula are prefixed with a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def csv_document(*, opportunities, wording):
    """CSV (UTF-8 with BOM, semicolon-separated, as French spreadsheets expect)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for page in opportunities[:CSV_LIMIT]:
        place = page.place
        facilitator = page.facilitator
        writer.writerow(
            [
                _cell(value)
                for value in (
                    page.reference,
                    page.title,
                    page.buyer.name if page.buyer else "",
                    wording.natures.get(page.nature, ""),
                    wording.procedures.get(page.procedure, ""),
                    wording.status(page),
                    place.name if place else "",
                    page.department_code,
                    page.region_code,
                    page.publication_date.isoformat(),
                    page.deadline.isoformat(),
                    page.deadline_time.strftime("%H:%M") if page.deadline_time else "",
                    page.execution_start.isoformat() if page.execution_start else "",
                    page.duration_months,
                    page.amount_min,
                    page.amount_max,
                    wording.clause_text(page),
                    ", ".join(wording.reservations[value] for value in page.reservation_list),
                    page.total_insertion_hours,
                    page.lot_count,
                    page.cpv_codes,
                    facilitator.name if facilitator else "",
                    facilitator.email if facilitator else "",
                    page.documents_url,
                    wording.url(page),
                )
            ]
        )
    return buffer.getvalue()
