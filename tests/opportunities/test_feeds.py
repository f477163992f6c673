import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from opportunities.factories import OpportunityPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def feed_pages(index_page, today, marseille):
    insertion = OpportunityPageFactory(
        parent=index_page,
        title="Nettoyage des crèches",
        reference='=HYPERLINK("x")',
        place=marseille,
        deadline=today + 10 * DAY,
        deadline_time=datetime.time(12, 0),
        lots=[{"title": "Crèches", "clauses": ["insertion"], "insertion_hours": 1500}],
    )
    reserved = OpportunityPageFactory(
        parent=index_page,
        title="Entretien des jardins",
        nature="services",
        place=marseille,
        deadline=today + 20 * DAY,
        lots=[{"title": "Jardins", "clauses": ["reserve-siae"]}],
    )
    closed = OpportunityPageFactory(
        parent=index_page,
        title="Marché clos",
        publication_date=today - 40 * DAY,
        deadline=today - 2 * DAY,
    )
    return insertion, reserved, closed


def test_rss_is_valid_xml_with_the_list_filters(client, feed_pages):
    response = client.get("/opportunites/rss/?clause=insertion")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(  # noqa: S314 (our own feed)
        response.content
    )
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == ["Nettoyage des crèches"]
    item = items[0]
    assert item.findtext("link") == f"http://testserver{feed_pages[0].url}"
    assert "1\u202f500" in item.findtext("description")
    assert root.findtext("./channel/language") == "fr"


def test_rss_default_feed_leaves_closed_opportunities_out(client, feed_pages):
    root = ET.fromstring(  # noqa: S314 (our own feed)
        client.get("/opportunites/rss/").content
    )
    titles = [item.findtext("title") for item in root.findall("./channel/item")]
    assert titles == ["Nettoyage des crèches", "Entretien des jardins"]


def test_calendar_has_one_event_per_deadline(client, feed_pages, today):
    response = client.get("/opportunites/calendrier.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    timed, all_day = events
    assert str(timed["summary"]) == "Date limite : Nettoyage des crèches"
    start = timed.decoded("dtstart")
    assert start.hour == 12 and str(start.tzinfo) == "Europe/Paris"
    assert all_day.decoded("dtstart") == today + 20 * DAY
    assert str(timed["uid"]).startswith(f"opportunite-{feed_pages[0].pk}-")
    assert calendar.walk("VTIMEZONE")  # the Paris time zone is described
    assert str(timed["url"]).endswith(feed_pages[0].url)


def test_calendar_accepts_filters(client, feed_pages):
    calendar = Calendar.from_ical(client.get("/opportunites/calendrier.ics?reserve=siae").content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "Date limite : Entretien des jardins"
    ]


def test_csv_export(client, feed_pages):
    response = client.get("/opportunites/export.csv?statut=cloturee&statut=en-cours")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["titre"] for row in rows] == [
        "Nettoyage des crèches",
        "Entretien des jardins",
        "Marché clos",
    ]
    first = rows[0]
    assert first["heures_insertion"] == "1500"
    assert first["clauses"] == "Clause d'insertion"
    assert first["heure_limite"] == "12:00"
    assert first["commune"] == "Marseille"
    assert first["reference"].startswith("'=")  # no formula injection in spreadsheets
    assert rows[1]["reserve_a"] == "Réservé aux SIAE"
    assert rows[2]["statut"] == "Clôturée"


@pytest.mark.parametrize(
    "url", ["/opportunites/rss/", "/opportunites/calendrier.ics", "/opportunites/export.csv"]
)
def test_feeds_answer_400_with_a_french_explanation(client, feed_pages, url):
    response = client.get(f"{url}?clause=magie&secteur=inconnu")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Paramètres non valides" in body
    assert "« magie »" in body
    assert "« inconnu »" in body


def test_file_routes_only_exist_without_a_trailing_slash(client, feed_pages):
    assert client.get("/opportunites/calendrier.ics/").status_code == 404
    assert client.get("/autre/calendrier.ics").status_code == 404
