"""Elasticsearch backend: the bodies sent (fake transport), the fallback, the index sync."""

import logging

import pytest
from django.test import override_settings
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout

from directory.factories import StructureFactory
from directory.models import PublicationState
from directory.search import documents as es_documents
from directory.search import search_structures
from directory.search.backends.elasticsearch import ElasticsearchBackend
from directory.search.indexing import rebuild_index, sync_elasticsearch
from directory.search.service import reset_circuit

from .fake_es import client, fake_elasticsearch

pytestmark = pytest.mark.django_db

ES_SETTINGS = {
    "DIRECTORY_SEARCH_BACKEND": "elasticsearch",
    "ELASTICSEARCH_URL": "http://elasticsearch.test:9200",
    "ELASTICSEARCH_INDEX_PREFIX": "test",
}


@pytest.fixture(autouse=True)
def fresh_client():
    es_documents._client.clear()
    reset_circuit()
    yield
    es_documents._client.clear()
    reset_circuit()


def search_with_fake(params, transport_setup=None):
    with fake_elasticsearch() as transport:
        if transport_setup:
            transport_setup(transport)
        results = search_structures(
            params, backend=ElasticsearchBackend(client=client(), index="test-directory")
        )
    return results, transport


def test_body_with_text_facets_and_place(communes):
    results, transport = search_with_fake(
        {
            "q": "jardin",
            "famille": "insertion",
            "type": ["EI", "ACI"],
            "lieu": "Aubagne",
            "rayon": "30",
        }
    )
    assert results.backend == "elasticsearch"
    (request,) = [r for r in transport.requests if r["path"].endswith("/_search")]
    assert request["path"] == "/test-directory/_search"
    body = request["body"]
    must = body["query"]["bool"]["must"][0]["multi_match"]
    assert must["query"] == "jardin" and must["operator"] == "and"
    place = body["query"]["bool"]["filter"][0]["bool"]
    assert place["minimum_should_match"] == 1
    assert place["should"][0] == {
        "geo_distance": {"distance": "30km", "location": {"lat": 43.2927, "lon": 5.5708}}
    }
    assert {"term": {"perimeter_kind": "national"}} in place["should"]
    territories = place["should"][2]["bool"]
    assert {"term": {"perimeter_departments": "13"}} in territories["should"]
    assert {"term": {"perimeter_regions": "93"}} in territories["should"]
    # Multi-select facets: hits filtered by post_filter, each aggregation drops its own filter.
    post = body["post_filter"]["bool"]["filter"]
    assert {"terms": {"family": ["insertion"]}} in post
    assert {"terms": {"kind": ["EI", "ACI"]}} in post
    kind_agg = body["aggs"]["type"]
    assert kind_agg["filter"] == {"bool": {"filter": [{"terms": {"family": ["insertion"]}}]}}
    assert kind_agg["aggs"]["values"]["terms"]["field"] == "kind"
    assert body["aggs"]["famille"]["filter"] == {
        "bool": {"filter": [{"terms": {"kind": ["EI", "ACI"]}}]}
    }
    assert body["aggs"]["departement"]["aggs"]["values"]["terms"]["field"] == "department"
    assert body["sort"][0]["_geo_distance"]["location"] == {"lat": 43.2927, "lon": 5.5708}
    assert (body["from"], body["size"], body["track_total_hits"], body["_source"]) == (
        0,
        20,
        True,
        False,
    )


def test_siret_and_siren_are_exact_terms():
    _results, transport = search_with_fake({"q": "732 829 320 00074"})
    assert transport.bodies("_search")[0]["query"]["bool"]["must"] == [
        {"term": {"siret": "73282932000074"}}
    ]
    _results, transport = search_with_fake({"q": "732829320"})
    assert transport.bodies("_search")[0]["query"]["bool"]["must"] == [
        {"term": {"siren": "732829320"}}
    ]


def test_sectors_and_groups_form_one_filter():
    _results, transport = search_with_fake(
        {
            "secteur": "elagage-et-abattage",
            "secteur_groupe": "proprete-et-nettoyage",
            "tri": "nom",
            "page": "3",
        }
    )
    body = transport.bodies("_search")[0]
    sector_filter = body["post_filter"]["bool"]["filter"][0]["bool"]
    assert {"terms": {"sectors": ["elagage-et-abattage"]}} in sector_filter["should"]
    assert {"terms": {"sector_groups": ["proprete-et-nettoyage"]}} in sector_filter["should"]
    assert body["aggs"]["secteur"]["filter"] == {"match_all": {}}
    assert body["sort"] == [{"sort_name": "asc"}]
    assert body["from"] == 40


def test_response_is_turned_into_the_results_contract(communes):
    first = StructureFactory(legal_name="Premier", kind="EI")
    second = StructureFactory(legal_name="Second", kind="EA")

    def answer(body):
        return 200, {
            "hits": {
                "total": {"value": 2, "relation": "eq"},
                "hits": [{"_id": str(second.pk)}, {"_id": str(first.pk)}],
            },
            "aggregations": {
                "famille": {
                    "doc_count": 2,
                    "values": {
                        "buckets": [
                            {"key": "insertion", "doc_count": 1},
                            {"key": "handicap", "doc_count": 1},
                        ]
                    },
                },
                "type": {
                    "doc_count": 2,
                    "values": {
                        "buckets": [{"key": "EI", "doc_count": 1}, {"key": "EA", "doc_count": 1}]
                    },
                },
                "secteur": {"doc_count": 0, "values": {"buckets": []}},
            },
        }

    results, _transport = search_with_fake({}, lambda t: t.route("POST", "_search$", answer))
    assert [item.pk for item in results.items] == [second.pk, first.pk]
    assert results.total == 2
    assert {v.value: v.count for v in results.facet("type").values} == {"EI": 1, "EA": 1}


