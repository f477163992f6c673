"""SEO and sharing tags used by ``templates/base.html``."""

from django import template

from home.seo import page_seo as build_page_seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_seo(context):
    page = context.get("page")
    if page is not None and not hasattr(page, "get_full_url"):
        page = None
    return build_page_seo(
        page, context.get("request"), canonical_override=context.get("canonical_url", "")
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)
