"""What every backend shares: loading the page's structures in one go, distances."""

from directory.models import PublicationState, Sector, Structure
from directory.search.geo import haversine_km
from directory.search.query import MODES

# What a result card and the API's summary show (``structure_summary``): the long texts
# kept for search (``search_text``, ``services``…) stay in the database.
PAGE_FIELDS = (
    "legal_name",
    "brand_name",
    "siret",
    "kind",
    "family",
    "slug",
    "description",
    "postcode",
    "city",
    "commune__insee_code",
    "department",
    "region",
    "latitude",
    "longitude",
    "publication_state",
    *(field for field, _label in MODES.values()),
)


def structures_for_page(ids, taxonomy):
    """The published structures of ``ids`` in that order, with everything a card shows
    (2 light queries: the structures with their commune, then their sector keys).

    Departments, regions and sectors (with their group) come from ``taxonomy``, already in
    memory: loading them again for every page cost more than the rest of the page's data.
    Re-checking the state covers an index lagging behind an unpublication; it is done here
    rather than in SQL, where SQLite without statistics (no ``ANALYZE``) would walk the
    (state, name) index over every published row instead of fetching 20 keys."""
    if not ids:
        return []
    by_id = Structure.objects.only(*PAGE_FIELDS).select_related("commune").in_bulk(ids)
    sectors = {pk: [] for pk in by_id}
    links = Structure.sectors.through.objects.filter(structure_id__in=list(by_id))
    for structure_id, sector_id in links.values_list("structure_id", "sector_id"):
        sector = taxonomy.sectors_by_id.get(sector_id)
        if sector is not None:
            sectors[structure_id].append(sector)
    departments, regions = taxonomy.departments_by_id, taxonomy.regions_by_id
    items = []
    for pk in ids:
        structure = by_id.get(pk)
        if structure is None or structure.publication_state != PublicationState.PUBLISHED:
            continue
        if structure.department_id in departments:  # else loaded on use, if ever
            structure.department = departments[structure.department_id]
        if structure.region_id in regions:
            structure.region = regions[structure.region_id]
        _set_sectors(structure, sorted(sectors[pk], key=lambda sector: sector.name))
        items.append(structure)
    return items


def _set_sectors(structure, sectors):
    """Make ``structure.sectors.all()`` return ``sectors`` without a query, the way
    ``prefetch_related`` does it (same cache, a queryset holding its results)."""
    queryset = Sector.objects.all()
    queryset._result_cache = sectors
    queryset._prefetch_done = True
    structure.__dict__.setdefault("_prefetched_objects_cache", {})["sectors"] = queryset


def attach_distances(items, place):
    for item in items:
        item.distance_km = (
            haversine_km(place.latitude, place.longitude, item.latitude, item.longitude)
            if place is not None and item.has_coordinates
            else None
        )
    return items


class SearchBackend:
    name = ""

    def search(self, query, taxonomy):  # pragma: no cover - interface
        raise NotImplementedError
