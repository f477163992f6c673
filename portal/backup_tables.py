"""Backups of plain models (taxonomies, snippets, structures…) and of site settings.

``register_model`` (``portal.backup.register_model``) writes one row per object, as CSV,
JSON or JSON Lines (one object per line: large tables are written and read without holding
them in memory), and reads them back in batches: rows are matched with the database by
their key, new ones created and changed ones updated in bulk, unchanged ones left alone.
Timestamps (``auto_now``, ``auto_now_add``) are restored as they were.

``on_export(row, keys)`` and ``on_import(row, keys)`` may rewrite a row on its way out and
in (ids kept inside a JSON field, turned into natural keys).

Bulk writes skip ``save()`` and the signals: ``prepare(pending)`` fills the derived columns
of the objects about to be written (``pending``: ``(object, {relation: [ids]})`` pairs) and
``after_import(ids)`` refreshes what follows the rows (by default Wagtail's search index,
after commit). The page cache is purged once at the end of the import.
"""

import json
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, models, transaction
from wagtail.models import Site
from wagtail.search import index

from portal import backup, cache
from portal.backup_fields import Keys, MissingKey, Ref, Shape, plain_key, shapes

BATCH_SIZE = 1000
FORMATS = ("csv", "json", "jsonl")
NULL = "\\N"  # CSV cannot tell None from "": None is written as \N


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _timestamp_fields(model, attnames):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname in attnames
        and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
    ]


def reindex(model, pks):
    """Refresh Wagtail's search index for these rows, after commit (bulk writes skip it)."""
    if not issubclass(model, index.Indexed) or not pks:
        return

    def refresh():
        from modelsearch.backends import get_search_backends

        for chunk in _chunks(pks, BATCH_SIZE):
            objects = list(model._default_manager.filter(pk__in=chunk))
            for search_backend in get_search_backends(with_auto_update=True):
                search_backend.get_index_for_model(model).add_items(model, objects)

    transaction.on_commit(refresh)


# --------------------------------------------------------------------------- files


def _csv_cell(value):
    if value is None:
        return NULL
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_value(model_field, ref, cell):
    """A CSV cell as the JSON value ``Shape.values`` reads."""
    if cell == NULL:
        return None
    if ref is not None:
        return ref.get_model()._meta.get_field(ref.fields[0]).to_python(cell)
    if isinstance(model_field, models.JSONField):
        return json.loads(cell)
    if isinstance(model_field, models.BooleanField):
        return cell in {"True", "true", "1"}
    return cell


