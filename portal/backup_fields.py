"""How a model instance becomes a row of a backup (a dict of JSON values), and back.

A ``Shape`` lists what a row holds:

- ``fields``: model fields written as they are (dates in ISO 8601, files by their name; a
  foreign key named here is written as its database id, under its column name ``…_id``);
- ``refs``: foreign keys written as the *natural key* of their target (``Ref``): a sector by
  its slug, a commune by its INSEE code, an image by its file name, a page by its path. A
  backup names no database id, so that it restores into another database;
- ``many``: many-to-many relations, as sorted lists of natural keys;
- ``children``: inline children (the lots of an opportunity, the parties of a convention), as
  lists of rows of their own shape, in display order;
- ``tags``: a tag manager, as sorted tag names.

``Keys`` turns ids into natural keys and back, reading each referenced table once.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from wagtail.fields import StreamField
from wagtail.models import Orderable

logger = logging.getLogger("portal.backup")


#: {backup name: (model or label, shape)} of the backups built on a shape: the tests check
#: that every column of these models is backed up or deliberately left out.
shapes = {}


class MissingKey(LookupError):
    """A natural key found in a backup names no row of the database."""


@dataclass(frozen=True)
class Ref:
    """A reference to another model by its natural key (one field or several).

    ``missing`` says what an import does when the key names no row: ``"error"`` (the import
    stops), ``"null"`` (the reference is left empty, with a warning in the logs; an error
    for a required foreign key) or a function ``key -> id`` that picks a replacement.
    """

    model: str | type
    key: str | tuple[str, ...]
    missing: str | Callable = "error"

    def get_model(self):
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model

    @property
    def fields(self):
        return (self.key,) if isinstance(self.key, str) else tuple(self.key)

    def to_json(self, values):
        return values[0] if len(self.fields) == 1 else list(values)

    def from_json(self, value):
        return (value,) if len(self.fields) == 1 else tuple(value)


#: Images and documents by file name: restore the media (volume or bucket) and their records
#: (``portal/backup_media.py``) first.
IMAGE = Ref("wagtailimages.Image", "file", missing="null")
DOCUMENT = Ref("wagtaildocs.Document", "file", missing="null")


class Keys:
    """Ids ↔ natural keys of the referenced tables, each read once (per export or import).

    Rows of the models in ``defer`` may not exist yet (pages of the file being imported that
    point to each other): a missing key of theirs gives None and sets ``missed``.
    """

    def __init__(self, defer=()):
        self._maps = {}
        self.defer = set(defer)
        self.missed = False

    def _map(self, ref, *, reload=False):
        model = ref.get_model()
        ident = (model, ref.fields)
        if reload or ident not in self._maps:
            by_pk = {
                pk: tuple(plain_key(value) for value in values)
                for pk, *values in model._default_manager.values_list("pk", *ref.fields).iterator()
            }
            self._maps[ident] = (by_pk, {key: pk for pk, key in by_pk.items()})
        return self._maps[ident]

    def key(self, ref, pk):
        """The natural key (JSON) of the row ``pk`` of ``ref``'s model."""
        if pk is None:
            return None
        by_pk = self._map(ref)[0]
        if pk not in by_pk:  # a row created since the table was read
            by_pk = self._map(ref, reload=True)[0]
        return ref.to_json(by_pk[pk])

    def existing_keys(self, ref, pks):
        """The natural keys of those of ``pks`` that exist (ids kept in JSON may be stale)."""
        by_pk = self._map(ref)[0]
        return [ref.to_json(by_pk[pk]) for pk in pks if pk in by_pk]

    def pk(self, ref, value, *, nullable=True):
        """The id of the row named by ``value`` (a natural key read from a backup)."""
        if value is None:
            return None
        key = ref.from_json(value)
        pk = self._map(ref)[1].get(key)
        if pk is not None:
            return pk
        model = ref.get_model()
        if model in self.defer:
            self.missed = True
            return None
        if callable(ref.missing):
            return ref.missing(key)
        label = f"{model._meta.verbose_name} « {' / '.join(str(part) for part in key)} »"
        if ref.missing == "null" and nullable:
            logger.warning("Sauvegarde : %s introuvable, référence laissée vide.", label)
            return None
        raise MissingKey(f"{label} introuvable")


