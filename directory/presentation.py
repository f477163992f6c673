"""What the directory's result list prints, prepared in Python: one ``StructureCard`` per
structure, every value already written out (labels translated, text shortened, distance
worded), so that the template only prints twenty small records."""

import functools
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import Family, StructureKind
from portal.records import TemplateRecord

SUMMARY_LENGTH = 220  # characters of the description shown on a card, ellipsis included
CARD_SECTORS = 4  # sectors named on a card; "…" says there are more


@dataclass(frozen=True)
class StructureCard(TemplateRecord):
    pk: int
    name: str
    url: str
    family_label: str
    kind: str
    kind_label: str
    place: str  # "Aubagne (13)", "" without a commune
    distance: str  # "à 12 km", "" without a place searched
    summary: str
    sectors: str  # "Élagage · Entretien d'espaces verts", "" without sectors
    more_sectors: bool


@functools.lru_cache(maxsize=8)
def card_labels(language):
    """Translated kinds and families, looked up once per language."""
    return {
        "kinds": {value: str(label) for value, label in StructureKind.choices},
        "families": {value: str(label) for value, label in Family.choices},
    }


def shorten(text, length=SUMMARY_LENGTH):
    """``text`` cut to at most ``length`` characters at a word boundary, "…" included."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return f"{cut.rstrip(' ,;:.')}…"


def distance_text(distance_km):
    """ "à 12 km", "à 2,5 km", "à moins d'1 km"; "" when there is no distance."""
    if distance_km is None:
        return ""
    if distance_km < 1:
        return _("à moins d'1 km")
    if distance_km < 10:
        return _("à %(km)s km") % {"km": f"{distance_km:.1f}".replace(".", ",")}
    return _("à %(km)d km") % {"km": round(distance_km)}


def structure_cards(structures):
    """Cards of search results (structures loaded by ``structures_for_page``: department and
    sectors at hand, ``distance_km`` set)."""
    labels = card_labels(get_language())
    kinds, families = labels["kinds"], labels["families"]
    cards = []
    for structure in structures:
        sectors = [sector.name for sector in structure.sectors.all()]
        place = structure.city
        if place and structure.department_id:
            place = f"{place} ({structure.department.code})"
        cards.append(
            StructureCard(
                pk=structure.pk,
                name=structure.name,
                url=structure.get_absolute_url(),
                family_label=families.get(structure.family, structure.family),
                kind=structure.kind,
                kind_label=kinds.get(structure.kind, structure.kind),
                place=place,
                distance=distance_text(getattr(structure, "distance_km", None)),
                summary=shorten(structure.description),
                sectors=" · ".join(sectors[:CARD_SECTORS]),
                more_sectors=len(sectors) > CARD_SECTORS,
            )
        )
    return cards
