"""Pagination links that keep the other query-string parameters (filters, search terms)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks an ellipsis
    url: str = ""
    is_current: bool = False


def page_url(query, number, *, param="page"):
    """The query string for ``number``, other parameters kept (page 1 drops the parameter)."""
    params = query.copy()
    params.pop(param, None)
    if number > 1:
        params[param] = str(number)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def pagination_links(page, query, *, param="page", around=2):
    """Links to the first, last and nearby pages of a Django ``Page``, with ellipses."""
    total = page.paginator.num_pages
    if total <= 1:
        return []
    current = page.number
    numbers = sorted({1, total, *range(max(1, current - around), min(total, current + around) + 1)})
    links = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            links.append(PageLink(number=None))
        links.append(
            PageLink(
                number=number,
                url=page_url(query, number, param=param),
                is_current=number == current,
            )
        )
        previous = number
    return links
