import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.factories import CommuneFactory
from home.models import ContentPage, HomePage
from opportunities.clauses import ClauseType
from opportunities.factories import (
    AlertDeliveryFactory,
    AlertSubscriptionFactory,
    BuyerFactory,
    FacilitatorFactory,
    LotFactory,
    OpportunityIndexPageFactory,
    OpportunityPageFactory,
    OpportunitySectorFactory,
)
from opportunities.models import Lot, OpportunityIndexPage, OpportunityPage
from opportunities.status import Outcome
from opportunities.summary import summarise_lots

pytestmark = pytest.mark.django_db


def test_page_tree_rules(home_page, index_page):
    assert OpportunityIndexPage.can_create_at(home_page) is False  # max_count = 1, one exists
    assert OpportunityIndexPage.allowed_parent_page_models() == [HomePage]
    assert OpportunityIndexPage.allowed_subpage_models() == [OpportunityPage]
    assert OpportunityPage.allowed_parent_page_models() == [OpportunityIndexPage]
    assert OpportunityPage.allowed_subpage_models() == []
    assert OpportunityPage.can_create_at(index_page)
    assert not OpportunityPage.can_create_at(home_page)
    assert ContentPage not in OpportunityIndexPage.allowed_subpage_models()


def test_index_page_lives_at_opportunites(index_page):
    assert index_page.url == "/opportunites/"


def test_every_model_of_the_app_has_a_factory():
    from django.apps import apps

    from opportunities import factories

    covered = {
        value._meta.model
        for value in vars(factories).values()
        if isinstance(value, type) and hasattr(value, "_meta") and hasattr(value._meta, "model")
    }
    models = set(apps.get_app_config("opportunities").get_models())
    assert models - covered == set()


def test_factories_build_every_model(index_page):
    assert BuyerFactory().pk
    assert FacilitatorFactory().pk
    page = OpportunityPageFactory(parent=index_page)
    assert LotFactory(opportunity=page).pk
    assert AlertDeliveryFactory(opportunity=page, subscription=AlertSubscriptionFactory()).pk
    assert OpportunitySectorFactory(opportunity=page).pk
    assert OpportunityIndexPageFactory._meta.model is OpportunityIndexPage


def test_denormalised_columns_follow_the_lots(index_page, cleaning, green_spaces):
    commune = CommuneFactory()
    page = OpportunityPageFactory(
        parent=index_page,
        place=commune,
        lots=[
            {
                "title": "Nettoyage",
                "clauses": ["insertion"],
                "insertion_hours": 1200,
                "sectors": [cleaning],
            },
            {
                "title": "Espaces verts",
                "clauses": ["reserve-siae", "insertion"],
                "insertion_hours": 300,
                "sectors": [green_spaces],
            },
            {"title": "Fournitures", "clauses": ["reserve-handicap"]},
        ],
    )
    page.refresh_from_db()
    assert page.clause_list == ["insertion", "reserve-handicap", "reserve-siae"]
    assert page.has_insertion and page.reserved_siae and page.reserved_disability
    assert not page.has_social_criterion and not page.reserved_ess
    assert page.is_reserved
    assert page.reservation_list == ["handicap", "siae"]
    assert set(page.sector_links.values_list("sector_id", flat=True)) == {
        cleaning.pk,
        green_spaces.pk,
    }
    assert page.total_insertion_hours == 1500
    assert page.lot_count == 3
    assert page.department_code == commune.department.code
    assert page.region_code == commune.region.code
    assert " nettoyage" in page.search_text
    assert page.clause_badges[0] == "Clause d'insertion"

    # A new revision with fewer lots updates the columns on publication.
    draft = page.get_latest_revision_as_object()
    draft.lots = [lot for lot in draft.lots.all() if lot.title == "Fournitures"]
    draft.save_revision().publish()
    page.refresh_from_db()
    assert page.clause_list == ["reserve-handicap"]
    assert page.total_insertion_hours == 0
    assert not page.sector_links.exists()


