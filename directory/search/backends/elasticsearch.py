"""Elasticsearch backend: the query body is built with ``elasticsearch.dsl`` (multi-select
facets through ``post_filter`` + filtered aggregations, ``geo_distance`` filter and sort),
then the page's structures are loaded from the database in one query.
"""

from django.utils.translation import gettext as _
from elasticsearch.dsl import Q, Search

from directory.models import PerimeterKind
from directory.search.backends.base import SearchBackend, attach_distances, structures_for_page
from directory.search.documents import alias_name, get_client
from directory.search.query import MODES
from directory.search.results import PageInfo, SearchResults, build_facets

TEXT_FIELDS = [
    "name^4",
    "name.folded^4",
    "name.prefix^2",
    "legal_name^3",
    "brand_name^3",
    "sectors_text^2",
    "services",
    "description",
    "labels",
    "city^2",
    "city.prefix",
]
FACET_FIELDS = {
    "famille": "family",
    "type": "kind",
    "region": "region",
    "departement": "department",
}
SECTOR_FACETS = {"secteur": "sectors", "secteur_groupe": "sector_groups"}


def text_query(query):
    if query.siret:
        return Q("term", siret=query.siret)
    if query.siren:
        return Q("term", siren=query.siren)
    if query.text.strip():
        return Q(
            "multi_match",
            query=query.text,
            fields=TEXT_FIELDS,
            type="cross_fields",
            operator="and",
        )
    return Q("match_all")


def place_query(query):
    """Located within the radius, or a declared perimeter covering the place."""
    place, radius = query.place, query.radius_km
    point = {"lat": place.latitude, "lon": place.longitude}
    return Q(
        "bool",
        should=[
            Q("geo_distance", distance=f"{radius}km", location=point),
            Q("term", perimeter_kind=PerimeterKind.NATIONAL.value),
            Q(
                "bool",
                filter=[Q("term", perimeter_kind=PerimeterKind.TERRITORIES.value)],
                should=[
                    Q("term", perimeter_regions=place.region_code),
                    Q("term", perimeter_departments=place.department_code),
                ],
                minimum_should_match=1,
            ),
            Q(
                "bool",
                filter=[
                    Q("term", perimeter_kind=PerimeterKind.RADIUS.value),
                    Q("range", perimeter_radius_km={"gt": radius}),
                    Q("exists", field="location"),
                    Q(
                        "script",
                        script={
                            "source": "doc['location'].arcDistance(params.lat, params.lon) "
                            "<= doc['perimeter_radius_km'].value * 1000",
                            "params": point,
                        },
                    ),
                ],
            ),
        ],
        minimum_should_match=1,
    )


def facet_filters(query):
    """``{facet name: Q}`` for the selected facet values (sectors and groups form one filter)."""
    filters = {}
    for name, field in FACET_FIELDS.items():
        values = list(query.facet_selection(name))
        if values:
            filters[name] = Q("terms", **{field: values})
    if query.sectors or query.sector_groups:
        should = []
        if query.sectors:
            should.append(Q("terms", sectors=list(query.sectors)))
        if query.sector_groups:
            should.append(Q("terms", sector_groups=list(query.sector_groups)))
        filters["secteur"] = Q("bool", should=should, minimum_should_match=1)
    if query.modes:
        filters["modalite"] = Q("bool", filter=[Q("term", modes=mode) for mode in query.modes])
    return filters


def _all_except(filters, excluded):
    kept = [condition for name, condition in filters.items() if name not in excluded]
    return Q("bool", filter=kept) if kept else Q("match_all")


def sort_clause(query):
    sort = query.effective_sort
    if sort == "distance" and query.place:
        return [
            {
                "_geo_distance": {
                    "location": {"lat": query.place.latitude, "lon": query.place.longitude},
                    "order": "asc",
                    "unit": "km",
                    "ignore_unmapped": True,
                }
            },
            {"sort_name": "asc"},
        ]
    if sort == "recent":
        return [{"published_at": {"order": "desc", "missing": "_last"}}, {"sort_name": "asc"}]
    if sort == "pertinence" and (query.text or query.siret or query.siren):
        return ["_score", {"sort_name": "asc"}]
    return [{"sort_name": "asc"}]


def build_search(query, *, page_number, index=None):
    """The ``Search`` for one page of results with all facets (``.to_dict()`` is the body)."""
    conditions = [text_query(query)]
    if query.place:
        conditions.append(place_query(query))
    filters = facet_filters(query)
    search = Search(index=index or alias_name()).query(
        Q("bool", must=conditions[:1], filter=conditions[1:])
    )
    if filters:
        search = search.post_filter(_all_except(filters, ()))
    for name, field in FACET_FIELDS.items():
        search.aggs.bucket(name, "filter", filter=_all_except(filters, {name})).bucket(
            "values", "terms", field=field, size=200
        )
    for name, field in SECTOR_FACETS.items():
        search.aggs.bucket(name, "filter", filter=_all_except(filters, {"secteur"})).bucket(
            "values", "terms", field=field, size=500
        )
    search.aggs.bucket("modalite", "filter", filter=_all_except(filters, ())).bucket(
        "values", "terms", field="modes", size=len(MODES)
    )
    offset = (page_number - 1) * query.per_page
    return (
        search.sort(*sort_clause(query))
        .source(False)
        .extra(from_=offset, size=query.per_page, track_total_hits=True)
    )


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client=None, index=None):
        self.client = client
        self.index = index

    def _execute(self, search):
        client = self.client or get_client()
        response = client.search(index=self.index or alias_name(), body=search.to_dict())
        return getattr(response, "body", response)

    def search(self, query, taxonomy):
        errors = list(query.errors)
        body = self._execute(build_search(query, page_number=query.page, index=self.index))
        total = body["hits"]["total"]["value"]
        page = PageInfo(number=query.page, per_page=query.per_page, total=total)
        if query.page > page.num_pages and total:
            errors.append(_("Cette page n'existe pas : voici la dernière page des résultats."))
            page = PageInfo(number=page.num_pages, per_page=query.per_page, total=total)
            body = self._execute(build_search(query, page_number=page.number, index=self.index))
        counts = {
            name: {
                bucket["key"]: bucket["doc_count"] for bucket in aggregation["values"]["buckets"]
            }
            for name, aggregation in body.get("aggregations", {}).items()
        }
        ids = [int(hit["_id"]) for hit in body["hits"]["hits"]]
        items = attach_distances(structures_for_page(ids, taxonomy), query.place)
        return SearchResults(
            query=query,
            items=items,
            total=total,
            facets=build_facets(query, taxonomy, counts),
            page=page,
            errors=errors,
            backend=self.name,
        )