def plain_key(value):
    """A key field's value as it is compared (a file by its name)."""
    return value.name if isinstance(value, FieldFile) else value


def dump_value(value, *, timespec="microseconds"):
    """A field's value as JSON (str, number, bool, list, dict or None)."""
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat(timespec=timespec)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, Decimal | UUID):
        return str(value)
    if hasattr(value, "get_prep_value"):  # StreamValue
        return value.get_prep_value()
    return str(value)


def load_value(model_field, value):
    """The Python value of ``model_field`` for ``value`` read from a backup."""
    if value is None or isinstance(model_field, StreamField | models.JSONField | models.FileField):
        return value
    return model_field.to_python(value)


@dataclass(frozen=True)
class Shape:
    fields: tuple[str, ...] = ()
    refs: dict[str, Ref] = field(default_factory=dict)
    many: dict[str, Ref] = field(default_factory=dict)
    children: dict[str, "Shape"] = field(default_factory=dict)
    tags: str = ""

    def columns(self, model):
        """(column name in a row, model field) of the plain fields and references."""
        names = [*self.fields, *self.refs]
        result = []
        for name in names:
            model_field = model._meta.get_field(name)
            if model_field.many_to_many or model_field.one_to_many:
                raise ValueError(
                    f"{model._meta.label}.{name} : relation multiple, déclarez-la dans « many »."
                )
            column = name if name in self.refs else model_field.attname
            result.append((column, model_field))
        return result

    def dump(self, obj, keys, *, timespec="microseconds"):
        """``obj`` as a row; ``timespec``: precision of dates and times (Wagtail keeps those
        of page revisions to the millisecond)."""
        row = {}
        for column, model_field in self.columns(type(obj)):
            value = getattr(obj, model_field.attname)
            ref = self.refs.get(column)
            row[column] = keys.key(ref, value) if ref else dump_value(value, timespec=timespec)
        for name, ref in self.many.items():
            row[name] = sorted(keys.key(ref, item.pk) for item in getattr(obj, name).all())
        for name, shape in self.children.items():
            row[name] = [
                shape.dump(child, keys, timespec=timespec) for child in getattr(obj, name).all()
            ]
        if self.tags:
            row[self.tags] = sorted(tag.name for tag in getattr(obj, self.tags).all())
        return row

    def values(self, model, row, keys):
        """{attname: Python value} of the plain fields and references of ``row``."""
        values = {}
        for column, model_field in self.columns(model):
            if column not in row:
                raise KeyError(column)
            raw = row[column]
            ref = self.refs.get(column)
            values[model_field.attname] = (
                keys.pk(ref, raw, nullable=model_field.null)
                if ref
                else load_value(model_field, raw)
            )
        return values

    def many_pks(self, row, keys):
        """{relation: [ids]} of the many-to-many relations of ``row``."""
        return {
            name: [pk for pk in (keys.pk(ref, value) for value in row[name]) if pk is not None]
            for name, ref in self.many.items()
        }

    def apply(self, obj, row, keys):
        """Set ``row`` on ``obj`` in memory, with its relations when it is a cluster (a page,
        a setting with inline children): saving or publishing it writes them."""
        model = type(obj)
        for attname, value in self.values(model, row, keys).items():
            setattr(obj, attname, value)
        for name, pks in self.many_pks(row, keys).items():
            target = self.many[name].get_model()._default_manager.in_bulk(pks)
            setattr(obj, name, [target[pk] for pk in pks])
        for name, shape in self.children.items():
            child_model = model._meta.get_field(name).related_model
            children = []
            for position, child_row in enumerate(row[name]):
                child = child_model()
                shape.apply(child, child_row, keys)
                if isinstance(child, Orderable):
                    child.sort_order = position
                children.append(child)
            setattr(obj, name, children)
        if self.tags:
            manager = getattr(obj, self.tags)
            manager.clear()
            manager.add(*row[self.tags])
        return obj
