"""Template tags shared by every page: navigation, breadcrumbs, footer links, numbers."""

from django import template
from django.utils.formats import number_format
from wagtail.models import Page, Site

from home.selectors import breadcrumbs as breadcrumb_pages
from home.selectors import main_navigation

register = template.Library()

# Footer pages, looked up by slug directly under the home page (created by the demo content
# or by editors); the label is the page's own title, so nothing here is hard-coded text.
FOOTER_SLUGS = [
    "accessibilite",
    "mentions-legales",
    "donnees-personnelles",
    "gestion-des-cookies",
    "plan-du-site",
]


def _site(context):
    request = context.get("request")
    if request is None:
        return None
    if not hasattr(request, "_portal_site"):
        request._portal_site = Site.find_for_request(request)
    return request._portal_site


@register.simple_tag(takes_context=True)
def main_menu(context):
    return main_navigation(_site(context))


@register.simple_tag(takes_context=True)
def footer_pages(context):
    site = _site(context)
    if site is None:
        return {}
    pages = site.root_page.get_children().live().public().filter(slug__in=FOOTER_SLUGS)
    return {page.slug: page for page in pages}


@register.simple_tag
def page_breadcrumbs(page):
    return breadcrumb_pages(page) if isinstance(page, Page) else []


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
