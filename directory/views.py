"""Public views of the directory: thin, they call the search service and selectors."""

import csv

from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from directory import csv_format
from directory.presentation import structure_cards
from directory.search import parse_query, search_structures
from directory.search.query import MAX_API_PER_PAGE, PER_PAGE, RADIUS_CHOICES, SORTS
from directory.selectors import directory_page, public_structure, structures_for_export
from directory.serializers import structure_detail as structure_detail_data
from directory.serializers import structure_summary


@require_GET
def search(request, page=None):
    """The directory's search page: works without JavaScript, every state has a URL."""
    results = search_structures(request.GET)
    query = results.query
    return render(
        request,
        "directory/search.html",
        {
            "page": page or directory_page(),
            "results": results,
            "cards": structure_cards(results.items),
            "query": query,
            "radius_choices": sorted({*RADIUS_CHOICES, query.radius_km}),
            "sort_choices": [
                (value, label)
                for value, label in SORTS.items()
                if value != "distance" or query.place
            ],
            "querystring": query.querystring(),
        },
    )


@require_GET
def structure_detail(request, slug):
    structure = get_object_or_404(public_structure(slug))
    return render(
        request,
        "directory/structure_detail.html",
        {"structure": structure, "page": directory_page()},
    )


class _Echo:
    def write(self, value):
        return value


def _too_many_requests():
    response = JsonResponse(
        {"errors": [_("Trop de requêtes : réessayez dans une minute.")]}, status=429
    )
    response["Retry-After"] = "60"
    return response


@require_GET
@ratelimit(key="ip", rate="20/m", block=False)
def export_csv(request):
    """The current search as CSV (public fields only), streamed."""
    if getattr(request, "limited", False):
        return _too_many_requests()
    query, taxonomy = parse_query(request.GET)
    base_url = request.build_absolute_uri("/").rstrip("/")
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def rows():
        yield "\ufeff"  # lets spreadsheets detect UTF-8; the importer ignores it
        yield writer.writerow(csv_format.COLUMN_NAMES)
        for structure in structures_for_export(query, taxonomy):
            row = csv_format.structure_to_row(structure, base_url=base_url)
            yield writer.writerow(
                [csv_format.csv_safe(row[name]) for name in csv_format.COLUMN_NAMES]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="annuaire-structures.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _per_page(request):
    value = request.GET.get("par_page", "")
    if not value:
        return PER_PAGE, None
    if value.isdigit() and 1 <= int(value) <= MAX_API_PER_PAGE:
        return int(value), None
    return PER_PAGE, _("par_page doit être un nombre entre 1 et %(max)d.") % {
        "max": MAX_API_PER_PAGE
    }


@require_GET
@ratelimit(key="ip", rate="120/m", block=False)
def api_structures(request):
    """Read-only JSON list of published structures, same filters as the search page.

    Invalid parameters give a 400 with French explanations; a page past the end, a 404.
    """
    if getattr(request, "limited", False):
        return _too_many_requests()
    per_page, per_page_error = _per_page(request)
    query, taxonomy = parse_query(request.GET, per_page=per_page)
    errors = [*query.errors, *([per_page_error] if per_page_error else [])]
    if errors:
        return JsonResponse(
            {"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    results = search_structures(query=query, taxonomy=taxonomy)
    if results.page.number != query.page:
        return JsonResponse({"errors": [_("Cette page n'existe pas.")]}, status=404)
    base_url = request.build_absolute_uri("/").rstrip("/")
    page = results.page

    def page_url(number):
        params = query.querystring(page=number)
        if per_page != PER_PAGE:
            params = f"{params}&par_page={per_page}" if params else f"par_page={per_page}"
        return request.build_absolute_uri(f"{request.path}?{params}")

    return JsonResponse(
        {
            "total": results.total,
            "page": page.as_dict(),
            "suivante": page_url(page.next_number) if page.has_next else None,
            "precedente": page_url(page.previous_number) if page.has_previous else None,
            "resultats": [structure_summary(item, base_url=base_url) for item in results.items],
            "facettes": [facet.as_dict() for facet in results.facets],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@ratelimit(key="ip", rate="120/m", block=False)
def api_structure(request, slug):
    if getattr(request, "limited", False):
        return _too_many_requests()
    structure = public_structure(slug).first()
    if structure is None:
        return JsonResponse({"errors": [_("Structure introuvable.")]}, status=404)
    base_url = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        structure_detail_data(structure, base_url=base_url),
        json_dumps_params={"ensure_ascii": False},
    )
