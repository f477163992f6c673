"""Parsing of the shared query parameters: validation, French explanations, never a crash."""

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.search import parse_query, search_structures
from directory.search.backends.database import DatabaseBackend
from directory.search.query import MAX_TEXT_LENGTH, PARAMS

pytestmark = pytest.mark.django_db


def parse(querystring):
    query, _taxonomy = parse_query(QueryDict(querystring))
    return query


def test_defaults():
    query = parse("")
    assert (query.text, query.page, query.radius_km, query.effective_sort) == ("", 1, 30, "nom")
    assert query.errors == ()
    assert not query.has_filters


def test_valid_values_are_kept_and_normalised(communes):
    query = parse(
        "q=Jardins+de+l%27Huveaune&famille=INSERTION&type=aci&type=EI,ETTI&region=93"
        "&departement=2a&modalite=sous_traitance&lieu=Aubagne&rayon=50&tri=nom&page=2"
        "&secteur_groupe=proprete-et-nettoyage&secteur=nettoyage-de-locaux"
    )
    assert query.errors == ()
    assert query.families == ("insertion",)
    assert query.kinds == ("ACI", "EI", "ETTI")
    assert query.departments == ("2A",)
    assert query.place.name == "Aubagne" and query.radius_km == 50
    assert query.terms == ["jardins", "de", "l", "huveaune"]
    assert (query.sort, query.page) == ("nom", 2)
    # Shareable: the canonical parameters round-trip.
    again = parse(query.querystring(page=2))
    assert again == query


def test_siret_and_siren_detection():
    assert parse("q=732+829+320+00074").siret == "73282932000074"
    assert parse("q=732829320").siren == "732829320"
    bad = parse("q=73282932000075")
    assert bad.siret == "" and "clé de contrôle" in bad.errors[0]
    assert parse("q=123").terms == ["123"]


@pytest.mark.parametrize(
    ("querystring", "fragment"),
    [
        ("famille=autre", "Famille inconnue"),
        ("type=SAS", "Type de structure inconnu"),
        ("secteur=plomberie-spatiale", "Secteur d'activité inconnu"),
        ("secteur_groupe=x", "Groupe de secteurs inconnu"),
        ("region=99", "Région inconnue"),
        ("departement=00", "Département inconnu"),
        ("modalite=troc", "Modalité inconnue"),
        ("lieu=Atlantide", "Nous ne trouvons pas la commune"),
        ("lieu=Aubagne&rayon=-5", "entre 1 et 200"),
        ("lieu=Aubagne&rayon=100000", "entre 1 et 200"),
        ("lieu=Aubagne&rayon=abc", "entre 1 et 200"),
        ("tri=hasard", "Tri inconnu"),
        ("tri=distance", "demande un lieu"),
        ("page=0", "Numéro de page invalide"),
        ("page=-3", "Numéro de page invalide"),
        ("page=deux", "Numéro de page invalide"),
        ("page=99999", "premières pages"),
        ("q=" + "a" * 10_000, "trop longue"),
    ],
)
def test_bad_values_are_explained_in_french(querystring, fragment, communes):
    query = parse(querystring)
    assert any(fragment in error for error in query.errors), query.errors


def test_ambiguous_commune_asks_for_the_postcode(communes):
    from directory.factories import CommuneFactory
    from directory.models import Department

    CommuneFactory(
        insee_code="93066",
        name="Saint-Denis",
        postcodes="93200 93210",
        department=Department.objects.get(code="93"),
        latitude=48.93,
        longitude=2.35,
    )
    CommuneFactory(
        insee_code="97411",
        name="Saint-Denis",
        postcodes="97400",
        department=Department.objects.get(code="974"),
        latitude=-20.88,
        longitude=55.45,
    )
    assert "Saint-Denis (93200)" in parse("lieu=saint+denis").errors[0]
    assert parse("lieu=Saint-Denis+(97400)").place.insee_code == "97411"
    assert parse("lieu=97411").place.insee_code == "97411"


def test_long_text_is_truncated_and_special_characters_are_harmless():
    query = parse("q=" + "%22" + "*" * 5 + "a" * 500)
    assert len(query.text) <= MAX_TEXT_LENGTH
    assert parse("q=%00%01%22%27*").text == "\"'*"


def test_invalid_utf8_is_replaced_not_fatal():
    query = parse("q=%ff%fejardin&lieu=%c3")
    assert "jardin" in query.text


param_values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            '"',
            "*",
            "-1",
            "0",
            "99999",
            "1e9",
            "NaN",
            "13001",
            "2A",
            "%",
            "\\",
            "'; DROP TABLE x; --",
            "a" * 300,
        ]
    ),
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.dictionaries(st.sampled_from(PARAMS), st.lists(param_values, max_size=3), max_size=6))
def test_any_parameters_give_results_or_explanations(db, params):
    querydict = QueryDict(mutable=True)
    for key, values in params.items():
        querydict.setlist(key, values)
    results = search_structures(querydict, backend=DatabaseBackend())
    assert results.total >= 0
    assert all(isinstance(error, str) and error for error in results.errors)
    assert results.page.number >= 1
