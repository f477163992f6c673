"""Page cache (wagtail-cache) and ``Cache-Control`` headers, decided in one place.

Anonymous GET/HEAD page views are stored in the ``pagecache`` cache alias (a Redis database of
its own in production, so that purging pages never touches sessions or rate-limit counters)
by wagtail-cache's two middlewares. This module decides:

- which requests and responses may be stored (``is_request_cacheable`` /
  ``is_response_cacheable``, wired as wagtail-cache hooks in ``portal/wagtail_hooks.py``):
  never the admin, documents, health checks, logged-in users, previews, visitors with a
  session or flash messages, pages with view restrictions, responses that set a cookie (every
  form with a CSRF token) or say ``no-store``;
- the ``Cache-Control`` header every response leaves with (``CacheHeadersMiddleware``): public
  pages ``public, max-age=PORTAL_CACHE_MAX_AGE`` (short: a published change reaches browsers
  quickly), everything private (logged-in users, documents, visitors with a session)
  ``private, no-cache`` and forms, POSTs, errors and the admin ``no-store``;
- how long a page stays stored: ``PAGE_CACHE_TIMEOUT`` seconds, never past the next local
  midnight (``DayBoundCacheMiddleware``): pages say what is true *today* (an opportunity's
  status, "J-3", this week's deadlines, upcoming events), so yesterday's copy must not be
  served after midnight;
- when the page cache is purged: ``purge_all()``, called on page publish, unpublish, move and
  delete, on snippet, site setting, partner logo, image, document, redirect, site and view
  restriction changes, on ``content_changed`` and on every save or delete of the models
  listed in ``settings.PORTAL_CACHE_PURGE_MODELS`` (e.g. ``"directory.Structure"``). Every
  purge also drops the cached frame of the pages (menu, footer, settings:
  ``portal.site_chrome``), which page saves, drafts included, drop as well.

API for other apps (a non-page model that public pages show)::

    from portal import cache

    cache.purge_all(reason="structure publiée")         # after your change is committed
    cache.content_changed.send(sender=Structure)         # same, as a signal
    cache.register_model(Structure)                       # purge on every save/delete
    with cache.purge_batch():                             # bulk import: one purge at the end
        ...

Inside a transaction the purge runs once, after commit (never before: a request could refill
the cache with the old data in between). A view that must never be cached uses Django's
``never_cache`` decorator.
"""

import contextlib
import datetime
import functools
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from wagtailcache.cache import clear_cache
from wagtailcache.settings import wagtailcache_settings

from portal import site_chrome

logger = logging.getLogger("portal.cache")

#: Send it when a non-page model shown on public pages changed: ``content_changed.send(sender=Model)``.
content_changed = Signal()

#: Path prefixes never stored in the page cache and always sent with ``no-store``.
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/health/", "/ready/")
#: Path prefixes never stored (documents go through Wagtail's privacy checks on every request).
UNCACHED_PREFIXES = (*PRIVATE_PREFIXES, "/documents/")
#: Statuses a shared cache may keep.
PUBLIC_STATUSES = frozenset({200, 203, 300, 301, 308, 404, 410})

_state = threading.local()
_registered_models = set()


# --------------------------------------------------------------------------- purge


def _purge_now(reason=""):
    try:
        clear_cache()
    except Exception:
        # A cache outage must never make a save fail; entries expire on their own.
        logger.exception("Purge du cache des pages impossible (%s).", reason)
    else:
        logger.info("Cache des pages purgé (%s).", reason or "modification")


def _purge_after_commit(serial):
    # Every purge_all() of a transaction queued one callback; they run one after the other at
    # commit: the first purges, the others see that nothing was asked since and skip.
    if serial <= getattr(_state, "done_serial", 0):
        return
    _state.done_serial = getattr(_state, "serial", 0)
    _purge_now("après validation de la transaction")