@dataclass
class Table:
    model: type
    shape: Shape
    key: tuple[str, ...]
    fmt: str
    filename: str
    queryset: object = None
    prepare: object = None
    after_import: object = None
    derived: tuple[str, ...] = ()
    keep_ids: bool = False
    on_export: object = None
    on_import: object = None
    columns: list = field(init=False)

    def __post_init__(self):
        columns = self.shape.columns(self.model)
        key_columns = [c for c in columns if c[1].name in self.key]
        self.columns = key_columns + [c for c in columns if c not in key_columns]
        self.key_attnames = [self.model._meta.get_field(name).attname for name in self.key]
        self.attnames = [model_field.attname for _column, model_field in self.columns]
        self.timestamps = _timestamp_fields(self.model, self.attnames)

    # ----------------------------------------------------------------- export

    def export(self, directory):
        objects = self.queryset() if callable(self.queryset) else self.model._default_manager.all()
        objects = objects.order_by("pk").prefetch_related(*self.shape.many)
        keys = Keys()
        on_export = self.on_export or (lambda row, keys: row)
        rows = (
            on_export(self.shape.dump(obj, keys), keys)
            for obj in objects.iterator(chunk_size=BATCH_SIZE)
        )
        path = Path(directory) / self.filename
        if self.fmt == "json":
            return backup.write_json(path, list(rows))
        if self.fmt == "jsonl":
            return backup.write_json_lines(path, rows)
        header = [column for column, _field in self.columns]
        cells = ({name: _csv_cell(row[name]) for name in header} for row in rows)
        return backup.write_csv(path, header, cells)

    # ----------------------------------------------------------------- import

    def _rows(self, directory):
        path = Path(directory) / self.filename
        if self.fmt == "json":
            yield from enumerate(backup.read_json(path), start=1)
        elif self.fmt == "jsonl":
            yield from backup.read_json_lines(path)
        else:
            for line, row in enumerate(backup.read_csv(path), start=2):
                yield line, self._from_csv(row)

    def _from_csv(self, row):
        return {
            column: _csv_value(model_field, self.shape.refs.get(column), row[column])
            for column, model_field in self.columns
            if column in row
        }

    def _decode(self, line, row, keys):
        try:
            if self.on_import:
                row = self.on_import(row, keys)
            return self.shape.values(self.model, row, keys), self.shape.many_pks(row, keys)
        except KeyError as error:
            raise backup.BackupError(
                f"{self.filename}, ligne {line} : colonne {error} absente."
            ) from error
        except MissingKey as error:
            raise backup.BackupError(f"{self.filename}, ligne {line} : {error}.") from error
        except (ValidationError, ValueError, TypeError) as error:
            message = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
            raise backup.BackupError(
                f"{self.filename}, ligne {line} : valeur invalide ({message})."
            ) from error

    def _existing(self, wanted):
        first = self.key_attnames[0]
        values = {key[0] for key in wanted}
        condition = models.Q(**{f"{first}__in": [v for v in values if v is not None]})
        if None in values:
            condition |= models.Q(**{f"{first}__isnull": True})
        objects = self.model._default_manager.filter(condition).prefetch_related(*self.shape.many)
        found = {
            tuple(plain_key(getattr(obj, a)) for a in self.key_attnames): obj for obj in objects
        }
        return {key: found[key] for key in wanted if key in found}

    def _snapshot(self, obj):
        return [getattr(obj, attname) for attname in self.attnames]

    def _current_many(self, obj):
        return {name: {item.pk for item in getattr(obj, name).all()} for name in self.shape.many}

    def import_(self, directory):
        keys, count, changed_pks, explicit_ids = Keys(), 0, [], False
        for batch in _chunks(self._rows(directory), BATCH_SIZE):
            count += len(batch)
            wanted = {}
            for line, row in batch:
                values, many = self._decode(line, row, keys)
                wanted[tuple(values[a] for a in self.key_attnames)] = (values, many)
            existing = self._existing(wanted)
            to_create, to_update = [], []
            for key, (values, many) in wanted.items():
                obj = existing.get(key)
                if obj is None:
                    to_create.append((self.model(**values), many))
                    continue
                before, many_before = self._snapshot(obj), self._current_many(obj)
                for attname, value in values.items():
                    if attname not in self.key_attnames and attname != "id":
                        setattr(obj, attname, value)
                many_changed = {n for n, pks in many.items() if set(pks) != many_before[n]}
                if self._snapshot(obj) != before or many_changed:
                    to_update.append((obj, {n: many[n] for n in many_changed}, many))
            explicit_ids |= self._free_ids(to_create)
            try:
                with transaction.atomic():
                    self._write(to_create, to_update)
            except IntegrityError as error:  # a slug or a name taken by another row…
                raise backup.BackupError(
                    f"{self.filename} : écriture refusée par la base ({error})."
                ) from error
            changed_pks += [obj.pk for obj, _many in to_create]
            changed_pks += [obj.pk for obj, _changed, _many in to_update]
        if explicit_ids:
            self._reset_sequence()
        if changed_pks:
            (self.after_import or (lambda pks: reindex(self.model, pks)))(changed_pks)
            cache.purge_all(f"sauvegarde {self.filename} relue")
        return count

    def _free_ids(self, to_create):
        """Keep the backed-up ids of new rows when they are free (``keep_ids``)."""
        if not self.keep_ids:
            return False
        asked = [obj.pk for obj, _many in to_create if obj.pk is not None]
        taken = set(self.model._default_manager.filter(pk__in=asked).values_list("pk", flat=True))
        for obj, _many in to_create:
            if obj.pk in taken:
                obj.pk = None
        return any(obj.pk is not None for obj, _many in to_create)

    def _reset_sequence(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [self.model]):
                cursor.execute(sql)

    def _write(self, to_create, to_update):
        if self.prepare:
            self.prepare([(obj, many) for obj, many in to_create])
            self.prepare([(obj, many) for obj, _changed, many in to_update])
        created = [obj for obj, _many in to_create]
        stamps = [[getattr(obj, name) for name in self.timestamps] for obj in created]
        self.model._default_manager.bulk_create(created, batch_size=500)
        if self.timestamps and created:  # bulk_create stamps them with "now"
            for obj, values in zip(created, stamps, strict=True):
                for name, value in zip(self.timestamps, values, strict=True):
                    setattr(obj, name, value)
            self.model._default_manager.bulk_update(created, self.timestamps, batch_size=500)
        updated = [obj for obj, _changed, _many in to_update]
        if updated:
            fields = [a for a in [*self.attnames, *self.derived] if a not in self.key_attnames]
            self.model._default_manager.bulk_update(
                updated, [f for f in fields if f != "id"], batch_size=500
            )
        self._write_many([(obj, many) for obj, many in to_create if obj.pk])
        self._write_many([(obj, changed) for obj, changed, _many in to_update])

    def _write_many(self, pairs):
        for name in self.shape.many:
            relation = self.model._meta.get_field(name)
            through = relation.remote_field.through
            source = through._meta.get_field(relation.m2m_field_name()).attname
            target = through._meta.get_field(relation.m2m_reverse_field_name()).attname
            owners = [obj.pk for obj, many in pairs if name in many]
            if not owners:
                continue
            through._default_manager.filter(**{f"{source}__in": owners}).delete()
            through._default_manager.bulk_create(
                [
                    through(**{source: obj.pk, target: pk})
                    for obj, many in pairs
                    if name in many
                    for pk in dict.fromkeys(many[name])
                ],
                batch_size=500,
            )


