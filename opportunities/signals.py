"""Thin signal handlers: cached names of sectors, regions and departments are dropped when
one of them changes; cached facet counts of the list are dropped when pages change."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from directory.models import Department, Region, Sector
from opportunities.models import OpportunityIndexPage, OpportunityPage
from opportunities.selectors import forget_facet_counts
from opportunities.vocabulary import forget_vocabulary


def connect():
    for model in (Sector, Region, Department):
        name = model.__name__
        post_save.connect(forget_vocabulary, sender=model, dispatch_uid=f"opp-vocab-save-{name}")
        post_delete.connect(forget_vocabulary, sender=model, dispatch_uid=f"opp-vocab-del-{name}")
    for model in (OpportunityPage, OpportunityIndexPage, PageViewRestriction):
        name = model.__name__
        post_save.connect(forget_facet_counts, sender=model, dispatch_uid=f"opp-facets-save-{name}")
        post_delete.connect(
            forget_facet_counts, sender=model, dispatch_uid=f"opp-facets-del-{name}"
        )
    page_published.connect(forget_facet_counts, dispatch_uid="opp-facets-published")
    page_unpublished.connect(forget_facet_counts, dispatch_uid="opp-facets-unpublished")
    post_page_move.connect(forget_facet_counts, dispatch_uid="opp-facets-moved")
