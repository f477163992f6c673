"""Portable backups of the portal's data as CSV/JSON files that the importers read back.

``python manage.py export_portal_data DIR`` runs every registered exporter into ``DIR`` and
writes ``DIR/manifest.json`` (format version, date, one entry per export with its file, row
count and SHA-256). ``python manage.py import_portal_data DIR`` checks the checksums and runs the
importers in registration order. Importers update or create by a stable key (a SIRET, a slug,
a path…): importing twice changes nothing, and rows absent from the files are left alone.

Media files (images, documents) are not in these files: back up the media volume or bucket.

How an app registers its data: create ``<app>/backup.py`` (imported automatically, like
``wagtail_hooks.py``) and either register a plain model::

    from portal import backup
    from directory.models import Structure

    backup.register_model(
        "directory.structures", Structure,
        fields=["siret", "name", "kind", "postcode", "city", "publication_state"],
        key="siret", fmt="csv", order=20,
    )

or a pair of functions for anything richer (pages, related rows)::

    def export_opportunities(directory):          # returns the number of rows written
        rows = [...]
        return backup.write_json(directory / "opportunities.json", rows)

    def import_opportunities(directory):          # returns the number of rows read
        rows = backup.read_json(directory / "opportunities.json")
        ...
        return len(rows)

    backup.register("opportunities.opportunities", "opportunities.json",
                    export=export_opportunities, import_=import_opportunities, order=30)

``order`` sorts the imports (referenced data first). Each import runs in one transaction and
purges the page cache once at the end.
"""

import csv
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from portal import cache

