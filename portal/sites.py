"""The Wagtail site of a request, with its root page, read from the default cache.

To route a request, Wagtail looks its site up (one query ordering the sites by how well they
match the host and port) then loads the site's root page as its specific type (a second
query), on every request. ``CachedSiteMiddleware`` keeps both in the cache, under the
version of the site's frame (``portal.site_chrome``: bumped on every change to a site, a
page, a setting…), and hands the site to Wagtail the way Wagtail keeps it for the rest of
the request (``request._wagtail_site``). Only hosts already accepted by ``ALLOWED_HOSTS``
get here (after ``CommonMiddleware``), so the number of entries stays small.
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from portal.security import ADMIN_PREFIXES
from portal.site_chrome import KEY_FORMAT, TIMEOUT, chrome_version


def cached_site_for_request(request):
    """What ``Site.find_for_request`` answers (None included), with the root page's specific
    instance already loaded."""
    # The same host and port as Wagtail's own lookup (Site._find_for_request).
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    version = chrome_version()
    key = f"portal:site:{KEY_FORMAT}:{version}:{hostname}:{port}"
    entry = cache.get(key)
    if entry is None:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page.specific  # noqa: B018 - kept with the site, for routing
        entry = (site,)  # a tuple: "no site" is an answer worth keeping too
        if chrome_version() == version:
            cache.set(key, entry, TIMEOUT)
    return entry[0]


class CachedSiteMiddleware:
    """Sets Wagtail's per-request site from the cache (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The admin is left to Wagtail's own lookup: not worth an entry, nor the root page.
        if not hasattr(request, "_wagtail_site") and not request.path_info.startswith(
            ADMIN_PREFIXES
        ):
            request._wagtail_site = cached_site_for_request(request)
        return self.get_response(request)
