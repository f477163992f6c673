"""The directory's search service: one entry point, the backend chosen in settings.

``search_structures(params)`` parses the URL parameters (a ``QueryDict`` or a dict), runs the
configured backend (``DIRECTORY_SEARCH_BACKEND``: "database" or "elasticsearch") and returns
``SearchResults``. When Elasticsearch is unreachable, slow or failing, the database backend
answers instead and a warning is logged; Elasticsearch is then left alone for a short while
so that visitors do not each wait for its timeout.
"""

import logging
import time

from django.conf import settings

from directory.search.backends.database import DatabaseBackend
from directory.search.query import PER_PAGE, parse_search_params
from directory.search.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
_circuit = {"open_until": 0.0}


def get_backend(name=None):
    name = name or getattr(settings, "DIRECTORY_SEARCH_BACKEND", "database")
    if name == "elasticsearch":
        from directory.search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend()
    return DatabaseBackend()


def parse_query(params, *, per_page=PER_PAGE, taxonomy=None):
    """``(StructureQuery, Taxonomy)`` for URL parameters (errors are in ``query.errors``)."""
    taxonomy = taxonomy or Taxonomy.load()
    return parse_search_params(params, taxonomy=taxonomy, per_page=per_page), taxonomy


def search_structures(params=None, *, query=None, taxonomy=None, backend=None, per_page=PER_PAGE):
    """Search published structures; ``params`` are URL parameters, or pass a parsed ``query``."""
    if query is None:
        query, taxonomy = parse_query(params or {}, per_page=per_page, taxonomy=taxonomy)
    taxonomy = taxonomy or Taxonomy.load()
    backend = backend or get_backend()
    if backend.name != "database":
        if time.monotonic() < _circuit["open_until"]:
            return DatabaseBackend().search(query, taxonomy)
        try:
            return backend.search(query, taxonomy)
        except Exception as error:  # any failure of the engine: fall back, never a 500
            _circuit["open_until"] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "Recherche de l'annuaire : %s indisponible (%s: %s), repli sur la base de données.",
                backend.name,
                type(error).__name__,
                error,
            )
            return DatabaseBackend().search(query, taxonomy)
    return backend.search(query, taxonomy)


def reset_circuit():
    _circuit["open_until"] = 0.0
