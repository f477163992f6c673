"""The directory's query: parsed and validated from the URL parameters shared by the search
page, the CSV export and the JSON API.

Parameters: ``q`` (text, SIRET or SIREN), ``famille``, ``type``, ``secteur_groupe``,
``secteur``, ``region``, ``departement``, ``modalite`` (facets, repeatable), ``lieu``
(commune name, INSEE code or postcode), ``rayon`` (km), ``tri``, ``page``.

Bad values never raise: they are dropped and explained by a French message in ``errors``.
"""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Family, StructureKind
from directory.search.places import Place, PlaceError, resolve_place
from directory.siret import is_valid_siren, is_valid_siret
from directory.text import normalise

MAX_TEXT_LENGTH = 200
MAX_TERMS = 8
MAX_VALUES = 30
PER_PAGE = 20
MAX_API_PER_PAGE = 100
# Deep pages cost as much as they are useless; Elasticsearch's default window is 10,000.
MAX_RESULT_WINDOW = 10_000
RADIUS_CHOICES = (10, 30, 50, 100)
DEFAULT_RADIUS = 30
MAX_RADIUS = 200

MODES = {
    "sous_traitance": ("accepts_subcontracting", gettext_lazy("Sous-traitance")),
    "co_traitance": ("accepts_cocontracting", gettext_lazy("Co-traitance")),
    "mise_a_disposition": (
        "accepts_staff_provision",
        gettext_lazy("Mise à disposition de personnel"),
    ),
}
SORTS = {
    "pertinence": gettext_lazy("Pertinence"),
    "distance": gettext_lazy("Distance"),
    "nom": gettext_lazy("Nom"),
    "recent": gettext_lazy("Dernières publiées"),
}
FACET_PARAMS = ("famille", "type", "secteur_groupe", "secteur", "region", "departement", "modalite")
PARAMS = ("q", *FACET_PARAMS, "lieu", "rayon", "tri", "page")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SIRET_LIKE = re.compile(r"^[\d\s.\-]{9,20}$")


