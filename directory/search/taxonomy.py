"""The labels and codes facets are made of (regions, departments, sector groups, sectors).

Loaded with two small queries and kept per process until the directory's version token
changes (taxonomy edits bump it).
"""

import threading
from dataclasses import dataclass, field

from directory.models import Department, DirectoryState, Sector

_cache = {}
_lock = threading.Lock()


@dataclass
class Taxonomy:
    regions: dict = field(default_factory=dict)  # code -> Region
    regions_by_id: dict = field(default_factory=dict)  # pk -> Region
    departments: dict = field(default_factory=dict)  # code -> Department
    departments_by_id: dict = field(default_factory=dict)  # pk -> Department (with its region)
    groups: dict = field(default_factory=dict)  # slug -> SectorGroup
    sectors: dict = field(default_factory=dict)  # slug -> Sector
    sectors_by_id: dict = field(default_factory=dict)  # pk -> Sector (with its group)
    token: str = ""  # the directory version it was loaded at

    @classmethod
    def load(cls):
        taxonomy = cls()
        for department in Department.objects.select_related("region").order_by("code"):
            taxonomy.departments[department.code] = department
            taxonomy.departments_by_id[department.pk] = department
            taxonomy.regions.setdefault(department.region.code, department.region)
            taxonomy.regions_by_id.setdefault(department.region_id, department.region)
        taxonomy.regions = dict(sorted(taxonomy.regions.items(), key=lambda item: item[1].name))
        for sector in Sector.objects.select_related("group").order_by(
            "group__order", "group__name", "name"
        ):
            taxonomy.sectors[sector.slug] = sector
            taxonomy.sectors_by_id[sector.pk] = sector
            taxonomy.groups.setdefault(sector.group.slug, sector.group)
        return taxonomy

    def region_ids(self, codes):
        return [self.regions[code].pk for code in codes if code in self.regions]

    def department_ids(self, codes):
        return [self.departments[code].pk for code in codes if code in self.departments]

    def sector_ids(self, slugs):
        return [self.sectors[slug].pk for slug in slugs if slug in self.sectors]

    def group_ids(self, slugs):
        return [self.groups[slug].pk for slug in slugs if slug in self.groups]


def current_taxonomy(token=None):
    """The taxonomy for the current version token (reloaded when the token changes)."""
    token = token or DirectoryState.current_token()
    cached = _cache.get("taxonomy")
    if cached is None or cached[0] != token:
        with _lock:
            taxonomy = Taxonomy.load()
            taxonomy.token = token
            cached = (token, taxonomy)
            _cache["taxonomy"] = cached
    return cached[1]


def clear():
    _cache.clear()