def purge_all(reason=""):
    """Empty the page cache now, or once after the current transaction commits. The frame
    of the pages (menu, footer, settings: ``portal.site_chrome``) is dropped as well."""
    site_chrome.forget()
    if getattr(_state, "batch_depth", 0):
        _state.batch_dirty = True
        return
    if transaction.get_connection().in_atomic_block:
        _state.serial = getattr(_state, "serial", 0) + 1
        transaction.on_commit(functools.partial(_purge_after_commit, _state.serial), robust=True)
        return
    _purge_now(reason)


@contextlib.contextmanager
def purge_batch():
    """Group the purges of a bulk operation into one, run when the block exits."""
    _state.batch_depth = getattr(_state, "batch_depth", 0) + 1
    try:
        yield
    finally:
        _state.batch_depth -= 1
        if _state.batch_depth == 0 and getattr(_state, "batch_dirty", False):
            _state.batch_dirty = False
            purge_all("lot de modifications")


def register_model(model):
    """Purge the page cache on every save and delete of ``model`` (a model class)."""
    _registered_models.add(model)


def _configured_models():
    models = set(_registered_models)
    for label in getattr(settings, "PORTAL_CACHE_PURGE_MODELS", ()):
        try:
            models.add(apps.get_model(label))
        except (LookupError, ValueError):
            logger.debug("PORTAL_CACHE_PURGE_MODELS : modèle %s inconnu, ignoré.", label)
    return models


def _purging_bases():
    """Model classes whose saves and deletes change what public pages show."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    from portal.models import PartnerLogo

    return (
        BaseSiteSetting,
        PartnerLogo,  # saved after its settings, by the settings form
        PageViewRestriction,  # a page made private must leave the cache at once
        BaseGenericSetting,
        AbstractImage,
        AbstractDocument,
        Redirect,
        Site,
        *get_snippet_models(),
        *_configured_models(),
    )


def is_purging_model(model):
    from wagtail.models import Page

    if issubclass(model, Page):
        return False  # pages purge on publish, unpublish, move and delete, not on draft saves
    return issubclass(model, _purging_bases())


@receiver(post_save, dispatch_uid="portal.cache.post_save")
@receiver(post_delete, dispatch_uid="portal.cache.post_delete")
def _on_model_change(sender, instance, **kwargs):
    from wagtail.models import Page

    if kwargs.get("raw"):
        return  # loaddata
    if is_purging_model(sender):
        purge_all(f"{sender._meta.label} modifié")
    elif issubclass(sender, Page):
        # Any saved page, drafts included (a page created live, a title changed by a
        # script…): cheap for the frame, whose menu and footer list pages.
        site_chrome.forget()


@receiver(content_changed, dispatch_uid="portal.cache.content_changed")
def _on_content_changed(sender, **kwargs):
    purge_all(f"{getattr(sender, '__name__', sender)} modifié")


def connect_page_signals():
    """Purge on page publication changes (called from ``PortalConfig.ready``)."""
    from wagtail.models import Page
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    def on_page_change(sender, **kwargs):
        purge_all("page publiée, dépubliée, déplacée ou supprimée")

    def on_publish(sender, **kwargs):
        purge_all("contenu publié ou dépublié")

    page_published.connect(on_page_change, dispatch_uid="portal.cache.page_published", weak=False)
    page_unpublished.connect(
        on_page_change, dispatch_uid="portal.cache.page_unpublished", weak=False
    )
    post_page_move.connect(on_page_change, dispatch_uid="portal.cache.post_page_move", weak=False)
    post_delete.connect(
        on_page_change, sender=Page, dispatch_uid="portal.cache.page_deleted", weak=False
    )
    # Snippets with a draft state (DraftStateMixin) publish through these.
    published.connect(on_publish, dispatch_uid="portal.cache.published", weak=False)
    unpublished.connect(on_publish, dispatch_uid="portal.cache.unpublished", weak=False)


# --------------------------------------------------------------------------- storability


def _path(request):
    return request.path_info or request.path


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _has_visitor_state(request):
    """A session (e.g. a password-restricted page opened) or pending flash messages."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
    )


