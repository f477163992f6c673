"""News section: page-type rules, listing with tags and pagination, RSS feed, iCalendar."""

import datetime
import xml.etree.ElementTree as ET
from unittest import mock

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from wagtail.models import Page

from home.factories import EventPageFactory, NewsIndexPageFactory, NewsPageFactory
from home.models import EventPage, HomePage, NewsIndexPage, NewsPage
from home.news.selectors import news_listing, upcoming_events

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("model", "parents", "children"),
    [
        (NewsIndexPage, {HomePage}, {NewsPage, EventPage}),
        (NewsPage, {NewsIndexPage}, set()),
        (EventPage, {NewsIndexPage}, set()),
    ],
)
def test_page_type_rules(model, parents, children):
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


def test_news_index_is_a_singleton(news_index, home_page):
    assert NewsIndexPage.max_count == 1
    assert not NewsIndexPage.can_create_at(home_page)


def test_listing_is_paginated_newest_first(client, news_index):
    today = datetime.date(2026, 11, 22)
    for day in range(12):
        NewsPageFactory(
            parent=news_index,
            title=f"Nouvelle {day:02d}",
            date=today - datetime.timedelta(days=day),
        )
    first = client.get("/actualites/").content.decode()
    assert first.index("Nouvelle 00") < first.index("Nouvelle 09")
    assert "Nouvelle 10" not in first
    assert "12 actualités, page 1 sur 2" in first
    assert 'href="?page=2"' in first
    second = client.get("/actualites/?page=2").content.decode()
    assert "Nouvelle 10" in second and "Nouvelle 11" in second
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in second


def test_tag_filter_keeps_tag_in_pagination_links(client, news_index):
    for number in range(11):
        NewsPageFactory(parent=news_index, title=f"Marché réservé {number}", tags=["SIAE"])
    NewsPageFactory(parent=news_index, title="Sans rapport", tags=["Handicap"])
    html = client.get("/actualites/?etiquette=siae").content.decode()
    assert "Sans rapport" not in html
    assert "11 actualités" in html
    assert 'href="?etiquette=siae&amp;page=2"' in html
    assert "Actualités « SIAE »" in html
    # The tag list offers each tag with its count.
    assert 'Handicap <span class="facet-count">(1)</span>' in html


def test_unknown_tag_shows_everything_with_an_explanation(client, news_index):
    NewsPageFactory(parent=news_index, title="Une nouvelle")
    response = client.get("/actualites/?etiquette=n-existe-pas")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cette étiquette n'existe pas" in html
    assert "Une nouvelle" in html


def test_drafts_and_other_sections_are_not_listed(news_index):
    NewsPageFactory(parent=news_index, title="Publiée")
    draft = NewsPageFactory(parent=news_index, title="Brouillon")
    draft.unpublish()
    listing = news_listing(index=news_index)
    assert [item.title for item in listing.items] == ["Publiée"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tag=st.text(max_size=300), page=st.text(max_size=50))
def test_any_query_string_gets_a_page(client, news_index, tag, page):
    response = client.get("/actualites/", {"etiquette": tag, "page": page})
    assert response.status_code == 200


def test_listing_query_count_does_not_grow(client, news_index, django_assert_max_num_queries):
    def build(count):
        for number in range(count):
            factory = EventPageFactory if number % 3 == 0 else NewsPageFactory
            factory(
                parent=news_index,
                tags=["Rencontres", f"Tag {number}"],
                image=wagtail_factories.ImageFactory(),
                image_alt=f"Photo {number}",
            )

    build(2)
    client.get("/actualites/")  # warm the caches and create the renditions
    with CaptureQueriesContext(connection) as few:
        client.get("/actualites/")
    few_queries = len(few)  # read now: the next request resets the connection's query log
    build(9)
    client.get("/actualites/")  # renditions of the new images are created once
    with django_assert_max_num_queries(few_queries):
        response = client.get("/actualites/")
    assert response.status_code == 200
    assert 'alt="Photo 8"' in response.content.decode()


def test_events_share_the_listing_and_show_their_date(client, news_index):
    event = EventPageFactory(
        parent=news_index,
        title="Petit-déjeuner des acheteurs",
        start=datetime.datetime(2026, 12, 3, 8, 30, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 3, 10, 30, tzinfo=datetime.UTC),
    )
    html = client.get("/actualites/").content.decode()
    assert "Petit-déjeuner des acheteurs" in html
    # Paris time (UTC+1 in December).
    assert "jeudi 3 décembre 2026, 9 h 30" in html
    assert event.place in html


def test_upcoming_events_exclude_finished_ones(news_index):
    past = EventPageFactory(
        parent=news_index,
        start=NOW - datetime.timedelta(days=3),
        end=NOW - datetime.timedelta(days=3, hours=-2),
    )
    running = EventPageFactory(
        parent=news_index,
        start=NOW - datetime.timedelta(hours=1),
        end=NOW + datetime.timedelta(hours=1),
    )
    later = EventPageFactory(parent=news_index, start=NOW + datetime.timedelta(days=5), end=None)
    events = upcoming_events(index=news_index, now=NOW)
    assert [event.pk for event in events] == [running.pk, later.pk]
    assert past.pk not in [event.pk for event in events]


