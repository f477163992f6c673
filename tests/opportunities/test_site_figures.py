"""The opportunities' key figures, home section and search source, against known data."""

import datetime

import pytest

from home.key_figures import key_figures
from opportunities import site_figures
from opportunities.factories import BuyerFactory, OpportunityPageFactory
from opportunities.home_sections import upcoming_opportunities

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def known(index_page, today):
    """Three live opportunities (two open, one closed) and a draft."""
    buyer = BuyerFactory(name="Métropole des Trois-Rivières")
    soon = OpportunityPageFactory(
        parent=index_page,
        title="Nettoyage des écoles",
        buyer=buyer,
        nature="services",
        publication_date=today - 10 * DAY,
        deadline=today + 3 * DAY,
        lots=[
            {"title": "Nord", "clauses": ["insertion"], "insertion_hours": 800},
            {"title": "Sud", "clauses": ["reserve-siae"]},
        ],
    )
    later = OpportunityPageFactory(
        parent=index_page,
        title="Réhabilitation du gymnase",
        nature="travaux",
        publication_date=today + 20 * DAY,
        deadline=today + 60 * DAY,
        lots=[{"title": "Gros œuvre", "clauses": ["insertion"], "insertion_hours": 1500}],
    )
    closed = OpportunityPageFactory(
        parent=index_page,
        title="Espaces verts 2025",
        nature="services",
        publication_date=today - 90 * DAY,
        deadline=today - 30 * DAY,
        lots=[{"title": "Parcs", "clauses": ["insertion"], "insertion_hours": 400}],
    )
    draft = OpportunityPageFactory(parent=index_page, title="Brouillon", deadline=today + 5 * DAY)
    draft.unpublish()
    return {"soon": soon, "later": later, "closed": closed}


def test_open_figures_leave_out_closed_and_draft_opportunities(known):
    assert site_figures.open_count() == 2
    assert site_figures.open_insertion_hours() == 800 + 1500


def test_by_month_counts_publication_months_with_zeros(known, today):
    series = dict(site_figures.by_month())
    assert len(series) == 12
    assert series["novembre 2026"] == 1  # published ten days before 25 November
    assert series["décembre 2026"] == 1  # expected publication on 15 December
    assert series["août 2026"] == 1  # closed one, published in August
    assert sum(series.values()) == 3


def test_by_clause_type_and_hours_by_nature(known):
    clauses = dict(site_figures.by_clause_type())
    assert clauses["Clause d'insertion"] == 3
    assert clauses["Réservé SIAE"] == 1
    assert clauses["Réservé handicap"] == 0
    hours = dict(site_figures.insertion_hours_by_contract_nature())
    assert hours == {"Travaux": 1500, "Services": 1200, "Fournitures": 0}


def test_providers_are_registered_with_the_site_registry(known):
    for key in [
        "opportunities.open_count",
        "opportunities.open_insertion_hours",
        "opportunities.by_month",
        "opportunities.by_clause_type",
        "opportunities.insertion_hours_by_contract_nature",
    ]:
        assert key_figures.is_available(key), key


def test_home_section_lists_next_deadlines_first_with_badges(
    known, rf, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        teasers = upcoming_opportunities(request=rf.get("/"), limit=5)
    assert [teaser.title for teaser in teasers] == [
        "Nettoyage des écoles",
        "Réhabilitation du gymnase",
    ]
    first = teasers[0]
    assert first.kicker == "Métropole des Trois-Rivières"
    assert "Réservé SIAE" in first.badges
    assert first.facts == (("Heures d'insertion", "800"),)


def test_site_search_labels_opportunities(client, known):
    response = client.get("/recherche/", {"q": "gymnase"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Réhabilitation du gymnase" in html
    assert "Opportunités" in html
