"""Full-text index of ``Structure.search_text`` for the database backend.

- SQLite: an FTS5 table with external content kept in step by triggers;
- PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``;
- anything else (or SQLite without FTS5): plain ``LIKE`` on the normalised column.

Both give the same semantics as the fallback: every query word must start a word of the
structure's normalised text ("jardin" finds "Jardins"). Created after each ``migrate``
(``post_migrate``), because SQLite drops triggers when a migration rebuilds the table.
"""

import logging

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

logger = logging.getLogger(__name__)

FTS_TABLE = "directory_structure_fts"

# Plain literals (no formatting): user input only ever travels as SQL parameters.
SQLITE_SETUP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS directory_structure_fts USING fts5(search_text, "
    "content='directory_structure', content_rowid='id', tokenize='unicode61', prefix='2 3 4')",
    "CREATE TRIGGER IF NOT EXISTS directory_structure_fts_ai AFTER INSERT ON directory_structure "
    "BEGIN INSERT INTO directory_structure_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS directory_structure_fts_ad AFTER DELETE ON directory_structure "
    "BEGIN INSERT INTO directory_structure_fts(directory_structure_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS directory_structure_fts_au "
    "AFTER UPDATE OF search_text ON directory_structure "
    "BEGIN INSERT INTO directory_structure_fts(directory_structure_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO directory_structure_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_REBUILD = "INSERT INTO directory_structure_fts(directory_structure_fts) VALUES ('rebuild')"
SQLITE_MATCH = "SELECT rowid FROM directory_structure_fts WHERE directory_structure_fts MATCH %s"
POSTGRES_INDEX = (
    "CREATE INDEX IF NOT EXISTS directory_structure_search_gin ON directory_structure "
    "USING gin (to_tsvector('simple'::regconfig, search_text))"
)
POSTGRES_MATCH = (
    "SELECT id FROM directory_structure "
    "WHERE to_tsvector('simple'::regconfig, search_text) @@ to_tsquery('simple'::regconfig, %s)"
)

_available = {}


def ensure_fulltext(using="default"):
    """Create the full-text index if missing (idempotent); rebuild it when triggers were missing."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{FTS_TABLE}_a%"],
            )
            complete = cursor.fetchone()[0] == 3
            try:
                for statement in SQLITE_SETUP:
                    cursor.execute(statement)
            except Exception as error:  # SQLite built without FTS5
                logger.warning(
                    "Recherche plein texte SQLite indisponible (%s) : LIKE utilisé.", error
                )
                return False
            if not complete:
                cursor.execute(SQLITE_REBUILD)
        elif connection.vendor == "postgresql":
            cursor.execute(POSTGRES_INDEX)
        else:
            return False
    _available.pop(using, None)
    return True


def fulltext_kind(using="default"):
    """ "fts5", "postgres" or "like" for this connection (looked up once per process)."""
    if using not in _available:
        connection = connections[using]
        kind = "like"
        if connection.vendor == "postgresql":
            kind = "postgres"
        elif connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = %s", [FTS_TABLE])
                kind = "fts5" if cursor.fetchone()[0] else "like"
        _available[using] = kind
    return _available[using]


def text_filter(terms, using="default"):
    """A ``Q`` keeping structures whose normalised text has a word starting with each term.

    ``terms`` are normalised words (``[a-z0-9]+``), so they are safe in FTS syntax.
    """
    if not terms:
        return Q()
    kind = fulltext_kind(using)
    if kind == "fts5":
        match = " AND ".join(f'"{term}"*' for term in terms)
        return Q(pk__in=RawSQL(SQLITE_MATCH, (match,)))  # noqa: S611 - constant SQL, parameter
    if kind == "postgres":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return Q(pk__in=RawSQL(POSTGRES_MATCH, (tsquery,)))  # noqa: S611 - constant SQL, parameter
    condition = Q()
    for term in terms:
        condition &= Q(search_text__contains=f" {term}")
    return condition
