"""Thin signal handlers: keep derived columns right when the sectors of a structure change."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from directory.models import Structure


@receiver(m2m_changed, sender=Structure.sectors.through)
def refresh_structure_search_text(sender, instance, action, reverse, pk_set=None, **kwargs):
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            instance.refresh_search_text()
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
