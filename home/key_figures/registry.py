"""The registry of key-figure providers.

A *provider* is a plain function without arguments, registered under a key:

- a **number** provider returns one number (``int``, ``float`` or ``Decimal``);
- a **series** provider returns an ordered sequence of ``(label, number)`` pairs.

The catalogue below lists the keys the site knows (editors choose among them on the home page
and the key figures page). Apps register their providers in a module named ``key_figures.py``,
imported automatically at start-up::

    # opportunities/key_figures.py
    from home.key_figures import key_figures

    @key_figures.register("opportunities.open_count")
    def open_opportunities_count() -> int:
        return OpportunityPage.objects.live().filter(deadline__gte=timezone.now()).count()

A key without provider is simply not shown; a provider that fails is logged and not shown.
"""

import logging
import math
import numbers
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from portal.registry import Registry

logger = logging.getLogger(__name__)


class FigureKind(StrEnum):
    NUMBER = "number"
    SERIES = "series"


class ChartStyle(StrEnum):
    BARS = "bars"  # horizontal bars: categories with long labels
    COLUMNS = "columns"  # vertical columns: time series (months)


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str
    kind: FigureKind
    unit: str = ""
    category_label: str = ""
    chart: ChartStyle = ChartStyle.BARS


CATALOGUE = [
    # Numbers (home page).
    FigureSpec(
        "opportunities.open_count", _("Opportunités ouvertes"), FigureKind.NUMBER, _("opportunités")
    ),
    FigureSpec(
        "opportunities.open_insertion_hours",
        _("Heures d'insertion dans les opportunités ouvertes"),
        FigureKind.NUMBER,
        _("heures"),
    ),
    FigureSpec(
        "commitments.charter_signatories",
        _("Signataires de la charte"),
        FigureKind.NUMBER,
        _("signataires"),
    ),
    # Series (charts; also usable on the home page as a total with its breakdown).
    FigureSpec(
        "directory.structures_by_family",
        _("Structures publiées par famille (insertion, handicap…)"),
        FigureKind.SERIES,
        _("structures"),
        _("Famille"),
    ),
    FigureSpec(
        "directory.structures_by_kind",
        _("Structures publiées par type (ACI, EI, ESAT…)"),
        FigureKind.SERIES,
        _("structures"),
        _("Type de structure"),
    ),
    FigureSpec(
        "directory.structures_by_region",
        _("Structures publiées par région"),
        FigureKind.SERIES,
        _("structures"),
        _("Région"),
    ),
    FigureSpec(
        "opportunities.by_month",
        _("Opportunités publiées par mois"),
        FigureKind.SERIES,
        _("opportunités"),
        _("Mois"),
        ChartStyle.COLUMNS,
    ),
    FigureSpec(
        "opportunities.by_clause_type",
        _("Opportunités par type de clause"),
        FigureKind.SERIES,
        _("opportunités"),
        _("Type de clause"),
    ),
    FigureSpec(
        "opportunities.insertion_hours_by_contract_nature",
        _("Heures d'insertion prévues par nature de marché"),
        FigureKind.SERIES,
        _("heures"),
        _("Nature du marché"),
    ),
]


@dataclass(frozen=True)
class Point:
    label: str
    value: int | float | Decimal


@dataclass(frozen=True)
class FigureResult:
    spec: FigureSpec
    value: int | float | Decimal | None = None
    points: tuple[Point, ...] = field(default_factory=tuple)

    @property
    def total(self):
        if self.spec.kind is FigureKind.NUMBER:
            return self.value
        return tidy_number(sum((point.value for point in self.points), 0))


def tidy_number(value):
    """Integral decimals and floats become ints (12.0 → 12) so they print without decimals."""
    if isinstance(value, Decimal | float) and value == int(value):
        return int(value)
    return value


def _number(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise TypeError(f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return tidy_number(value)


class KeyFigureRegistry(Registry):
    def __init__(self, catalogue):
        super().__init__()
        self._specs = {spec.key: spec for spec in catalogue}

    # Registration ---------------------------------------------------------------------------
    def check_key(self, key):
        if key not in self._specs:
            raise KeyError(f"Unknown key figure {key!r}: pass a FigureSpec to declare it.")

    def register(self, key, *, spec=None):
        """Decorator registering ``provider`` for ``key`` (a catalogue key, or a new ``spec``)."""
        if spec is not None:
            if spec.key != key:
                raise ValueError("spec.key must equal the registered key")
            self._specs[key] = spec
        return super().register(key)

    # Lookup ---------------------------------------------------------------------------------
    def spec(self, key):
        return self._specs.get(key)

    def specs(self, kind=None):
        return [spec for spec in self._specs.values() if kind is None or spec.kind == kind]

    def compute(self, key):
        """The provider's result for ``key``, or None when it is missing, failing or invalid."""
        spec = self._specs.get(key)
        provider = self._entries.get(key)
        if spec is None or provider is None:
            return None
        try:
            raw = provider()
            if spec.kind is FigureKind.NUMBER:
                return FigureResult(spec=spec, value=_number(raw))
            points = tuple(Point(label=str(label), value=_number(value)) for label, value in raw)
            return FigureResult(spec=spec, points=points)
        except Exception:
            logger.exception("Key figure provider %r failed", key)
            return None


key_figures = KeyFigureRegistry(CATALOGUE)


def figure_choices():
    """Every known figure, for the editors' choosers (stable across migrations)."""
    return [(spec.key, spec.label) for spec in key_figures.specs()]


def series_choices():
    """Figures that can be drawn as a chart."""
    return [(spec.key, spec.label) for spec in key_figures.specs(FigureKind.SERIES)]
