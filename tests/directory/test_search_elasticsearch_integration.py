"""The search contract against a real Elasticsearch: runs when ELASTICSEARCH_URL is set.

ELASTICSEARCH_URL=http://localhost:9200 .venv/bin/pytest -m elasticsearch tests/directory
"""

import os
import uuid

import pytest
from django.test import override_settings
from elasticsearch import Elasticsearch

from directory.search import search_structures
from directory.search.backends.elasticsearch import ElasticsearchBackend
from directory.search.indexing import rebuild_index

from .search_contract import SearchContract

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.django_db,
    pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL n'est pas défini"),
]


@pytest.fixture
def es_client():
    client = Elasticsearch(ELASTICSEARCH_URL, request_timeout=10)
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    with override_settings(
        ELASTICSEARCH_URL=ELASTICSEARCH_URL,
        ELASTICSEARCH_INDEX_PREFIX=prefix,
        DIRECTORY_SEARCH_BACKEND="database",  # no automatic sync: the fixture indexes
    ):
        yield client
    client.indices.delete(index=f"{prefix}-directory*", ignore_unavailable=True)


@pytest.fixture
def run_search(es_client, directory_data):
    name, _count = rebuild_index(es_client)
    es_client.indices.refresh(index=name)
    backend = ElasticsearchBackend(client=es_client)

    def run(params, per_page=20):
        results = search_structures(params, backend=backend, per_page=per_page)
        assert results.backend == "elasticsearch"
        return results

    return run


class TestElasticsearchBackend(SearchContract):
    def test_french_analysis_finds_plurals_and_elisions(self, run_search):
        assert run_search({"q": "jardin huveaune"}).total == 1
        assert run_search({"q": "l'huveaune"}).total == 1