logger = logging.getLogger("portal.backup")

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup cannot be written or read back (the message is in French, for the command)."""


@dataclass(frozen=True)
class Backup:
    name: str
    filename: str
    export: Callable[[Path], int]
    import_: Callable[[Path], int]
    order: int = 100
    description: str = field(default="", compare=False)


_registry: dict[str, Backup] = {}
_discovered = False


def register(name, filename, *, export, import_, order=100, description=""):
    """Register an exporter/importer pair writing and reading ``filename`` in the backup folder."""
    if name in _registry and _registry[name].filename != filename:
        raise BackupError(f"Sauvegarde « {name} » déjà enregistrée avec un autre fichier.")
    _registry[name] = Backup(name, filename, export, import_, order, description)
    return _registry[name]


def unregister(name):
    _registry.pop(name, None)


def autodiscover():
    """Import ``backup`` modules of every installed app (once)."""
    global _discovered
    if not _discovered:
        import portal.backup_content  # noqa: F401 - the portal's own pages, settings, redirects

        autodiscover_modules("backup")
        _discovered = True


def registered():
    autodiscover()
    return sorted(_registry.values(), key=lambda item: (item.order, item.name))


def _select(names):
    items = registered()
    if not names:
        return items
    known = {item.name for item in items}
    unknown = sorted(set(names) - known)
    if unknown:
        raise BackupError(
            f"Sauvegarde(s) inconnue(s) : {', '.join(unknown)}. Connues : {', '.join(sorted(known))}."
        )
    return [item for item in items if item.name in names]


# --------------------------------------------------------------------------- file helpers


def write_json(path, rows):
    path = Path(path)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return len(rows)


def read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"Fichier manquant : {Path(path).name}.") from error
    except json.JSONDecodeError as error:
        raise BackupError(f"Fichier illisible : {Path(path).name} ({error}).") from error


def write_csv(path, fieldnames, rows):
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_csv(path):
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except FileNotFoundError as error:
        raise BackupError(f"Fichier manquant : {Path(path).name}.") from error


def sha256(path):
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- plain models

_NULL = "\\N"  # CSV cannot tell None from "": None is written as \N


def _model_fields(model, names):
    fields = []
    for name in names:
        model_field = model._meta.get_field(name)
        if model_field.many_to_many or model_field.one_to_many:
            raise BackupError(
                f"{model._meta.label}.{name} : relation multiple, écrivez un exportateur dédié."
            )
        fields.append(model_field)
    return fields


def _to_text(model_field, obj):
    value = getattr(obj, model_field.attname)
    if value is None:
        return None
    if isinstance(model_field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return model_field.value_to_string(obj)


def _from_text(model_field, value):
    if value is None or value == _NULL:
        return None
    if isinstance(model_field, models.JSONField):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(model_field, models.BooleanField) and isinstance(value, str):
        return value in {"True", "true", "1"}
    target = model_field.target_field if model_field.is_relation else model_field
    return target.to_python(value)


def register_model(name, model, *, fields, key, fmt="csv", filename=None, order=100, queryset=None):
    """Register a plain model: ``fields`` exported (FKs by id), ``key`` field(s) to upsert on."""
    if isinstance(model, str):
        model = apps.get_model(model)
    keys = (key,) if isinstance(key, str) else tuple(key)
    if fmt not in {"csv", "json"}:
        raise BackupError("Format de sauvegarde : csv ou json.")
    filename = filename or f"{name}.{fmt}"
    field_names = list(dict.fromkeys([*keys, *fields]))

    def export(directory):
        model_fields = _model_fields(model, field_names)
        objects = (queryset() if callable(queryset) else model._default_manager.all()).order_by(
            "pk"
        )
        rows = ({f.attname: _to_text(f, obj) for f in model_fields} for obj in objects.iterator())
        if fmt == "json":
            return write_json(directory / filename, list(rows))
        header = [f.attname for f in model_fields]
        return write_csv(
            directory / filename,
            header,
            ({k: (_NULL if v is None else v) for k, v in row.items()} for row in rows),
        )

    def import_(directory):
        model_fields = {f.attname: f for f in _model_fields(model, field_names)}
        rows = read_json(directory / filename) if fmt == "json" else read_csv(directory / filename)
        key_attnames = [model._meta.get_field(k).attname for k in keys]
        for number, row in enumerate(rows, start=2 if fmt == "csv" else 1):
            try:
                values = {
                    attname: _from_text(model_fields[attname], row[attname])
                    for attname in model_fields
                }
            except KeyError as error:
                raise BackupError(
                    f"{filename}, ligne {number} : colonne {error} absente."
                ) from error
            except (ValidationError, ValueError, TypeError) as error:
                message = "; ".join(error.messages) if hasattr(error, "messages") else str(error)
                raise BackupError(
                    f"{filename}, ligne {number} : valeur invalide ({message})."
                ) from error
            lookup = {attname: values.pop(attname) for attname in key_attnames}
            model._default_manager.update_or_create(**lookup, defaults=values)
        return len(rows)

    return register(
        name,
        filename,
        export=export,
        import_=import_,
        order=order,
        description=f"{model._meta.verbose_name_plural} ({fmt.upper()})",
    )


# --------------------------------------------------------------------------- export / import


def export_all(directory, *, names=None, progress=None):
    """Write every registered backup (or ``names``) and the manifest; returns the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    for item in _select(names):
        count = item.export(directory)
        path = directory / item.filename
        if not path.exists():
            raise BackupError(f"L'exportateur « {item.name} » n'a pas écrit {item.filename}.")
        entries.append(
            {"name": item.name, "file": item.filename, "count": count, "sha256": sha256(path)}
        )
        if progress:
            progress(item, count)
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "exports": entries,
    }
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return manifest


def read_manifest(directory):
    manifest = read_json(Path(directory) / MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{MANIFEST} : version de format non prise en charge (attendue : {FORMAT_VERSION})."
        )
    return manifest


def import_all(directory, *, names=None, progress=None):
    """Check the manifest's checksums, then run the importers in order; returns the counts."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    entries = {entry["name"]: entry for entry in manifest["exports"]}
    items = [item for item in _select(names) if item.name in entries]
    for item in items:
        entry = entries[item.name]
        path = directory / entry["file"]
        if not path.exists():
            raise BackupError(f"Fichier manquant : {entry['file']}.")
        if sha256(path) != entry["sha256"]:
            raise BackupError(
                f"{entry['file']} a été modifié depuis l'export (somme de contrôle différente)."
            )
    counts = {}
    with transaction.atomic(), cache.purge_batch():
        for item in items:
            counts[item.name] = item.import_(directory)
            if progress:
                progress(item, counts[item.name])
    return counts
