"""Import of communes from the official open-data formats.

- the geo.api.gouv.fr JSON: a list of ``{"code", "nom", "codesPostaux", "centre",
  "codeDepartement", "codeRegion"}`` where ``centre`` is a GeoJSON point ``[lon, lat]``;
- a CSV with the columns ``nom, code, codes_postaux, region_nom, region_code,
  departement_code, longitude, latitude`` (comma- or semicolon-separated).

Upsert by INSEE code, in batches inside transactions.
"""

import json
import math
import re

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.importers.base import (
    DEFAULT_BATCH_SIZE,
    ImportFileError,
    ImportReport,
    batched,
    csv_rows,
    parse_float,
    read_text,
)
from directory.models import Commune, Department
from directory.text import normalise, normalise_commune_name

CSV_COLUMNS = (
    "nom",
    "code",
    "codes_postaux",
    "region_nom",
    "region_code",
    "departement_code",
    "longitude",
    "latitude",
)
INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE = re.compile(r"\d{5}")
FIELDS = (
    "name",
    "normalised_name",
    "postcodes",
    "department_id",
    "region_id",
    "latitude",
    "longitude",
)


def detect_format(path, text):
    name = str(getattr(path, "name", path)).lower()
    if name.endswith(".json") or text.lstrip().startswith("["):
        return "json"
    return "csv"


def json_records(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("JSON invalide (ligne %(line)d) : %(message)s")
            % {"line": error.lineno, "message": error.msg}
        ) from error
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        # GeoJSON FeatureCollection (geo.api.gouv.fr with format=geojson).
        data = [
            {**(feature.get("properties") or {}), "centre": feature.get("geometry")}
            for feature in data["features"]
            if isinstance(feature, dict)
        ]
    if not isinstance(data, list):
        raise ImportFileError(_("Le JSON doit être une liste de communes."))
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield position, None
            continue
        centre = item.get("centre") or {}
        coordinates = centre.get("coordinates") if isinstance(centre, dict) else None
        longitude, latitude = (
            [*coordinates, None, None][:2] if isinstance(coordinates, list) else (None, None)
        )
        postcodes = item.get("codesPostaux") or []
        yield (
            position,
            {
                "code": str(item.get("code") or ""),
                "name": str(item.get("nom") or ""),
                "postcodes": postcodes if isinstance(postcodes, list) else [postcodes],
                "department": str(item.get("codeDepartement") or ""),
                "latitude": latitude,
                "longitude": longitude,
            },
        )


def csv_records(text):
    for line, row in csv_rows(text, required_columns=CSV_COLUMNS):
        yield (
            line,
            {
                "code": row["code"],
                "name": row["nom"],
                "postcodes": POSTCODE.findall(row["codes_postaux"]),
                "department": row["departement_code"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
            },
        )


def _clean(record, departments):
    """``(values, None)`` or ``(None, French reason)`` for one record."""
    if record is None:
        return None, _("entrée qui n'est pas un objet JSON")
    code = record["code"].strip().upper()
    if len(code) == 4 and code.isdigit():
        code = f"0{code}"  # spreadsheets drop the leading zero of Ain, Aisne…
    if not INSEE_CODE.match(code):
        return None, _("code INSEE invalide « %(code)s »") % {"code": record["code"][:20]}
    name = record["name"].strip()
    if not name:
        return None, _("nom de commune manquant")
    department_code = record["department"].strip().upper()
    if len(department_code) == 1:
        department_code = f"0{department_code}"
    department = departments.get(department_code) or departments.get(
        code[:3] if code.startswith("97") else code[:2]
    )
    if department is None:
        return None, _("département inconnu « %(code)s »") % {"code": department_code[:10]}
    try:
        latitude = parse_float(record["latitude"])
        longitude = parse_float(record["longitude"])
    except (TypeError, ValueError):
        return None, _("coordonnées invalides")
    if latitude is not None and longitude is not None:
        if not (
            math.isfinite(latitude)
            and math.isfinite(longitude)
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            return None, _("coordonnées hors limites")
    else:
        latitude = longitude = None
    postcodes = []
    for postcode in record["postcodes"]:
        postcode = str(postcode).strip()
        if POSTCODE.fullmatch(postcode) and postcode not in postcodes:
            postcodes.append(postcode)
    return {
        "insee_code": code,
        "name": name[:120],
        "normalised_name": normalise_commune_name(name)[:120],
        "postcodes": " ".join(postcodes)[:200],
        "department_id": department.pk,
        "region_id": department.region_id,
        "latitude": round(latitude, 6) if latitude is not None else None,
        "longitude": round(longitude, 6) if longitude is not None else None,
    }, None


def import_communes(
    path_or_file, *, file_format=None, batch_size=DEFAULT_BATCH_SIZE, progress=None
):
    """Create or update communes from a geo.api.gouv.fr JSON or the communes CSV."""
    text, note = read_text(path_or_file)
    file_format = file_format or detect_format(path_or_file, text)
    records = list(json_records(text) if file_format == "json" else csv_records(text))
    report = ImportReport(total=len(records))
    if note:
        report.notes.append(note)
    departments = {department.code: department for department in Department.objects.all()}
    seen = set()
    done = 0
    for batch in batched(records, batch_size):
        with transaction.atomic():
            _import_batch(batch, departments, seen, report)
        done += len(batch)
        if progress:
            progress(done, report.total)
    return report


def _import_batch(batch, departments, seen, report):
    cleaned = []
    for line, record in batch:
        values, reason = _clean(record, departments)
        if reason:
            report.reject(line, reason)
        elif values["insee_code"] in seen:
            report.reject(
                line, _("code INSEE %(code)s déjà lu plus haut") % {"code": values["insee_code"]}
            )
        else:
            seen.add(values["insee_code"])
            cleaned.append(values)
    existing = Commune.objects.in_bulk(
        [values["insee_code"] for values in cleaned], field_name="insee_code"
    )
    to_create, to_update = [], []
    for values in cleaned:
        commune = existing.get(values["insee_code"])
        if commune is None:
            to_create.append(
                Commune(slug=_commune_slug(values["name"], values["insee_code"]), **values)
            )
            continue
        changed = False
        for field_name in FIELDS:
            if getattr(commune, field_name) != values[field_name]:
                setattr(commune, field_name, values[field_name])
                changed = True
        if changed:
            to_update.append(commune)
        else:
            report.unchanged += 1
    Commune.objects.bulk_create(to_create)
    Commune.objects.bulk_update(to_update, FIELDS)
    report.created += len(to_create)
    report.updated += len(to_update)


def _commune_slug(name, insee_code):
    return f"{slugify(normalise(name))[:120]}-{insee_code.lower()}"
