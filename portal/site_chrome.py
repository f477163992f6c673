"""The frame every page shows — main menu, footer links, partner and operator logos, the
portal settings — read once per site and kept in the default cache until content changes.

Without it, each page paid seven queries and the model instances they build for the same
few links. What is kept is data, never HTML that depends on the page (the menu marks the
current page when it is printed): links are ``PageLink`` (title, address, tree path), logos
the ``<img>`` tag Wagtail's ``{% image %}`` tag would print.

The entry of a site lives under a key made of a **version** and the site's id. ``forget()``
bumps the version, so every worker (Redis or file cache are shared) rebuilds at its next
request; it runs at once and again after the current transaction commits (a request
between the two could otherwise store the old data again). ``portal.cache`` calls it on
every purge of the page cache (publication, unpublication, move or deletion of a page,
settings, snippets, images, documents, redirects, sites, ``content_changed``…) and on every
save or deletion of a page (drafts included) or of a view restriction.
"""

import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "portal:site-chrome:version"
# Part of every key: change it when what is stored changes shape (a deployment must not read
# objects pickled by the previous code).
KEY_FORMAT = 1
TIMEOUT = 3600  # the version decides; the timeout only bounds forgotten entries

# Footer pages, looked up by slug directly under the home page (created by the demo content
# or by editors); the label is the page's own title, so nothing here is hard-coded text.
FOOTER_SLUGS = (
    "accessibilite",
    "mentions-legales",
    "donnees-personnelles",
    "gestion-des-cookies",
    "plan-du-site",
)
PARTNER_LOGO_FILTER = "max-160x64"
OPERATOR_LOGO_FILTER = "height-56"


@dataclass(frozen=True)
class PageLink:
    """What a link to a page needs; ``path`` and ``depth`` as on ``Page`` (``is_current``)."""

    id: int
    title: str
    url: str
    path: str
    depth: int


@dataclass(frozen=True)
class PartnerLogo:
    name: str
    url: str
    logo: str  # the <img> tag


@dataclass
class SiteChrome:
    settings: object  # portal.models.PortalSettings of the site
    menu: tuple = ()
    footer: dict = field(default_factory=dict)
    partners: tuple = ()
    operator_logo: str = ""  # the <img> tag, or ""


# --------------------------------------------------------------------------- version


def chrome_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new value differs from the old
        cache.set(VERSION_KEY, time.time_ns(), None)


def forget():
    """Drop every site's cached frame: now, and again once the transaction commits."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump, robust=True)


# --------------------------------------------------------------------------- reading


def site_chrome(site):
    """The frame of ``site``, from the cache or built (and stored) now.

    What is built is stored only if nothing changed meanwhile (the version read before is
    still current); building may itself change something (the site's settings are created
    on first use), hence one more try."""
    chrome = None
    for _attempt in range(2):
        version = chrome_version()
        key = f"portal:site-chrome:{KEY_FORMAT}:{version}:{site.pk}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        chrome = build_site_chrome(site)
        if chrome_version() == version:
            cache.set(key, chrome, TIMEOUT)
            break
    return chrome


def chrome_for_request(request):
    """``site_chrome`` of the request's site, read once per request (None without a site)."""
    if not hasattr(request, "_portal_chrome"):
        from wagtail.models import Site

        site = Site.find_for_request(request)
        request._portal_chrome = site_chrome(site) if site is not None else None
    return request._portal_chrome


# --------------------------------------------------------------------------- building


def page_link(page, site):
    # The address {% pageurl %} prints for a visitor of ``site``.
    return PageLink(
        id=page.pk,
        title=page.title,
        url=page.get_url(current_site=site),
        path=page.path,
        depth=page.depth,
    )


def img_tag(image, filter_spec, attrs):
    """What ``{% image image filter_spec key=value… %}`` prints (same rendition, same
    fallback when the file is missing)."""
    from wagtail.images.models import Filter
    from wagtail.images.shortcuts import get_rendition_or_not_found

    if image is None:
        return ""
    return get_rendition_or_not_found(image, Filter(spec=filter_spec)).img_tag(attrs)


def footer_pages(site):
    """Live, public pages under the site's root whose slug is one of ``FOOTER_SLUGS``."""
    pages = (
        site.root_page.get_children()
        .live()
        .public()
        .filter(slug__in=FOOTER_SLUGS)
        .only("id", "title", "slug", "url_path", "path", "depth")
    )
    return {page.slug: page for page in pages}


def build_site_chrome(site):
    from home.selectors import main_navigation
    from portal.models import PortalSettings

    portal_settings = PortalSettings.for_site(site)
    partners = portal_settings.partner_logos.select_related("logo")
    operator_logo = img_tag(
        portal_settings.operator_logo,
        OPERATOR_LOGO_FILTER,
        {"class": "site-brand__logo", "alt": portal_settings.operator_name},
    )
    return SiteChrome(
        settings=portal_settings,
        menu=tuple(page_link(page, site) for page in main_navigation(site)),
        footer={slug: page_link(page, site) for slug, page in footer_pages(site).items()},
        partners=tuple(
            PartnerLogo(
                name=partner.name,
                url=partner.url,
                logo=img_tag(
                    partner.logo,
                    PARTNER_LOGO_FILTER,
                    {"alt": partner.name, "class": "partner-logo"},
                ),
            )
            for partner in partners
        ),
        operator_logo=operator_logo,
    )
