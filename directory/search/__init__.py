"""Search of the directory. Public entry points:

- ``search_structures(params)`` -> ``SearchResults`` (items, total, facets, page, query, errors)
- ``parse_query(params)`` -> ``(StructureQuery, Taxonomy)``
"""

from directory.search.service import parse_query, search_structures

__all__ = ["parse_query", "search_structures"]
