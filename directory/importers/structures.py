"""Import of structures: the ASP list of SIAE ("liste des SIAE conventionnées") and the
project's own CSV (the format of the CSV export, so that an export re-imports losslessly).

Idempotent upsert by SIRET in batches inside transactions. New structures are published
unless ``publish=False``; existing ones keep their publication state. For structures created
by a person (registration, staff), the import only fills empty fields: it never overwrites
what someone typed.
"""

import math
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory import csv_format
from directory.importers.base import (
    DEFAULT_BATCH_SIZE,
    ImportFileError,
    ImportReport,
    batched,
    csv_rows,
    garbage_collector_paused,
    parse_float,
    read_text,
)
from directory.importers.bulk import bulk_insert
from directory.importers.geography import CommuneIndex
from directory.models import (
    DirectoryState,
    HeadcountBand,
    PublicationState,
    Region,
    Sector,
    Source,
    Structure,
    StructureKind,
    unique_structure_slug,
)
from directory.models.structures import base_structure_slug
from directory.search.fulltext import refresh_planner_statistics
from directory.siret import clean_siret, siret_error

# From this many rows created or updated, the database's planner statistics are refreshed.
STATISTICS_THRESHOLD = 1000

ASP_COLUMNS = (
    "MESURE",
    "CODE_DEPARTEMENT",
    "LIBELLE_DPT",
    "CODE_POSTAL",
    "COMMUNE",
    "CODE_NAF2",
    "NATURE_JURIDIQUE",
    "SIRET",
    "DENOMINATION_SOCIALE",
    "NUM_RUE",
    "NOM_RUE",
    "CODE_POST_COM",
    "LIB_COM",
)
FORMATS = ("asp", "csv")

# Fields an import may write; the rest (contact consent, logo, moderation…) stays as it is.
LOCATION_FIELDS = (
    "address",
    "postcode",
    "city",
    "commune_id",
    "department_id",
    "latitude",
    "longitude",
)
ASP_FIELDS = ("legal_name", "kind", *LOCATION_FIELDS)
CSV_FIELDS = (
    "legal_name",
    "brand_name",
    "kind",
    "services",
    "description",
    "labels",
    *LOCATION_FIELDS,
    "perimeter_kind",
    "perimeter_radius_km",
    "accepts_subcontracting",
    "accepts_cocontracting",
    "accepts_staff_provision",
    "insertion_headcount_band",
    "permanent_headcount_band",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "show_contact_name",
    "show_contact_email",
    "show_contact_phone",
)
DERIVED_FIELDS = (
    "family",
    "sort_name",
    "search_text",
    "region_id",
    "department_id",
    "published_at",
    "updated_at",
)
FIELD_LIMITS = {
    "legal_name": 255,
    "brand_name": 255,
    "labels": 500,
    "address": 255,
    "city": 120,
    "contact_name": 160,
    "contact_phone": 30,
    "website": 300,
}


@dataclass
class Record:
    """One structure read from a file, before it meets the database."""

    line: int
    siret: str
    values: dict
    insee_code: str = ""
    department_code: str = ""
    sectors: list | None = None
    perimeter_regions: list | None = None
    perimeter_departments: list | None = None
    warnings: list = field(default_factory=list)


class RowError(ValueError):
    """A line that cannot be imported; the message is the French reason."""


# Parsing -----------------------------------------------------------------------------


def _text(value, field_name):
    text = (value or "").strip()
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]  # undo the export's protection against spreadsheet formulas
    limit = FIELD_LIMITS.get(field_name)
    return text[:limit] if limit else text


def _siret(value):
    siret = clean_siret(value)
    message = siret_error(siret)
    if message:
        raise RowError(
            _("SIRET « %(value)s » : %(reason)s") % {"value": value[:20], "reason": message}
        )
    return siret


def _kind(value):
    code = (value or "").strip().upper()
    if code not in StructureKind.values:
        raise RowError(_("type de structure « %(value)s » non reconnu") % {"value": value[:20]})
    return code