def is_request_cacheable(request, default):
    """wagtail-cache hook: may this request be served from, and stored in, the page cache?"""
    if _path(request).startswith(UNCACHED_PREFIXES):
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False  # not a host of ours: CommonMiddleware, next, answers 400
    if getattr(request, "is_preview", False) or _is_authenticated(request):
        return False
    if _has_visitor_state(request):
        return False  # the page may show this visitor's messages or restricted content
    return default


def is_response_cacheable(response, default):
    """wagtail-cache hook: may this response be stored in the page cache?"""
    cache_control = response.get("Cache-Control", "")
    if "no-store" in cache_control or response.cookies:
        return False
    return default


def skip_restricted_page(page, request):
    """``before_serve_page`` hook: pages behind a view restriction are never stored.

    The restrictions read here are kept on the page (``BasePage.get_view_restrictions``):
    Wagtail's own check, which runs next, reads them again without a query."""
    if not wagtailcache_settings.WAGTAIL_CACHE:
        return  # no query when the page cache is off
    restrictions = page.get_view_restrictions()
    if restrictions:  # evaluated once, for both checks
        request._wagtailcache_skip = True
        request._wagtailcache_update = False
    page._served_view_restrictions = restrictions


# --------------------------------------------------------------------------- headers


def cache_control_for(request, response):
    """The ``Cache-Control`` value a response leaves with."""
    existing = response.get("Cache-Control", "")
    path = _path(request)
    if path.startswith(settings.MEDIA_URL) and existing:
        return existing  # the media view decides (long-lived, see portal/media.py)
    if path.startswith(PRIVATE_PREFIXES) or request.method not in ("GET", "HEAD"):
        return "no-store"
    if response.cookies or "no-store" in existing:
        return "no-store"
    if response.status_code == 429 or response.status_code >= 500:
        return "no-store"
    if _is_authenticated(request) or getattr(request, "is_preview", False):
        return "private, no-cache"
    if path.startswith(UNCACHED_PREFIXES) or _has_visitor_state(request):
        # Documents may sit in private collections; a session may unlock restricted pages.
        return "private, no-cache"
    if "private" in existing or "no-cache" in existing:
        return existing
    if response.status_code not in PUBLIC_STATUSES:
        return "no-cache"
    max_age = settings.PORTAL_CACHE_MAX_AGE
    view_max_age = get_max_age(response)
    if view_max_age is not None:
        max_age = min(max_age, view_max_age)
    return f"public, max-age={max(max_age, 0)}"


class CacheHeadersMiddleware:
    """Sets the final ``Cache-Control`` header (placed outside wagtail-cache's middlewares)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = cache_control_for(request, response)
        # max-age governs; an Expires stored with a cached page would be stale.
        if "Expires" in response:
            del response["Expires"]
        return response


def seconds_until_midnight(now=None):
    """Seconds from ``now`` to the next local midnight (at least 1; daylight saving aware)."""
    now = timezone.localtime(now)
    next_day = now.date() + datetime.timedelta(days=1)
    midnight = timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))
    # In UTC: Python subtracts two datetimes of the same zone on the wall clock (23 or 25 hours
    # days would be 24).
    elapsed = midnight.astimezone(datetime.UTC) - now.astimezone(datetime.UTC)
    return max(int(elapsed.total_seconds()), 1)


class DayBoundCacheMiddleware:
    """Caps the ``max-age`` that wagtail-cache stores a GET response for at the next local
    midnight (placed just after wagtail-cache's middlewares, so that it runs first on the way
    out). Browsers get ``min(PORTAL_CACHE_MAX_AGE, this)`` from ``CacheHeadersMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "_wagtailcache_update", False):
            return response  # not going into the page cache
        if _path(request).startswith(settings.MEDIA_URL):
            return response  # images and files do not change with the day: long max-age
        if "no-store" in response.get("Cache-Control", ""):
            return response
        max_age = get_max_age(response)
        if max_age is None:
            max_age = settings.PAGE_CACHE_TIMEOUT
        patch_cache_control(response, max_age=min(max_age, seconds_until_midnight()))
        return response