def register_model(
    name,
    model,
    *,
    fields,
    key,
    fmt="csv",
    filename=None,
    order=100,
    queryset=None,
    refs=None,
    many=None,
    prepare=None,
    after_import=None,
    derived=(),
    keep_ids=False,
    on_export=None,
    on_import=None,
):
    """Register a plain model: ``fields`` written as they are (foreign keys by id), ``refs``
    foreign keys by natural key, ``many`` many-to-many relations (JSON only), ``key``: the
    field(s) or reference(s) that identify a row. See the module's docstring for the rest."""
    if isinstance(model, str):
        model = apps.get_model(model)
    keys = (key,) if isinstance(key, str) else tuple(key)
    refs, many = dict(refs or {}), dict(many or {})
    if fmt not in FORMATS:
        raise backup.BackupError("Format de sauvegarde : csv, json ou jsonl.")
    if fmt == "csv" and (many or any(len(ref.fields) > 1 for ref in refs.values())):
        raise backup.BackupError(
            f"{name} : les listes et les clés composées s'écrivent en JSON, pas en CSV."
        )
    plain = list(dict.fromkeys([*keys, *(["id"] if keep_ids else []), *fields]))
    shape = Shape(fields=tuple(n for n in plain if n not in refs), refs=refs, many=many)
    try:
        table = Table(
            model=model,
            shape=shape,
            key=keys,
            fmt=fmt,
            filename=filename or f"{name}.{fmt}",
            queryset=queryset,
            prepare=prepare,
            after_import=after_import,
            derived=tuple(derived),
            keep_ids=keep_ids,
            on_export=on_export,
            on_import=on_import,
        )
    except ValueError as error:
        raise backup.BackupError(str(error)) from error
    shapes[name] = (model, shape)

    return backup.register(
        name,
        table.filename,
        export=table.export,
        import_=table.import_,
        order=order,
        description=f"{model._meta.verbose_name_plural} ({fmt.upper()})",
    )


# --------------------------------------------------------------------------- site settings


def _default_site(key):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise MissingKey(f"site « {':'.join(str(part) for part in key)} »")
    return site.pk


#: A site by host name and port; a site absent from the database is the default site.
SITE = Ref(Site, ("hostname", "port"), missing=_default_site)


def register_site_setting(name, model, shape, *, order, description):
    """A site setting (one row per site; ``model`` a class or a label), written with
    ``shape`` and matched by site."""
    filename = f"{name}.json"
    shape = Shape(
        fields=shape.fields,
        refs={"site": SITE, **shape.refs},
        many=shape.many,
        children=shape.children,
    )

    shapes[name] = (model, shape)

    def setting_model():
        return apps.get_model(model) if isinstance(model, str) else model

    def export(directory):
        keys = Keys()
        items = setting_model().objects.order_by("site__hostname", "site__port")
        rows = [shape.dump(item, keys) for item in items]
        return backup.write_json(Path(directory) / filename, rows)

    def import_(directory):
        rows, keys = backup.read_json(Path(directory) / filename), Keys()
        for line, row in enumerate(rows, start=1):
            try:
                site = Site.objects.get(pk=keys.pk(SITE, row["site"]))
                setting = setting_model().for_site(site)
                current = shape.dump(setting, keys)
                if any(current[name] != row[name] for name in current if name != "site"):
                    shape.apply(setting, row, keys)
                    setting.save()
            except (KeyError, MissingKey) as error:
                raise backup.BackupError(f"{filename}, ligne {line} : {error}.") from error
        return len(rows)

    return backup.register(
        name, filename, export=export, import_=import_, order=order, description=description
    )
