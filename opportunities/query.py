"""The query parameters of the opportunity list, shared by the list page, the RSS feed,
the iCalendar feed, the CSV export and the saved searches of e-mail alerts.

``parse_opportunity_query`` never raises: anything it cannot understand is dropped and
explained in French in ``ParsedQuery.errors``; the list page shows the explanations
with a 200, the feeds answer 400 with them.
"""

import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opportunities.choices import Nature
from opportunities.clauses import ClauseType, Reservation
from opportunities.status import ACTIVE_STATUSES, OpportunityStatus

MAX_Q_LENGTH = 200
MAX_VALUES = 30
MAX_PAGE = 10_000

_SLUG = re.compile(r"^[\w-]{1,80}$")
_REGION_CODE = re.compile(r"^[0-9]{2}$")
_DEPARTMENT_CODE = re.compile(r"^(?:[0-9]{2,3}|2[AB])$")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DeadlineWindow:
    """Rolling windows from today: a calendar week would be empty on Sundays."""

    WEEK = "semaine"
    MONTH = "mois"
    LATER = "plus-tard"
    WEEK_DAYS = 7
    MONTH_DAYS = 30
    choices = [
        (WEEK, gettext_lazy("Cette semaine (7 prochains jours)")),
        (MONTH, gettext_lazy("Ce mois-ci (30 prochains jours)")),
        (LATER, gettext_lazy("Plus tard")),
    ]


class Sort:
    DEADLINE = "echeance"
    PUBLICATION = "publication"
    RECENT = "recent"
    HOURS = "heures"
    choices = [
        (DEADLINE, gettext_lazy("Date limite la plus proche")),
        (PUBLICATION, gettext_lazy("Publication de la consultation la plus proche")),
        (RECENT, gettext_lazy("Ajoutées récemment")),
        (HOURS, gettext_lazy("Heures d'insertion (les plus nombreuses d'abord)")),
    ]


PARAMETER_LABELS = {
    "q": gettext_lazy("recherche"),
    "clause": gettext_lazy("type de clause"),
    "reserve": gettext_lazy("marché réservé"),
    "nature": gettext_lazy("nature"),
    "secteur": gettext_lazy("secteur"),
    "region": gettext_lazy("région"),
    "departement": gettext_lazy("département"),
    "echeance": gettext_lazy("échéance"),
    "statut": gettext_lazy("statut"),
    "tri": gettext_lazy("tri"),
    "page": gettext_lazy("page"),
}
KNOWN_PARAMETERS = frozenset(PARAMETER_LABELS)


@dataclass(frozen=True)
class Vocabulary:
    """Values that exist in the database, to tell the visitor about unknown ones.
    ``None`` means "not checked" (syntax only)."""

    sectors: frozenset | None = None
    regions: frozenset | None = None
    departments: frozenset | None = None


@dataclass(frozen=True)
class OpportunityQuery:
    q: str = ""
    clauses: tuple = ()
    reservations: tuple = ()
    natures: tuple = ()
    sectors: tuple = ()
    regions: tuple = ()
    departments: tuple = ()
    deadline_window: str = ""
    statuses: tuple = ()
    sort: str = Sort.DEADLINE
    page: int = 1

    @property
    def effective_statuses(self):
        """The statuses shown: the chosen ones, or the active ones by default."""
        return self.statuses or ACTIVE_STATUSES

    @property
    def has_filters(self):
        return bool(
            self.q
            or self.clauses
            or self.reservations
            or self.natures
            or self.sectors
            or self.regions
            or self.departments
            or self.deadline_window
            or self.statuses
        )

    def params(self, *, include_sort=True, include_page=True):
        """The query as an ordered list of (name, value) pairs, defaults left out."""
        pairs = []
        if self.q:
            pairs.append(("q", self.q))
        for name, values in (
            ("clause", self.clauses),
            ("reserve", self.reservations),
            ("nature", self.natures),
            ("secteur", self.sectors),
            ("region", self.regions),
            ("departement", self.departments),
        ):
            pairs.extend((name, value) for value in values)
        if self.deadline_window:
            pairs.append(("echeance", self.deadline_window))
        pairs.extend(("statut", value) for value in self.statuses)
        if include_sort and self.sort != Sort.DEADLINE:
            pairs.append(("tri", self.sort))
        if include_page and self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def querystring(self, **kwargs):
        return urlencode(self.params(**kwargs))

    def filters_querystring(self):
        """The saved search of an alert: the filters only (no sort, no page)."""
        return self.querystring(include_sort=False, include_page=False)

    def with_page(self, page):
        return replace(self, page=page)


