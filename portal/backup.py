"""Portable backups of the portal's data as CSV/JSON files that the importers read back.

``python manage.py export_portal_data DIR`` runs every registered exporter into ``DIR`` and
writes ``DIR/manifest.json`` (format version, date, one entry per export with its file, row
count and SHA-256). ``python manage.py import_portal_data DIR`` checks the checksums and runs the
importers in registration order. Importers update or create by a stable key (a SIRET, a slug,
a path…): importing twice changes nothing, and rows absent from the files are left alone.

Media files (images, documents) are not in these files, only their records
(``portal/backup_media.py``): back up the media volume or bucket.

How an app registers its data: create ``<app>/backup.py`` (imported automatically, like
``wagtail_hooks.py``) and use the helper that fits:

- a plain model (``portal/backup_tables.py``), references by natural key (``Ref``)::

      backup.register_model(
          "opportunities.buyers", Buyer, fields=["kind", "website"], key="name",
          refs={"logo": IMAGE}, fmt="json", order=30,
      )

- pages of one type, matched by their path (``portal/backup_pages.py``)::

      register_pages("opportunities.opportunities", OpportunityPage, page_shape(...), order=33)

- a site setting (``backup_tables.register_site_setting``);
- or a pair of functions for anything else::

      def export_things(directory):          # returns the number of rows written
          return backup.write_json(directory / "things.json", rows)

      def import_things(directory):          # returns the number of rows read
          rows = backup.read_json(directory / "things.json")
          ...
          return len(rows)

      backup.register("app.things", "things.json",
                      export=export_things, import_=import_things, order=30)

``order`` sorts the imports (referenced data first). All imports run in one transaction and
purge the page cache once at the end.
"""

import csv
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from portal import cache

logger = logging.getLogger("portal.backup")

FORMAT_VERSION = 2  # 2: references by natural key (sites, pages, images), media records
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
        # The portal's own settings and redirects, and the records of the media.
        from portal import backup_content, backup_media  # noqa: F401

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


def write_json_lines(path, rows):
    """One JSON object per line: large tables are written without holding them in memory."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, default=str))
            handle.write("\n")
            count += 1
    return count


def read_json_lines(path):
    """``(line number, row)`` of a JSON Lines file, read as it goes."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError as error:
        raise BackupError(f"Fichier manquant : {path.name}.") from error
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise BackupError(f"{path.name}, ligne {number} : illisible ({error}).") from error


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


def register_model(name, model, **options):
    """Register a plain model (see ``portal.backup_tables.register_model``)."""
    from portal.backup_tables import register_model

    return register_model(name, model, **options)


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
