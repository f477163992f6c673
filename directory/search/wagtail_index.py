"""Bulk refresh of Wagtail's search index (``modelsearch``, used by the admin) for structures.

Wagtail's database backends build each index row from Django expressions: on PostgreSQL,
compiling the ``SearchVector`` expressions of 1,000 structures costs about 1.7 s of CPU, which
held imports to ~800 rows/s (70-80 % of their time). For those two backends this module writes
the same rows with one plain SQL statement per chunk: the values come from modelsearch's own
``ObjectIndexer.prepare_field`` (same texts, weights and configurations), the statement is the
one ``add_items`` runs, only assembled as text instead of through the ORM's compiler.
``tests/directory/test_wagtail_index.py`` checks that the rows are identical to those
``add_items`` writes, so a modelsearch upgrade that changes them fails loudly.

Any other backend (Elasticsearch in production) gets its own bulk ``add_items``.
"""

import itertools
import re
from collections import defaultdict

import psycopg
from django.db import connections, router, transaction
from django.db.models import F
from modelsearch.backends import get_search_backends
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk

from directory.models import Structure

CHUNK_SIZE = 500
MAX_PARAMETERS = 30_000  # PostgreSQL accepts 65,535 per statement


def wagtail_backends(*, in_database=None):
    """Wagtail's auto-updated search backends; ``in_database``: only those whose index is
    stored in the database (True), or only the others, such as Elasticsearch (False)."""
    backends = get_search_backends(with_auto_update=True)
    if in_database is None:
        return list(backends)
    return [
        backend
        for backend in backends
        if type(backend).__module__.startswith("modelsearch.backends.database.") == in_database
    ]


def update_wagtail_index(pks=(), *, structures=(), backends=None, chunk_size=CHUNK_SIZE):
    """Refresh Wagtail's search index for these structures, in bulk and in one transaction
    (SQLite would otherwise commit, and sync to disk, after each statement).

    ``pks`` are loaded from the database; ``structures`` are instances a writer already holds
    and has saved (an import), which saves reloading them: the SQL writers read their own
    fields and fetch the sectors afresh (``_related``), so a prefetched list gone stale does
    not matter. Other backends get fresh instances."""
    pks, structures = list(pks), list(structures)
    backends = wagtail_backends() if backends is None else backends
    if not (pks or structures) or not backends:
        return
    with transaction.atomic():
        for backend in backends:
            writer = _fast_writer(backend)
            if writer is None:  # Elasticsearch…: the backend's own bulk indexing
                everything = pks + [structure.pk for structure in structures]
                for start in range(0, len(everything), chunk_size):
                    chunk = _structures(everything[start : start + chunk_size], full=True)
                    backend.get_index_for_model(Structure).add_items(Structure, chunk)
                continue
            for start in range(0, len(structures), chunk_size):
                chunk = structures[start : start + chunk_size]
                writer(backend, chunk, _related(chunk))
            for start in range(0, len(pks), chunk_size):
                chunk = _structures(pks[start : start + chunk_size], full=False)
                writer(backend, chunk, _related(chunk))


def _structures(pks, *, full):
    if full:
        return list(Structure.objects.filter(pk__in=pks).prefetch_related("sectors").order_by())
    names = {  # the database backends read the search fields only
        field.field_name
        for field in Structure.get_search_fields()
        if isinstance(field, SearchField | AutocompleteField)
    }
    return list(Structure.objects.filter(pk__in=pks).only("pk", *names).order_by())


def _related(structures):
    """``{field name: {structure id: [objects]}}`` for the many-to-many ``RelatedFields`` of
    the search fields (the sectors): one query each, in the related model's default order
    like ``manager.all()``. Django's prefetch would build a queryset per structure, which
    cost more than the whole index write."""
    related, ids = {}, [structure.pk for structure in structures]
    for field in Structure.get_search_fields():
        if not isinstance(field, RelatedFields):
            continue
        model_field = Structure._meta.get_field(field.field_name)
        if not model_field.many_to_many:
            continue  # a foreign key: read through the instance by modelsearch
        query_name = model_field.related_query_name()
        by_structure = defaultdict(list)
        for obj in model_field.related_model._default_manager.filter(
            **{f"{query_name}__in": ids}
        ).annotate(_indexed_for=F(query_name)):
            by_structure[obj._indexed_for].append(obj)
        related[field.field_name] = by_structure
    return related


def index_entry_model():
    """Wagtail's ``IndexEntry`` (the rows of its database search backends)."""
    return get_app_config().get_model("IndexEntry")


def _fast_writer(backend):
    """The SQL writer for modelsearch's SQLite or PostgreSQL backend, else None."""
    IndexEntry = index_entry_model()
    vendor = connections[router.db_for_write(IndexEntry)].vendor
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        if type(backend) is PostgresSearchBackend:
            return _write_postgres
    elif vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            return _write_sqlite
    return None


def _fields(indexer, structure, related):
    """``(kind, weight, text)`` of every searchable value, in modelsearch's order: kind is
    "title", "body" or "autocomplete" (the three index columns). Many-to-many related fields
    come from ``related`` (see ``_related``), walked as ``ObjectIndexer.prepare_field``
    walks a manager."""
    for field in indexer.search_fields:
        if isinstance(field, RelatedFields) and field.field_name in related:
            extracted = (
                value
                for obj in related[field.field_name].get(structure.pk, ())
                for sub_field in field.fields
                for value in indexer.prepare_field(obj, sub_field)
            )
        else:
            extracted = indexer.prepare_field(structure, field)
        for value in extracted:
            current, text = value[0], value[-1]
            weight = value[1] if len(value) == 3 else None
            if isinstance(current, SearchField):
                yield ("title" if current.field_name == "title" else "body"), weight, text
            elif isinstance(current, AutocompleteField):
                yield "autocomplete", weight, text


