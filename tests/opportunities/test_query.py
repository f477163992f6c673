from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from opportunities.query import (
    KNOWN_PARAMETERS,
    MAX_Q_LENGTH,
    OpportunityQuery,
    Sort,
    Vocabulary,
    parse_opportunity_query,
)
from opportunities.status import OpportunityStatus


def parse(qs, vocabulary=None):
    return parse_opportunity_query(QueryDict(qs), vocabulary)


def test_empty_query_is_the_default_list():
    parsed = parse("")
    assert parsed.errors == []
    assert parsed.query == OpportunityQuery()
    assert not parsed.query.has_filters
    assert parsed.query.effective_statuses == (OpportunityStatus.UPCOMING, OpportunityStatus.OPEN)


def test_every_parameter_is_read_repeated_or_comma_separated():
    parsed = parse(
        "q=nettoyage&clause=insertion&clause=reserve-siae&reserve=siae,handicap&nature=travaux"
        "&secteur=nettoyage-de-locaux&region=93&departement=13&departement=2a&echeance=mois"
        "&statut=cloturee&tri=heures&page=3"
    )
    query = parsed.query
    assert parsed.errors == []
    assert query.q == "nettoyage"
    assert query.clauses == ("insertion", "reserve-siae")
    assert query.reservations == ("siae", "handicap")
    assert query.natures == ("travaux",)
    assert query.sectors == ("nettoyage-de-locaux",)
    assert query.regions == ("93",)
    assert query.departments == ("13", "2A")
    assert query.deadline_window == "mois"
    assert query.statuses == ("cloturee",)
    assert query.sort == Sort.HOURS
    assert query.page == 3


def test_querystring_round_trips_and_drops_defaults():
    qs = "q=espaces+verts&clause=insertion&nature=services&statut=attribuee&tri=recent&page=2"
    query = parse(qs).query
    assert parse(query.querystring()).query == query
    assert "page=" not in query.filters_querystring()
    assert "tri=" not in query.filters_querystring()
    assert parse("tri=echeance&page=1").query.querystring() == ""


def test_unknown_values_are_dropped_and_explained_in_french():
    parsed = parse("clause=magie&nature=travaux&tri=hasard&page=abc&echeance=demain")
    assert parsed.query.clauses == ()
    assert parsed.query.natures == ("travaux",)
    assert parsed.query.sort == Sort.DEADLINE
    assert parsed.query.page == 1
    text = " ".join(parsed.errors)
    assert "« magie »" in text
    assert "Le tri « hasard » n'existe pas" in text
    assert "numéro de page « abc »" in text
    assert "« demain »" in text


def test_vocabulary_rejects_values_that_do_not_exist():
    parsed = parse(
        "secteur=inconnu&region=99&departement=13",
        Vocabulary(
            sectors=frozenset({"nettoyage"}),
            regions=frozenset({"93"}),
            departments=frozenset({"13"}),
        ),
    )
    assert parsed.query.sectors == ()
    assert parsed.query.regions == ()
    assert parsed.query.departments == ("13",)
    assert len(parsed.errors) == 2


def test_long_search_and_control_characters_are_cut():
    parsed = parse("q=" + "a" * 500 + "%00")
    assert len(parsed.query.q) == MAX_Q_LENGTH
    assert "\x00" not in parsed.query.q
    assert parsed.errors


def test_only_one_deadline_window():
    parsed = parse("echeance=semaine&echeance=mois")
    assert parsed.query.deadline_window == "semaine"
    assert parsed.errors


def test_page_limits():
    assert parse("page=0").query.page == 1
    assert parse("page=-4").query.page == 1
    assert parse("page=" + "9" * 5000).query.page == 1
    assert parse("page=10001").query.page == 1


names = st.sampled_from([*sorted(KNOWN_PARAMETERS), "autre", ""])
values = st.text(max_size=60) | st.sampled_from(
    ["insertion", "siae", "oui", "13", "2A", "mois", "1"]
)


@given(st.lists(st.tuples(names, values), max_size=12))
def test_parsing_never_raises_and_always_round_trips(pairs):
    query_dict = QueryDict(mutable=True)
    for name, value in pairs:
        query_dict.appendlist(name, value)
    parsed = parse_opportunity_query(query_dict)
    query = parsed.query
    assert query.page >= 1
    assert len(query.q) <= MAX_Q_LENGTH
    assert all(isinstance(error, str) for error in parsed.errors)
    again = parse_opportunity_query(QueryDict(query.querystring()))
    assert again.query == query
    assert again.errors == []
