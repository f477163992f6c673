"""The directory's models, re-exported so that other apps import from ``directory.models``."""

from directory.models.geography import Commune, Department, Region
from directory.models.pages import DirectoryPage
from directory.models.sectors import Sector, SectorGroup
from directory.models.structures import (
    KIND_EXPLANATIONS,
    KIND_FAMILIES,
    Family,
    HeadcountBand,
    PerimeterKind,
    PublicationState,
    Source,
    Structure,
    StructureKind,
    StructureQuerySet,
    structure_search_text,
    unique_structure_slug,
)

__all__ = [
    "KIND_EXPLANATIONS",
    "KIND_FAMILIES",
    "Commune",
    "Department",
    "DirectoryPage",
    "Family",
    "HeadcountBand",
    "PerimeterKind",
    "PublicationState",
    "Region",
    "Sector",
    "SectorGroup",
    "Source",
    "Structure",
    "StructureKind",
    "StructureQuerySet",
    "structure_search_text",
    "unique_structure_slug",
]
