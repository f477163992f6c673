"""The spatial grid of the facet index against a brute-force pass over dense random points
(no database): cells taken whole, cells measured point by point and cells skipped must give
exactly what measuring every point gives."""

import math
import random
from array import array

import pytest

from directory.search.geo import (
    EARTH_RADIUS_KM,
    KM_PER_DEGREE,
    equirectangular_bound,
    haversine_km,
    longitude_scale,
)
from directory.search.geo_grid import GeoGrid

CENTRES = [(43.2965, 5.3698), (48.8566, 2.3522), (-21.1151, 55.5364), (0.05, -0.05)]
RADII = [1, 10, 30, 100, 200]


def squared(place, latitude, longitude):
    dlat = latitude - place[0]
    dlon = (longitude - place[1]) * longitude_scale(place[0])
    return dlat * dlat + dlon * dlon


@pytest.fixture(scope="module")
def points():
    rnd = random.Random(3)
    latitude, longitude, reach = array("d"), array("d"), array("d")
    for number in range(12_000):
        centre = CENTRES[number % len(CENTRES)]
        if number % 97 == 0:  # no coordinates
            latitude.append(math.nan)
            longitude.append(math.nan)
        else:
            latitude.append(centre[0] + rnd.gauss(0, 0.6))
            longitude.append(centre[1] + rnd.gauss(0, 0.8))
        reach.append(float(rnd.choice([0, 0, 5, 10, 30, 50, 100, 250, 1000])))
    # Rings a hair inside and outside each searched radius: every cell the circle crosses
    # holds points on both sides of it.
    for centre in CENTRES:
        scale = longitude_scale(centre[0])
        for radius in RADII:
            for step in range(720):
                bearing = math.radians(step / 2)
                degrees = radius / KM_PER_DEGREE * (1 + (1e-9 if step % 2 else -1e-9))
                latitude.append(centre[0] + degrees * math.cos(bearing))
                longitude.append(centre[1] + degrees * math.sin(bearing) / scale)
                reach.append(0.0)
    return GeoGrid(latitude, longitude, reach)


@pytest.mark.parametrize("radius", RADII)
@pytest.mark.parametrize("place", [*CENTRES, (44.0, 6.0)])
def test_circles_match_brute_force(points, place, radius):
    limit2 = (radius / KM_PER_DEGREE) ** 2
    measured = [
        (squared(place, points.latitude[p], points.longitude[p]), p)
        for p in range(len(points.latitude))
        if points.latitude[p] == points.latitude[p]
    ]
    located = sorted((d2, p) for d2, p in measured if d2 <= limit2)
    reaching = {
        p
        for d2, p in measured
        if points.reach_km[p] > radius
        and d2 <= points.reach_km[p] * points.reach_km[p] * (1 / KM_PER_DEGREE**2)
    }
    circle = points.circle(*place, radius)
    assert sorted(circle.positions()) == sorted(p for _d2, p in located)
    assert set(circle.reaching()) == reaching
    everyone = b"\xff" * (len(points.latitude) // 8 + 1)
    ids = array("q", range(len(points.latitude)))  # ids in position order
    assert circle.nearest(everyone, ids) == [p for _d2, p in located]
    assert circle.nearest(everyone, ids, 7) == [p for _d2, p in located][:7]
    odd = bytes([0b10101010]) * (len(points.latitude) // 8 + 1)
    assert circle.nearest(odd, ids, 5) == [p for _d2, p in located if p % 2][:5]


def test_an_empty_grid_finds_nothing():
    grid = GeoGrid(array("d"), array("d"), array("d"))
    circle = grid.circle(45.0, 5.0, 30)
    assert circle.positions() == circle.reaching() == circle.nearest(b"", array("q")) == []


# Widened circles: a superset of what the haversine distance accepts, for exact filters.


def _destination(latitude, longitude, km, bearing):
    """The point ``km`` away (haversine sphere of ``geo``) in direction ``bearing``."""
    angle = km / EARTH_RADIUS_KM
    phi, lam = math.radians(latitude), math.radians(longitude)
    phi2 = math.asin(
        math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(bearing)
    )
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180


def test_the_equirectangular_bound_holds_every_point_within_the_haversine_radius():
    rnd = random.Random(11)
    checked = 0
    for _ in range(40_000):
        latitude, longitude = rnd.uniform(-80, 80), rnd.uniform(-179.9, 179.9)
        km = rnd.choice([0.5, 10, 50, 100, 500, 2000])
        bound = equirectangular_bound(latitude, longitude, km)
        if bound == math.inf:
            continue
        point = _destination(
            latitude, longitude, km * rnd.choice([1.0, rnd.random()]), rnd.uniform(0, 2 * math.pi)
        )
        if haversine_km(latitude, longitude, *point) > km:
            continue
        assert math.sqrt(squared((latitude, longitude), *point)) * KM_PER_DEGREE <= bound
        checked += 1
    assert checked > 25_000


def test_the_equirectangular_bound_is_close_in_france_and_infinite_where_unproven():
    assert 50 < equirectangular_bound(48.86, 2.35, 50) < 50.3  # Paris
    assert 100 < equirectangular_bound(43.3, 5.37, 100) < 100.8  # Marseille
    assert equirectangular_bound(-20.9, 55.45, 50) < 50.1  # Saint-Denis (La Réunion)
    assert equirectangular_bound(89.9, 3.0, 50) == math.inf  # the pole is within reach
    assert equirectangular_bound(44.5, 179.9, 50) == math.inf  # longitudes would wrap
    assert equirectangular_bound(48.86, 2.35, 20_000) == math.inf


@pytest.mark.parametrize("radius", [10, 50, 100])
@pytest.mark.parametrize("place", [*CENTRES, (44.0, 6.0)])
def test_widened_circles_hold_every_point_the_haversine_distance_accepts(points, place, radius):
    def widen(km):
        return math.inf if km >= 250 else equirectangular_bound(*place, km)

    located = [p for p in range(len(points.latitude)) if points.latitude[p] == points.latitude[p]]
    distance = {p: haversine_km(*place, points.latitude[p], points.longitude[p]) for p in located}
    circle = points.circle(*place, radius, widen)
    assert circle.reach_km == widen(radius) > radius
    within = {p for p in located if distance[p] <= radius}
    found = set(circle.positions())
    assert within <= found
    assert all(distance[p] <= radius * 1.03 for p in found)  # a superset, barely wider
    reaching = set(circle.reaching())
    assert {
        p for p in located if points.reach_km[p] > radius and distance[p] <= points.reach_km[p]
    } <= reaching
    assert {p for p in located if points.reach_km[p] >= 250} <= reaching  # no bound: all
    with pytest.raises(ValueError):
        points.circle(*place, 300, widen)
