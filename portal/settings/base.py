"""Base settings: safe by default, every secret and integration read from the environment.

Integrations are switched on by their variables only: ``DATABASE_URL`` (PostgreSQL),
``REDIS_URL`` (cache and sessions), ``ELASTICSEARCH_URL`` (directory search engine),
``EMAIL_HOST`` (SMTP) and ``AWS_STORAGE_BUCKET_NAME`` (S3-compatible media storage).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def redis_url_next_db(url):
    """The same Redis server, database number + 1 ("redis://h:6379/0" -> "redis://h:6379/1")."""
    parts = urlsplit(url)
    current = parts.path.strip("/") or "0"
    return urlunsplit(parts._replace(path=f"/{int(current) + 1}"))


SECRET_KEY = env("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so that their templates and commands win.
    "portal",
    "home",
    "directory",
    "opportunities",
    "commitments",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailcache",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

# Order matters. The request id wraps everything; the probes answer next; static files leave
# at whitenoise. The Cache-Control policy wraps wagtail-cache's Update (outer) and Fetch
# middlewares, and Fetch comes right after Update: a page served from the cache costs no
# common, session, user, CSRF, messages or CSP work. This is safe because the stored response
# already carries every header the inner middlewares add (Update stores it after them:
# Content-Length, CSP, X-Frame-Options, Permissions-Policy), and portal/cache.py refuses the
# cache to hosts outside ALLOWED_HOSTS (CommonMiddleware then answers 400) and to any visitor
# with a session cookie (every logged-in user, previews included) or flash messages, without
# needing request.user. The cached site comes after Fetch (a hit never needs it). No
# LocaleMiddleware: the site is French only, and its "Vary: Accept-Language" would split the
# page cache per browser language.
MIDDLEWARE = [
    "portal.middleware.RequestIDMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.cache.CacheHeadersMiddleware",
    "wagtailcache.cache.UpdateCacheMiddleware",
    "wagtailcache.cache.FetchFromCacheMiddleware",
    "portal.cache.DayBoundCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.AdminAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Database: SQLite by default (embedded), PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, a local memory cache otherwise.
# Three aliases: "default" (sessions, rate limits), "pagecache" (anonymous pages, purged as a
# whole on every publication: a Redis database of its own, REDIS_URL's + 1 unless
# PAGE_CACHE_REDIS_URL is set) and "renditions" (Wagtail image renditions).
PAGE_CACHE_TIMEOUT = int(env("PAGE_CACHE_TIMEOUT", "3600"))
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "portail")
    # Short socket timeouts: a stalled Redis must not hold gunicorn workers.
    REDIS_OPTIONS = {
        "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "2")),
        "socket_timeout": float(env("REDIS_TIMEOUT", "2")),
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 600,
            "OPTIONS": REDIS_OPTIONS,
        },
        "pagecache": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("PAGE_CACHE_REDIS_URL") or redis_url_next_db(REDIS_URL),
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-pages",
            "TIMEOUT": PAGE_CACHE_TIMEOUT,
            "OPTIONS": REDIS_OPTIONS,
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-renditions",
            "TIMEOUT": 600,
            "OPTIONS": REDIS_OPTIONS,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portail",
            "TIMEOUT": 600,
        },
        "pagecache": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portail-pages",
            "TIMEOUT": PAGE_CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portail-renditions",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }

# Page cache (wagtail-cache): anonymous GET/HEAD only; see portal/cache.py for what is stored,
# the Cache-Control policy and the purges.
WAGTAIL_CACHE = env_bool("WAGTAIL_CACHE", True)
WAGTAIL_CACHE_BACKEND = "pagecache"
# Browsers and proxies keep public pages this long (seconds): short, so publications show fast.
PORTAL_CACHE_MAX_AGE = int(env("PORTAL_CACHE_MAX_AGE", "60"))
# Non-page models whose save/delete purges the page cache ("app_label.Model"; unknown ignored).
PORTAL_CACHE_PURGE_MODELS = ["directory.Structure"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French public site and admin, Paris time.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Static files and media
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", False)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", "Portail des achats inclusifs <ne-pas-repondre@example.org>"
)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Staff mailbox notified of new applications, contact messages and charter requests.
PORTAL_STAFF_EMAILS = env_list("PORTAL_STAFF_EMAILS", "equipe@example.org")

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Portail des achats inclusifs")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Human-readable ASCII slugs ("actualites", "chiffres-cles"): accents are transliterated.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL, French stemming: "clauses sociales" finds "clause sociale" (ignored by
    # SQLite). After changing it on an existing database: manage.py update_index.
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "french"},
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
# Below Pillow's decompression-bomb threshold (89.5 Mpx).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp", "gif"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "docx", "xlsx", "csv", "txt"]
# Documents always go through Wagtail's view (private collections are checked) and download
# as attachments with a sandboxing CSP (portal/media.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# Local media served by portal.media.serve_media (turn off when the proxy serves /media/).
PORTAL_SERVE_MEDIA = env_bool("PORTAL_SERVE_MEDIA", True)
PORTAL_MEDIA_MAX_AGE = int(env("PORTAL_MEDIA_MAX_AGE", str(7 * 24 * 3600)))
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}

# Directory search engine: "database" (default) or "elasticsearch" when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "portail")
ELASTICSEARCH_TIMEOUT = float(env("ELASTICSEARCH_TIMEOUT", "2"))
# /ready/ gives each dependency this long (seconds).
HEALTH_CHECK_TIMEOUT = float(env("HEALTH_CHECK_TIMEOUT", "2"))
DIRECTORY_SEARCH_BACKEND = env(
    "DIRECTORY_SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database"
)

# Content-Security-Policy (django-csp 4): no inline script on the public site.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Wagtail marks its preview views SAMEORIGIN itself; everything else is never framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Admin: restricted to these networks when set (CIDR list; portal/security.py).
ADMIN_ALLOWED_NETWORKS = env_list("ADMIN_ALLOWED_NETWORKS")

# Rate limits (django-ratelimit) use the default cache, shared by all app servers with Redis.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_IP_META_KEY = "portal.network.ratelimit_ip"
# Client IP behind a reverse proxy: the header to trust (e.g. "X-Forwarded-For"), if any, and
# how many proxies of yours append to it. Empty: REMOTE_ADDR (see portal/network.py).
PORTAL_CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "")
PORTAL_TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))
# Rates per group ("count/period", period s, m, h, d, optionally with a multiplier: "5/15m").
# Apps add their own groups here; an unknown group uses "default" (see portal/antispam.py).
PORTAL_RATE_LIMITS = {
    "default": "10/m",
    "form": "5/m",
    "search": "60/m",
    "login-ip": "20/15m",
    "login-username": "5/15m",
    "siret": "5/h",
    "password-reset": "5/h",
    "contact": "5/h",  # contact page messages per client IP (home/contact)
    "opportunity-alert": "5/h",
}

# Anti-spam for public forms: minimum seconds between display and submission.
PORTAL_FORM_MIN_FILL_SECONDS = int(env("PORTAL_FORM_MIN_FILL_SECONDS", "3"))
# A form older than this asks to be sent again (not treated as spam).
PORTAL_FORM_MAX_AGE_SECONDS = int(env("PORTAL_FORM_MAX_AGE_SECONDS", str(2 * 24 * 3600)))

# Logs on stderr, each record with its request id; LOG_FORMAT=json (production's default)
# writes one JSON object per line for the log collector (portal/log.py).
LOG_FORMAT = env("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.log.RequestIDFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "portal.log.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

FORMAT_MODULE_PATH = ["portal.formats"]

# Directory registration and moderation. The retention periods are those stated on the
# privacy page (/donnees-personnelles/): keep them in step with its text.
DIRECTORY_UNCONFIRMED_RETENTION_DAYS = int(env("DIRECTORY_UNCONFIRMED_RETENTION_DAYS", "7"))
DIRECTORY_REJECTED_RETENTION_DAYS = int(env("DIRECTORY_REJECTED_RETENTION_DAYS", "30"))
DIRECTORY_EDIT_LINK_MAX_AGE_HOURS = int(env("DIRECTORY_EDIT_LINK_MAX_AGE_HOURS", "48"))
# How long a registration form in progress stays valid (its signed draft), in hours.
DIRECTORY_REGISTRATION_DRAFT_MAX_AGE_HOURS = 24