def test_event_end_must_follow_start(news_index):
    event = EventPageFactory.build(
        start=NOW, end=NOW - datetime.timedelta(hours=1), slug="evt", title="Évt"
    )
    with pytest.raises(ValidationError) as excinfo:
        event.clean()
    assert "end" in excinfo.value.message_dict


def test_news_page_renders_body_tags_and_share_meta(client, news_index):
    page = NewsPageFactory(
        parent=news_index,
        title="La charte a un an",
        intro="Vingt signataires et 40 000 heures.",
        tags=["Charte"],
    )
    html = client.get(page.url).content.decode()
    assert "<h1>La charte a un an</h1>" in html
    assert "Le texte de l'actualité." in html
    assert 'href="/actualites/?etiquette=charte"' in html
    assert '<meta property="article:tag" content="Charte">' in html


def test_event_page_offers_registration_and_calendar(client, news_index):
    event = EventPageFactory(parent=news_index, title="Réunion d'information")
    html = client.get(event.url).content.decode()
    assert 'href="https://example.org/inscription"' in html
    assert f'href="{event.url}agenda/"' in html
    assert "Cet événement a eu lieu" not in html


def test_past_event_hides_registration(client, news_index):
    event = EventPageFactory(
        parent=news_index,
        start=timezone.now() - datetime.timedelta(days=2),
        end=timezone.now() - datetime.timedelta(days=2, hours=-1),
    )
    html = client.get(event.url).content.decode()
    assert "Cet événement a eu lieu" in html
    assert "S'inscrire" not in html


def test_ics_download_is_valid_and_parses_back(client, news_index):
    event = EventPageFactory(
        parent=news_index,
        title="Rencontre acheteurs–SIAE du BTP",
        start=datetime.datetime(2026, 12, 8, 13, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2026, 12, 8, 16, 0, tzinfo=datetime.UTC),
        place="Cité des entreprises",
        address="12 rue du Port\n00000 Trois-Rivières",
    )
    response = client.get(event.ics_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Rencontre acheteurs–SIAE du BTP"
    assert vevent.decoded("dtstart") == event.start
    assert vevent.decoded("dtend") == event.end
    assert str(vevent["location"]) == "Cité des entreprises, 12 rue du Port 00000 Trois-Rivières"
    assert str(vevent["uid"]) == f"evenement-{event.pk}@testserver"
    assert str(vevent["url"]) == f"http://testserver{event.url}"
    assert "Inscription : https://example.org/inscription" in str(vevent["description"])


def test_ics_without_end_has_no_dtend(client, news_index):
    event = EventPageFactory(parent=news_index, end=None, registration_url="")
    vevent = Calendar.from_ical(client.get(event.ics_url).content).walk("VEVENT")[0]
    assert "DTEND" not in vevent
    assert "Inscription" not in str(vevent["description"])


def test_rss_feed_parses_back(client, news_index):
    NewsPageFactory(
        parent=news_index,
        title="Nouvelle charte",
        date=datetime.date(2026, 11, 20),
        tags=["Charte", "Acheteurs"],
    )
    EventPageFactory(
        parent=news_index,
        title="Forum de l'inclusion",
        date=datetime.date(2026, 11, 21),
        start=datetime.datetime(2026, 12, 10, 9, 0, tzinfo=datetime.UTC),
    )
    draft = NewsPageFactory(parent=news_index, title="Brouillon")
    draft.unpublish()
    response = client.get("/actualites/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    assert channel.findtext("link") == "http://testserver/actualites/"
    assert channel.findtext("language") == "fr"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Forum de l'inclusion — le 10 décembre 2026",
        "Nouvelle charte",
    ]
    charter = items[1]
    assert charter.findtext("link").startswith("http://testserver/actualites/")
    assert sorted(c.text for c in charter.findall("category")) == ["Acheteurs", "Charte"]
    assert charter.findtext("pubDate").startswith("Fri, 20 Nov 2026")


def test_index_advertises_its_feed(client, news_index):
    html = client.get("/actualites/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Actualités" '
        'href="/actualites/rss/">' in html
    )


def test_news_index_factory_can_be_built_in_a_fresh_tree(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    assert index.url == "/actualites/"
    assert Page.objects.get(pk=index.pk).specific_class is NewsIndexPage


def test_upcoming_events_uses_now_by_default(news_index):
    event = EventPageFactory(parent=news_index, start=NOW + datetime.timedelta(days=1))
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        assert [e.pk for e in upcoming_events(index=news_index)] == [event.pk]


def test_news_about_a_cofunded_convention_carries_the_eu_block(client, home_page, news_index):
    from commitments.factories import CommitmentsIndexPageFactory, ConventionPageFactory

    commitments = CommitmentsIndexPageFactory(parent=home_page)
    convention = ConventionPageFactory(parent=commitments, cofunded=True)
    page = NewsPageFactory(
        parent=news_index, title="Bilan de la facilitation", related_convention=convention
    )
    html = client.get(page.url).content.decode()
    main = html.split('id="contenu"')[1]
    assert (
        "Cofinancé par l&#x27;Union européenne" in main
        or "Cofinancé par l'Union européenne" in main
    )
    # The emblem comes before the article, visible on arrival.
    assert main.index("Union européenne") < main.index("<h1>Bilan de la facilitation</h1>")
    assert "La mission de facilitation des clauses sociales." in main
    plain = NewsPageFactory(parent=news_index, title="Sans financement")
    assert "Union européenne" not in client.get(plain.url).content.decode()
