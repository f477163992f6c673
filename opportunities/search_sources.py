"""Live opportunities in the site search (see search/registry.py): they are pages, so the
generic page hits describe them; registering them gives them their own labelled group."""

from django.utils.translation import gettext_lazy as _

from opportunities.models import OpportunityPage
from search.registry import SearchSource, search_sources

search_sources.register(
    SearchSource(
        key="opportunites",
        label=_("Opportunités"),
        get_queryset=lambda request: OpportunityPage.objects.live().public(),
        order=10,
    )
)