def test_summarise_lots_counts_hours_of_insertion_lots_only():
    summary = summarise_lots(
        [
            (["insertion"], 100, [3]),
            (["critere-social"], 50, [1, 3]),  # invalid hours never count
            ([], None, []),
        ]
    )
    assert summary.total_hours == 100
    assert summary.clause_types == ["insertion", "critere-social"]
    assert summary.sector_ids == [1, 3]


def _page(**kwargs):
    today = datetime.date.today()
    defaults = {
        "title": "Marché",
        "slug": "marche",
        "summary": "Résumé",
        "nature": "services",
        "publication_date": today + datetime.timedelta(days=5),
        "deadline": today + datetime.timedelta(days=40),
        "buyer": BuyerFactory(),
        "place": CommuneFactory(),
    }
    defaults.update(kwargs)
    return OpportunityPage(**defaults)


TREE_FIELDS = ["path", "depth"]  # set by Wagtail when the page is added to the tree


def _errors(instance):
    with pytest.raises(ValidationError) as error:
        instance.full_clean(exclude=TREE_FIELDS)
    return error.value.message_dict


def test_deadline_must_follow_publication(index_page):
    page = _page(deadline=datetime.date.today())
    messages = _errors(page)
    assert "postérieure à la date de publication" in messages["deadline"][0]


def test_amounts_must_be_coherent(index_page):
    messages = _errors(_page(amount_min=500_000, amount_max=100_000))
    assert "supérieur ou égal au montant minimum" in messages["amount_max"][0]


def test_execution_cannot_start_before_the_deadline(index_page):
    messages = _errors(_page(execution_start=datetime.date.today()))
    assert "Le début d'exécution" in messages["execution_start"][0]


def test_outcome_only_after_the_deadline(index_page):
    messages = _errors(_page(outcome=Outcome.AWARDED))
    assert "qu'après la date limite" in messages["outcome"][0]


def test_cpv_codes_are_validated_and_normalised(index_page):
    messages = _errors(_page(cpv_codes="45000000-7, 1234"))
    assert "n'est pas un code CPV" in messages["cpv_codes"][0]
    page = _page(cpv_codes="450000007 ; 90910000-9")
    page.full_clean(exclude=TREE_FIELDS)
    assert page.cpv_codes == "45000000-7, 90910000-9"
    assert page.cpv_entries[1] == ("90910000-9", "Services de nettoyage")


def test_lot_needs_a_clause(index_page):
    lot = Lot(title="Lot", number=1, clauses=[])
    messages = _errors_lot(lot)
    assert messages["clauses"] == ["Cochez au moins une clause sociale pour ce lot."]


def _errors_lot(lot):
    with pytest.raises(ValidationError) as error:
        lot.full_clean(exclude=["opportunity"])
    return error.value.message_dict


def test_hours_only_with_an_insertion_clause():
    lot = Lot(title="Lot", number=1, clauses=[ClauseType.SOCIAL_CRITERION], insertion_hours=400)
    assert (
        "ne concernent que les lots avec une clause d'insertion"
        in _errors_lot(lot)["insertion_hours"][0]
    )
    lot = Lot(title="Lot", number=1, clauses=[ClauseType.INSERTION])
    assert "Indiquez le nombre d'heures" in _errors_lot(lot)["insertion_hours"][0]
    lot = Lot(title="Lot", number=1, clauses=[ClauseType.INSERTION], insertion_hours=400)
    lot.full_clean(exclude=["opportunity"])


def test_lot_clauses_must_be_known():
    lot = Lot(title="Lot", number=1, clauses=["magie"])
    assert "clauses" in _errors_lot(lot)


def test_clause_entries_explain_each_clause_in_plain_french():
    lot = Lot(clauses=["reserve-siae", "insertion"])
    entries = lot.clause_entries
    assert [entry["value"] for entry in entries] == ["insertion", "reserve-siae"]
    assert "heures" in str(entries[0]["explanation"])
    assert "50 %" in str(entries[1]["explanation"])


def test_index_page_per_page_bounds(home_page):
    page = OpportunityIndexPage(title="Opportunités", slug="opportunites", per_page=500)
    with pytest.raises(ValidationError):
        page.full_clean(exclude=TREE_FIELDS)
