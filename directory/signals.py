"""Thin signal handlers: derived columns and search indexes follow the structures."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from directory.models import Structure


def _sync_after_commit(pks):
    from directory.search.indexing import elasticsearch_enabled, sync_elasticsearch

    if elasticsearch_enabled():
        pks = list(pks)
        transaction.on_commit(lambda: sync_elasticsearch(pks))


@receiver(post_save, sender=Structure)
def structure_saved(sender, instance, raw=False, **kwargs):
    """Published, unpublished or edited: Elasticsearch follows once the transaction commits."""
    if not raw:
        _sync_after_commit([instance.pk])


@receiver(post_delete, sender=Structure)
def structure_deleted(sender, instance, **kwargs):
    _sync_after_commit([instance.pk])


@receiver(m2m_changed, sender=Structure.sectors.through)
def refresh_structure_search_text(sender, instance, action, reverse, pk_set=None, **kwargs):
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            instance.refresh_search_text()
            _sync_after_commit([instance.pk])
        return
    # A sector's list of structures changed: refresh each structure concerned.
    if action == "pre_clear":
        instance._cleared_structure_ids = list(instance.structures.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared_structure_ids", ())
    elif action not in {"post_add", "post_remove"}:
        return
    for structure in Structure.objects.filter(pk__in=pk_set or ()):
        structure.refresh_search_text()
    _sync_after_commit(pk_set or ())


@receiver(m2m_changed, sender=Structure.perimeter_regions.through)
@receiver(m2m_changed, sender=Structure.perimeter_departments.through)
def perimeter_changed(sender, instance, action, reverse, pk_set=None, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        _sync_after_commit([instance.pk])


def create_fulltext_index(sender, using="default", **kwargs):
    from directory.search.fulltext import ensure_fulltext

    ensure_fulltext(using)
