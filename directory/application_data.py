"""The listing as plain JSON: snapshot of a structure, application to a structure, diff.

An application stores the proposed listing in this shape, and a change stores the published
listing in the same shape, so that a moderator sees exactly what would change. Related
objects are stored by stable keys: sector ids, region and department INSEE codes, the
commune's INSEE code.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from directory.models import Commune, Department, Region, Sector, Structure

# Plain fields copied as they are between the JSON and the model.
SCALAR_FIELDS = [
    "legal_name",
    "brand_name",
    "kind",
    "description",
    "services",
    "labels",
    "accepts_subcontracting",
    "accepts_cocontracting",
    "accepts_staff_provision",
    "insertion_headcount_band",
    "permanent_headcount_band",
    "address",
    "postcode",
    "city",
    "perimeter_kind",
    "perimeter_radius_km",
    "contact_name",
    "contact_email",
    "contact_phone",
    "show_contact_name",
    "show_contact_email",
    "show_contact_phone",
    "website",
]
RELATED_FIELDS = ["commune", "sectors", "perimeter_regions", "perimeter_departments"]
FIELDS = SCALAR_FIELDS + RELATED_FIELDS

# Personal data: what an erasure blanks and an export lists.
PERSONAL_FIELDS = ["contact_name", "contact_email", "contact_phone"]

BOOLEAN_FIELDS = {name for name in SCALAR_FIELDS if name.startswith(("accepts_", "show_"))}


def empty_value(name):
    if name in BOOLEAN_FIELDS:
        return False
    if name in {"sectors", "perimeter_regions", "perimeter_departments"}:
        return []
    if name in {"commune", "perimeter_radius_km"}:
        return None
    return ""


def normalise_data(data):
    """Every known key present, unknown keys dropped, lists sorted: comparable and stable."""
    clean = {}
    for name in FIELDS:
        value = data.get(name, empty_value(name)) if data else empty_value(name)
        if value is None and empty_value(name) is not None:
            value = empty_value(name)
        if isinstance(value, list | tuple):
            value = sorted(value, key=str)
        clean[name] = value
    return clean


def snapshot(structure):
    """The listing of ``structure`` as JSON-ready data."""
    data = {name: getattr(structure, name) for name in SCALAR_FIELDS}
    data["commune"] = structure.commune.insee_code if structure.commune_id else None
    if structure.pk:
        data["sectors"] = list(structure.sectors.values_list("pk", flat=True))
        data["perimeter_regions"] = list(structure.perimeter_regions.values_list("code", flat=True))
        data["perimeter_departments"] = list(
            structure.perimeter_departments.values_list("code", flat=True)
        )
    return normalise_data(data)


def apply_data(structure, data):
    """Copy ``data`` onto ``structure`` (saved) and its many-to-many relations."""
    data = normalise_data(data)
    place_before = (structure.postcode, structure.city, structure.commune_id, structure.address)
    for name in SCALAR_FIELDS:
        setattr(structure, name, data[name])
    structure.commune = (
        Commune.objects.filter(insee_code=data["commune"]).first() if data["commune"] else None
    )
    place_after = (structure.postcode, structure.city, structure.commune_id, structure.address)
    if structure.pk is None or place_before != place_after:
        # The place changed: coordinates follow the commune (filled in on save) or are unknown.
        structure.latitude = structure.longitude = None
        if structure.commune is None:
            structure.department = department_for_postcode(data["postcode"])
            structure.region = structure.department.region if structure.department else None
    structure.save()
    structure.sectors.set(Sector.objects.filter(pk__in=data["sectors"]))
    structure.perimeter_regions.set(Region.objects.filter(code__in=data["perimeter_regions"]))
    structure.perimeter_departments.set(
        Department.objects.filter(code__in=data["perimeter_departments"])
    )
    structure.refresh_search_text()
    return structure


def department_for_postcode(postcode):
    """The department of a French postcode when the communes table does not know it."""
    if not postcode or len(postcode) != 5 or not postcode.isdigit():
        return None
    if postcode.startswith("97") or postcode.startswith("98"):
        code = postcode[:3]
    elif postcode.startswith("20"):
        # Corsica: 200xx and 201xx are Corse-du-Sud, 202xx and 206xx Haute-Corse.
        code = "2A" if postcode[2] in "01" else "2B"
    else:
        code = postcode[:2]
    return Department.objects.select_related("region").filter(code=code).first()


# --------------------------------------------------------------------------- display and diff


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str


def field_label(name):
    return str(Structure._meta.get_field(name).verbose_name).capitalize()


def _lookups(data_items):
    """Names of the related objects the given data mention, in three queries at most."""
    sector_ids, region_codes, department_codes, commune_codes = set(), set(), set(), set()
    for data in data_items:
        sector_ids.update(data.get("sectors") or ())
        region_codes.update(data.get("perimeter_regions") or ())
        department_codes.update(data.get("perimeter_departments") or ())
        if data.get("commune"):
            commune_codes.add(data["commune"])
    return {
        "sectors": dict(Sector.objects.filter(pk__in=sector_ids).values_list("pk", "name")),
        "perimeter_regions": dict(
            Region.objects.filter(code__in=region_codes).values_list("code", "name")
        ),
        "perimeter_departments": {
            department.code: str(department)
            for department in Department.objects.filter(code__in=department_codes)
        },
        "commune": {
            commune.insee_code: str(commune)
            for commune in Commune.objects.filter(insee_code__in=commune_codes)
        },
    }


def display_value(name, value, lookups):
    if name in BOOLEAN_FIELDS:
        return str(_("oui") if value else _("non"))
    if value in (None, "", []):
        return "—"
    if name in {"sectors", "perimeter_regions", "perimeter_departments"}:
        names = [str(lookups[name].get(item, item)) for item in value]
        return ", ".join(sorted(names))
    if name == "commune":
        return str(lookups["commune"].get(value, value))
    field = Structure._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name == "perimeter_radius_km":
        return f"{value} km"
    return str(value)


def describe(data, names=None):
    """The fields of ``data`` (all, or ``names``) as (label, displayed value), for summaries."""
    return describe_groups(data, [names or FIELDS])[0]


def describe_groups(data, groups):
    """``describe`` for several groups of field names, with one set of lookups."""
    data = normalise_data(data)
    lookups = _lookups([data])
    return [
        [(field_label(name), display_value(name, data[name], lookups)) for name in names]
        for names in groups
    ]


def diff(before, after):
    """The fields whose value differs, in form order, with readable values."""
    before, after = normalise_data(before), normalise_data(after)
    lookups = _lookups([before, after])
    return [
        FieldChange(
            name=name,
            label=field_label(name),
            before=display_value(name, before[name], lookups),
            after=display_value(name, after[name], lookups),
        )
        for name in FIELDS
        if before[name] != after[name]
    ]
