"""Thin signal handlers: the cached names of sectors, regions and departments are dropped
whenever one of them changes."""

from django.db.models.signals import post_delete, post_save

from directory.models import Department, Region, Sector
from opportunities.vocabulary import forget_vocabulary


def connect():
    for model in (Sector, Region, Department):
        post_save.connect(
            forget_vocabulary, sender=model, dispatch_uid=f"opp-vocab-save-{model.__name__}"
        )
        post_delete.connect(
            forget_vocabulary, sender=model, dispatch_uid=f"opp-vocab-delete-{model.__name__}"
        )
