"""Production: everything from the environment, secure by default.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``. Optional: ``REDIS_URL``,
``ELASTICSEARCH_URL``, ``EMAIL_HOST``…, ``AWS_STORAGE_BUCKET_NAME``… (see README).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

# Static files: hashed names (manifest storage) are served for ten years and "immutable" by
# whitenoise; the few files requested by their plain name are kept this long.
WHITENOISE_MAX_AGE = int(env("WHITENOISE_MAX_AGE", "3600"))

# JSON logs unless told otherwise.
LOG_FORMAT = env("LOG_FORMAT", "json")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "plain"

# Without Redis, gunicorn's workers still need one shared cache: purges and rate-limit counters
# must reach every worker. A file cache works for a single machine; past one, set REDIS_URL.
if not REDIS_URL:
    CACHE_DIR = Path(env("CACHE_DIR", BASE_DIR / "var" / "cache"))
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(CACHE_DIR / "default"),
        "TIMEOUT": 600,
    }
    CACHES["pagecache"] = {
        # Django's file cache, pages stored uncompressed: no decompression on a hit.
        "BACKEND": "portal.cache_backends.PageFileCache",
        "LOCATION": str(CACHE_DIR / "pages"),
        "TIMEOUT": PAGE_CACHE_TIMEOUT,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }

if not SECRET_KEY:
    raise ImproperlyConfigured("La variable d'environnement SECRET_KEY est obligatoire.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("La variable d'environnement ALLOWED_HOSTS est obligatoire.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes speak plain HTTP to the container (portal/health.py also answers them first).
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        env("DB_CONNECT_TIMEOUT", "5")
    )

# Object storage for media (S3-compatible) when its variables are set.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            # S3 cannot send a CSP: the CDN or proxy in front of the bucket adds it
            # (docs/production.md). Documents never come from the bucket directly.
            "object_parameters": {"CacheControl": f"public, max-age={PORTAL_MEDIA_MAX_AGE}"},
        },
    }

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX": f"{ELASTICSEARCH_INDEX_PREFIX}-wagtail",
            "TIMEOUT": 5,
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        }
    }
