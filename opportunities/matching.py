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
perimeter that covers the place, then the shortest distance (haversine), then the name.

How, at 100,000 structures: the candidates come from the directory's in-memory facet index
(``directory.search.facet_index``, shared with the directory search), not from SQL. Kinds,
sectors and the perimeters that cover the place (national, its region or department) are
bitsets; the structures located within 50 km and the radius perimeters that reach the place
come from the index's grid, widened so that it holds everything the haversine distance
accepts (``geo.equirectangular_bound``), and are then measured exactly. Each lot walks its
tiers best first — shared and related sector counts, read from bit-sliced counters over the
sector bitsets — and, in a tier, the structures covering the place before the others, each
group nearest first: the grid's cells are visited nearest first and the visit stops once no
cell can hold a nearer one, so that a few cells are measured even around Paris. SQL then
loads the winners, re-checked as published: when the index lags behind an unpublication, the
lists are ranked again without the structures gone (one more query per round, rare).
"""

import heapq
import math
from dataclasses import dataclass, field
from functools import partial

from django.urls import NoReverseMatch

from directory.models import DirectoryState, Structure
from directory.search.facet_index import bits_from_positions, current_index, positions_of
from directory.search.geo import KM_PER_DEGREE, equirectangular_bound
from directory.search.taxonomy import current_taxonomy
from opportunities.clauses import HelpRole, helper_roles_by_kind

NEARBY_KM = 50
EARTH_RADIUS_KM = 6371.0
DEFAULT_LIMIT = 6
SMALL_SET = 64  # up to this many members, a group is measured whole rather than cell by cell
FETCH_ROUNDS = 3  # winner loads when the index still lists unpublished structures
_UNKNOWN = object()


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine), in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


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


class _Area:
    """The place seen from the facet index: which positions can be within reach, and, for
    each position measured, whether its perimeter covers the place and how far it is."""

    def __init__(self, index, place):
        self.index = index
        self.place = place
        self.covering = (
            index.get("perimetre", "national")
            | index.get("perimetre_region", place.region_id)
            | index.get("perimetre_departement", place.department_id)
        )
        self.radius = index.get("perimetre", "rayon")
        size = index.size // 8 + 1
        self._covering = self.covering.to_bytes(size, "little")
        self._radius = self.radius.to_bytes(size, "little")
        self._where = {}
        self.circle = self.widen = None
        self.reachable = self.covering  # what can cover the place or lie within 50 km
        if not place.has_coordinates:
            return
        self.widen = partial(
            equirectangular_bound, place.latitude, place.longitude, earth_radius_km=EARTH_RADIUS_KM
        )
        if self.widen(NEARBY_KM) == math.inf:  # by a pole or the antimeridian: measure all
            self.reachable = index.all
            return
        self.circle = index.geo.circle(place.latitude, place.longitude, NEARBY_KM, self.widen)
        self.reachable |= bits_from_positions(
            self.circle.positions() + self.circle.reaching(), index.size
        )

    def where(self, position):
        """``(covers the place, distance in km or None)``, or None when out of reach."""
        known = self._where.get(position, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        index, place = self.index, self.place
        distance = None
        latitude, longitude = index.latitude[position], index.longitude[position]
        if place.has_coordinates and latitude == latitude and longitude == longitude:  # not NaN
            distance = distance_km(place.latitude, place.longitude, latitude, longitude)
        byte, bit = position >> 3, 1 << (position & 7)
        if self._covering[byte] & bit:
            covers = True
        elif self._radius[byte] & bit:
            covers = distance is not None and distance <= index.geo.reach_km[position]
        else:
            covers = False
        known = None
        if covers or (distance is not None and distance <= NEARBY_KM):
            known = (covers, distance)
        self._where[position] = known
        return known

    def best(self, members, covering, count):
        """The ``count`` first ``(key, position, (covers, distance))`` of the positions of
        ``members`` that cover the place (``covering``) or, without covering it, lie within
        50 km; by distance (none last), sort name and id."""
        index = self.index
        names, ids = index.sort_names, index.ids
        found = []
        nearest = []  # the ``count`` shortest distances found, negated (a max-heap)
        bound2 = math.inf  # then widen(the longest of them), squared, in the grid's metric

        def consider(position):
            nonlocal bound2
            where = self.where(position)
            if where is None or where[0] != covering:
                return
            distance = math.inf if where[1] is None else where[1]
            found.append(((distance, names[position], ids[position]), position, where))
            heapq.heappush(nearest, -distance)
            if len(nearest) > count:
                heapq.heappop(nearest)
            if len(nearest) == count and self.widen is not None:
                bound2 = (self.widen(-nearest[0]) / KM_PER_DEGREE) ** 2

        circle = self.circle
        if circle is not None and members.bit_count() > SMALL_SET:
            # Nearest first, cell by cell and, in a cell, by the grid's metric ``e`` (cheap),
            # measuring only while ``e`` can beat the ``count``-th distance ``d`` found: a
            # position is further than ``d`` by haversine when ``e > widen(d)``, and every
            # position of a cell is at least its ``near`` away.
            membership = members.to_bytes(index.size // 8 + 1, "little")
            cells, latitude, longitude = index.geo.cells, index.latitude, index.longitude
            lat0, lon0, scale = circle.lat0, circle.lon0, circle.scale
            for near2, _far2, key in circle.cells:
                if near2 > bound2:
                    return heapq.nsmallest(count, found)
                queue = []
                for position in cells[key]:
                    if membership[position >> 3] >> (position & 7) & 1:
                        dlat = latitude[position] - lat0
                        dlon = (longitude[position] - lon0) * scale
                        queue.append((dlat * dlat + dlon * dlon, position))
                heapq.heapify(queue)
                while queue and queue[0][0] <= bound2:
                    consider(heapq.heappop(queue)[1])
            # Every position within 50 km is in the circle's cells, and every other one is
            # further than the circle's radius in the grid's metric.
            if not covering or bound2 <= circle.limit2:
                return heapq.nsmallest(count, found)
            # Too few near enough: covering positions further away (or without coordinates)
            # may rank. Measure them all (the ones seen are remembered).
            found.clear()
            nearest.clear()
        for position in positions_of(members):
            consider(position)
        return heapq.nsmallest(count, found)


def _counters(bitsets):
    """Bit-sliced counts: bit ``i`` of how many of ``bitsets`` hold a position is that
    position's bit in ``planes[i]``."""
    planes = []
    for bits in bitsets:
        carry = bits
        for i, plane in enumerate(planes):
            if not carry:
                break
            planes[i], carry = plane ^ carry, plane & carry
        if carry:
            planes.append(carry)
    return planes


