"""Backup of the opportunities: buyers, facilitators, pages with their lots, confirmed alerts
and what they were already sent, exported then restored into a wiped database."""

import datetime
import json

import pytest
import wagtail_factories
from django.core import mail
from django.utils import timezone
from wagtail.images import get_image_model

from directory.models import Commune
from opportunities import alerts
from opportunities.clauses import ClauseType
from opportunities.factories import (
    AlertDeliveryFactory,
    AlertSubscriptionFactory,
    BuyerFactory,
    FacilitatorFactory,
    OpportunityIndexPageFactory,
    OpportunityPageFactory,
)
from opportunities.models import (
    AlertSubscription,
    Buyer,
    Facilitator,
    OpportunityIndexPage,
    OpportunityPage,
    OpportunitySector,
)
from opportunities.status import Outcome
from portal import backup
from tests.backup_helpers import assert_same, page_state, round_trip, table_state

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2024, 9, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def data(home_page, marseille, aix, cleaning, green_spaces):
    index = OpportunityIndexPageFactory(
        parent=home_page, first_published_at=PUBLISHED, alert_intro="Soyez prévenus « vite »."
    )
    buyer = BuyerFactory(
        name="Métropole des Trois-Rivières", logo=wagtail_factories.ImageFactory(title="Logo MTR")
    )
    facilitator = FacilitatorFactory(name="Nadia Benali", organisation="PLIE des Trois-Rivières")
    # A namesake in another organisation: facilitators have no unique field.
    FacilitatorFactory(name="Nadia Benali", organisation="Maison de l'emploi")
    today = timezone.localdate()
    open_one = OpportunityPageFactory(
        parent=index,
        title="Nettoyage des équipements sportifs",
        slug="nettoyage-equipements",
        buyer=buyer,
        facilitator=facilitator,
        place=marseille,
        place_detail="Marseille et Aix-en-Provence",
        description="<p>Deux lots, dont un <b>réservé</b>.</p>",
        deadline_time=datetime.time(12, 0),
        execution_start=today + datetime.timedelta(days=60),
        first_published_at=PUBLISHED,
        lots=[
            {
                "title": "Gymnases",
                "clauses": [ClauseType.INSERTION.value, ClauseType.SOCIAL_CRITERION.value],
                "insertion_hours": 1200,
                "estimated_amount": 150_000,
                "sectors": [cleaning],
                "note": "Heures réparties sur trois ans.",
            },
            {
                "title": "Espaces verts des stades",
                "clauses": [ClauseType.RESERVED_SIAE.value],
                "sectors": [green_spaces, cleaning],
            },
        ],
    )
    finished = OpportunityPageFactory(
        parent=index,
        title="Collecte des encombrants",
        slug="collecte-encombrants",
        buyer=buyer,
        facilitator=None,
        place=aix,
        publication_date=datetime.date(2024, 1, 10),
        deadline=datetime.date(2024, 2, 20),
        outcome=Outcome.AWARDED,  # set by the staff
        first_published_at=PUBLISHED,
    )
    draft = OpportunityPageFactory(
        parent=index,
        title="Brouillon de marché",
        slug="brouillon",
        live=False,
        first_published_at=None,
        place=aix,
    )
    draft.save_revision()  # as the admin saves a draft
    # A live page with a newer draft that is not published yet.
    edited = OpportunityPage.objects.get(pk=finished.pk)
    edited.summary = "Résumé en cours de réécriture."
    edited.save_revision()
    subscriber = AlertSubscriptionFactory(
        email="entreprise@example.org",
        filters="clause=insertion",
        confirmed_at=PUBLISHED - datetime.timedelta(days=30),
    )
    AlertDeliveryFactory(subscription=subscriber, opportunity=open_one)
    AlertSubscriptionFactory(email="pas-confirme@example.org", confirmed_at=None)
    return {"index": index, "open": open_one, "finished": finished, "draft": draft}


def state():
    return {
        "buyers": table_state(Buyer.objects.all(), key=lambda b: b.name),
        "facilitators": table_state(
            Facilitator.objects.all(), key=lambda f: (f.name, f.organisation, f.email)
        ),
        "index": page_state(OpportunityIndexPage),
        "pages": page_state(OpportunityPage, children=["lots"]),
        "sector_links": sorted(
            OpportunitySector.objects.values_list("opportunity__url_path", "sector__slug")
        ),
        "alerts": table_state(
            AlertSubscription.objects.confirmed(), key=lambda s: s.email, exclude=["id"]
        ),
        "sent": sorted(
            AlertSubscription.objects.confirmed().values_list(
                "email", "deliveries__opportunity__url_path", "deliveries__sent_at"
            )
        ),
    }


