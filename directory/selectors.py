"""Read-only queries of the directory used by views, the API and other apps."""

from directory.models import Structure


def public_structure(slug):
    """A queryset holding the published structure with this slug, ready for its page."""
    return (
        Structure.objects.published()
        .with_related()
        .prefetch_related("perimeter_regions", "perimeter_departments")
        .filter(slug=slug)
    )