def test_page_beyond_the_end_asks_for_the_last_page():
    def answer(body):
        return 200, {
            "hits": {"total": {"value": 45, "relation": "eq"}, "hits": []},
            "aggregations": {},
        }

    results, transport = search_with_fake(
        {"page": "7"}, lambda t: t.route("POST", "_search$", answer)
    )
    assert [body["from"] for body in transport.bodies("_search")] == [120, 40]
    assert results.page.number == 3
    assert results.errors


@pytest.mark.parametrize(
    "failure", [TransportConnectionError("refused"), ConnectionTimeout("too slow")]
)
def test_falls_back_to_the_database_with_a_warning(failure, caplog, communes):
    StructureFactory(legal_name="Toujours trouvée", kind="EI")

    def setup(transport):
        transport.fail_with = failure

    with caplog.at_level(logging.WARNING, logger="directory.search.service"):
        results, transport = search_with_fake({"q": "toujours"}, setup)
    assert results.backend == "database"
    assert [item.legal_name for item in results.items] == ["Toujours trouvée"]
    assert "repli sur la base de données" in caplog.text
    # The circuit is open: the next search does not wait for Elasticsearch again.
    with fake_elasticsearch() as transport:
        again = search_structures({"q": "toujours"}, backend=ElasticsearchBackend(client=client()))
    assert again.backend == "database"
    assert transport.requests == []


@override_settings(**ES_SETTINGS)
def test_publish_unpublish_and_delete_sync_after_commit(
    django_capture_on_commit_callbacks, communes
):
    with fake_elasticsearch() as transport:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            structure = StructureFactory(
                legal_name="Synchronisée", publication_state=PublicationState.PUBLISHED
            )
        assert transport.requests == []  # nothing before commit
        for callback in callbacks:
            callback()
        operations = transport.bodies("_bulk")[-1]
        assert operations[0] == {"index": {"_index": "test-directory", "_id": structure.pk}}
        document = operations[1]
        assert document["name"] == "Synchronisée"
        assert document["location"] == {"lat": structure.latitude, "lon": structure.longitude}
        assert document["siren"] == structure.siret[:9]

        with django_capture_on_commit_callbacks(execute=True):
            structure.publication_state = PublicationState.UNPUBLISHED
            structure.save()
        assert transport.bodies("_bulk")[-1] == [
            {"delete": {"_index": "test-directory", "_id": structure.pk}}
        ]

        pk = structure.pk
        with django_capture_on_commit_callbacks(execute=True):
            structure.delete()
        assert transport.bodies("_bulk")[-1] == [
            {"delete": {"_index": "test-directory", "_id": pk}}
        ]


@override_settings(**ES_SETTINGS)
def test_sync_failure_is_logged_not_raised(caplog):
    structure = StructureFactory()
    with fake_elasticsearch() as transport, caplog.at_level(logging.WARNING):
        transport.fail_with = TransportConnectionError("down")
        assert sync_elasticsearch([structure.pk]) is False
    assert "reindex_directory" in caplog.text


def test_sync_is_off_with_the_database_backend():
    with fake_elasticsearch() as transport:
        StructureFactory()
        assert sync_elasticsearch([1]) is True
    assert transport.requests == []


@override_settings(**ES_SETTINGS)
def test_rebuild_creates_a_new_index_then_swaps_the_alias(communes):
    published = StructureFactory(legal_name="Publiée")
    StructureFactory(legal_name="Brouillon", publication_state=PublicationState.DRAFT)
    with fake_elasticsearch() as transport:
        transport.route("HEAD", r"^/_alias/test-directory$", (200, {}))
        transport.route(
            "GET",
            r"^/_alias/test-directory$",
            (200, {"test-directory-old": {"aliases": {"test-directory": {}}}}),
        )
        name, count = rebuild_index(client())
    assert count == 1
    create = next(r for r in transport.requests if r["method"] == "PUT" and r["path"] == f"/{name}")
    mappings = create["body"]["mappings"]["properties"]
    assert mappings["location"] == {"type": "geo_point"}
    assert mappings["kind"] == {"type": "keyword"}
    assert mappings["description"]["analyzer"] == "french_folded"
    analysis = create["body"]["settings"]["analysis"]
    assert "asciifolding" in analysis["analyzer"]["french_folded"]["filter"]
    bulk = transport.bodies("_bulk")[0]
    assert bulk[0] == {"index": {"_index": name, "_id": published.pk}}
    aliases = next(r for r in transport.requests if r["path"] == "/_aliases")["body"]["actions"]
    assert aliases == [
        {"remove": {"index": "test-directory-old", "alias": "test-directory"}},
        {"add": {"index": name, "alias": "test-directory"}},
    ]
    assert any(
        r["method"] == "DELETE" and r["path"] == "/test-directory-old" for r in transport.requests
    )


def test_reindex_command_requires_elasticsearch():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("reindex_directory")
