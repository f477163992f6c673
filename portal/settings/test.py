"""Test settings: fast hasher, in-memory cache and email, temporary media, no network."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"tests-{alias}",
    }
    for alias in ("default", "pagecache", "renditions")
}
# The page cache is off in tests (a page changed through the ORM would otherwise be served
# stale); tests of the cache itself switch it on with the settings fixture.
WAGTAIL_CACHE = False
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Each request of a live server closes its database connection when it ends. With persistent
# connections, a request thread kept alive by its client (Playwright's ``page.request`` keeps
# its socket open) held one past the session's end, and PostgreSQL refused to drop the test
# database ("being accessed by other users").
DATABASES["default"]["CONN_MAX_AGE"] = 0
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portail-media-"))
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Tests decide themselves when to wait: no minimum fill time unless a test sets it.
PORTAL_FORM_MIN_FILL_SECONDS = 0
DIRECTORY_SEARCH_BACKEND = "database"
ELASTICSEARCH_URL = None
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"
WHITENOISE_AUTOREFRESH = True  # serve from finders: no collectstatic needed in tests
