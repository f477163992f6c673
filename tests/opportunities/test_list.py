import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.factories import CommuneFactory
from opportunities.factories import BuyerFactory, OpportunityPageFactory
from opportunities.models import OpportunityPage
from opportunities.status import Outcome

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def titles(response):
    return [page.title for page in response.context["opportunities"]]


@pytest.fixture
def catalogue(index_page, today, cleaning, green_spaces, marseille, lyon):
    """Six opportunities around the frozen day (25 November 2026)."""
    make = OpportunityPageFactory
    pages = {
        "nettoyage": make(
            parent=index_page,
            title="Nettoyage des écoles",
            nature="services",
            place=marseille,
            publication_date=today - 10 * DAY,
            deadline=today + 2 * DAY,  # within 7 days
            lots=[
                {
                    "title": "Écoles nord",
                    "clauses": ["insertion"],
                    "insertion_hours": 800,
                    "sectors": [cleaning],
                },
                {
                    "title": "Écoles sud",
                    "clauses": ["insertion"],
                    "insertion_hours": 400,
                    "sectors": [cleaning],
                },
            ],
        ),
        "espaces": make(
            parent=index_page,
            title="Entretien des parcs",
            nature="services",
            place=lyon,
            publication_date=today - 3 * DAY,
            deadline=today + 20 * DAY,  # within 30 days
            lots=[{"title": "Parcs", "clauses": ["reserve-siae"], "sectors": [green_spaces]}],
        ),
        "travaux": make(
            parent=index_page,
            title="Réhabilitation du gymnase",
            nature="travaux",
            place=marseille,
            publication_date=today + 5 * DAY,  # upcoming
            deadline=today + 60 * DAY,
            lots=[
                {
                    "title": "Gros œuvre",
                    "clauses": ["insertion", "critere-social"],
                    "insertion_hours": 3000,
                }
            ],
        ),
        "fournitures": make(
            parent=index_page,
            title="Vêtements de travail",
            nature="fournitures",
            place=lyon,
            publication_date=today - 20 * DAY,
            deadline=today + 5 * DAY,  # within 7 days
            lots=[{"title": "Tenues", "clauses": ["reserve-handicap"]}],
        ),
        "cloturee": make(
            parent=index_page,
            title="Restauration scolaire 2026",
            place=marseille,
            publication_date=today - 60 * DAY,
            deadline=today - 5 * DAY,
        ),
        "attribuee": make(
            parent=index_page,
            title="Collecte des encombrants",
            place=marseille,
            publication_date=today - 90 * DAY,
            deadline=today - 30 * DAY,
        ),
    }
    OpportunityPage.objects.filter(pk=pages["attribuee"].pk).update(outcome=Outcome.AWARDED)
    return pages


def test_default_list_shows_active_opportunities_soonest_deadline_first(client, catalogue):
    response = client.get("/opportunites/")
    assert response.status_code == 200
    assert titles(response) == [
        "Nettoyage des écoles",
        "Vêtements de travail",
        "Entretien des parcs",
        "Réhabilitation du gymnase",
    ]
    html = response.content.decode()
    assert "4 opportunités" in html
    assert "1\u202f200 h" in html  # total insertion hours of the two lots
    assert "Restauration scolaire" not in html
    # On a phone the filters come first: one link jumps over them to the results.
    assert '<a href="#results-title">Aller aux résultats (4)</a>' in html
    assert 'id="results-title"' in html


def test_closed_opportunities_stay_reachable_by_status(client, catalogue):
    assert titles(client.get("/opportunites/?statut=cloturee")) == ["Restauration scolaire 2026"]
    assert titles(client.get("/opportunites/?statut=attribuee")) == ["Collecte des encombrants"]
    both = titles(client.get("/opportunites/?statut=cloturee&statut=en-cours"))
    assert both[-1] == "Restauration scolaire 2026"  # past deadlines after the open ones
    assert titles(client.get("/opportunites/?statut=a-venir")) == ["Réhabilitation du gymnase"]


