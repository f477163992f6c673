"""Structured logs: request id on every record, JSON lines, no stack trace to users."""

import json
import logging

import pytest
from django.urls import path

from portal.log import JSONFormatter, RequestIDFilter, request_id_var

pytestmark = pytest.mark.django_db


def make_record(message="Structure publiée", **extra):
    record = logging.LogRecord("portal.test", logging.WARNING, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_filter_adds_the_current_request_id():
    token = request_id_var.set("abc123")
    try:
        record = make_record()
        assert RequestIDFilter().filter(record) is True
        assert record.request_id == "abc123"
    finally:
        request_id_var.reset(token)
    outside = make_record()
    RequestIDFilter().filter(outside)
    assert outside.request_id == "-"


def test_json_formatter_writes_one_object_per_line():
    record = make_record("Élément « test »", siret="12345678901234", objet=object())
    record.request_id = "rid-1"
    line = JSONFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "WARNING"
    assert data["logger"] == "portal.test"
    assert data["message"] == "Élément « test »"
    assert data["request_id"] == "rid-1"
    assert data["siret"] == "12345678901234"
    assert data["objet"].startswith("<object")
    assert data["time"].endswith("+00:00")


def test_json_formatter_includes_exceptions():
    try:
        raise ValueError("boum")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "portal.test", logging.ERROR, __file__, 1, "échec", (), sys.exc_info()
        )
    data = json.loads(JSONFormatter().format(record))
    assert "ValueError: boum" in data["exception"]


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(RequestIDFilter())

    def emit(self, record):
        self.records.append(record)


def test_logs_during_a_request_carry_its_id(client, settings):
    from django.http import HttpResponse

    logger = logging.getLogger("portal.requestid.test")
    handler = ListHandler()
    logger.addHandler(handler)

    def view(request):
        logger.warning("dans la vue")
        return HttpResponse("ok")

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("essai/", view)]})
    try:
        response = client.get("/essai/", HTTP_X_REQUEST_ID="req-42")
        generated = client.get("/essai/")
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "req-42"
    assert [record.request_id for record in handler.records] == [
        "req-42",
        generated["X-Request-ID"],
    ]
    assert request_id_var.get() == "-"  # reset after the request


def test_server_error_never_shows_a_traceback(client, settings):
    def broken(request):
        raise RuntimeError("secret interne : mot de passe de la base")

    urlconf = type(
        "urls",
        (),
        {"urlpatterns": [path("panne/", broken)], "handler500": "portal.views.server_error"},
    )
    settings.ROOT_URLCONF = urlconf
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Traceback" not in content
    assert "secret interne" not in content
    assert "momentanément indisponible" in content
    assert response["Cache-Control"] == "no-store"
    assert response["X-Request-ID"]
