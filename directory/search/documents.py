"""The Elasticsearch document of a structure (``elasticsearch.dsl``) and its index.

French analysis (elision, ASCII folding, French stop words, light stemming) on the texts,
keyword fields for facets, a ``geo_point`` for distances. The public name is an alias
(``<prefix>-directory``) pointing at a concrete index (``<prefix>-directory-<timestamp>``),
so that ``reindex_directory`` rebuilds without downtime.
"""

from django.conf import settings
from elasticsearch import Elasticsearch
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Text,
    analyzer,
    token_filter,
)

from directory.search.query import MODES

french_elision = token_filter(
    "french_elision",
    type="elision",
    articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
french_stop = token_filter("french_stop", type="stop", stopwords="_french_")
french_stemmer = token_filter("french_stemmer", type="stemmer", language="light_french")
french = analyzer(
    "french_folded",
    tokenizer="standard",
    filter=[french_elision, "lowercase", "asciifolding", french_stop, french_stemmer],
)
folded = analyzer("folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
folded_prefix = analyzer(
    "folded_prefix",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("prefix_ngrams", type="edge_ngram", min_gram=2, max_gram=20),
    ],
)


class StructureDocument(Document):
    name = Text(
        analyzer=french,
        fields={
            "folded": Text(analyzer=folded),
            "prefix": Text(analyzer=folded_prefix, search_analyzer=folded),
        },
    )
    legal_name = Text(analyzer=french)
    brand_name = Text(analyzer=french)
    description = Text(analyzer=french)
    services = Text(analyzer=french)
    sectors_text = Text(analyzer=french)
    labels = Text(analyzer=french)
    city = Text(
        analyzer=folded, fields={"prefix": Text(analyzer=folded_prefix, search_analyzer=folded)}
    )
    postcode = Keyword()
    siret = Keyword()
    siren = Keyword()
    family = Keyword()
    kind = Keyword()
    sector_groups = Keyword()
    sectors = Keyword()
    region = Keyword()
    department = Keyword()
    modes = Keyword()
    location = GeoPoint()
    perimeter_kind = Keyword()
    perimeter_radius_km = Integer()
    perimeter_regions = Keyword()
    perimeter_departments = Keyword()
    has_location = Boolean()
    sort_name = Keyword()
    published_at = Date()


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-directory"


def new_index(name):
    """An ``Index`` with the analysis settings and the structure mapping (not yet created)."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_result_window=10_000)
    index.document(StructureDocument)
    return index


_client = {}


def get_client():
    """The Elasticsearch client (one per process), with a short timeout and no retries."""
    if "client" not in _client:
        _client["client"] = Elasticsearch(
            settings.ELASTICSEARCH_URL,
            request_timeout=settings.ELASTICSEARCH_TIMEOUT,
            max_retries=0,
            retry_on_timeout=False,
        )
    return _client["client"]


def structure_to_document(structure):
    """The document ``_source`` of a structure (sectors, groups and perimeter prefetched)."""
    sectors = list(structure.sectors.all())
    return {
        "name": structure.name,
        "legal_name": structure.legal_name,
        "brand_name": structure.brand_name,
        "description": structure.description,
        "services": structure.services,
        "sectors_text": " ".join(f"{sector.name} {sector.group.name}" for sector in sectors),
        "labels": structure.labels,
        "city": " ".join(
            filter(
                None,
                [
                    structure.city,
                    structure.commune.name if structure.commune_id and structure.commune else "",
                ],
            )
        ),
        "postcode": structure.postcode,
        "siret": structure.siret,
        "siren": structure.siret[:9],
        "family": structure.family,
        "kind": structure.kind,
        "sector_groups": sorted({sector.group.slug for sector in sectors}),
        "sectors": sorted(sector.slug for sector in sectors),
        "region": structure.region.code if structure.region_id else None,
        "department": structure.department.code if structure.department_id else None,
        "modes": [mode for mode, (field, _label) in MODES.items() if getattr(structure, field)],
        "location": {"lat": structure.latitude, "lon": structure.longitude}
        if structure.has_coordinates
        else None,
        "has_location": structure.has_coordinates,
        "perimeter_kind": structure.perimeter_kind,
        "perimeter_radius_km": structure.perimeter_radius_km,
        "perimeter_regions": [region.code for region in structure.perimeter_regions.all()],
        "perimeter_departments": [
            department.code for department in structure.perimeter_departments.all()
        ],
        "sort_name": structure.sort_name,
        "published_at": structure.published_at.isoformat() if structure.published_at else None,
    }
