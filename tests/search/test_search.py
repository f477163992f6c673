"""Site search: any query gets a page, results from every source labelled by type,
editor promotions first, pagination, noindex and rate limit."""

import pytest
import wagtail_factories
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from home.factories import ContentPageFactory, NewsPageFactory
from search.registry import search_sources
from search.selectors import MAX_QUERY_LENGTH, ChainedResults, normalise_query, site_search

pytestmark = pytest.mark.django_db


# Normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  charte   des   achats ", "charte des achats"),
        ("a\x00b", "a b"),
        ("\x00\x01\x02", ""),
        ("😀 charte 👍🏽", "charte"),
        ("❤️ ESAT", "ESAT"),
        ("\ufffd\ufffdcharte", "charte"),
        ("e\u0301tude", "étude"),  # NFC
        ("\ud800lone surrogate", "lone surrogate"),
        ('"', '"'),
        (None, ""),
    ],
)
def test_normalise_query(raw, expected):
    assert normalise_query(raw)[0] == expected


def test_long_queries_are_truncated_and_flagged():
    query, truncated = normalise_query("clause " * 3000)
    assert truncated
    assert len(query) <= MAX_QUERY_LENGTH
    assert not query.endswith(" ")
    assert normalise_query("clause sociale") == ("clause sociale", False)


@settings(deadline=None)
@given(st.text())
def test_normalised_queries_are_short_printable_and_stable(raw):
    query, _truncated = normalise_query(raw)
    assert len(query) <= MAX_QUERY_LENGTH
    assert "\x00" not in query
    assert query == query.strip()
    assert normalise_query(query)[0] == query


# Bad queries never break the page ---------------------------------------------------------

BAD_QUERIES = [
    '"',
    "'",
    '"charte',
    "x" * 10_000,
    "😀",
    "😀 charte",
    "a\x00b",
    "\x00",
    "*",
    "(",
    "charte)",
    "AND OR NOT",
    "NEAR(",
    "-charte",
    "live:false",
    "%",
    "\\",
    "é" * 300,
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_get_a_page(client, home_page, fake_sources, query):
    ContentPageFactory(parent=home_page, title="La charte des achats responsables")
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "<script>alert(1)</script>" not in html


def test_invalid_utf8_and_nul_bytes_in_the_raw_query_string(client, home_page):
    ContentPageFactory(parent=home_page, title="La charte des achats responsables")
    response = client.get("/recherche/?q=%ff%fe%00charte&type=%ff&page=%00")
    assert response.status_code == 200
    assert "1 résultat pour « charte »" in response.content.decode()


def test_ten_thousand_characters_are_cut_with_a_notice(client, home_page):
    response = client.get("/recherche/", {"q": "charte " * 1500})
    html = response.content.decode()
    assert response.status_code == 200
    assert "seuls ses 200 premiers caractères ont été utilisés" in html


@override_settings(RATELIMIT_ENABLE=False)  # the examples share one test's rate-limit counter
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=400), kind=st.text(max_size=30), page=st.text(max_size=20))
def test_any_query_string_gets_a_page(client, home_page, q, kind, page):
    response = client.get("/recherche/", {"q": q, "type": kind, "page": page})
    assert response.status_code == 200


