"""The results contract shared by every search backend."""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from directory.models import Family, StructureKind
from directory.search.query import MODES

FACET_LABELS = {
    "famille": _("Famille"),
    "type": _("Type de structure"),
    "secteur_groupe": _("Grand secteur d'activité"),
    "secteur": _("Secteur d'activité"),
    "region": _("Région"),
    "departement": _("Département"),
    "modalite": _("Modes de collaboration"),
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    parent: str = ""  # group slug of a sector, region code of a department


@dataclass
class Facet:
    name: str
    label: str
    values: list

    @property
    def selected_values(self):
        return [value for value in self.values if value.selected]

    def as_dict(self):
        return {
            "name": self.name,
            "label": str(self.label),
            "values": [
                {
                    "value": value.value,
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    **({"parent": value.parent} if value.parent else {}),
                }
                for value in self.values
            ],
        }


@dataclass
class PageInfo:
    number: int
    per_page: int
    total: int

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous_number(self):
        return self.number - 1

    @property
    def next_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def end_index(self):
        return min(self.number * self.per_page, self.total)

    @property
    def offset(self):
        return (self.number - 1) * self.per_page

    def page_range(self, around=2):
        """Page numbers to link, with None where pages are skipped: 1 … 4 5 [6] 7 8 … 20."""
        last = self.num_pages
        wanted = {1, last, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in wanted if 1 <= n <= last)
        output, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                output.append(None)
            output.append(number)
            previous = number
        return output

    def as_dict(self):
        return {
            "number": self.number,
            "per_page": self.per_page,
            "total": self.total,
            "num_pages": self.num_pages,
            "has_next": self.has_next,
            "has_previous": self.has_previous,
        }


@dataclass
class SearchResults:
    """What a search returns, whatever the backend.

    ``items`` are ``Structure`` instances with their commune, department, region and sectors
    loaded, each carrying ``distance_km`` (a float when a place was given, else None).
    """

    query: object
    items: list
    total: int
    facets: list
    page: PageInfo
    errors: list = field(default_factory=list)
    backend: str = "database"

    def facet(self, name):
        return next((facet for facet in self.facets if facet.name == name), None)


def build_facets(query, taxonomy, counts):
    """Facets in display order from ``counts``: ``{facet name: {value: count}}``.

    Values with no result are hidden unless selected, so that a selection can be undone.
    """
    facets = []

    def facet(name, entries):
        selected = set(query.facet_selection(name))
        values = [
            FacetValue(
                value=value,
                label=str(label),
                count=counts.get(name, {}).get(value, 0),
                selected=value in selected,
                parent=parent,
            )
            for value, label, parent in entries
        ]
        values = [value for value in values if value.count or value.selected]
        facets.append(Facet(name=name, label=FACET_LABELS[name], values=values))

    facet("famille", [(value, label, "") for value, label in Family.choices])
    facet("type", [(kind.value, kind.label, kind.family) for kind in StructureKind])
    facet("secteur_groupe", [(slug, group.name, "") for slug, group in taxonomy.groups.items()])
    facet(
        "secteur",
        [(slug, sector.name, sector.group.slug) for slug, sector in taxonomy.sectors.items()],
    )
    facet("region", [(code, region.name, "") for code, region in taxonomy.regions.items()])
    facet(
        "departement",
        [
            (code, f"{department.name} ({code})", department.region.code)
            for code, department in taxonomy.departments.items()
        ],
    )
    facet("modalite", [(value, label, "") for value, (_field, label) in MODES.items()])
    return facets
