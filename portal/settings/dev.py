"""Local development: the embedded default (SQLite, local memory cache, console email)."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_AUTOREFRESH = True
# Templates change all the time in development: no page cache unless asked (WAGTAIL_CACHE=1).
WAGTAIL_CACHE = env_bool("WAGTAIL_CACHE", False)
