"""What every backend shares: loading the page's structures in one go, distances."""

from django.db.models import Prefetch

from directory.models import PublicationState, Sector, Structure
from directory.search.geo import haversine_km


def structures_for_page(ids):
    """The published structures of ``ids`` in that order, with everything a card shows
    (2 queries). Re-checking the state covers an index lagging behind an unpublication; it
    is done here rather than in SQL, where SQLite without statistics (no ``ANALYZE``) would
    walk the (state, name) index over every published row instead of fetching 20 keys."""
    if not ids:
        return []
    structures = Structure.objects.select_related(
        "commune", "department", "region", "logo"
    ).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.select_related("group").order_by("name"))
    )
    by_id = structures.in_bulk(ids)
    return [
        by_id[pk]
        for pk in ids
        if pk in by_id and by_id[pk].publication_state == PublicationState.PUBLISHED
    ]


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
