"""Resolve the ``lieu`` parameter: a commune name, an INSEE code or a postcode."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.models import Commune
from directory.text import normalise_commune_name

POSTCODE = re.compile(r"^\d{5}$")
INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.IGNORECASE)
NAME_WITH_POSTCODE = re.compile(
    r"^(?P<name>.*?)\s*\(\s*(?P<code>\d{5}|2[AB]\d{3})\s*\)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Place:
    insee_code: str
    name: str
    postcode: str
    latitude: float
    longitude: float
    department_id: int
    region_id: int
    department_code: str
    region_code: str

    @property
    def label(self):
        return f"{self.name} ({self.postcode})" if self.postcode else self.name

    @classmethod
    def from_commune(cls, commune, postcode=""):
        postcodes = commune.postcode_list
        return cls(
            insee_code=commune.insee_code,
            name=commune.name,
            postcode=postcode if postcode in postcodes else (postcodes[0] if postcodes else ""),
            latitude=commune.latitude,
            longitude=commune.longitude,
            department_id=commune.department_id,
            region_id=commune.region_id,
            department_code=commune.department.code,
            region_code=commune.region.code,
        )


class PlaceError(ValueError):
    """The place cannot be resolved; the message is French and says what to type instead."""


def resolve_place(value):
    """A ``Place`` for a commune name, "Name (postcode)", an INSEE code or a postcode."""
    text = " ".join(value.split())[:120]
    communes = Commune.objects.select_related("department", "region")
    postcode = ""
    match = NAME_WITH_POSTCODE.match(text)
    if match:
        text, code = match.group("name"), match.group("code").upper()
        candidates = list(communes.filter(insee_code=code)) or list(communes.with_postcode(code))
        postcode = code
        wanted = normalise_commune_name(text)
        named = [commune for commune in candidates if commune.normalised_name == wanted]
        candidates = named or candidates
    elif POSTCODE.match(text):
        postcode = text
        candidates = list(communes.with_postcode(text)) or list(communes.filter(insee_code=text))
        # Several communes share a postcode: take the one whose main postcode it is.
        candidates.sort(key=lambda commune: (commune.main_postcode != text, commune.name))
        candidates = candidates[:1]
    elif INSEE.match(text):
        candidates = list(communes.filter(insee_code=text.upper()))
    else:
        wanted = normalise_commune_name(text)
        candidates = list(communes.filter(normalised_name=wanted)[:6]) if wanted else []
    if not candidates:
        raise PlaceError(
            _(
                "Nous ne trouvons pas la commune « %(value)s ». Saisissez le nom d'une commune, "
                "son code postal ou son code INSEE."
            )
            % {"value": value[:80]}
        )
    if len(candidates) > 1:
        examples = ", ".join(
            f"« {commune.name} ({commune.main_postcode or commune.insee_code}) »"
            for commune in candidates[:4]
        )
        raise PlaceError(
            _("Plusieurs communes portent ce nom : précisez, par exemple %(examples)s.")
            % {"examples": examples}
        )
    commune = candidates[0]
    if not commune.has_coordinates:
        raise PlaceError(
            _("La commune « %(name)s » n'a pas de coordonnées : impossible de chercher autour.")
            % {"name": commune.name}
        )
    return Place.from_commune(commune, postcode)