def parse_asp(text):
    """``(line, Record)`` or ``(line, RowError)`` for each line of the ASP export."""
    for line, row in csv_rows(text, delimiter=";", required_columns=ASP_COLUMNS):
        try:
            measure = row["MESURE"].upper()
            kind = measure.split("_", 1)[0]
            if kind not in StructureKind.values:
                raise RowError(_("mesure « %(value)s » non reconnue") % {"value": measure[:20]})
            siret = _siret(row["SIRET"])
            legal_name = _text(row["DENOMINATION_SOCIALE"], "legal_name")
            if not legal_name:
                raise RowError(_("dénomination sociale manquante"))
            postcode = (row["CODE_POST_COM"] or row["CODE_POSTAL"]).strip()[:5]
            city = _text(row["LIB_COM"] or row["COMMUNE"], "city")
            address = " ".join(part for part in (row["NUM_RUE"], row["NOM_RUE"]) if part)
            yield (
                line,
                Record(
                    line=line,
                    siret=siret,
                    department_code=row["CODE_DEPARTEMENT"],
                    values={
                        "legal_name": legal_name,
                        "kind": kind,
                        "address": _text(address, "address"),
                        "postcode": postcode if postcode.isdigit() else "",
                        "city": city,
                        "latitude": None,
                        "longitude": None,
                    },
                ),
            )
        except RowError as error:
            yield line, error


def _boolean(value, column):
    text = (value or "").strip().lower()
    if text in csv_format.TRUE_VALUES:
        return True
    if text in csv_format.FALSE_VALUES:
        return False
    raise RowError(
        _("colonne %(column)s : « %(value)s » n'est ni oui ni non")
        % {"column": column, "value": value[:20]}
    )


def _choice(value, choices, column):
    text = (value or "").strip()
    if text and text not in choices:
        raise RowError(
            _("colonne %(column)s : valeur « %(value)s » inconnue")
            % {"column": column, "value": text[:20]}
        )
    return text


def _coordinates(row):
    try:
        latitude = parse_float(row.get("latitude"))
        longitude = parse_float(row.get("longitude"))
    except ValueError as error:
        raise RowError(_("coordonnées invalides")) from error
    if latitude is None or longitude is None:
        return None, None
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or not (
        -90 <= latitude <= 90 and -180 <= longitude <= 180
    ):
        raise RowError(_("coordonnées hors limites"))
    return latitude, longitude


def _list(value):
    return [item.strip() for item in (value or "").split(csv_format.LIST_SEPARATOR) if item.strip()]


def parse_csv(text):
    """``(line, Record)`` or ``(line, RowError)`` for each line of the project's CSV."""
    url_validator = URLValidator()
    for line, row in csv_rows(text, required_columns=csv_format.REQUIRED_COLUMNS):
        try:
            siret = _siret(row["siret"])
            kind = _kind(row["type"])
            legal_name = _text(row["raison_sociale"], "legal_name")
            if not legal_name:
                raise RowError(_("raison sociale manquante"))
            latitude, longitude = _coordinates(row)
            perimeter_label = (row.get("perimetre") or "").strip().lower()
            perimeter = csv_format.PERIMETER_VALUES.get(perimeter_label or "rayon")
            if perimeter is None:
                raise RowError(
                    _("périmètre « %(value)s » inconnu (national, territoires ou rayon)")
                    % {"value": perimeter_label[:20]}
                )
            radius_text = (row.get("rayon_km") or "").strip()
            if radius_text and not (radius_text.isdigit() and 0 < int(radius_text) <= 1000):
                raise RowError(
                    _("rayon d'intervention « %(value)s » invalide (1 à 1000 km)")
                    % {"value": radius_text[:10]}
                )
            website = _text(row.get("site_internet"), "website")
            if website:
                try:
                    url_validator(website)
                except ValidationError as error:
                    raise RowError(_("site internet invalide")) from error
            email = (row.get("contact_courriel") or "").strip()
            if email:
                try:
                    validate_email(email)
                except ValidationError as error:
                    raise RowError(_("courriel du contact invalide")) from error
            contact_name = _text(row.get("contact_nom"), "contact_name")
            contact_phone = _text(row.get("contact_telephone"), "contact_phone")
            yield (
                line,
                Record(
                    line=line,
                    siret=siret,
                    insee_code=(row.get("code_insee") or "").strip().upper(),
                    department_code=row.get("departement") or "",
                    sectors=_list(row.get("secteurs")),
                    perimeter_regions=_list(row.get("regions_intervention")),
                    perimeter_departments=_list(row.get("departements_intervention")),
                    values={
                        "legal_name": legal_name,
                        "brand_name": _text(row.get("enseigne"), "brand_name"),
                        "kind": kind,
                        "services": _text(row.get("prestations"), "services"),
                        "description": _text(row.get("description"), "description"),
                        "labels": _text(row.get("labels"), "labels"),
                        "address": _text(row.get("adresse"), "address"),
                        "postcode": (row.get("code_postal") or "").strip()[:5],
                        "city": _text(row.get("commune"), "city"),
                        "latitude": latitude,
                        "longitude": longitude,
                        "perimeter_kind": perimeter,
                        "perimeter_radius_km": int(radius_text) if radius_text else None,
                        "accepts_subcontracting": _boolean(
                            row.get("sous_traitance"), "sous_traitance"
                        ),
                        "accepts_cocontracting": _boolean(row.get("co_traitance"), "co_traitance"),
                        "accepts_staff_provision": _boolean(
                            row.get("mise_a_disposition"), "mise_a_disposition"
                        ),
                        "insertion_headcount_band": _choice(
                            row.get("effectif_insertion"),
                            HeadcountBand.values,
                            "effectif_insertion",
                        ),
                        "permanent_headcount_band": _choice(
                            row.get("effectif_permanent"),
                            HeadcountBand.values,
                            "effectif_permanent",
                        ),
                        "website": website,
                        "contact_name": contact_name,
                        "contact_email": email,
                        "contact_phone": contact_phone,
                        "show_contact_name": bool(contact_name),
                        "show_contact_email": bool(email),
                        "show_contact_phone": bool(contact_phone),
                    },
                ),
            )
        except RowError as error:
            yield line, error


