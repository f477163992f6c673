"""The nearest-first search of ``opportunities.matching`` against measuring every point, on
dense synthetic points (no database): thousands of structures per grid cell, shared
coordinates and names, structures without coordinates, every kind of perimeter."""

import math
import random
from array import array

import pytest

from directory.search.facet_index import FacetIndex, bits_from_positions, positions_of
from directory.search.geo_grid import GeoGrid
from opportunities import matching
from opportunities.matching import NEARBY_KM, Place, _Area, distance_km

PARIS = (48.8566, 2.3522)
DEPARTMENT, REGION = 75, 11


def _index(points):
    """A facet index over ``points``: ``(latitude, longitude, perimeter, radius)`` each, with
    perimeter one of national, department, region, radius, other."""
    rnd = random.Random(5)
    size = len(points)
    index = FacetIndex.__new__(FacetIndex)  # built from memory, not from the database
    index.size = size
    index.ids = array("q", rnd.sample(range(1, 10 * size), size))
    index.position = {pk: position for position, pk in enumerate(index.ids)}
    index.latitude = array("d", (point[0] for point in points))
    index.longitude = array("d", (point[1] for point in points))
    index.sort_names = [rnd.choice(["abri", "atelier", "b", "zeta"]) for _point in points]
    reach = array("d", (float(point[3] or 0) for point in points))
    index.geo = GeoGrid(index.latitude, index.longitude, reach)
    keys = {
        "national": ("perimetre", "national"),
        "department": ("perimetre_departement", DEPARTMENT),
        "region": ("perimetre_region", REGION),
        "radius": ("perimetre", "rayon"),
    }
    index.bits = {
        key: bits_from_positions([p for p, point in enumerate(points) if point[2] == name], size)
        for name, key in keys.items()
    }
    index.all = (1 << size) - 1
    return index


@pytest.fixture(scope="module")
def index():
    rnd = random.Random(17)
    perimeters = ["national", "department", "region", "radius", "radius", "other", "other"]
    points = []
    for number in range(24_000):
        if number % 61 == 0:
            latitude = longitude = math.nan
        elif number % 67 == 0:  # half an address: no coordinates either
            latitude, longitude = PARIS[0], math.nan
        elif number % 7 == 0:  # at a commune's centre: many share these coordinates
            latitude, longitude = rnd.choice([PARIS, (48.9, 2.25), (48.6, 2.9), (49.4, 2.1)])
        else:
            latitude = PARIS[0] + rnd.gauss(0, 0.25)
            longitude = PARIS[1] + rnd.gauss(0, 0.4)
        perimeter = rnd.choice(perimeters)
        radius = rnd.choice([0, 5, 20, 60, 120, 20_000]) if perimeter == "radius" else None
        points.append((latitude, longitude, perimeter, radius))
    return _index(points)


def _expected(index, place, members, covering, count):
    """Every member measured, kept if it belongs to the group, sorted."""
    national = index.get("perimetre", "national")
    territories = index.get("perimetre_departement", DEPARTMENT) | index.get(
        "perimetre_region", REGION
    )
    radius = index.get("perimetre", "rayon")
    rows = []
    for p in positions_of(members):
        latitude, longitude = index.latitude[p], index.longitude[p]
        distance = None
        if place.has_coordinates and not (math.isnan(latitude) or math.isnan(longitude)):
            distance = distance_km(place.latitude, place.longitude, latitude, longitude)
        if (national | territories) >> p & 1:
            covers = True
        elif radius >> p & 1:
            covers = distance is not None and distance <= index.geo.reach_km[p]
        else:
            covers = False
        if covers != covering or not (covers or (distance is not None and distance <= NEARBY_KM)):
            continue
        key = (math.inf if distance is None else distance, index.sort_names[p], index.ids[p])
        rows.append((key, p, (covers, distance)))
    return sorted(rows)[:count]


PLACES = [
    PARIS,
    (48.95, 2.05),  # off the centre
    (49.3, 3.2),  # at the edge of the cloud: few within 50 km
    (47.0, 1.0),  # nobody within 50 km: covering structures from afar only
]


@pytest.mark.parametrize("share", [0.5, 0.05, 0.004])
@pytest.mark.parametrize("place", PLACES)
def test_nearest_first_gives_what_measuring_everyone_gives(index, place, share):
    rnd = random.Random(hash((place, share)) & 0xFFFF)
    members = bits_from_positions(
        [p for p in range(index.size) if rnd.random() < share], index.size
    )
    area = _Area(index, Place(DEPARTMENT, REGION, *place))
    assert area.circle is not None
    for covering in (True, False):
        for count in (1, 6, 40):
            got = area.best(members, covering, count)
            assert got == _expected(index, area.place, members, covering, count), (covering, count)


def test_without_coordinates_or_bound_every_member_is_measured(index):
    rnd = random.Random(2)
    members = bits_from_positions([p for p in range(index.size) if rnd.random() < 0.05], index.size)
    for place in (Place(DEPARTMENT, REGION, None, None), Place(DEPARTMENT, REGION, 89.95, 2.0)):
        area = _Area(index, place)
        assert area.circle is None
        for covering in (True, False):
            got = area.best(members, covering, 6)
            assert got == _expected(index, place, members, covering, 6)


def test_the_search_widens_the_grid_metric_to_the_haversine_distance(monkeypatch):
    """Due north, the grid's metric and the haversine distance nearly agree; north-east, the
    grid's metric overstates it (the longitude scale is the place's). B due north 10 km
    away, A north-east 9.999 km away, in the same cell: the grid's metric puts A 2 m beyond
    B, so that a search stopping at B's 10 km (unwidened) would miss A."""
    place = (48.905, 2.301)

    def towards(bearing, km):
        angle = km / matching.EARTH_RADIUS_KM
        phi, lam = math.radians(place[0]), math.radians(place[1])
        phi2 = math.asin(
            math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(bearing)
        )
        lam2 = lam + math.atan2(
            math.sin(bearing) * math.sin(angle) * math.cos(phi),
            math.cos(angle) - math.sin(phi) * math.sin(phi2),
        )
        return math.degrees(phi2), math.degrees(lam2)

    b, a = towards(0, 10.0), towards(math.pi / 4, 9.999)
    # Others further away, so that the search goes cell by cell.
    others = [towards(step / 10, 20 + step / 10) for step in range(100)]
    index = _index([(*point, "other", None) for point in (b, a, *others)])
    monkeypatch.setattr(matching, "SMALL_SET", 0)
    area = _Area(index, Place(DEPARTMENT, REGION, *place))
    cells = {key for key, positions in index.geo.cells.items() if 0 in positions or 1 in positions}
    assert len(cells) == 1
    got = area.best(index.all, False, 1)
    assert [position for _key, position, _where in got] == [1]  # A, not B
    assert got == _expected(index, area.place, index.all, False, 1)
