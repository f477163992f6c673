"""What every backend shares: loading the page's structures in one go, distances."""

from django.db.models import Prefetch

from directory.models import Sector, Structure
from directory.search.geo import haversine_km


def structures_for_page(ids):
    """The structures of ``ids`` in that order, with everything a card shows (2 queries)."""
    if not ids:
        return []
    structures = Structure.objects.select_related(
        "commune", "department", "region", "logo"
    ).prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.select_related("group").order_by("name"))
    )
    by_id = structures.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


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
