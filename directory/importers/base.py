"""What every import shares: reading files, batching, progress and the final report."""

import codecs
import contextlib
import csv
import gc
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from django.utils.translation import gettext as _

Progress = Callable[[int, int], None]

DEFAULT_BATCH_SIZE = 1000


@dataclass
class ImportReport:
    """Counts and the rejected lines (with their numbers and reasons) of one import."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Seconds spent reading the file, writing the database and refreshing search indexes.
    timings: dict = field(default_factory=lambda: {"lecture": 0.0, "base": 0.0, "index": 0.0})

    def reject(self, line, reason):
        self.rejected.append((line, str(reason)))

    def warn(self, line, message):
        self.warnings.append((line, str(message)))

    def summary(self):
        return _(
            "%(total)d ligne(s) lue(s) : %(created)d créée(s), %(updated)d mise(s) à jour, "
            "%(unchanged)d inchangée(s), %(rejected)d rejetée(s)."
        ) % {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }

    def lines(self, limit=200):
        """The report as lines of text, rejected lines first (at most ``limit`` of each)."""
        output = [self.summary()]
        if self.merged:
            output.append(
                _("%(count)d ligne(s) répétant un SIRET déjà lu ont été fusionnées.")
                % {"count": self.merged}
            )
        output.extend(self.notes)
        for title, entries in (
            (_("Lignes rejetées :"), self.rejected),
            (_("Avertissements :"), self.warnings),
        ):
            if not entries:
                continue
            output.append(title)
            output.extend(
                _("  ligne %(line)d : %(reason)s") % {"line": line, "reason": reason}
                for line, reason in entries[:limit]
            )
            if len(entries) > limit:
                output.append(_("  … et %(count)d autre(s).") % {"count": len(entries) - limit})
        return output


class ImportFileError(Exception):
    """The file cannot be read at all (missing, empty, wrong columns); the message is French."""


def read_text(path_or_file):
    """The file's text, decoded as UTF-8 (with or without BOM), falling back to Windows-1252.

    Returns ``(text, note)`` where ``note`` explains a fallback, or is None.
    """
    if hasattr(path_or_file, "read"):
        raw = path_or_file.read()
    else:
        try:
            with open(path_or_file, "rb") as handle:
                raw = handle.read()
        except FileNotFoundError as error:
            raise ImportFileError(
                _("Fichier introuvable : %(path)s") % {"path": path_or_file}
            ) from error
        except OSError as error:
            raise ImportFileError(
                _("Impossible de lire le fichier %(path)s : %(error)s")
                % {"path": path_or_file, "error": error.strerror or error}
            ) from error
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff"), None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), _(
            "Le fichier n'est pas en UTF-8 : il a été lu comme du Windows-1252."
        )


def csv_rows(text, *, delimiter=None, required_columns=()):
    """``(line_number, row_dict)`` for each data line; the header is checked first."""
    if not text.strip():
        raise ImportFileError(_("Le fichier est vide."))
    if delimiter is None:
        header_line = text.split("\n", 1)[0]
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fieldnames = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = fieldnames
    missing = [column for column in required_columns if column not in fieldnames]
    if missing:
        raise ImportFileError(
            _("Colonnes manquantes dans l'en-tête : %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return _numbered(reader)


def _numbered(reader):
    for row in reader:
        # reader.line_num is the physical line where the record ends (header is line 1).
        yield (
            reader.line_num,
            {key: (value or "").strip() for key, value in row.items() if key is not None},
        )


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def parse_float(value):
    if value in (None, ""):
        return None
    return float(str(value).replace(",", ".").strip())


COLLECT_EVERY_BATCHES = 10  # while paused, one collection per this many batches


@contextlib.contextmanager
def garbage_collector_paused():
    """Python's cyclic garbage collector off during a bulk import; yields a function to call
    after each batch, which collects once every ``COLLECT_EVERY_BATCHES`` batches (and once at
    the end). Left on, the collector started a full pass over the whole process about once
    per batch of a thousand rows (11 to 19 in an import of 20,000 rows next to the
    directory's facet index: 1 to 1.5 s, ~15 % of the import); never collecting until the
    end doubled the import's peak memory."""
    enabled = gc.isenabled()
    batches = 0

    def batch_done():
        nonlocal batches
        batches += 1
        if enabled and batches % COLLECT_EVERY_BATCHES == 0:
            gc.collect()

    gc.disable()
    try:
        yield batch_done
    finally:
        if enabled:
            gc.enable()
            gc.collect()
