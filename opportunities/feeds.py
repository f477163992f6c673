"""The list's feeds and export, built from the same filtered queryset as the list:
RSS 2.0, iCalendar (one event per deadline) and CSV."""

import csv
import datetime
import io
import zoneinfo

from django.conf import settings
from django.utils import feedgenerator, timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from opportunities.choices import Nature, Procedure
from opportunities.clauses import CLAUSE_SHORT_LABELS, ClauseType, Reservation

RSS_LIMIT = 100
CALENDAR_LIMIT = 1000
CSV_LIMIT = 10_000


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _clauses_text(page):
    return ", ".join(str(CLAUSE_SHORT_LABELS[ClauseType(value)]) for value in page.clause_list)


def page_url(page, request):
    return page.get_full_url(request)


def _item_description(page):
    parts = [page.summary]
    if page.buyer:
        parts.append(_("Acheteur : %(name)s") % {"name": page.buyer.name})
    parts.append(
        _("Date limite de remise des offres : %(date)s")
        % {"date": date_format(page.deadline, "j F Y")}
    )
    if page.clause_list:
        parts.append(_("Clauses : %(clauses)s") % {"clauses": _clauses_text(page)})
    if page.total_insertion_hours:
        parts.append(
            _("Heures d'insertion : %(hours)s")
            % {"hours": number_format(page.total_insertion_hours, force_grouping=True)}
        )
    return "\n".join(parts)


def rss_document(*, opportunities, title, link, description, feed_url, request):
    feed = feedgenerator.Rss201rev2Feed(
        title=title,
        link=link,
        description=description,
        language="fr",
        feed_url=feed_url,
    )
    for page in opportunities[:RSS_LIMIT]:
        published = page.first_published_at or timezone.now()
        feed.add_item(
            title=page.title,
            link=page_url(page, request),
            description=_item_description(page),
            unique_id=page_url(page, request),
            unique_id_is_permalink=True,
            pubdate=published,
            updateddate=page.last_published_at or published,
            categories=[
                _label(Nature, page.nature),
                *[str(CLAUSE_SHORT_LABELS[ClauseType(v)]) for v in page.clause_list],
            ],
            author_name=page.buyer.name if page.buyer else None,
        )
    return feed.writeString("utf-8")


def calendar_document(*, opportunities, name, host, request):
    """One event per deadline: all-day, or at the deadline time (Paris time) when known."""
    calendar = Calendar()
    calendar.add("prodid", "-//Portail des achats inclusifs//Opportunités//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    paris = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    for page in opportunities[:CALENDAR_LIMIT]:
        event = Event()
        event.add("uid", f"opportunite-{page.pk}-date-limite@{host}")
        event.add("dtstamp", now)
        event.add("summary", _("Date limite : %(title)s") % {"title": page.title})
        if page.deadline_time:
            start = datetime.datetime.combine(page.deadline, page.deadline_time, tzinfo=paris)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=30))
        else:
            event.add("dtstart", page.deadline)
            event.add("dtend", page.deadline + datetime.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        url = page_url(page, request)
        event.add("url", url)
        event.add("description", f"{_item_description(page)}\n{url}")
        if page.place:
            event.add("location", page.place.name)
        event.add("categories", [_("Marchés publics"), _label(Nature, page.nature)])
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


def csv_document(*, opportunities, request):
    """CSV (UTF-8 with BOM, semicolon-separated, as French spreadsheets expect)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for page in opportunities[:CSV_LIMIT]:
        place = page.place
        writer.writerow(
            [
                _cell(value)
                for value in (
                    page.reference,
                    page.title,
                    page.buyer.name if page.buyer else "",
                    _label(Nature, page.nature),
                    _label(Procedure, page.procedure) if page.procedure else "",
                    str(page.status.label),
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
                    _clauses_text(page),
                    ", ".join(str(Reservation(value).label) for value in page.reservation_list),
                    page.total_insertion_hours,
                    page.lot_count,
                    page.cpv_codes,
                    page.facilitator.name if page.facilitator else "",
                    page.facilitator.email if page.facilitator else "",
                    page.documents_url,
                    page_url(page, request),
                )
            ]
        )
    return buffer.getvalue()
