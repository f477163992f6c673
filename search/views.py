"""The site search page (``/recherche/``): thin view over ``search.selectors.site_search``."""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.antispam import search_ratelimit
from search.selectors import MAX_QUERY_LENGTH, site_search


# Never stored in the page cache: one entry per query typed would crowd out the pages.
@never_cache
@require_safe
@search_ratelimit
def search(request):
    outcome = site_search(
        raw_query=request.GET.get("q", ""),
        source_key=request.GET.get("type", ""),
        page_number=request.GET.get("page"),
        request=request,
    )
    response = TemplateResponse(
        request,
        "search/search.html",
        {"search": outcome, "max_query_length": MAX_QUERY_LENGTH},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