def test_finished_opportunities_come_most_recent_deadline_first(index_page, today):
    """The order used when only finished statuses are asked (no condition on the dates) is
    the general one: most recent deadline first, then the time, the title and the id."""
    from opportunities.query import Sort
    from opportunities.selectors import order_opportunities

    for days, title in [(30, "B"), (3, "A"), (3, "C"), (90, "D"), (-5, "En cours")]:
        OpportunityPageFactory(
            parent=index_page,
            title=title,
            publication_date=today - (days + 60) * DAY,
            deadline=today - days * DAY,
        )
    past = OpportunityPage.objects.filter(deadline__lt=today)
    general = order_opportunities(past, Sort.DEADLINE, today)
    finished = order_opportunities(past, Sort.DEADLINE, today, only_finished=True)
    assert [page.title for page in finished] == [page.title for page in general]
    assert [page.title for page in finished] == ["A", "C", "B", "D"]


@pytest.mark.parametrize(
    ("qs", "expected"),
    [
        ("clause=insertion", {"Nettoyage des écoles", "Réhabilitation du gymnase"}),
        (
            "clause=reserve-siae&clause=reserve-handicap",
            {"Entretien des parcs", "Vêtements de travail"},
        ),
        ("reserve=oui", {"Entretien des parcs", "Vêtements de travail"}),
        ("reserve=non", {"Nettoyage des écoles", "Réhabilitation du gymnase"}),
        ("reserve=handicap", {"Vêtements de travail"}),
        ("nature=travaux", {"Réhabilitation du gymnase"}),
        (
            "nature=services&nature=fournitures",
            {"Nettoyage des écoles", "Entretien des parcs", "Vêtements de travail"},
        ),
        ("secteur=nettoyage-de-locaux", {"Nettoyage des écoles"}),
        ("region=84", {"Entretien des parcs", "Vêtements de travail"}),
        ("departement=13", {"Nettoyage des écoles", "Réhabilitation du gymnase"}),
        ("echeance=semaine", {"Nettoyage des écoles", "Vêtements de travail"}),
        ("echeance=mois", {"Nettoyage des écoles", "Vêtements de travail", "Entretien des parcs"}),
        ("echeance=plus-tard", {"Réhabilitation du gymnase"}),
        ("q=gymnase", {"Réhabilitation du gymnase"}),
        ("q=ECOLES", {"Nettoyage des écoles"}),
        ("q=lyon+tenues", {"Vêtements de travail"}),
        ("clause=insertion&departement=13&echeance=semaine", {"Nettoyage des écoles"}),
    ],
)
def test_filters(client, catalogue, qs, expected):
    response = client.get(f"/opportunites/?{qs}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert not response.context["listing"].errors


def test_facet_counts_keep_the_other_filters(client, catalogue):
    response = client.get("/opportunites/?nature=services")
    facets = {
        facet.name: {o.value: o for o in facet.options} for facet in response.context["facets"]
    }
    # Nature counts ignore the nature filter itself: ticking another box adds results.
    assert facets["nature"]["services"].count == 2
    assert facets["nature"]["travaux"].count == 1
    assert facets["nature"]["services"].selected
    # Other facets count within the chosen nature.
    assert facets["clause"]["insertion"].count == 1
    assert facets["clause"]["reserve-siae"].count == 1
    assert facets["statut"]["cloturee"].count == 1
    assert facets["region"]["93"].count == 1
    assert facets["region"]["84"].count == 1
    html = response.content.decode()
    assert 'name="nature" value="services" checked' in html


def test_sorting(client, catalogue):
    assert titles(client.get("/opportunites/?tri=heures"))[0] == "Réhabilitation du gymnase"
    assert titles(client.get("/opportunites/?tri=publication"))[0] == "Vêtements de travail"


def test_malformed_parameters_are_explained_with_a_200(client, catalogue):
    response = client.get("/opportunites/?clause=magie&page=zz&secteur=inconnu&region=99")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une partie de votre recherche n'a pas pu être prise en compte" in html
    assert "« magie »" in html
    assert "« inconnu »" in html
    assert len(titles(response)) == 4


def test_pagination_keeps_the_filters(client, index_page, today):
    index_page.per_page = 5
    index_page.save()
    for number in range(12):
        OpportunityPageFactory(
            parent=index_page, title=f"Marché {number:02d}", deadline=today + (number + 1) * DAY
        )
    response = client.get("/opportunites/?nature=services&page=2")
    assert titles(response) == [f"Marché {n:02d}" for n in range(5, 10)]
    html = response.content.decode()
    assert 'href="?nature=services&amp;page=3"' in html
    assert 'aria-current="page"' in html
    # A page beyond the last one shows the last page.
    assert titles(client.get("/opportunites/?page=99")) == ["Marché 10", "Marché 11"]


def test_filter_form_and_links_work_without_javascript(client, catalogue):
    html = client.get("/opportunites/?clause=insertion").content.decode()
    assert '<form method="get" action="/opportunites/"' in html
    assert "<legend>Type de clause</legend>" in html
    assert '<label for="f-clause-insertion">' in html
    assert 'href="/opportunites/rss/?clause=insertion"' in html
    assert 'href="/opportunites/calendrier.ics?clause=insertion"' in html
    assert 'href="/opportunites/export.csv?clause=insertion"' in html
    assert 'href="/opportunites/alerte/?clause=insertion"' in html  # alert for this search
    assert "<script" not in html.split("<main")[1]


def test_draft_and_private_opportunities_are_not_listed(client, catalogue, index_page):
    catalogue["nettoyage"].unpublish()
    assert "Nettoyage des écoles" not in titles(client.get("/opportunites/"))


def _make_many(index_page, count, today):
    buyer = BuyerFactory()
    commune = CommuneFactory()
    for number in range(count):
        OpportunityPageFactory(
            parent=index_page,
            buyer=buyer,
            place=commune,
            deadline=today + (number + 1) * DAY,
            lots=[
                {"title": "A", "clauses": ["insertion"], "insertion_hours": 100},
                {"title": "B", "clauses": ["reserve-siae"]},
            ],
        )


def test_query_count_does_not_grow_with_the_number_of_opportunities(
    client, index_page, today, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _make_many(index_page, 3, today)
    client.get("/opportunites/")  # warm the site and settings caches
    with CaptureQueriesContext(connection) as small:
        client.get("/opportunites/?clause=insertion&reserve=siae")
    _make_many(index_page, 15, today)
    client.get("/opportunites/")  # new pages: the site's frame and facet counts are read again
    with CaptureQueriesContext(connection) as large:
        response = client.get("/opportunites/?clause=insertion&reserve=siae")
    assert len(response.context["opportunities"]) == 18
    assert len(large) == len(small)
    # The whole page stays bounded: routing (2: the site and its home page come from the
    # cache), view restrictions (3) and the facet counts of this new filter (5; nothing
    # matches, so no page of results); the menu, breadcrumbs, footer and settings come from
    # the cache too (portal/site_chrome.py)…
    with django_assert_max_num_queries(10):
        client.get("/opportunites/?clause=insertion&secteur=nettoyage-de-locaux&region=93")


def test_listing_selector_query_budget(index_page, today, django_assert_max_num_queries):
    """…and the listing itself costs at most nine queries: view restrictions, the three
    vocabulary checks, the facet rows, the three facet label lookups, count and page."""
    from django.http import QueryDict

    from opportunities.query import parse_opportunity_query
    from opportunities.selectors import opportunity_listing

    _make_many(index_page, 6, today)
    parsed = parse_opportunity_query(
        QueryDict("clause=insertion&secteur=nettoyage-de-locaux&region=93&departement=13")
    )
    with django_assert_max_num_queries(10):
        listing = opportunity_listing(parsed, today, index_page=index_page)
        list(listing.page.object_list)


param_names = st.sampled_from(
    [
        "q",
        "clause",
        "reserve",
        "nature",
        "secteur",
        "region",
        "departement",
        "echeance",
        "statut",
        "tri",
        "page",
        "x",
    ]
)
param_values = st.text(max_size=40) | st.sampled_from(
    [
        "insertion",
        "oui",
        "siae",
        "93",
        "13",
        "2A",
        "semaine",
        "cloturee",
        "heures",
        "2",
        "-1",
        "9" * 30,
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(param_names, param_values), max_size=8))
def test_any_parameters_give_a_200_never_a_500(client, catalogue, pairs):
    from urllib.parse import urlencode

    for url in (
        "/opportunites/",
        "/opportunites/rss/",
        "/opportunites/calendrier.ics",
        "/opportunites/export.csv",
    ):
        response = client.get(f"{url}?{urlencode(pairs)}")
        assert response.status_code in (200, 400), (url, pairs, response.status_code)


@pytest.mark.parametrize(
    "qs",
    ["", "nature=services", "clause=insertion&departement=13", "statut=cloturee&statut=en-cours"],
)
def test_every_facet_count_is_the_number_of_results_once_ticked(client, catalogue, qs):
    """A count next to a value = what the list shows with that value as the facet's only
    choice, the other filters kept."""
    from urllib.parse import parse_qsl, urlencode

    response = client.get(f"/opportunites/?{qs}")
    base = [(name, value) for name, value in parse_qsl(qs)]
    for facet in response.context["facets"]:
        for option in facet.options:
            params = [(n, v) for n, v in base if n != facet.name] + [(facet.name, option.value)]
            ticked = client.get(f"/opportunites/?{urlencode(params)}")
            assert ticked.context["listing"].paginator.count == option.count, (
                facet.name,
                option.value,
            )


def test_cached_counts_follow_publications(client, index_page, today):
    OpportunityPageFactory(parent=index_page, title="Premier", nature="travaux")
    first = client.get("/opportunites/?nature=services")
    nature = next(f for f in first.context["facets"] if f.name == "nature")
    assert {o.value: o.count for o in nature.options}["travaux"] == 1
    second_page = OpportunityPageFactory(parent=index_page, title="Second", nature="travaux")
    again = client.get("/opportunites/?nature=services")
    nature = next(f for f in again.context["facets"] if f.name == "nature")
    assert {o.value: o.count for o in nature.options}["travaux"] == 2
    second_page.unpublish()
    after = client.get("/opportunites/?nature=travaux")
    assert after.context["listing"].paginator.count == 1
    assert titles(after) == ["Premier"]


def test_list_is_served_from_the_page_cache_until_a_publication(
    client, index_page, today, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_CACHE = True
    OpportunityPageFactory(parent=index_page, title="Premier", nature="travaux")
    first = client.get("/opportunites/?nature=travaux")
    second = client.get("/opportunites/?nature=travaux")
    assert (first["X-Wagtail-Cache"], second["X-Wagtail-Cache"]) == ("miss", "hit")
    assert second["Cache-Control"] == "public, max-age=60"
    assert client.get("/opportunites/?nature=services")["X-Wagtail-Cache"] == "miss"

    with django_capture_on_commit_callbacks(execute=True):
        OpportunityPageFactory(parent=index_page, title="Second", nature="travaux")
    after = client.get("/opportunites/?nature=travaux")
    assert after["X-Wagtail-Cache"] == "miss"
    assert titles(after) == ["Premier", "Second"] or set(titles(after)) == {"Premier", "Second"}


@given(hours=st.integers(min_value=0, max_value=10**9))
def test_card_hours_are_written_as_fr_number_writes_them(hours):
    from opportunities.selectors import group_digits
    from portal.templatetags.portal_tags import fr_number

    assert group_digits(hours) == fr_number(hours)


def test_cards_carry_their_dates_and_hours_written_out(client, catalogue, today):
    response = client.get("/opportunites/?tri=heures")
    card = response.context["opportunities"][0]
    assert card.hours_text == "3\u202f000"
    assert card["title"] == card.title  # templates read cards as mappings first
    assert card.deadline_iso == card.deadline.isoformat()
    html = response.content.decode()
    assert f'<time datetime="{card.deadline_iso}">{card.deadline_text}</time>' in html
    assert f'<time datetime="{card.publication_iso}">{card.publication_text}</time>' in html
    with pytest.raises(KeyError):
        card["absent"]


def test_long_facets_are_folded_until_one_of_their_values_is_ticked(client, index_page, today):
    from directory.models import Sector

    sectors = list(Sector.objects.order_by("pk")[:25])
    OpportunityPageFactory(
        parent=index_page,
        title="Multiservices",
        lots=[{"title": "Tout", "clauses": ["insertion"], "sectors": sectors}],
    )
    html = client.get("/opportunites/").content.decode()
    before_sectors = html[: html.index("<legend>Secteur")]
    assert before_sectors.rstrip().endswith('<fieldset aria-describedby="facet-count-help">')
    assert '<details class="facet-details"><summary>Secteur' in before_sectors[-400:]
    before_nature = html[: html.index("<legend>Nature")]
    assert "<details" not in before_nature[-300:]  # short facets stay open

    ticked = client.get(f"/opportunites/?secteur={sectors[3].slug}").content.decode()
    assert '<details class="facet-details" open><summary>Secteur' in ticked
