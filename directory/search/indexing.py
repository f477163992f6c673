"""Keep the search indexes in step with the structures table.

- Wagtail's index (used by the admin search) is refreshed in bulk after imports
  (``wagtail_index``); Wagtail's own signal handlers take care of single saves.
- The Elasticsearch index (when ``DIRECTORY_SEARCH_BACKEND == "elasticsearch"``) holds the
  published structures only: it is updated after commit when a structure is saved,
  published, unpublished or deleted, and after each import batch. Failures are logged,
  never raised: the directory falls back to the database meanwhile, and
  ``reindex_directory`` repairs everything.
"""

import logging
import time

from django.conf import settings
from django.db.models import Prefetch
from elasticsearch import helpers

from directory.models import DirectoryState, Sector, Structure
from directory.search.wagtail_index import update_wagtail_index, wagtail_backends

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def elasticsearch_enabled():
    return getattr(settings, "DIRECTORY_SEARCH_BACKEND", "database") == "elasticsearch" and bool(
        getattr(settings, "ELASTICSEARCH_URL", None)
    )


def _document_queryset():
    return Structure.objects.select_related("commune", "department", "region").prefetch_related(
        Prefetch("sectors", queryset=Sector.objects.select_related("group")),
        "perimeter_regions",
        "perimeter_departments",
    )


def _actions(pks, index):
    """Bulk actions: index the published structures among ``pks``, delete the others."""
    from directory.search.documents import structure_to_document

    published = set()
    for start in range(0, len(pks), CHUNK_SIZE):
        for structure in (
            _document_queryset().published().filter(pk__in=pks[start : start + CHUNK_SIZE])
        ):
            published.add(structure.pk)
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": structure.pk,
                "_source": structure_to_document(structure),
            }
    for pk in pks:
        if pk not in published:
            yield {"_op_type": "delete", "_index": index, "_id": pk}


def sync_elasticsearch(pks, client=None):
    """Index or remove these structures in Elasticsearch; returns False on failure (logged)."""
    if not pks or not (client or elasticsearch_enabled()):
        return True
    from directory.search.documents import alias_name, get_client

    try:
        helpers.bulk(
            client or get_client(),
            _actions(list(pks), alias_name()),
            raise_on_error=False,
            refresh=False,
        )
    except Exception as error:
        logger.warning(
            "Annuaire : mise à jour d'Elasticsearch impossible pour %d structure(s) (%s: %s). "
            "Lancez « manage.py reindex_directory » quand le service sera revenu.",
            len(pks),
            type(error).__name__,
            error,
        )
        return False
    return True


def structures_changed(pks):
    """Structures created, updated or deleted in bulk (imports, ``QuerySet.update()``):
    refresh every index. Call it after commit."""
    pks = list(pks)
    DirectoryState.bump()
    update_wagtail_index(pks)
    sync_elasticsearch(pks)


def refresh_database_indexes(pks=(), structures=()):
    """The indexes stored in the database itself (Wagtail's database search backends), for
    writers that call it inside their transaction: the index commits with the rows, never out
    of step with them, and SQLite syncs to disk once per batch instead of twice.
    ``structures``: instances the writer holds, saving a reload (see ``update_wagtail_index``)."""
    update_wagtail_index(pks, structures=structures, backends=wagtail_backends(in_database=True))


def refresh_external_indexes(pks):
    """The indexes kept outside the database (Wagtail's Elasticsearch backend, the directory's
    Elasticsearch index): call it after commit, once the rows are visible."""
    update_wagtail_index(pks, backends=wagtail_backends(in_database=False))
    sync_elasticsearch(pks)


def rebuild_index(client=None, *, batch_size=CHUNK_SIZE, progress=None):
    """Build a new concrete index, bulk-load the published structures, then swap the alias.

    Searches keep using the old index until the swap, which is atomic. Returns
    ``(index name, number of documents)``.
    """
    from directory.search.documents import alias_name, get_client, new_index, structure_to_document

    client = client or get_client()
    alias = alias_name()
    name = f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{int(time.time() * 1000) % 1000:03d}"
    new_index(name).create(using=client)
    pks = list(Structure.objects.published().order_by("pk").values_list("pk", flat=True))

    def actions():
        done = 0
        for start in range(0, len(pks), batch_size):
            for structure in _document_queryset().filter(pk__in=pks[start : start + batch_size]):
                yield {
                    "_index": name,
                    "_id": structure.pk,
                    "_source": structure_to_document(structure),
                }
                done += 1
            if progress:
                progress(done, len(pks))

    indexed, _errors = helpers.bulk(client, actions(), chunk_size=batch_size, raise_on_error=True)
    client.indices.refresh(index=name)
    previous = []
    if client.indices.exists_alias(name=alias):
        previous = list(client.indices.get_alias(name=alias).keys())
    elif client.indices.exists(index=alias):
        client.indices.delete(index=alias)  # a plain index squatting the alias name
    actions_list = [{"remove": {"index": old, "alias": alias}} for old in previous]
    actions_list.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions_list)
    for old in previous:
        client.indices.delete(index=old, ignore_unavailable=True)
    return name, indexed
