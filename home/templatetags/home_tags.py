"""Template tags of the home app: pagination links that keep the current filters."""

from django import template

from home.pagination import page_url, pagination_links

register = template.Library()


@register.inclusion_tag("home/includes/pagination.html", takes_context=True)
def paginate(context, page, label=None):
    request = context["request"]
    query = request.GET
    return {
        "page": page,
        "label": label,
        "links": pagination_links(page, query),
        "previous_url": page_url(query, page.previous_page_number()) if page.has_previous() else "",
        "next_url": page_url(query, page.next_page_number()) if page.has_next() else "",
    }