def test_a_failing_backend_gives_an_explanation_not_a_500(client, home_page, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("search server down")

    monkeypatch.setattr("search.selectors.get_search_backend", broken)
    response = client.get("/recherche/", {"q": "charte"})
    assert response.status_code == 200
    assert "La recherche est momentanément indisponible" in response.content.decode()


# Results ----------------------------------------------------------------------------------


def test_empty_query_shows_the_form_only(client, home_page):
    response = client.get("/recherche/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in html
    assert "résultat" not in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"]


def test_results_come_from_every_source_labelled_by_type(
    client, home_page, news_index, fake_sources
):
    ContentPageFactory(parent=home_page, title="Nettoyage des locaux : le guide")
    NewsPageFactory(parent=news_index, title="Nettoyage : un marché réservé aux SIAE")
    wagtail_factories.DocumentFactory(title="Nettoyage Services, entreprise d'insertion")
    html = client.get("/recherche/", {"q": "nettoyage"}).content.decode()
    assert "3 résultats pour « nettoyage »" in html
    # Registered sources first, in their order, then the site's pages.
    assert (
        html.index("Nettoyage : un marché réservé")
        < html.index("Nettoyage Services")
        < html.index("Nettoyage des locaux")
    )
    assert '<span class="badge">Actualité</span>' in html
    assert '<span class="badge">Structure</span>' in html
    assert '<span class="badge">Page de contenu</span>' in html
    # Facets with counts; the news page is not counted twice under "Pages du site".
    assert 'Opportunités <span class="facet-count">(1)</span>' in html
    assert 'Structures <span class="facet-count">(1)</span>' in html
    assert 'Pages du site <span class="facet-count">(1)</span>' in html


def test_type_filter_restricts_results(client, home_page, news_index, fake_sources):
    ContentPageFactory(parent=home_page, title="Nettoyage des locaux : le guide")
    wagtail_factories.DocumentFactory(title="Nettoyage Services")
    html = client.get("/recherche/", {"q": "nettoyage", "type": "structures"}).content.decode()
    assert "Nettoyage Services" in html
    assert "Nettoyage des locaux" not in html
    assert '<input type="hidden" name="type" value="structures">' in html
    # An unknown type is ignored.
    html = client.get("/recherche/", {"q": "nettoyage", "type": "inconnu"}).content.decode()
    assert "2 résultats" in html


def test_drafts_and_private_pages_are_not_found(client, home_page):
    ContentPageFactory(parent=home_page, title="Clause publiée")
    draft = ContentPageFactory(parent=home_page, title="Clause brouillon")
    draft.unpublish()
    html = client.get("/recherche/", {"q": "clause"}).content.decode()
    assert "Clause publiée" in html
    assert "Clause brouillon" not in html


def test_results_are_paginated_across_sources(client, home_page, news_index, fake_sources):
    for number in range(7):
        NewsPageFactory(parent=news_index, title=f"Insertion actualité {number}")
    for number in range(6):
        ContentPageFactory(parent=home_page, title=f"Insertion page {number}")
    outcome = site_search(raw_query="insertion", per_page=5)
    assert outcome.total == 13
    assert outcome.page.paginator.num_pages == 3
    second = site_search(raw_query="insertion", page_number=2, per_page=5)
    labels = [hit.type_label for hit in second.hits]
    assert labels == [
        "Actualité",
        "Actualité",
        "Page de contenu",
        "Page de contenu",
        "Page de contenu",
    ]
    html = client.get("/recherche/", {"q": "insertion", "page": "2"}).content.decode()
    assert 'href="?q=insertion"' in html  # page 1 link keeps the query
    assert "page 2 sur 2" in html


def test_chained_results_slices_across_parts():
    parts = [("a", list("abc"), 3), ("b", [], 0), ("c", list("defg"), 4)]
    chained = ChainedResults(parts)
    assert len(chained) == 7
    assert chained[2:5] == [("a", ["c"]), ("c", ["d", "e"])]
    assert chained[0:10] == [("a", ["a", "b", "c"]), ("c", ["d", "e", "f", "g"])]
    assert chained[7:10] == []


def test_promoted_results_come_first_once(client, home_page):
    guide = ContentPageFactory(parent=home_page, title="Guide des clauses sociales")
    ContentPageFactory(parent=home_page, title="Clauses sociales : la délibération")
    query = Query.get("clauses sociales")
    SearchPromotion.objects.create(
        query=query, page=guide, description="Le guide pour les acheteurs.", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/guide.pdf",
        external_link_text="Guide national",
        sort_order=1,
    )
    html = client.get("/recherche/", {"q": "  Clauses   SOCIALES "}).content.decode()
    promoted = html.split('id="promoted-title"')[1].split("</section>")[0]
    assert "Guide des clauses sociales" in promoted
    assert "Le guide pour les acheteurs." in promoted
    assert 'href="https://example.org/guide.pdf"' in promoted
    assert promoted.index("Guide des clauses") < promoted.index("Guide national")
    results = html.split('id="results-title"')[1]
    assert "Clauses sociales : la délibération" in results
    assert "Guide des clauses sociales" not in results  # not listed twice


def test_search_does_not_record_queries(client, home_page):
    client.get("/recherche/", {"q": "une recherche unique"})
    assert not Query.objects.filter(query_string="une recherche unique").exists()


def test_search_query_count_does_not_grow(
    client, home_page, news_index, fake_sources, django_assert_max_num_queries
):
    def build(numbers):
        for number in numbers:
            NewsPageFactory(parent=news_index, title=f"Insertion actualité {number}")
            ContentPageFactory(parent=home_page, title=f"Insertion page {number}")
            wagtail_factories.DocumentFactory(title=f"Insertion structure {number}")

    build(range(1))
    client.get("/recherche/", {"q": "insertion"})
    with CaptureQueriesContext(connection) as few:
        client.get("/recherche/", {"q": "insertion"})
    few_queries = len(few)  # read now: the next request resets the query log
    build(range(1, 9))
    client.get("/recherche/", {"q": "insertion"})  # new pages: the site's frame is read again
    with django_assert_max_num_queries(few_queries):
        response = client.get("/recherche/", {"q": "insertion"})
    assert "27 résultats" in response.content.decode()


# A day-long window: the requests almost never straddle two rate-limit windows.
@override_settings(PORTAL_RATE_LIMITS={"search": "3/d", "default": "10/m"})
def test_search_is_rate_limited_per_ip(client, home_page):
    for _attempt in range(3):
        assert client.get("/recherche/", {"q": "charte"}).status_code == 200
    response = client.get("/recherche/", {"q": "charte"})
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()


def test_only_get_and_head_are_allowed(client, home_page):
    assert client.post("/recherche/", {"q": "charte"}).status_code == 405
    assert client.head("/recherche/?q=charte").status_code == 200


def test_registry_rejects_the_reserved_pages_key():
    from search.registry import SearchSource

    with pytest.raises(ValueError):
        search_sources.register(SearchSource("pages", "Pages", lambda request: None))
    assert search_sources.sources()[-1].key == "pages"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming is a PostgreSQL feature"
)
def test_french_stemming_on_postgresql(client, home_page):
    ContentPageFactory(parent=home_page, title="La clause sociale expliquée aux entreprises")
    html = client.get("/recherche/", {"q": "clauses sociales"}).content.decode()
    assert "La clause sociale expliquée aux entreprises" in html