def clean_text(value):
    """Remove what databases refuse (NUL, control characters) and collapse spaces."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


@dataclass(frozen=True)
class StructureQuery:
    text: str = ""
    siret: str = ""
    siren: str = ""
    families: tuple = ()
    kinds: tuple = ()
    sector_groups: tuple = ()
    sectors: tuple = ()
    regions: tuple = ()
    departments: tuple = ()
    modes: tuple = ()
    place: Place | None = None
    place_input: str = ""
    radius_km: int = DEFAULT_RADIUS
    sort: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    errors: tuple = field(default=(), compare=False)

    @property
    def terms(self):
        """Normalised words of the text (accents and case removed), at most ``MAX_TERMS``."""
        if self.siret or self.siren:
            return []
        return normalise(self.text).split()[:MAX_TERMS]

    @property
    def effective_sort(self):
        if self.sort:
            return self.sort
        if self.place:
            return "distance"
        if self.text:
            return "pertinence"
        return "nom"

    @property
    def has_filters(self):
        return bool(
            self.text
            or self.families
            or self.kinds
            or self.sector_groups
            or self.sectors
            or self.regions
            or self.departments
            or self.modes
            or self.place
        )

    def facet_selection(self, name):
        return {
            "famille": self.families,
            "type": self.kinds,
            "secteur_groupe": self.sector_groups,
            "secteur": self.sectors,
            "region": self.regions,
            "departement": self.departments,
            "modalite": self.modes,
        }[name]

    def params(self, *, page=True):
        """``[(name, value), …]`` reproducing this query in a URL (shareable, canonical order)."""
        pairs = []
        if self.text:
            pairs.append(("q", self.text))
        for name in FACET_PARAMS:
            pairs.extend((name, value) for value in self.facet_selection(name))
        if self.place:
            pairs.append(("lieu", self.place_input or self.place.label))
            pairs.append(("rayon", str(self.radius_km)))
        if self.sort:
            pairs.append(("tri", self.sort))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, **changes):
        """The URL query string of this query with some fields changed (page reset to 1)."""
        changes.setdefault("page", 1)
        return urlencode(replace(self, **changes).params())

    def toggled(self, name, value):
        """The query string with one facet value added or removed (for facet links)."""
        attribute = {
            "famille": "families",
            "type": "kinds",
            "secteur_groupe": "sector_groups",
            "secteur": "sectors",
            "region": "regions",
            "departement": "departments",
            "modalite": "modes",
        }[name]
        current = getattr(self, attribute)
        values = tuple(v for v in current if v != value) if value in current else (*current, value)
        return self.querystring(**{attribute: values})


def _values(params, name):
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        raw = params.get(name, [])
        raw = [raw] if isinstance(raw, str) else list(raw)
    values = []
    for item in raw:
        for part in str(item).split(","):
            part = clean_text(part)
            if part and part not in values:
                values.append(part)
    return values


def _single(params, name):
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
    value = values[-1] if values else ""
    return clean_text(value if isinstance(value, str) else "")


def parse_search_params(params, *, taxonomy, per_page=PER_PAGE):
    """A validated ``StructureQuery`` from URL parameters; problems are listed in ``errors``."""
    errors = []

    def keep_known(name, values, known, message, normaliser=str):
        kept, unknown = [], []
        for value in values[:MAX_VALUES]:
            value = normaliser(value)
            (kept if value in known else unknown).append(value)
        if unknown:
            errors.append(message % {"values": ", ".join(f"« {v[:40]} »" for v in unknown[:5])})
        if len(values) > MAX_VALUES:
            errors.append(
                _(
                    "Trop de valeurs pour un même filtre : seules les %(max)d premières sont prises en compte."
                )
                % {"max": MAX_VALUES}
            )
        return tuple(kept)

    text = _single(params, "q")
    if len(text) > MAX_TEXT_LENGTH:
        errors.append(
            _("Votre recherche est trop longue : elle a été raccourcie à %(max)d caractères.")
            % {"max": MAX_TEXT_LENGTH}
        )
        text = text[:MAX_TEXT_LENGTH].rstrip()
    siret = siren = ""
    if _SIRET_LIKE.match(text):
        digits = "".join(char for char in text if char.isdigit())
        if len(digits) == 14:
            if is_valid_siret(digits):
                siret = digits
            else:
                errors.append(
                    _(
                        "« %(value)s » ressemble à un SIRET mais la clé de contrôle ne correspond pas : vérifiez les chiffres."
                    )
                    % {"value": text}
                )
        elif len(digits) == 9:
            if is_valid_siren(digits):
                siren = digits
            else:
                errors.append(
                    _(
                        "« %(value)s » ressemble à un SIREN mais la clé de contrôle ne correspond pas : vérifiez les chiffres."
                    )
                    % {"value": text}
                )

    families = keep_known(
        "famille",
        _values(params, "famille"),
        Family.values,
        _("Famille inconnue, ignorée : %(values)s."),
        str.lower,
    )
    kinds = keep_known(
        "type",
        _values(params, "type"),
        StructureKind.values,
        _("Type de structure inconnu, ignoré : %(values)s."),
        str.upper,
    )
    sector_groups = keep_known(
        "secteur_groupe",
        _values(params, "secteur_groupe"),
        taxonomy.groups,
        _("Groupe de secteurs inconnu, ignoré : %(values)s."),
        str.lower,
    )
    sectors = keep_known(
        "secteur",
        _values(params, "secteur"),
        taxonomy.sectors,
        _("Secteur d'activité inconnu, ignoré : %(values)s."),
        str.lower,
    )
    regions = keep_known(
        "region",
        _values(params, "region"),
        taxonomy.regions,
        _("Région inconnue, ignorée : %(values)s."),
    )
    departments = keep_known(
        "departement",
        _values(params, "departement"),
        taxonomy.departments,
        _("Département inconnu, ignoré : %(values)s."),
        str.upper,
    )
    modes = keep_known(
        "modalite",
        _values(params, "modalite"),
        MODES,
        _("Modalité inconnue, ignorée : %(values)s."),
        str.lower,
    )

    place_input = _single(params, "lieu")[:120]
    place = None
    if place_input:
        try:
            place = resolve_place(place_input)
        except PlaceError as error:
            errors.append(str(error))

    radius = DEFAULT_RADIUS
    radius_text = _single(params, "rayon")
    if radius_text:
        try:
            radius = int(radius_text)
        except ValueError:
            radius = None
        if radius is None or not 1 <= radius <= MAX_RADIUS:
            errors.append(
                _(
                    "La distance doit être un nombre entier de kilomètres entre 1 et %(max)d : %(default)d km retenus."
                )
                % {"max": MAX_RADIUS, "default": DEFAULT_RADIUS}
            )
            radius = DEFAULT_RADIUS

    sort = _single(params, "tri").lower()
    if sort and sort not in SORTS:
        errors.append(
            _("Tri inconnu « %(value)s » : les résultats sont triés par défaut.")
            % {"value": sort[:40]}
        )
        sort = ""
    if sort == "distance" and place is None:
        if not place_input:
            errors.append(
                _("Le tri par distance demande un lieu : les résultats sont triés par défaut.")
            )
        sort = ""

    page = 1
    page_text = _single(params, "page")
    if page_text:
        try:
            page = int(page_text)
        except ValueError:
            page = 0
        if page < 1:
            errors.append(_("Numéro de page invalide : voici la première page."))
            page = 1
    max_page = MAX_RESULT_WINDOW // per_page
    if page > max_page:
        errors.append(
            _("Seules les %(max)d premières pages sont consultables : affinez votre recherche.")
            % {"max": max_page}
        )
        page = max_page

    return StructureQuery(
        text=text,
        siret=siret,
        siren=siren,
        families=families,
        kinds=kinds,
        sector_groups=sector_groups,
        sectors=sectors,
        regions=regions,
        departments=departments,
        modes=modes,
        place=place,
        place_input=place_input,
        radius_km=radius,
        sort=sort,
        page=page,
        per_page=per_page,
        errors=tuple(errors),
    )
