"""Template tags shared by every page: the site's frame (menu, footer, logos), breadcrumbs, numbers."""

from django import template
from django.utils.formats import number_format
from wagtail.models import Page, Site

from home.selectors import breadcrumbs as breadcrumb_pages
from portal.site_chrome import chrome_for_request

register = template.Library()


def _site(context):
    request = context.get("request")
    if request is None:
        return None
    return Site.find_for_request(request)


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Main menu, footer links, logos and settings of the request's site (portal/site_chrome.py)."""
    request = context.get("request")
    return chrome_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context, page):
    return breadcrumb_pages(page, site=_site(context)) if isinstance(page, Page) else []


@register.filter
def fr_number(value):
    """12345 -> "12 345" with a narrow no-break space, as French typography wants."""
    if value in (None, ""):
        return ""
    return number_format(
        value, decimal_pos=0 if isinstance(value, int) else None, force_grouping=True
    )


@register.simple_tag(takes_context=True)
def is_current(context, page):
    current = context.get("page") or context.get("self")
    if not isinstance(current, Page):
        return False
    return current.path.startswith(page.path)


@register.filter
def split_words(value):
    return str(value).split()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
