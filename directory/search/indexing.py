"""Keep the search indexes in step with the structures table.

Called after commit: by the signal handlers when one structure is saved or deleted, and by
the imports for whole batches (bulk operations skip signals).
"""

import logging

from modelsearch.backends import get_search_backends

from directory.models import Structure

logger = logging.getLogger(__name__)


def update_wagtail_index(pks):
    """Refresh Wagtail's search index (used by the admin) for these structures, in bulk."""
    if not pks:
        return
    structures = list(Structure.objects.filter(pk__in=pks).prefetch_related("sectors"))
    for backend in get_search_backends(with_auto_update=True):
        backend.get_index_for_model(Structure).add_items(Structure, structures)


def structures_changed(pks):
    """Structures created or updated in bulk (imports)."""
    update_wagtail_index(pks)