def _write_sqlite(backend, structures, related):
    """Upsert the rows ``SQLiteIndex.add_items`` writes: plain texts joined by spaces (the FTS
    table follows through modelsearch's triggers, on insert and on update alike)."""
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

    IndexEntry = index_entry_model()

    content_type_pk = get_content_type_pk(Structure)
    entries = []
    for structure in structures:
        texts = {"title": [], "body": [], "autocomplete": []}
        for kind, _weight, text in _fields(ObjectIndexer(structure, backend), structure, related):
            texts[kind].append(text)
        entries.append(
            IndexEntry(
                content_type_id=content_type_pk,
                object_id=str(structure.pk),
                title=" ".join(texts["title"]),
                autocomplete=" ".join(texts["autocomplete"]),
                body=" ".join(texts["body"]),
            )
        )
    IndexEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["title", "autocomplete", "body"],
    )
    _refresh_title_norms(backend, any(entry.title for entry in entries))


_PLACEHOLDER = re.compile(r"%s")  # the statements hold no other "%" (see _vector)
_SAFE_CONFIG = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_WEIGHTS = frozenset("ABCD")


def _vector(parts, config):
    """SQL and parameters of ``ObjectIndexer.as_vector``: one weighted ``to_tsvector`` per
    non-empty text, combined in the same balanced tree of ``||``.

    The search configuration (a setting) and the weights (A to D) are written into the SQL
    when they are plain names: only the texts travel as parameters. A third as many
    placeholders for psycopg to find in statements of tens of thousands of them (about a
    tenth of an import's time went there)."""
    if not parts:
        return "to_tsvector('')", []
    inline_config = config and _SAFE_CONFIG.match(config)
    pieces, params = [], []
    for text, weight in parts:
        if config and inline_config:
            vector = f"to_tsvector('{config}'::regconfig, %s)"
        elif config:
            vector = "to_tsvector(%s::regconfig, %s)"
            params.append(config)
        else:
            vector = "to_tsvector(%s)"
        params.append(text)
        if weight in _WEIGHTS:
            pieces.append(f"setweight({vector}, '{weight}')")
        else:
            pieces.append(f"setweight({vector}, %s)")
            params.append(weight)
    sql = balanced_reduce(lambda left, right: f"({left} || {right})", pieces)
    return sql, params


def _write_postgres(backend, structures, related):
    """Upsert the rows ``PostgresIndex.add_items`` writes (tsvectors and plain texts)."""
    from modelsearch.backends.database.postgres.postgres import ObjectIndexer

    IndexEntry = index_entry_model()

    content_type_pk = get_content_type_pk(Structure)
    rows, params, any_title = [], [], False
    for structure in structures:
        parts = {"title": [], "body": [], "autocomplete": []}
        for kind, weight, text in _fields(ObjectIndexer(structure, backend), structure, related):
            parts[kind].append((text.strip(), weight))
        parts = {kind: [part for part in values if part[0]] for kind, values in parts.items()}
        any_title = any_title or bool(parts["title"])
        sqls = []
        row_params = [content_type_pk, str(structure.pk)]
        for kind, config in (
            ("title", backend.config),
            ("autocomplete", backend.autocomplete_config),
            ("body", backend.config),
        ):
            sql, vector_params = _vector(parts[kind], config)
            sqls.append(sql)
            row_params += vector_params
        row_params += [
            " ".join(text for text, _weight in parts["title"]),
            " ".join(text for text, _weight in parts["body"]),
        ]
        rows.append(f"(%s, %s, {sqls[0]}, {sqls[1]}, {sqls[2]}, 1.0, %s, %s)")
        params += row_params
        if len(params) > MAX_PARAMETERS:
            _upsert_postgres(IndexEntry, rows, params)
            rows, params = [], []
    if rows:
        _upsert_postgres(IndexEntry, rows, params)
    _refresh_title_norms(backend, any_title)


def _upsert_postgres(model, rows, params):
    """Run the statement of ``PostgresIndex.add_items`` for ``rows``.

    Sent with PostgreSQL's own ``$n`` placeholders through psycopg's ``RawCursor``: the texts
    travel apart from the statement (server-side binding), where Django's client-side cursor
    would quote each of the ~15,000 texts of a chunk into the SQL in Python, and search the
    statement for its placeholders, first (a quarter of an import's time went there)."""
    connection = connections[router.db_for_write(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    # Table name from the model, values as parameters: the statement of PostgresIndex.add_items.
    sql = (
        f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, "  # noqa: S608
        f"title_norm, title_text, body_text) VALUES {', '.join(rows)} "
        "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
        "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
        "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
    )
    numbers = itertools.count(1)
    sql = _PLACEHOLDER.sub(lambda _match: f"${next(numbers)}", sql)
    connection.ensure_connection()
    with psycopg.RawCursor(connection.connection) as cursor:
        cursor.execute(sql, params)


def _refresh_title_norms(backend, any_title):
    """``add_items`` ends with this (ranking boost of short titles, computed from the rows
    with a title). Structures have no ``title`` search field, so their rows never take part
    and the call is skipped; it runs if one is ever added."""
    if any_title:
        backend.get_index_for_model(Structure)._refresh_title_norms()
