"""The charter's signatories as the home page shows them (count and logos).

Registered with the site's registries by ``commitments/key_figures.py`` and
``commitments/home_sections.py``; plain queries, a fixed number whatever the data."""

from django.db.models import Prefetch
from wagtail.images import get_image_model

from commitments.models.charter import CharterSignatory, CharterStatus, SignatoryRole


def current_signatories():
    """Signatories (not mere partners) of the live charters in force."""
    return CharterSignatory.objects.filter(
        page__live=True, page__status=CharterStatus.IN_FORCE, role=SignatoryRole.SIGNATORY
    )


def charter_signatory_count():
    return current_signatories().values("organisation").distinct().count()


def charter_signatory_logos(*, limit, logo_filter):
    """Signatories in the charter's order, logos with their rendition prefetched."""
    images = get_image_model().objects.prefetch_renditions(logo_filter)
    return list(
        current_signatories()
        .order_by("page__path", "sort_order", "pk")
        .prefetch_related(Prefetch("logo", queryset=images))[:limit]
    )
