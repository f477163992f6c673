"""Directory structures that can help a company meet a lot's social clauses.

A structure matches a lot when it is published, its kind fits the lot's clauses (see
``clauses.helper_roles_by_kind``), its trade fits the lot's and it works where the contract
is executed: its perimeter covers the place (whole country, the place's region or
department, or a radius around its address that reaches the place) or it is less than
50 km away.

Trade: a structure that would bid or subcontract must share a sector with the lot, or at
least a sector of the same group (masonry for a structural-works lot); a structure that
provides staff (ETTI, AI, GEIQ: temporary work for insertion hours) places people in any
trade, so sectors only rank it. Lots without sectors accept every trade.

Best matches first: most sectors in common, then most sectors of the same group, then a
perimeter that covers the place, then the shortest distance.
"""

import heapq
import math
from dataclasses import dataclass, field

from django.db.models import Exists, FilteredRelation, OuterRef, Q, Subquery
from django.urls import NoReverseMatch

from directory.models import PerimeterKind, Sector, SectorGroup, Structure
from opportunities.clauses import HelpRole, helper_roles_by_kind

NEARBY_KM = 50
EARTH_RADIUS_KM = 6371.0
DEFAULT_LIMIT = 6


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, km):
    """A latitude/longitude box that contains every point within ``km`` of (lat, lon)."""
    d_lat = math.degrees(km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    d_lon = math.degrees(km / (EARTH_RADIUS_KM * cos_lat))
    return lat - d_lat, lat + d_lat, lon - d_lon, lon + d_lon


def structure_url(structure):
    """The public page of a structure in the directory (``/annuaire/<slug>/``)."""
    try:
        return structure.get_absolute_url()
    except NoReverseMatch:
        return f"/annuaire/{structure.slug}/"


@dataclass(frozen=True)
class LotNeed:
    """What matching needs to know about a lot."""

    key: object
    clauses: tuple
    sector_ids: frozenset
    sector_group_ids: frozenset = frozenset()


@dataclass(frozen=True)
class Place:
    department_id: int | None
    region_id: int | None
    latitude: float | None
    longitude: float | None

    @classmethod
    def of_commune(cls, commune):
        if commune is None:
            return cls(None, None, None, None)
        return cls(commune.department_id, commune.region_id, commune.latitude, commune.longitude)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


@dataclass
class Helper:
    structure: Structure
    role: str
    role_label: str
    shared_sectors: list = field(default_factory=list)
    related_sectors: int = 0
    distance_km: float | None = None
    covers_place: bool = False

    @property
    def url(self):
        return structure_url(self.structure)

    @property
    def rounded_distance(self):
        return None if self.distance_km is None else round(self.distance_km)

    def sort_key(self):
        return (
            -len(self.shared_sectors),
            -self.related_sectors,
            0 if self.covers_place else 1,
            self.distance_km if self.distance_km is not None else math.inf,
            self.structure.sort_name,
            self.structure.pk,
        )


def _relevant_sectors(needs):
    """The sector ids and sector group ids that can rank a structure for one of the lots."""
    sector_ids = frozenset().union(*(need.sector_ids for need in needs))
    group_ids = frozenset().union(*(need.sector_group_ids for need in needs))
    return sector_ids, group_ids


def _trade_free_kinds(needs, roles_by_lot):
    """Kinds some lot accepts whatever their trade: staff providers, or any helper of a lot
    without sectors. Other kinds must share a sector or a sector group with a lot."""
    return sorted(
        {
            kind
            for need in needs
            for kind, role in roles_by_lot[need.key].items()
            if role == HelpRole.TEMPORARY or not need.sector_ids
        }
    )


SECTOR_FIELDS = tuple(field.attname for field in Sector._meta.concrete_fields)
CANDIDATE_FIELDS = (
    "pk",
    "kind",
    "perimeter_kind",
    "perimeter_radius_km",
    "latitude",
    "longitude",
    "covers_department",
    "covers_region",
    "sort_name",
)


def _candidate_rows(kinds, place, free_kinds, sector_ids, group_ids):
    """One query for the columns ranking needs, one row per (candidate, sector that can rank
    it) — a single row with empty sector columns when it has none. Structures that can help
    no lot because of their trade are left out by the database."""
    through_departments = Structure.perimeter_departments.through
    through_regions = Structure.perimeter_regions.through
    queryset = (
        Structure.objects.published()
        .filter(kind__in=kinds)
        .annotate(
            covers_department=Exists(
                through_departments.objects.filter(
                    structure_id=OuterRef("pk"), department_id=place.department_id
                )
            ),
            covers_region=Exists(
                through_regions.objects.filter(
                    structure_id=OuterRef("pk"), region_id=place.region_id
                )
            ),
        )
    )
    geography = (
        Q(perimeter_kind=PerimeterKind.NATIONAL)
        | Q(perimeter_kind=PerimeterKind.TERRITORIES, covers_department=True)
        | Q(perimeter_kind=PerimeterKind.TERRITORIES, covers_region=True)
    )
    if place.has_coordinates:
        lat_min, lat_max, lon_min, lon_max = bounding_box(
            place.latitude, place.longitude, NEARBY_KM
        )
        geography |= Q(
            latitude__gte=lat_min,
            latitude__lte=lat_max,
            longitude__gte=lon_min,
            longitude__lte=lon_max,
        )
        geography |= Q(perimeter_kind=PerimeterKind.RADIUS, perimeter_radius_km__gt=NEARBY_KM)
    queryset = queryset.filter(geography)
    fields = CANDIDATE_FIELDS
    if sector_ids or group_ids:
        queryset = queryset.annotate(
            ranking_sector=FilteredRelation(
                "sectors",
                condition=Q(sectors__id__in=sector_ids) | Q(sectors__group_id__in=group_ids),
            )
        )
        if len(free_kinds) < len(kinds):
            queryset = queryset.filter(Q(kind__in=free_kinds) | Q(ranking_sector__isnull=False))
        fields += tuple(f"ranking_sector__{name}" for name in SECTOR_FIELDS)
        queryset = queryset.annotate(
            ranking_group_order=Subquery(
                SectorGroup.objects.filter(pk=OuterRef("ranking_sector__group_id")).values("order")
            )
        )
        fields += ("ranking_group_order",)
    elif len(free_kinds) < len(kinds):
        queryset = queryset.filter(kind__in=free_kinds)
    return queryset.values_list(*fields)


@dataclass
class _Candidate:
    pk: int
    kind: str
    sort_name: str
    covers: bool
    distance: float | None
    sectors: list = field(default_factory=list)


def _candidates(kinds, place, free_kinds, sector_ids, group_ids):
    """The candidates within reach of the place, by id, with the sectors that can rank them
    (``Sector`` instances, one per sector)."""
    candidates = {}
    sectors = {}
    size = len(CANDIDATE_FIELDS)
    for row in _candidate_rows(kinds, place, free_kinds, sector_ids, group_ids):
        pk = row[0]
        candidate = candidates.get(pk)
        if candidate is None:
            covers, distance = _where(*row[2:8], place)
            if not (covers or (distance is not None and distance <= NEARBY_KM)):
                continue
            candidate = candidates[pk] = _Candidate(pk, row[1], row[8], covers, distance)
        sector_id = row[size] if len(row) > size else None
        if sector_id is not None:
            sector = sectors.get(sector_id)
            if sector is None:
                sector = sectors[sector_id] = Sector.from_db(
                    Sector.objects.db, SECTOR_FIELDS, row[size:-1]
                )
            candidate.sectors.append((row[-1], sector.name, sector.pk, sector))
    for candidate in candidates.values():
        # In their usual order (``Sector.Meta.ordering``), as ``structure.sectors.all()``.
        candidate.sectors = [sector for *_order, sector in sorted(candidate.sectors)]
    return candidates


def _where(perimeter_kind, radius, latitude, longitude, covers_department, covers_region, place):
    """(covers the place, distance in km or None) for one candidate."""
    distance = None
    if place.has_coordinates and latitude is not None and longitude is not None:
        distance = distance_km(place.latitude, place.longitude, latitude, longitude)
    if perimeter_kind == PerimeterKind.NATIONAL:
        covers = True
    elif perimeter_kind == PerimeterKind.TERRITORIES:
        covers = bool(covers_department or covers_region)
    else:
        covers = distance is not None and radius is not None and distance <= radius
    return covers, distance


def _ranked(need, roles, candidates, limit):
    """The best ``limit`` (sort key, candidate, role, shared sectors, related count)."""
    ranked = []
    for candidate in candidates.values():
        role = roles.get(candidate.kind)
        if role is None:
            continue
        shared = [s for s in candidate.sectors if s.pk in need.sector_ids]
        related = sum(
            1
            for s in candidate.sectors
            if s.pk not in need.sector_ids and s.group_id in need.sector_group_ids
        )
        if need.sector_ids and not (shared or related) and role != HelpRole.TEMPORARY:
            continue
        key = (
            -len(shared),
            -related,
            0 if candidate.covers else 1,
            candidate.distance if candidate.distance is not None else math.inf,
            candidate.sort_name,
            candidate.pk,
        )
        ranked.append((key, candidate, role, shared, related))
    return heapq.nsmallest(limit, ranked, key=lambda item: item[0])


def structures_for_lots(needs, place, *, limit=DEFAULT_LIMIT):
    """Map each ``LotNeed.key`` to its best ``Helper`` list (at most ``limit``).

    Two queries: the ranking columns of the candidates (and the sectors that can rank
    them), then the structures that made one of the lists."""
    roles_by_lot = {need.key: helper_roles_by_kind(need.clauses) for need in needs}
    kinds = sorted({kind for roles in roles_by_lot.values() for kind in roles})
    result = {need.key: [] for need in needs}
    if not kinds:
        return result
    sector_ids, group_ids = _relevant_sectors(needs)
    free_kinds = _trade_free_kinds(needs, roles_by_lot)
    candidates = _candidates(kinds, place, free_kinds, sector_ids, group_ids)
    best = {need.key: _ranked(need, roles_by_lot[need.key], candidates, limit) for need in needs}
    wanted = {item[1].pk for items in best.values() for item in items}
    if not wanted:
        return result
    structures = Structure.objects.select_related("commune").in_bulk(wanted)
    for key, items in best.items():
        result[key] = [
            Helper(
                structure=structures[candidate.pk],
                role=role.value,
                role_label=role.label,
                shared_sectors=shared,
                related_sectors=related,
                distance_km=candidate.distance,
                covers_place=candidate.covers,
            )
            for _key, candidate, role, shared, related in items
            if candidate.pk in structures
        ]
    return result
