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

import math
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch

from directory.models import PerimeterKind, Structure
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


def _candidates(kinds, place):
    """One query for every structure that could help one of the lots (sectors prefetched)."""
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
    return queryset.filter(geography).select_related("commune").prefetch_related("sectors")


def _where(structure, place):
    """(covers the place, distance in km or None) for one candidate."""
    distance = None
    if place.has_coordinates and structure.has_coordinates:
        distance = distance_km(
            place.latitude, place.longitude, structure.latitude, structure.longitude
        )
    if structure.perimeter_kind == PerimeterKind.NATIONAL:
        covers = True
    elif structure.perimeter_kind == PerimeterKind.TERRITORIES:
        covers = bool(structure.covers_department or structure.covers_region)
    else:
        radius = structure.perimeter_radius_km
        covers = distance is not None and radius is not None and distance <= radius
    return covers, distance


def structures_for_lots(needs, place, *, limit=DEFAULT_LIMIT):
    """Map each ``LotNeed.key`` to its best ``Helper`` list (at most ``limit``)."""
    roles_by_lot = {need.key: helper_roles_by_kind(need.clauses) for need in needs}
    kinds = sorted({kind for roles in roles_by_lot.values() for kind in roles})
    result = {need.key: [] for need in needs}
    if not kinds:
        return result
    candidates = []
    for structure in _candidates(kinds, place):
        covers, distance = _where(structure, place)
        if covers or (distance is not None and distance <= NEARBY_KM):
            candidates.append((structure, covers, distance))
    for need in needs:
        roles = roles_by_lot[need.key]
        helpers = []
        for structure, covers, distance in candidates:
            role = roles.get(structure.kind)
            if role is None:
                continue
            sectors = structure.sectors.all()
            shared = [s for s in sectors if s.pk in need.sector_ids]
            related = sum(
                1
                for s in sectors
                if s.pk not in need.sector_ids and s.group_id in need.sector_group_ids
            )
            if need.sector_ids and not (shared or related) and role != HelpRole.TEMPORARY:
                continue
            helpers.append(
                Helper(
                    structure=structure,
                    role=role.value,
                    role_label=role.label,
                    shared_sectors=shared,
                    related_sectors=related,
                    distance_km=distance,
                    covers_place=covers,
                )
            )
        helpers.sort(key=Helper.sort_key)
        result[need.key] = helpers[:limit]
    return result