# Upsert ------------------------------------------------------------------------------


class StructureImporter:
    def __init__(self, *, file_format, publish=True, batch_size=DEFAULT_BATCH_SIZE, progress=None):
        if file_format not in FORMATS:
            raise ImportFileError(
                _("Format inconnu « %(format)s » : asp ou csv.") % {"format": file_format}
            )
        self.file_format = file_format
        self.owned_fields = ASP_FIELDS if file_format == "asp" else CSV_FIELDS
        self.publish = publish
        self.batch_size = batch_size
        self.progress = progress
        self.report = ImportReport()
        self.seen = set()

    def run(self, path_or_file):
        with garbage_collector_paused() as batch_done:
            return self._run(path_or_file, batch_done)

    def _run(self, path_or_file, batch_done):
        started = time.perf_counter()
        text, note = read_text(path_or_file)
        if note:
            self.report.notes.append(note)
        parser = parse_asp if self.file_format == "asp" else parse_csv
        rows = list(parser(text))
        self.report.total = len(rows)
        self.communes = CommuneIndex()
        if self.file_format == "csv":
            self.sectors = {sector.slug: sector for sector in Sector.objects.all()}
            self.regions = {region.code: region for region in Region.objects.all()}
        self.report.timings["lecture"] = time.perf_counter() - started
        done = 0
        for batch in batched(rows, self.batch_size):
            started, index_seconds = time.perf_counter(), self.report.timings["index"]
            with transaction.atomic():
                changed = self._import_batch(batch)
                # Wagtail's index, when stored in the database, is written in the batch's
                # transaction (one commit, never out of step with the rows) from the
                # instances in hand; Elasticsearch follows after commit.
                if changed:
                    self._refresh_indexes(_refresh_database_indexes, changed)
                    pks = [structure.pk for structure in changed]
                    transaction.on_commit(
                        lambda pks=pks: self._refresh_indexes(_refresh_external_indexes, pks)
                    )
            elapsed = time.perf_counter() - started
            self.report.timings["base"] += elapsed - (self.report.timings["index"] - index_seconds)
            done += len(batch)
            batch_done()
            if self.progress:
                self.progress(done, self.report.total)
        if self.report.created + self.report.updated >= STATISTICS_THRESHOLD:
            started = time.perf_counter()
            refresh_planner_statistics()
            self.report.timings["base"] += time.perf_counter() - started
        return self.report

    def _refresh_indexes(self, refresh, *args):
        started = time.perf_counter()
        refresh(*args)
        self.report.timings["index"] += time.perf_counter() - started

    def _import_batch(self, batch):
        records = []
        for line, item in batch:
            if isinstance(item, RowError):
                self.report.reject(line, item)
            elif item.siret in self.seen:
                self.report.merged += 1
            else:
                self.seen.add(item.siret)
                self._locate(item)
                records.append(item)
        prefetch = ["sectors"]
        if self.file_format == "csv":
            prefetch += ["perimeter_regions", "perimeter_departments"]
        existing = {
            structure.siret: structure
            for structure in Structure.objects.filter(
                siret__in=[record.siret for record in records]
            )
            .order_by()  # no sort by name (the model's default) for a lookup
            .prefetch_related(*prefetch)
        }
        taken = self._taken_slugs(records, existing)
        now = timezone.now()
        to_create, to_update, m2m_records = [], [], []
        for record in records:
            for message in record.warnings:
                self.report.warn(record.line, message)
            structure = existing.get(record.siret)
            sector_objects = self._sector_objects(record)
            if structure is None:
                structure = self._new_structure(record, taken)
                structure.apply_derived_fields(
                    sector_names=[sector.name for sector in sector_objects or ()]
                )
                to_create.append(structure)
                m2m_records.append((structure, record, sector_objects, True))
                continue
            changed = self._apply(structure, record)
            sectors_changed = self._m2m_changed(structure, record, sector_objects)
            if changed or sectors_changed:
                names = (
                    [sector.name for sector in sector_objects]
                    if sector_objects is not None
                    else [sector.name for sector in structure.sectors.all()]
                )
                structure.apply_derived_fields(sector_names=names)
                structure.updated_at = now
                to_update.append(structure)
                if sectors_changed:
                    m2m_records.append((structure, record, sector_objects, False))
            else:
                self.report.unchanged += 1
        bulk_insert(to_create)
        if to_update:
            Structure.objects.bulk_update(
                to_update, sorted(set(self.owned_fields) | set(DERIVED_FIELDS)), batch_size=500
            )
        self._save_m2m(m2m_records)
        self.report.created += len(to_create)
        self.report.updated += len(to_update)
        if to_create or to_update:
            DirectoryState.bump()
        return [*to_create, *to_update]

    def _locate(self, record):
        """Commune, department and coordinates (from the communes table when the file has none)."""
        values = record.values
        department = (
            self.communes.department(record.department_code) if record.department_code else None
        )
        if record.department_code and department is None:
            record.warnings.append(
                _("département « %(code)s » inconnu") % {"code": record.department_code[:10]}
            )
        commune = self.communes.find(
            insee_code=record.insee_code,
            postcode=values["postcode"],
            name=values["city"],
            department=department,
        )
        values["commune_id"] = commune.pk if commune else None
        record.commune = commune
        if commune is not None:
            values["department_id"] = commune.department_id
            values["city"] = commune.name  # "ST ETIENNE" in the file, "Saint-Étienne" on the site
            if values["latitude"] is None and commune.latitude is not None:
                values["latitude"], values["longitude"] = commune.latitude, commune.longitude
        else:
            values["department_id"] = department.pk if department else None
            if values["city"] or values["postcode"] or record.insee_code:
                record.warnings.append(
                    _("commune « %(name)s %(postcode)s » introuvable : structure sans coordonnées")
                    % {"name": values["city"][:60], "postcode": values["postcode"]}
                    if values["latitude"] is None
                    else _("commune « %(name)s %(postcode)s » introuvable")
                    % {"name": values["city"][:60], "postcode": values["postcode"]}
                )

    def _taken_slugs(self, records, existing):
        candidates = set()
        for record in records:
            if record.siret in existing:
                continue
            name = record.values.get("brand_name") or record.values["legal_name"]
            base = base_structure_slug(name, record.values["city"])
            # The last candidate, "<base>-<SIRET>", is used whether it is taken or not.
            candidates.update({base, f"{base}-{record.siret[-5:]}"})
        taken = Structure.objects.filter(slug__in=candidates).order_by()
        return set(taken.values_list("slug", flat=True))

    def _new_structure(self, record, taken):
        structure = Structure(
            siret=record.siret,
            source=Source.IMPORT,
            publication_state=PublicationState.PUBLISHED
            if self.publish
            else PublicationState.DRAFT,
            **record.values,
        )
        if record.commune is not None:
            structure.commune = record.commune
        if structure.department_id:
            structure.department = self.communes.departments_by_pk[structure.department_id]
        structure.slug = unique_structure_slug(structure, taken=taken)
        taken.add(structure.slug)
        return structure

    def _apply(self, structure, record):
        """Copy the imported values onto an existing structure; True when something changed."""
        only_blanks = structure.source != Source.IMPORT
        changed = False
        for name in self.owned_fields:
            value = record.values.get(name)
            current = getattr(structure, name)
            if current == value:
                continue
            if only_blanks and (isinstance(current, bool) or current not in (None, "")):
                continue  # never overwrite what a person typed or decided
            setattr(structure, name, value)
            changed = True
        if changed:
            # Attach cached objects so that apply_derived_fields makes no query.
            structure.commune = self.communes.by_pk.get(structure.commune_id)
            structure.department = self.communes.departments_by_pk.get(structure.department_id)
        return changed

    def _sector_objects(self, record):
        if record.sectors is None:
            return None
        objects = []
        for slug in record.sectors:
            sector = self.sectors.get(slug)
            if sector is None:
                self.report.warn(
                    record.line, _("secteur « %(slug)s » inconnu, ignoré") % {"slug": slug[:60]}
                )
            else:
                objects.append(sector)
        return objects

    def _perimeter(self, record):
        regions = [
            self.regions[code] for code in record.perimeter_regions or () if code in self.regions
        ]
        departments = [
            self.communes.department(code)
            for code in record.perimeter_departments or ()
            if self.communes.department(code)
        ]
        return regions, departments

    def _m2m_changed(self, structure, record, sector_objects):
        if sector_objects is None:
            return False
        if {sector.pk for sector in sector_objects} != {
            sector.pk for sector in structure.sectors.all()
        }:
            return True
        regions, departments = self._perimeter(record)
        current_regions = {region.pk for region in structure.perimeter_regions.all()}
        current_departments = {
            department.pk for department in structure.perimeter_departments.all()
        }
        return current_regions != {region.pk for region in regions} or current_departments != {
            department.pk for department in departments
        }

    def _save_m2m(self, m2m_records):
        if self.file_format != "csv" or not m2m_records:
            return
        through_sectors = Structure.sectors.through
        through_regions = Structure.perimeter_regions.through
        through_departments = Structure.perimeter_departments.through
        ids = [structure.pk for structure, _record, _sectors, created in m2m_records if not created]
        if ids:
            through_sectors.objects.filter(structure_id__in=ids).delete()
            through_regions.objects.filter(structure_id__in=ids).delete()
            through_departments.objects.filter(structure_id__in=ids).delete()
        sector_rows, region_rows, department_rows = [], [], []
        for structure, record, sectors, _created in m2m_records:
            regions, departments = self._perimeter(record)
            sector_rows += [
                through_sectors(structure_id=structure.pk, sector_id=s.pk) for s in sectors or ()
            ]
            region_rows += [
                through_regions(structure_id=structure.pk, region_id=r.pk) for r in regions
            ]
            department_rows += [
                through_departments(structure_id=structure.pk, department_id=d.pk)
                for d in departments
            ]
        through_sectors.objects.bulk_create(sector_rows, ignore_conflicts=True)
        through_regions.objects.bulk_create(region_rows, ignore_conflicts=True)
        through_departments.objects.bulk_create(department_rows, ignore_conflicts=True)


def _refresh_database_indexes(structures):
    from directory.search.indexing import refresh_database_indexes

    refresh_database_indexes(structures=structures)


def _refresh_external_indexes(pks):
    from directory.search.indexing import refresh_external_indexes

    refresh_external_indexes(pks)


def import_structures(
    path_or_file, *, file_format, publish=True, batch_size=DEFAULT_BATCH_SIZE, progress=None
):
    """Import an ASP or project CSV file; returns an ``ImportReport``."""
    importer = StructureImporter(
        file_format=file_format, publish=publish, batch_size=batch_size, progress=progress
    )
    return importer.run(path_or_file)
