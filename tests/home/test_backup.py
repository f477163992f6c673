"""Backup of the news section: news and events (tags, image, related convention), content
pages naming a convention, exported then restored into a wiped database."""

import datetime
import json

import pytest
import wagtail_factories
from wagtail.images import get_image_model

from commitments.factories import CommitmentsIndexPageFactory, ConventionPageFactory
from commitments.models import CommitmentsIndexPage
from home.factories import (
    ContentPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from home.models import ContentPage, EventPage, NewsIndexPage, NewsPage
from portal import backup
from tests.backup_helpers import assert_same, page_state, round_trip

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2025, 5, 12, 7, 45, tzinfo=datetime.UTC)


@pytest.fixture
def data(home_page):
    commitments = CommitmentsIndexPageFactory(parent=home_page, first_published_at=PUBLISHED)
    convention = ConventionPageFactory(
        parent=commitments, slug="convention-fse", cofunded=True, first_published_at=PUBLISHED
    )
    index = NewsIndexPageFactory(
        parent=home_page, feed_description="Le fil « clauses »", first_published_at=PUBLISHED
    )
    news = NewsPageFactory(
        parent=index,
        slug="bilan-2025",
        date=datetime.date(2025, 5, 12),
        image=wagtail_factories.ImageFactory(title="Chantier"),
        image_alt="Une équipe en insertion sur un chantier",
        related_convention=convention,
        tags=["bilan", "SIAE"],
        first_published_at=PUBLISHED,
    )
    event = EventPageFactory(
        parent=index,
        slug="rencontre-acheteurs",
        start=datetime.datetime(2025, 6, 3, 14, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2025, 6, 3, 17, 30, tzinfo=datetime.UTC),
        is_online=True,
        tags=["rencontres"],
        first_published_at=PUBLISHED,
    )
    ContentPageFactory(
        parent=home_page,
        slug="fse",
        related_convention=convention,
        first_published_at=PUBLISHED,
    )
    return {"news": news, "event": event, "convention": convention}


def state():
    return {
        "index": page_state(NewsIndexPage),
        "news": page_state(NewsPage),
        "events": page_state(EventPage),
        "content": page_state(ContentPage),
    }


def wipe():
    NewsIndexPage.objects.all().delete()
    ContentPage.objects.all().delete()
    CommitmentsIndexPage.objects.all().delete()
    get_image_model().objects.all().delete()


def test_round_trip_into_a_wiped_database(tmp_path, data):
    assert state()["news"][data["news"].url_path]["tags"] == ["SIAE", "bilan"]
    round_trip(tmp_path, state, wipe)
    # An event stays an event (not a plain news item), and news keeps its convention.
    assert EventPage.objects.get().slug == "rencontre-acheteurs"
    assert NewsPage.objects.get(slug="bilan-2025").related_convention.slug == "convention-fse"


def test_news_and_events_are_apart(tmp_path, data):
    backup.export_all(tmp_path)
    news = json.loads((tmp_path / "home.news.json").read_text("utf-8"))
    events = json.loads((tmp_path / "home.events.json").read_text("utf-8"))
    assert [row["slug"] for row in news] == ["bilan-2025"]
    assert [row["slug"] for row in events] == ["rencontre-acheteurs"]
    assert news[0]["tags"] == ["SIAE", "bilan"]
    assert news[0]["related_convention"] == data["convention"].url_path
    assert events[0]["start"] == "2025-06-03T14:00:00.000+00:00"


def test_import_twice_changes_nothing(tmp_path, data):
    backup.export_all(tmp_path)
    wipe()
    backup.import_all(tmp_path)
    before = state()
    revisions = {page.pk: page.revisions.count() for page in NewsPage.objects.all()}
    backup.import_all(tmp_path)
    assert_same(state(), before)
    assert {page.pk: page.revisions.count() for page in NewsPage.objects.all()} == revisions
