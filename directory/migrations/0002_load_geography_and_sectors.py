"""Ship the 18 regions, the 101 departments and the starting taxonomy of sectors.

The data lives in ``directory/data/*.json``. Existing rows (matched by code or slug) are left
as they are, so staff edits to the taxonomy are never overwritten.
"""

import json
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("directory", "Region")
    Department = apps.get_model("directory", "Department")
    SectorGroup = apps.get_model("directory", "SectorGroup")
    Sector = apps.get_model("directory", "Sector")

    geography = json.loads((DATA_DIR / "regions_departments.json").read_text(encoding="utf-8"))
    regions = {}
    for row in geography["regions"]:
        regions[row["code"]], _ = Region.objects.get_or_create(
            code=row["code"], defaults={"name": row["name"], "slug": row["slug"]}
        )
    for row in geography["departments"]:
        Department.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "slug": row["slug"], "region": regions[row["region"]]},
        )

    taxonomy = json.loads((DATA_DIR / "sectors.json").read_text(encoding="utf-8"))
    for group_row in taxonomy:
        group, _ = SectorGroup.objects.get_or_create(
            slug=group_row["slug"],
            defaults={"name": group_row["name"], "order": group_row["order"]},
        )
        for sector_row in group_row["sectors"]:
            Sector.objects.get_or_create(
                slug=sector_row["slug"], defaults={"name": sector_row["name"], "group": group}
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
