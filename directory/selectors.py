"""Read-only queries of the directory used by views, the API and other apps."""

from django.db.models import Prefetch

from directory.models import DirectoryPage, Sector, Structure
from directory.search.backends.database import DatabaseBackend


def public_structure(slug):
    """A queryset holding the published structure with this slug, ready for its page."""
    return (
        Structure.objects.published()
        .select_related("commune", "department", "region", "logo")
        .prefetch_related(
            Prefetch("sectors", queryset=Sector.objects.select_related("group").order_by("name")),
            "perimeter_regions",
            "perimeter_departments",
        )
        .filter(slug=slug)
    )


def directory_page():
    """The live ``DirectoryPage`` (title, introduction, place in the menu), or None."""
    return DirectoryPage.objects.live().public().first()


def structures_for_export(query, taxonomy, chunk_size=2000):
    """Every structure matching ``query``, in the search order, ready for the CSV (streamed)."""
    queryset = DatabaseBackend().matching(query, taxonomy)
    return (
        queryset.select_related("commune", "department", "region")
        .prefetch_related("sectors", "perimeter_regions", "perimeter_departments")
        .iterator(chunk_size=chunk_size)
    )