def wipe():
    OpportunityIndexPage.objects.all().delete()  # and the opportunities below it
    AlertSubscription.objects.all().delete()  # and what they were sent
    Buyer.objects.all().delete()
    Facilitator.objects.all().delete()
    get_image_model().objects.all().delete()


def test_round_trip_into_a_wiped_database(tmp_path, data):
    finished = OpportunityPage.objects.get(pk=data["finished"].pk)
    assert finished.get_latest_revision_as_object().summary.startswith("Résumé")
    round_trip(tmp_path, state, wipe)
    restored = OpportunityPage.objects.get(slug="nettoyage-equipements")
    assert restored.total_insertion_hours == 1200  # computed again from the lots
    assert restored.reserved_siae and restored.has_social_criterion
    assert OpportunityPage.objects.get(slug="brouillon").live is False
    assert OpportunityPage.objects.get(slug="collecte-encombrants").has_unpublished_changes


def test_lots_name_sectors_and_places_by_their_keys(tmp_path, data):
    backup.export_all(tmp_path, names=["opportunities.opportunities"])
    rows = json.loads((tmp_path / "opportunities.opportunities.json").read_text("utf-8"))
    row = next(row for row in rows if row["slug"] == "nettoyage-equipements")
    assert row["place"] == "13055"
    assert row["buyer"] == "Métropole des Trois-Rivières"
    assert row["facilitator"] == [
        "Nadia Benali",
        "PLIE des Trois-Rivières",
        data["open"].facilitator.email,
    ]
    assert [lot["sectors"] for lot in row["lots"]] == [
        ["nettoyage-de-locaux"],
        ["entretien-d-espaces-verts", "nettoyage-de-locaux"],
    ]
    assert [lot["clauses"] for lot in row["lots"]] == [
        ["insertion", "critere-social"],
        ["reserve-siae"],
    ]
    assert [lot["insertion_hours"] for lot in row["lots"]] == [1200, None]


def test_restored_alerts_send_nothing_twice(tmp_path, data):
    subscription = AlertSubscription.objects.get(email="entreprise@example.org")
    token = subscription.unsubscribe_token
    backup.export_all(tmp_path)
    wipe()
    backup.import_all(tmp_path)
    restored = AlertSubscription.objects.get(email="entreprise@example.org")
    assert restored.unsubscribe_token == token  # the links already e-mailed still work
    assert not AlertSubscription.objects.filter(email="pas-confirme@example.org").exists()
    mail.outbox.clear()
    report = alerts.send_digests()
    assert report.emails == 0, "l'opportunité déjà envoyée ne doit pas repartir"
    assert mail.outbox == []


def test_edits_are_undone(tmp_path, data):
    backup.export_all(tmp_path)
    before = state()
    page = OpportunityPage.objects.get(pk=data["open"].pk)
    page.title = "Titre abîmé"
    lot = page.lots.first()
    lot.insertion_hours = 5
    page.lots = [lot]
    page.save_revision().publish()
    OpportunityPage.objects.get(pk=data["draft"].pk).delete()
    Buyer.objects.filter(pk=page.buyer_id).update(website="https://pirate.example.org/")

    backup.import_all(tmp_path)

    assert_same(state(), before)


def test_import_twice_changes_nothing(tmp_path, data):
    backup.export_all(tmp_path)
    wipe()
    backup.import_all(tmp_path)
    before = state()
    revisions = {page.pk: page.revisions.count() for page in OpportunityPage.objects.all()}
    backup.import_all(tmp_path)
    assert_same(state(), before)
    assert {p.pk: p.revisions.count() for p in OpportunityPage.objects.all()} == revisions


def test_tampered_file_is_refused_and_nothing_is_written(tmp_path, data):
    backup.export_all(tmp_path)
    path = tmp_path / "opportunities.opportunities.json"
    path.write_text(path.read_text("utf-8").replace("Gymnases", "Piscines"), encoding="utf-8")
    wipe()
    with pytest.raises(backup.BackupError, match="a été modifié depuis l'export"):
        backup.import_all(tmp_path)
    assert not Buyer.objects.exists()
    assert not OpportunityPage.objects.exists()


def test_missing_commune_is_a_french_error_and_rolls_back(tmp_path, data):
    backup.export_all(tmp_path, names=["opportunities.buyers", "opportunities.opportunities"])
    OpportunityPage.objects.filter(slug="collecte-encombrants").delete()
    Commune.objects.filter(insee_code="13001").delete()
    Buyer.objects.update(website="https://modifie.example.org/")
    with pytest.raises(
        backup.BackupError, match=r"collecte-encombrants.* commune « 13001 » introuvable"
    ):
        backup.import_all(tmp_path)
    assert not OpportunityPage.objects.filter(slug="collecte-encombrants").exists()
    websites = set(Buyer.objects.values_list("website", flat=True))
    assert websites == {"https://modifie.example.org/"}  # the buyers' import rolled back
