"""Production settings: every integration switched on by its environment variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASE_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "achats-inclusifs.example.org",
    "DATABASE_URL": "postgres://portail:secret@db:5432/portail",
}
INTEGRATION_VARIABLES = (
    "REDIS_URL",
    "PAGE_CACHE_REDIS_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "ELASTICSEARCH_URL",
    "LOG_FORMAT",
    "ADMIN_ALLOWED_NETWORKS",
    "CACHE_DIR",
)

PROBE = """
import json
from portal.settings import production as s
print(json.dumps({
    "storage": s.STORAGES["default"],
    "caches": s.CACHES,
    "session_engine": getattr(s, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
    "log_formatter": s.LOGGING["handlers"]["console"]["formatter"],
    "secure_cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "redirect_exempt": s.SECURE_REDIRECT_EXEMPT,
    "whitenoise_max_age": s.WHITENOISE_MAX_AGE,
    "admin_networks": s.ADMIN_ALLOWED_NETWORKS,
    "search_backend": s.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "db_options": s.DATABASES["default"].get("OPTIONS", {}),
    "debug": s.DEBUG,
}, default=str))
"""


def production_settings(**variables):
    environment = {
        key: value for key, value in os.environ.items() if key not in INTEGRATION_VARIABLES
    }
    environment.update(BASE_ENV)
    environment.update(variables)
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def embedded():
    return production_settings()


@pytest.fixture(scope="module")
def integrated():
    return production_settings(
        REDIS_URL="redis://redis:6379/0",
        AWS_STORAGE_BUCKET_NAME="portail-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        ELASTICSEARCH_URL="http://elasticsearch:9200",
        ADMIN_ALLOWED_NETWORKS="10.0.0.0/8, 192.168.1.0/24",
    )


def test_local_files_without_bucket(embedded):
    assert embedded["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_s3_storage_with_bucket(integrated):
    storage = integrated["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "portail-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert storage["OPTIONS"]["file_overwrite"] is False


def test_s3_storage_builds_from_the_production_options(integrated):
    """With the ``s3`` extra installed, the configured options are accepted by the backend."""
    pytest.importorskip("storages")
    from django.utils.module_loading import import_string

    config = integrated["storage"]
    storage = import_string(config["BACKEND"])(**config["OPTIONS"])
    assert storage.bucket_name == "portail-media"
    assert storage.endpoint_url == "https://s3.fr-par.scw.cloud"
    assert storage.file_overwrite is False
    assert storage.querystring_auth is False


def test_redis_for_cache_sessions_and_a_separate_page_cache_database(integrated):
    caches = integrated["caches"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://redis:6379/0"
    assert caches["pagecache"]["LOCATION"] == "redis://redis:6379/1"
    assert caches["renditions"]["LOCATION"] == "redis://redis:6379/0"
    assert caches["default"]["OPTIONS"]["socket_timeout"] <= 5
    assert integrated["session_engine"] == "django.contrib.sessions.backends.cache"


def test_explicit_page_cache_url():
    values = production_settings(
        REDIS_URL="redis://redis:6379/2", PAGE_CACHE_REDIS_URL="redis://pages:6379/0"
    )
    assert values["caches"]["pagecache"]["LOCATION"] == "redis://pages:6379/0"


def test_shared_file_cache_without_redis(embedded):
    caches = embedded["caches"]
    assert caches["default"]["BACKEND"].endswith("FileBasedCache")
    # Pages: the same file cache, stored uncompressed (portal/cache_backends.py).
    assert caches["pagecache"]["BACKEND"] == "portal.cache_backends.PageFileCache"
    assert caches["default"]["LOCATION"] != caches["pagecache"]["LOCATION"]
    assert embedded["session_engine"] == "django.contrib.sessions.backends.db"


def test_elasticsearch_search_backend(integrated, embedded):
    assert integrated["search_backend"] == "wagtail.search.backends.elasticsearch9"
    assert embedded["search_backend"] == "wagtail.search.backends.database"


def test_security_defaults(embedded):
    assert embedded["debug"] is False
    assert embedded["secure_cookies"] == [True, True]
    assert embedded["hsts"] == [31536000, True, True]
    assert embedded["ssl_redirect"] is True
    assert r"^health/$" in embedded["redirect_exempt"]
    assert embedded["whitenoise_max_age"] >= 3600
    assert embedded["db_options"]["connect_timeout"] <= 10


def test_json_logs_by_default(embedded):
    assert embedded["log_formatter"] == "json"
    assert production_settings(LOG_FORMAT="plain")["log_formatter"] == "plain"


def test_admin_networks_from_environment(integrated, embedded):
    assert integrated["admin_networks"] == ["10.0.0.0/8", "192.168.1.0/24"]
    assert embedded["admin_networks"] == []
