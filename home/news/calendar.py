"""iCalendar (RFC 5545) export of an event, built with the ``icalendar`` package."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Portail des achats inclusifs//Evenements//FR"


def event_uid(event, *, host):
    """A stable identifier: the same event keeps its UID across downloads and edits."""
    return f"evenement-{event.pk}@{host or 'portail'}"


def event_calendar(event, *, request=None):
    """The event as a one-event VCALENDAR, serialised to bytes."""
    host = request.get_host() if request is not None else ""
    url = event.get_full_url(request)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    vevent = Event()
    vevent.add("uid", event_uid(event, host=host))
    vevent.add("dtstamp", event.last_published_at or timezone.now())
    vevent.add("dtstart", event.start.astimezone(datetime.UTC))
    if event.end:
        vevent.add("dtend", event.end.astimezone(datetime.UTC))
    vevent.add("summary", event.title)
    location = ", ".join(part for part in [event.place, " ".join(event.address.split())] if part)
    if location:
        vevent.add("location", location)
    description = [event.intro]
    if event.registration_url:
        description.append(_("Inscription : %(url)s") % {"url": event.registration_url})
    if url:
        description.append(url)
        vevent.add("url", url)
    vevent.add("description", "\n\n".join(part for part in description if part))
    calendar.add_component(vevent)
    return calendar.to_ical()
