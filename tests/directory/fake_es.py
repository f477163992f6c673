"""A fake Elasticsearch transport: records every request the client sends, answers from a
handler. The real ``Elasticsearch`` client (and ``elasticsearch.dsl`` / helpers) run on top,
so tests assert the exact bodies that would go over the wire."""

import json
import re
from contextlib import contextmanager
from unittest import mock

from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig, Transport
from elasticsearch import Elasticsearch


def empty_search_response(total=0, ids=()):
    return {
        "took": 1,
        "hits": {
            "total": {"value": total, "relation": "eq"},
            "hits": [{"_id": str(pk)} for pk in ids],
        },
        "aggregations": {},
    }


class FakeTransport:
    def __init__(self):
        self.requests = []
        self.routes = []  # (method, regex, callable(body) -> (status, body))
        self.fail_with = None

    def route(self, method, pattern, response):
        self.routes.insert(0, (method, re.compile(pattern), response))

    def __call__(self, method, target, *, body=None, **kwargs):
        path, _sep, query = target.partition("?")
        body = _decode(body)
        self.requests.append({"method": method, "path": path, "query": query, "body": body})
        if self.fail_with is not None:
            raise self.fail_with
        for route_method, pattern, response in self.routes:
            if route_method == method and pattern.search(path):
                status, payload = response(body) if callable(response) else response
                break
        else:
            status, payload = self.default(method, path, body)
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders(
                {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
            ),
            duration=0.0,
            node=NodeConfig("http", "localhost", 9200),
        )
        return meta, payload

    def default(self, method, path, body):
        if path.endswith("/_bulk") or path == "/_bulk":
            items = []
            operations = list(body or [])
            for operation in operations:
                if isinstance(operation, dict) and len(operation) == 1:
                    ((op_type, meta),) = operation.items()
                    if op_type in {"index", "delete", "create", "update"}:
                        items.append({op_type: {"_id": meta.get("_id"), "status": 200}})
            return 200, {"errors": False, "items": items, "took": 1}
        if path.endswith("/_search"):
            return 200, empty_search_response()
        if method == "HEAD":
            return 404, {}
        return 200, {"acknowledged": True}

    def bodies(self, suffix):
        return [request["body"] for request in self.requests if request["path"].endswith(suffix)]


def _decode(body):
    """Bodies as Python objects (bulk bodies arrive as pre-serialised NDJSON lines)."""
    if isinstance(body, (bytes, str)):
        text = body.decode() if isinstance(body, bytes) else body
        lines = [line for line in text.splitlines() if line.strip()]
        return [json.loads(line) for line in lines] if len(lines) > 1 else json.loads(text)
    if isinstance(body, (list, tuple)):
        return [json.loads(item) if isinstance(item, (bytes, str)) else item for item in body]
    return body


@contextmanager
def fake_elasticsearch():
    transport = FakeTransport()

    def perform_request(self, method, target, **kwargs):
        return transport(method, target, **kwargs)

    with mock.patch.object(Transport, "perform_request", perform_request):
        yield transport


def client():
    return Elasticsearch("http://elasticsearch.test:9200", request_timeout=1, max_retries=0)
