"""Published structures in the site search (see search/registry.py)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from directory.models import PublicationState, Structure
from search.registry import SearchHit, SearchSource, search_sources


def _published(request):
    return Structure.objects.filter(publication_state=PublicationState.PUBLISHED)


def structure_hits(structures, *, request):
    return [
        SearchHit(
            title=structure.name,
            url=structure.get_absolute_url(),
            type_label=structure.get_kind_display(),
            summary=Truncator(structure.description).words(40),
            meta=" ".join(part for part in [structure.postcode, structure.city] if part),
        )
        for structure in structures
    ]


search_sources.register(
    SearchSource(
        key="structures",
        label=_("Structures de l'annuaire"),
        get_queryset=_published,
        to_hits=structure_hits,
        order=20,
    )
)
