"""Full-text index of ``Structure.search_text`` for the database backend.

- SQLite: an FTS5 table with external content kept in step by triggers;
- PostgreSQL: a narrow table ``(structure_id, document tsvector)`` with a GIN index, kept in
  step by statement-level triggers (one ``INSERT … SELECT`` per bulk insert, not one per
  row). A search reads only that table: on 100,000 structures, a common word (11,000
  matches) costs a third of the time it took through a GIN index on the wide structures
  table, whose rows each had to be fetched and their text parsed again (``bench/README.md``);
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
FTS_INDEX = "directory_structure_fts_document"  # its GIN index (PostgreSQL)

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
POSTGRES_TABLE_EXISTS = "SELECT to_regclass('directory_structure_fts') IS NOT NULL"
POSTGRES_SETUP = [
    # The expression index of earlier versions, replaced by the table below.
    "DROP INDEX IF EXISTS directory_structure_search_gin",
    "CREATE TABLE IF NOT EXISTS directory_structure_fts ("
    "structure_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS directory_structure_fts_document "
    "ON directory_structure_fts USING gin (document)",
    "CREATE OR REPLACE FUNCTION directory_structure_fts_inserted() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO directory_structure_fts (structure_id, document) "
    "SELECT id, to_tsvector('simple'::regconfig, coalesce(search_text, '')) FROM new_rows "
    "ON CONFLICT (structure_id) DO UPDATE SET document = EXCLUDED.document; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION directory_structure_fts_updated() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO directory_structure_fts (structure_id, document) "
    "SELECT n.id, to_tsvector('simple'::regconfig, coalesce(n.search_text, '')) "
    "FROM new_rows n JOIN old_rows o ON o.id = n.id "
    "WHERE n.search_text IS DISTINCT FROM o.search_text "
    "ON CONFLICT (structure_id) DO UPDATE SET document = EXCLUDED.document; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION directory_structure_fts_deleted() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM directory_structure_fts WHERE structure_id IN (SELECT id FROM old_rows); "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION directory_structure_fts_truncated() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN TRUNCATE directory_structure_fts; RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS directory_structure_fts_ai ON directory_structure",
    "CREATE TRIGGER directory_structure_fts_ai AFTER INSERT ON directory_structure "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION directory_structure_fts_inserted()",
    "DROP TRIGGER IF EXISTS directory_structure_fts_au ON directory_structure",
    "CREATE TRIGGER directory_structure_fts_au AFTER UPDATE ON directory_structure "
    "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION directory_structure_fts_updated()",
    "DROP TRIGGER IF EXISTS directory_structure_fts_ad ON directory_structure",
    "CREATE TRIGGER directory_structure_fts_ad AFTER DELETE ON directory_structure "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION directory_structure_fts_deleted()",
    "DROP TRIGGER IF EXISTS directory_structure_fts_at ON directory_structure",
    "CREATE TRIGGER directory_structure_fts_at AFTER TRUNCATE ON directory_structure "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_structure_fts_truncated()",
]
POSTGRES_REBUILD = [
    "TRUNCATE directory_structure_fts",
    "INSERT INTO directory_structure_fts (structure_id, document) "
    "SELECT id, to_tsvector('simple'::regconfig, coalesce(search_text, '')) "
    "FROM directory_structure",
]
POSTGRES_MATCH = (
    "SELECT structure_id FROM directory_structure_fts "
    "WHERE document @@ to_tsquery('simple'::regconfig, %s)"
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
            cursor.execute(POSTGRES_TABLE_EXISTS)
            existed = cursor.fetchone()[0]
            for statement in POSTGRES_SETUP:
                cursor.execute(statement)
            if not existed:
                for statement in POSTGRES_REBUILD:
                    cursor.execute(statement)
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


def text_ids(terms, using="default"):
    """Ids of the structures (any state) matching every term, straight from the full-text
    index when there is one (no visit to the structures table)."""
    kind = fulltext_kind(using)
    if kind in {"fts5", "postgres"}:
        sql, parameter = (
            (SQLITE_MATCH, " AND ".join(f'"{term}"*' for term in terms))
            if kind == "fts5"
            else (POSTGRES_MATCH, " & ".join(f"{term}:*" for term in terms))
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [parameter])
            return [row[0] for row in cursor.fetchall()]
    from directory.models import Structure

    return list(Structure.objects.filter(text_filter(terms, using)).values_list("pk", flat=True))


def refresh_planner_statistics(using="default"):
    """After a bulk load, do what autovacuum would do later on PostgreSQL (and nothing does on
    SQLite): merge the full-text index's pending entries and refresh the planner statistics.
    Until then PostgreSQL reads the whole full-text table for a common word instead of its
    index (50 ms instead of 10 at 100,000 structures)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The full-text table only (~0.1 s at 100,000 structures): the structures table
            # is read by key, and analysing its long texts takes ten times longer.
            cursor.execute(POSTGRES_TABLE_EXISTS)
            if cursor.fetchone()[0]:
                # New entries wait in the GIN index's pending list until a vacuum; a long list
                # makes the index look costly and PostgreSQL reads the whole table instead
                # (45-70 ms for a common word after a 20,000-row import, 10-14 ms once merged).
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [FTS_INDEX])
                cursor.execute("ANALYZE directory_structure_fts")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
