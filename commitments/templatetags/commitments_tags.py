"""Template tags of the commitments pages: the EU visibility block, the operation description
and partner logos rendered in their size box."""

from django import template
from django.utils.formats import date_format
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page, Site

from commitments import eu_visibility
from commitments.emblem import STATIC_PATH as EMBLEM_STATIC_PATH

register = template.Library()

_NO_FUNDING = object()


def _page_funding(page, site=None):
    """The page's co-funding, looked up once per page object and request."""
    if not isinstance(page, Page):
        return None
    cached = getattr(page, "_eu_funding_cache", _NO_FUNDING)
    if cached is _NO_FUNDING:
        cached = eu_visibility.page_funding(page, site)
        page._eu_funding_cache = cached
    return cached


def _site(context):
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_portal_site"):
        request._portal_site = Site.find_for_request(request)
    return request._portal_site


@register.inclusion_tag("commitments/includes/eu_block.html", takes_context=True)
def eu_visibility_block(context, page):
    """The EU emblem and statement, for a page about a co-funded operation (else nothing)."""
    funding = _page_funding(page, _site(context))
    if funding is None:
        return {"funding": None}
    europe_commits_logo = None
    if funding.is_2014_2020:
        eu_settings = eu_visibility.eu_settings_for_site(_site(context))
        image = eu_settings.europe_commits_logo if eu_settings else None
        if image is not None:
            europe_commits_logo = _rendition(image, eu_visibility.europe_commits_logo_filter_spec())
    return {
        "funding": funding,
        "statement": (
            eu_visibility.STATEMENT_2021_2027
            if funding.is_2021_2027
            else eu_visibility.STATEMENT_2014_2020
        ),
        "emblem_path": EMBLEM_STATIC_PATH,
        "emblem_alt": eu_visibility.EMBLEM_ALT,
        "emblem_width": eu_visibility.EMBLEM_WIDTH_PX,
        "emblem_height": eu_visibility.EMBLEM_HEIGHT_PX,
        "europe_commits_logo": europe_commits_logo,
        "europe_commits_logo_alt": eu_visibility.EUROPE_COMMITS_LOGO_NAME,
    }


@register.inclusion_tag("commitments/includes/eu_operation.html", takes_context=True)
def eu_operation(context, page, heading_level=2, in_container=False):
    """The description of the co-funded operation, its objectives and results."""
    funding = _page_funding(page, _site(context))
    source = funding.source if funding is not None else None
    return {
        "funding": funding,
        "convention": source if source is not None and source.pk != page.pk else None,
        "heading": f"h{heading_level}",
        "subheading": f"h{heading_level + 1}",
        "in_container": in_container,
    }


@register.simple_tag
def partner_logo(image, box_height):
    """The rendition of a partner logo fitted in the page's logo box (never enlarged)."""
    if image is None or not box_height:
        return None
    return _rendition(image, eu_visibility.partner_logo_filter_spec(int(box_height)))


def _rendition(image, spec):
    """The rendition, or None when the original file is missing (like ``{% image %}``)."""
    try:
        return image.get_rendition(spec)
    except SourceImageIOError:
        return None


@register.filter
def date_fr(value):
    """A date written the French way: "1er janvier 2026", "15 mars 2025"."""
    if not value:
        return ""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {date_format(value, 'F Y')}"
