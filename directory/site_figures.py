"""The directory's figures for the home page and the key figures page: published structures
by family, by kind and by region, one aggregate query each.

Registered with the site's registry by ``directory/key_figures.py``."""

from django.db.models import Count
from django.utils.translation import gettext as _

from directory.models import Family, PublicationState, Structure, StructureKind


def _published():
    return Structure.objects.filter(publication_state=PublicationState.PUBLISHED)


def _counts(field):
    return dict(_published().values_list(field).annotate(total=Count("pk")).order_by())


def structures_by_family():
    counts = _counts("family")
    return [(str(family.label), counts.get(family.value, 0)) for family in Family]


def structures_by_kind():
    """Every kind, in the legal order (insertion, then disability), zeros included."""
    counts = _counts("kind")
    return [(str(kind.label), counts.get(kind.value, 0)) for kind in StructureKind]


def structures_by_region():
    """Regions with at least one published structure, the largest first."""
    rows = (
        _published()
        .values("region__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "region__name")
    )
    return [(row["region__name"] or _("Région non renseignée"), row["total"]) for row in rows]