def _by_count(planes, bits, level=None):
    """``(count, positions)`` for the positions of ``bits``, grouped by their count in
    ``planes``, highest count first, no empty group (the planes split them like a trie)."""
    level = len(planes) if level is None else level
    if not bits:
        return
    if not level:
        yield 0, bits
        return
    plane, weight = planes[level - 1], 1 << (level - 1)
    for count, group in _by_count(planes, bits & plane, level - 1):
        yield count + weight, group
    yield from _by_count(planes, bits & ~plane, level - 1)


def _tiers(need, roles, index, taxonomy, universe):
    """The positions of ``universe`` the lot accepts, in tiers of equal (shared sectors,
    related sectors), best first."""
    shared = _counters([index.get("secteur", pk) & universe for pk in need.sector_ids])
    related = _counters(
        [
            index.get("secteur", pk) & universe
            for pk, sector in taxonomy.sectors_by_id.items()
            if sector.group_id in need.sector_group_ids and pk not in need.sector_ids
        ]
    )
    anyone = universe
    if need.sector_ids:  # no sector in common or of the same group: staff providers only
        temporary = [kind for kind, role in roles.items() if role == HelpRole.TEMPORARY]
        anyone &= index.any_of("type", temporary)
    for shared_count, sharing in _by_count(shared, universe):
        for related_count, tier in _by_count(related, sharing):
            if not shared_count and not related_count:
                tier &= anyone
            if tier:
                yield tier


def _ranked(need, roles, index, taxonomy, area, limit, excluded):
    """The lot's best ``limit`` ``(key, position, (covers, distance))``."""
    universe = index.any_of("type", roles) & area.reachable & ~excluded
    either = area.covering | area.radius
    chosen = []
    for tier in _tiers(need, roles, index, taxonomy, universe):
        for covering, members in ((True, tier & either), (False, tier & ~area.covering)):
            if members:
                chosen += area.best(members, covering, limit - len(chosen))
                if len(chosen) >= limit:
                    return chosen
    return chosen


def _helper(structure, position, where, need, roles, index, taxonomy):
    sectors_by_id = taxonomy.sectors_by_id
    keys = index.keys_at[position]
    sectors = sorted(
        (
            sectors_by_id[value]
            for name, value in keys
            if name == "secteur" and value in sectors_by_id
        ),
        key=lambda sector: (sector.group.order, sector.name, sector.pk),  # ``Meta.ordering``
    )
    role = roles[next(value for name, value in keys if name == "type")]
    return Helper(
        structure=structure,
        role=role.value,
        role_label=role.label,
        shared_sectors=[sector for sector in sectors if sector.pk in need.sector_ids],
        related_sectors=sum(
            1
            for sector in sectors
            if sector.pk not in need.sector_ids and sector.group_id in need.sector_group_ids
        ),
        distance_km=where[1],
        covers_place=where[0],
    )


def structures_for_lots(needs, place, *, limit=DEFAULT_LIMIT):
    """Map each ``LotNeed.key`` to its best ``Helper`` list (at most ``limit``).

    Two queries: the directory's version token (for the facet index and the sectors kept in
    memory, rebuilt with their own queries when it changed), then the winners. One more per
    round when winners turn out unpublished since the index was built."""
    roles_by_lot = {need.key: helper_roles_by_kind(need.clauses) for need in needs}
    result = {need.key: [] for need in needs}
    needs = [need for need in needs if roles_by_lot[need.key]]
    if not needs or limit <= 0:
        return result
    token = DirectoryState.current_token()
    index = current_index(token)
    taxonomy = current_taxonomy(token)
    area = _Area(index, place)
    structures, excluded = {}, 0
    for _round in range(FETCH_ROUNDS):
        best = {
            need.key: _ranked(need, roles_by_lot[need.key], index, taxonomy, area, limit, excluded)
            for need in needs
        }
        wanted = {index.ids[position] for items in best.values() for _k, position, _w in items}
        wanted -= structures.keys()
        if not wanted:
            break
        # By primary key, the state checked here: with ``published()`` in SQL, SQLite reads
        # every published row through the (state, name) index (11 ms at 100,000).
        fetched = Structure.objects.select_related("commune").in_bulk(wanted)
        structures.update((pk, s) for pk, s in fetched.items() if s.is_published)
        gone = wanted - structures.keys()
        if not gone:
            break
        excluded |= index.from_ids(gone)
    for need in needs:
        roles = roles_by_lot[need.key]
        result[need.key] = [
            _helper(structures[index.ids[position]], position, where, need, roles, index, taxonomy)
            for _key, position, where in best[need.key]
            if index.ids[position] in structures
        ]
    return result
