"""Health endpoints for load balancers and orchestrators.

- ``/health/``: the process answers (no database, no cache): liveness.
- ``/ready/``: the database, the cache and, when ``ELASTICSEARCH_URL`` is set, Elasticsearch
  answer within short timeouts: readiness. 503 with a JSON body naming the failing
  dependencies otherwise (details go to the logs, not to the client).

``HealthCheckMiddleware`` (first in MIDDLEWARE, after the request id) answers both paths before
host validation and the HTTPS redirect, so that a probe on ``http://127.0.0.1:8000/health/``
works whatever ``ALLOWED_HOSTS`` holds.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("portal.health")

HEALTH_PATH = "/health/"
READY_PATH = "/ready/"


def check_database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    cache = caches["default"]
    key = f"portal-ready-{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    value = cache.get(key)
    cache.delete(key)
    if value != "1":
        raise RuntimeError("cache read-back failed")


def check_elasticsearch():
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=settings.HEALTH_CHECK_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )
    try:
        if not client.ping():
            raise RuntimeError("no answer to ping")
    finally:
        client.close()


def readiness_checks():
    checks = {"database": check_database, "cache": check_cache}
    if getattr(settings, "ELASTICSEARCH_URL", None):
        checks["elasticsearch"] = check_elasticsearch
    return checks


def run_checks():
    """``{name: (ok, milliseconds)}`` for every configured dependency."""
    results = {}
    for name, check in readiness_checks().items():
        started = time.monotonic()
        try:
            check()
        except Exception:
            logger.exception("Dépendance %s indisponible.", name)
            ok = False
        else:
            ok = True
        results[name] = (ok, round((time.monotonic() - started) * 1000, 1))
    return results


@never_cache
@require_safe
def health(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def ready(request):
    results = run_checks()
    failing = sorted(name for name, (ok, _ms) in results.items() if not ok)
    body = {
        "status": "error" if failing else "ok",
        "checks": {
            name: {"status": "ok" if ok else "error", "ms": ms}
            for name, (ok, ms) in results.items()
        },
        "failing": failing,
    }
    return JsonResponse(body, status=503 if failing else 200)


class HealthCheckMiddleware:
    """Answers the probes before host validation, sessions and the HTTPS redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            return health(request)
        if request.path_info == READY_PATH and request.method in ("GET", "HEAD"):
            return ready(request)
        return self.get_response(request)
