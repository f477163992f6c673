"""Backups of the directory (``portal/backup.py``): taxonomy, geography, structures, and the
applications that wait for a confirmation or a decision.

Structures are written in full, in a private format (JSON Lines, one structure per line):
contact details whatever the structure agreed to show, publication state, origin, dates,
perimeter, headcounts, logo (by file name). This is not the public CSV of
``directory/csv_format.py``, which leaves out what the structures did not agree to show:
never publish this file.

Keys: sector groups and sectors by slug, regions and departments by INSEE code (shipped by
the migrations, exported all the same), communes by INSEE code, structures by SIRET,
applications by SIRET and time of receipt.

Not backed up, on purpose: decided applications (a log, purged after its retention period),
edit links (signed, single use, short-lived: the structure asks for a new one) and the outbox
of emails (messages still waiting at restore time are not sent).
"""

from django.conf import settings
from django.db import transaction

from directory.application_data import SCALAR_FIELDS
from directory.models import (
    Commune,
    Department,
    DirectoryState,
    Region,
    Sector,
    SectorGroup,
    Structure,
    StructureApplication,
)
from directory.text import normalise_commune_name
from portal import backup
from portal.backup_fields import IMAGE, Ref
from portal.backup_pages import page_shape, register_pages
from portal.backup_tables import reindex

REGION = Ref(Region, "code")
DEPARTMENT = Ref(Department, "code")
COMMUNE = Ref(Commune, "insee_code")
SECTOR = Ref(Sector, "slug")


def _taxonomy_changed(model):
    def after_import(pks):
        reindex(model, pks)
        DirectoryState.bump()

    return after_import


def _name_communes(pending):
    for commune, _many in pending:
        commune.normalised_name = normalise_commune_name(commune.name)


def _derive_structures(pending):
    """Family, sort name and search text, as ``Structure.save`` computes them."""
    sectors = Sector.objects.filter(
        pk__in={pk for _structure, many in pending for pk in many["sectors"]}
    ).values_list("pk", "name")  # in the order of the model, as ``refresh_search_text``
    rank = {pk: (position, name) for position, (pk, name) in enumerate(sectors)}
    communes = Commune.objects.in_bulk({s.commune_id for s, _many in pending if s.commune_id})
    departments = Department.objects.in_bulk(
        {s.department_id for s, _many in pending if s.department_id}
    )
    for structure, many in pending:
        structure.commune = communes.get(structure.commune_id)
        structure.department = departments.get(structure.department_id)
        names = [rank[pk][1] for pk in sorted(many["sectors"], key=lambda pk: rank[pk][0])]
        structure.apply_derived_fields(sector_names=names)


def _sector_keys(row, keys, convert):
    """The listings of an application name their sectors by id: by slug in the backup."""
    for name in ("data", "baseline"):
        if row[name].get("sectors"):
            row[name] = {**row[name], "sectors": sorted(convert(row[name]["sectors"]), key=str)}
    return row


def _sector_slugs(row, keys):
    return _sector_keys(row, keys, lambda pks: keys.existing_keys(SECTOR, pks))


def _sector_ids(row, keys):
    return _sector_keys(row, keys, lambda slugs: [keys.pk(SECTOR, slug) for slug in slugs])


def _structures_changed(pks):
    from directory.search.indexing import structures_changed

    DirectoryState.bump()
    transaction.on_commit(lambda: structures_changed(pks))


for name, model, fields, refs, key, order in [
    ("directory.regions", Region, ["name", "slug"], {}, "code", 11),
    ("directory.departments", Department, ["name", "slug"], {"region": REGION}, "code", 12),
    ("directory.sectorgroups", SectorGroup, ["name", "order"], {}, "slug", 13),
    ("directory.sectors", Sector, ["name"], {"group": Ref(SectorGroup, "slug")}, "slug", 14),
]:
    backup.register_model(
        name,
        model,
        fields=fields,
        refs=refs,
        key=key,
        fmt="json",
        order=order,
        after_import=_taxonomy_changed(model),
    )

backup.register_model(
    "directory.communes",
    Commune,
    fields=["name", "slug", "postcodes", "latitude", "longitude"],
    refs={"department": DEPARTMENT, "region": REGION},
    key="insee_code",
    fmt="jsonl",
    order=15,
    prepare=_name_communes,
    derived=["normalised_name"],
)

register_pages(
    "directory.directorypage",
    "directory.DirectoryPage",
    page_shape("intro"),
    order=19,
    description="page de l'annuaire (JSON)",
)

backup.register_model(
    "directory.structures",
    Structure,
    fields=[
        *SCALAR_FIELDS,  # what a structure edits itself (directory/application_data.py)
        "slug",
        "latitude",
        "longitude",
        "source",
        "publication_state",
        "created_at",
        "updated_at",
        "published_at",
    ],
    refs={"commune": COMMUNE, "department": DEPARTMENT, "region": REGION, "logo": IMAGE},
    many={"sectors": SECTOR, "perimeter_regions": REGION, "perimeter_departments": DEPARTMENT},
    key="siret",
    fmt="jsonl",
    order=20,
    prepare=_derive_structures,
    derived=["family", "sort_name", "search_text"],
    after_import=_structures_changed,
)

backup.register_model(
    "directory.applications",
    StructureApplication,
    fields=[
        "kind",
        "status",
        "display_name",
        "data",
        "baseline",
        "logo_file",
        "remove_logo",
        "contact_email",
        "consented_at",
        "email_confirmed_at",
        "updated_at",
        "decided_at",
        "rejection_reason",
        "internal_note",
    ],
    refs={
        "structure": Ref(Structure, "siret", missing="null"),
        "decided_by": Ref(settings.AUTH_USER_MODEL, "username", missing="null"),
    },
    key=("siret", "submitted_at"),
    fmt="json",
    order=21,
    queryset=lambda: StructureApplication.objects.open(),
    on_export=_sector_slugs,
    on_import=_sector_ids,
)
