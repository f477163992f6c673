"""/health/ and /ready/: liveness without dependencies, readiness with a dead dependency."""

import json
from unittest import mock

import pytest

from portal import health

pytestmark = pytest.mark.django_db


def body(response):
    return json.loads(response.content)


def test_health_needs_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/")
    assert response.status_code == 200
    assert body(response) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_health_answers_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["achats-inclusifs.example.org"]
    assert client.get("/health/", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/ready/", HTTP_HOST="10.0.0.5:8000").status_code == 200


def test_health_does_not_answer_post(client):
    assert client.post("/health/").status_code in {403, 405}


def test_ready_when_everything_answers(client, settings):
    settings.ELASTICSEARCH_URL = None
    response = client.get("/ready/")
    assert response.status_code == 200
    data = body(response)
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache"}
    assert data["failing"] == []


def test_dead_database(client):
    with mock.patch.object(health, "check_database", side_effect=OSError("connexion refusée")):
        checks = {"database": health.check_database, "cache": health.check_cache}
        with mock.patch.object(health, "readiness_checks", return_value=checks):
            response = client.get("/ready/")
    assert response.status_code == 503
    data = body(response)
    assert data["failing"] == ["database"]
    assert data["checks"]["database"]["status"] == "error"
    assert data["checks"]["cache"]["status"] == "ok"
    assert "connexion refusée" not in response.content.decode()


def test_dead_cache(client, settings):
    with mock.patch("portal.health.caches") as caches:
        caches.__getitem__.return_value.set.side_effect = ConnectionError("redis")
        response = client.get("/ready/")
    assert response.status_code == 503
    assert body(response)["failing"] == ["cache"]


def test_cache_that_loses_writes(client):
    with mock.patch("portal.health.caches") as caches:
        caches.__getitem__.return_value.get.return_value = None
        response = client.get("/ready/")
    assert response.status_code == 503
    assert body(response)["failing"] == ["cache"]


def test_elasticsearch_checked_only_when_configured(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    with mock.patch("elasticsearch.Elasticsearch") as client_class:
        client_class.return_value.ping.return_value = False
        response = client.get("/ready/")
    assert response.status_code == 503
    assert body(response)["failing"] == ["elasticsearch"]
    kwargs = client_class.call_args.kwargs
    assert kwargs["request_timeout"] == settings.HEALTH_CHECK_TIMEOUT
    assert kwargs["max_retries"] == 0


def test_elasticsearch_up(client, settings):
    settings.ELASTICSEARCH_URL = "http://elasticsearch:9200"
    with mock.patch("elasticsearch.Elasticsearch") as client_class:
        client_class.return_value.ping.return_value = True
        response = client.get("/ready/")
    assert response.status_code == 200
    assert set(body(response)["checks"]) == {"database", "cache", "elasticsearch"}


def test_unreachable_elasticsearch_for_real(client, settings):
    """A closed port on localhost: the real client fails fast, the endpoint answers 503."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.HEALTH_CHECK_TIMEOUT = 1
    response = client.get("/ready/")
    assert response.status_code == 503
    assert body(response)["failing"] == ["elasticsearch"]


def test_ready_is_never_cached(client, settings):
    settings.WAGTAIL_CACHE = True
    client.get("/ready/")
    response = client.get("/ready/")
    assert "X-Wagtail-Cache" not in response or response["X-Wagtail-Cache"] != "hit"