@dataclass
class ParsedQuery:
    query: OpportunityQuery
    errors: list = field(default_factory=list)


def _clean_text(value):
    return _CONTROL_CHARS.sub("", value).strip()


def _values(params, name, *, upper=False):
    """All values of a parameter, repeated (``a=1&a=2``) or comma-separated (``a=1,2``)."""
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    values = []
    for item in raw:
        for part in str(item).split(","):
            part = _clean_text(part)
            part = part.upper() if upper else part.lower()
            if part and part not in values:
                values.append(part)
    return values


def _first(params, name):
    getlist = getattr(params, "getlist", None)
    raw = getlist(name) if getlist else params.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    for item in raw:
        text = _clean_text(str(item))
        if text:
            return text
    return ""


def _pick(params, name, allowed, errors, *, pattern=None, known=None, upper=False):
    values = _values(params, name, upper=upper)
    kept = []
    label = PARAMETER_LABELS[name]
    if len(values) > MAX_VALUES:
        errors.append(
            _(
                "Trop de valeurs pour le filtre « %(label)s » : seules les %(max)s premières "
                "sont prises en compte."
            )
            % {"label": label, "max": MAX_VALUES}
        )
        values = values[:MAX_VALUES]
    for value in values:
        ok = value in allowed if allowed is not None else bool(pattern.match(value))
        if ok and known is not None and value not in known:
            ok = False
        if ok:
            kept.append(value)
        else:
            errors.append(
                _(
                    "Le filtre « %(label)s » ne connaît pas la valeur « %(value)s » : elle a "
                    "été ignorée."
                )
                % {"label": label, "value": value[:40]}
            )
    return tuple(kept)


def parse_opportunity_query(params, vocabulary=None):
    """Read the list's query parameters from a QueryDict (or a plain dict of lists)."""
    vocabulary = vocabulary or Vocabulary()
    errors = []

    q = _first(params, "q")
    if len(q) > MAX_Q_LENGTH:
        errors.append(
            _("La recherche est limitée à %(max)s caractères : la suite a été ignorée.")
            % {"max": MAX_Q_LENGTH}
        )
        q = q[:MAX_Q_LENGTH].strip()

    clauses = _pick(params, "clause", set(ClauseType.values), errors)
    reservations = _pick(params, "reserve", set(Reservation.values), errors)
    natures = _pick(params, "nature", set(Nature.values), errors)
    sectors = _pick(params, "secteur", None, errors, pattern=_SLUG, known=vocabulary.sectors)
    regions = _pick(params, "region", None, errors, pattern=_REGION_CODE, known=vocabulary.regions)
    departments = _pick(
        params,
        "departement",
        None,
        errors,
        pattern=_DEPARTMENT_CODE,
        known=vocabulary.departments,
        upper=True,
    )
    statuses = _pick(params, "statut", set(OpportunityStatus.values), errors)

    windows = _pick(params, "echeance", {value for value, _label in DeadlineWindow.choices}, errors)
    if len(windows) > 1:
        errors.append(
            _("Une seule échéance à la fois : seule « %(value)s » est retenue.")
            % {"value": windows[0]}
        )
    deadline_window = windows[0] if windows else ""

    sort = _first(params, "tri").lower() or Sort.DEADLINE
    if sort not in {value for value, _label in Sort.choices}:
        errors.append(
            _("Le tri « %(value)s » n'existe pas : les opportunités sont triées par date limite.")
            % {"value": sort[:40]}
        )
        sort = Sort.DEADLINE

    page_text = _first(params, "page") or "1"
    try:
        page = int(page_text)
    except ValueError:
        page = 0
    if not 1 <= page <= MAX_PAGE:
        errors.append(
            _("Le numéro de page « %(value)s » n'est pas valide : la première page est affichée.")
            % {"value": page_text[:20]}
        )
        page = 1

    query = OpportunityQuery(
        q=q,
        clauses=clauses,
        reservations=reservations,
        natures=natures,
        sectors=sectors,
        regions=regions,
        departments=departments,
        deadline_window=deadline_window,
        statuses=statuses,
        sort=sort,
        page=page,
    )
    return ParsedQuery(query=query, errors=errors)
