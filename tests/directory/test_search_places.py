"""Place searches of the database backend at their edges, and against a brute-force reading
of the rule: a place returns the structures located within the radius (equirectangular
distance) or whose perimeter covers it (national, its region or department, or their own
radius reaching it); located ones first, nearest first (ties by id), then the others by
distance and name."""

import math
import random

import pytest

from directory.factories import StructureFactory
from directory.models import Department, PerimeterKind, PublicationState, Region, Structure
from directory.search import facet_index, parse_query, search_structures
from directory.search.backends.database import DatabaseBackend
from directory.search.geo import KM_PER_DEGREE, haversine_km, longitude_scale

pytestmark = pytest.mark.django_db

AUBAGNE = (43.2927, 5.5708)


@pytest.fixture(autouse=True)
def fresh_index():
    facet_index.clear()
    yield
    facet_index.clear()


def distance2(place, latitude, longitude):
    """The documented measure: squared equirectangular distance in degrees of latitude."""
    dlat = latitude - place[0]
    dlon = (longitude - place[1]) * longitude_scale(place[0])
    return dlat * dlat + dlon * dlon


def latitude_at(place, target2, direction=1):
    """A latitude due north (``direction`` 1) or south (-1) of ``place`` whose squared
    distance is exactly ``target2`` in floating point, or None when there is none."""
    start = place[0] + direction * math.sqrt(target2)
    for towards in (math.inf, -math.inf):
        latitude = start
        for _step in range(40):
            if distance2(place, latitude, place[1]) == target2:
                return latitude
            latitude = math.nextafter(latitude, towards)
    return None


def exact_cases(targets, direction=1):
    """``(value, latitude)`` for the values whose target distance falls exactly on a float."""
    cases = []
    for value, target2 in targets:
        latitude = latitude_at(AUBAGNE, target2, direction)
        if latitude is not None:
            cases.append((value, latitude))
    return cases


def ids(params):
    query, taxonomy = parse_query(params)
    return DatabaseBackend().matching_ids(query, taxonomy)


def nowhere(**kwargs):
    """A structure far from the test places, with a perimeter that does not reach them."""
    return StructureFactory(
        **{
            "latitude": 48.58,
            "longitude": 7.75,
            "perimeter_kind": PerimeterKind.RADIUS,
            "perimeter_radius_km": None,
            **kwargs,
        }
    )


def test_a_structure_exactly_at_the_radius_is_found(communes):
    cases = exact_cases((r, (r / KM_PER_DEGREE) ** 2) for r in range(1, 201))
    assert cases  # 106, 153 and 165 km north of Aubagne fall exactly on a float
    # Two structures exactly at the first radius, on the same spot: located, so by id (the
    # others come by name).
    radius, latitude = cases[0]
    twins = [nowhere(legal_name=name) for name in ("Zèbre au bord", "Abeille au bord")]
    Structure.objects.filter(pk__in=[s.pk for s in twins]).update(
        latitude=latitude, longitude=AUBAGNE[1]
    )
    pairs = []
    for radius, latitude in cases:
        inside = nowhere(legal_name=f"Au bord {radius}")
        outside = nowhere(legal_name=f"Juste après {radius}")
        Structure.objects.filter(pk=inside.pk).update(latitude=latitude, longitude=AUBAGNE[1])
        Structure.objects.filter(pk=outside.pk).update(
            latitude=math.nextafter(latitude, math.inf), longitude=AUBAGNE[1]
        )
        pairs.append((radius, inside, outside))
    facet_index.clear()  # ``update()`` does not bump the directory's version
    for radius, inside, outside in pairs:
        found = ids({"lieu": "Aubagne", "rayon": str(radius)})
        assert inside.pk in found, radius
        assert outside.pk not in found, radius
    found = ids({"lieu": "Aubagne", "rayon": str(cases[0][0])})
    assert [pk for pk in found if pk in {s.pk for s in twins}] == [twins[0].pk, twins[1].pk]


def test_kilometres_around_the_place(communes):
    north = [
        StructureFactory(
            legal_name=f"À {km} km",
            latitude=AUBAGNE[0] + km / KM_PER_DEGREE,
            longitude=AUBAGNE[1],
            perimeter_kind=PerimeterKind.RADIUS,
            perimeter_radius_km=1,
        )
        for km in (0, 9.9, 10.1)
    ]
    results = search_structures({"lieu": "Aubagne", "rayon": "10"}, backend=DatabaseBackend())
    assert [item.pk for item in results.items] == [north[0].pk, north[1].pk]
    assert results.items[1].distance_km == pytest.approx(9.9, abs=0.05)


def test_a_radius_perimeter_reaching_the_place_covers_it(communes):
    def at(km, radius):
        return StructureFactory(
            legal_name=f"Rayon {radius} à {km} km",
            latitude=AUBAGNE[0] - km / KM_PER_DEGREE,
            longitude=AUBAGNE[1],
            perimeter_kind=PerimeterKind.RADIUS,
            perimeter_radius_km=radius,
        )

    reaching, short, same = at(49.9, 50), at(50.1, 50), at(30, 10)
    # Radii reaching the place exactly (their squared distance equals the squared radius).
    cases = exact_cases(
        ((r, r * r * (1 / KM_PER_DEGREE**2)) for r in range(11, 1001)), direction=-1
    )[:3]
    assert cases
    exact = []
    for radius, latitude in cases:
        inside, outside = at(radius, radius), at(radius, radius)
        Structure.objects.filter(pk=inside.pk).update(latitude=latitude)
        Structure.objects.filter(pk=outside.pk).update(latitude=math.nextafter(latitude, -math.inf))
        exact.append((inside, outside))
    facet_index.clear()
    found = ids({"lieu": "Aubagne", "rayon": "10"})
    assert reaching.pk in found
    assert short.pk not in found
    assert same.pk not in found  # 30 km away, 10 km radius
    for inside, outside in exact:
        assert inside.pk in found  # its radius reaches the place exactly
        assert outside.pk not in found
    assert haversine_km(*AUBAGNE, AUBAGNE[0] - 49.9 / KM_PER_DEGREE, AUBAGNE[1]) < 50


def test_national_and_territories_cover_the_place_from_afar(communes):
    national = nowhere(legal_name="Nationale", perimeter_kind=PerimeterKind.NATIONAL)
    by_department = nowhere(
        legal_name="Bouches-du-Rhône",
        perimeter_kind=PerimeterKind.TERRITORIES,
        perimeter_departments=[Department.objects.get(code="13")],
    )
    by_region = nowhere(
        legal_name="Provence",
        perimeter_kind=PerimeterKind.TERRITORIES,
        perimeter_regions=[Region.objects.get(code="93")],
    )
    elsewhere = nowhere(
        legal_name="Loire",
        perimeter_kind=PerimeterKind.TERRITORIES,
        perimeter_departments=[Department.objects.get(code="42")],
    )
    without_coordinates = StructureFactory(
        legal_name="Sans coordonnées",
        latitude=None,
        longitude=None,
        perimeter_kind=PerimeterKind.NATIONAL,
    )
    found = ids({"lieu": "Aubagne", "rayon": "10"})
    assert set(found) == {national.pk, by_department.pk, by_region.pk, without_coordinates.pk}
    assert found[-1] == without_coordinates.pk  # no distance: last
    assert elsewhere.pk not in found


def test_structures_at_the_same_spot_come_by_id_then_further_ones_by_name(communes):
    same_spot = [
        StructureFactory(legal_name=name, latitude=43.30, longitude=5.57)
        for name in ("Zèbre", "Abeille", "Moineau")
    ]
    far = [
        nowhere(legal_name=name, perimeter_kind=PerimeterKind.NATIONAL)
        for name in ("Vautour", "Busard")
    ]
    found = ids({"lieu": "Aubagne", "rayon": "10"})
    assert found == [*sorted(s.pk for s in same_spot), far[1].pk, far[0].pk]


def reference(place, radius_km):
    """The rule read literally over every published structure."""
    scale = longitude_scale(place.latitude)
    limit2 = (radius_km / KM_PER_DEGREE) ** 2
    located, further = [], []
    structures = Structure.objects.published().prefetch_related(
        "perimeter_regions", "perimeter_departments"
    )
    for structure in structures:
        d2 = math.inf
        if structure.has_coordinates:
            dlat = structure.latitude - place.latitude
            dlon = (structure.longitude - place.longitude) * scale
            d2 = dlat * dlat + dlon * dlon
        if d2 <= limit2:
            located.append((d2, structure.pk))
            continue
        kind = structure.perimeter_kind
        radius = structure.perimeter_radius_km or 0
        covers = (
            kind == PerimeterKind.NATIONAL
            or (
                kind == PerimeterKind.TERRITORIES
                and (
                    place.region_id in {r.pk for r in structure.perimeter_regions.all()}
                    or place.department_id in {d.pk for d in structure.perimeter_departments.all()}
                )
            )
            or (
                kind == PerimeterKind.RADIUS
                and radius > radius_km
                and d2 <= radius * radius * (1 / KM_PER_DEGREE**2)
            )
        )
        if covers:
            further.append((d2, structure.sort_name, structure.pk))
    return [pk for _d2, pk in sorted(located)] + [pk for *_key, pk in sorted(further)]


def test_results_match_the_rule_read_literally(communes):
    rnd = random.Random(7)
    regions = list(Region.objects.filter(code__in=["93", "84", "11"]))
    departments = list(Department.objects.filter(code__in=["13", "83", "84", "42", "94"]))
    spots = [(43.2965, 5.3698), (43.2927, 5.5708), (43.5297, 5.4474), (45.4397, 4.3872)]
    for number in range(160):
        kind = rnd.choice(list(PerimeterKind))
        spot = rnd.choice(spots)
        if rnd.random() < 0.2:  # several structures on the same spot (a commune's centre)
            latitude, longitude = spot
        else:
            latitude = spot[0] + rnd.uniform(-1.2, 1.2)
            longitude = spot[1] + rnd.uniform(-1.6, 1.6)
        StructureFactory(
            legal_name=f"{rnd.choice(['Atelier', 'Jardin', 'Régie'])} {number % 17}",
            latitude=None if rnd.random() < 0.05 else latitude,
            longitude=None if rnd.random() < 0.05 else longitude,
            perimeter_kind=kind,
            perimeter_radius_km=rnd.choice([1, 10, 30, 50, 100, 300, 1000])
            if kind == PerimeterKind.RADIUS and rnd.random() < 0.9
            else None,
            perimeter_regions=rnd.sample(regions, k=rnd.randint(0, 1))
            if kind == PerimeterKind.TERRITORIES
            else [],
            perimeter_departments=rnd.sample(departments, k=rnd.randint(0, 2))
            if kind == PerimeterKind.TERRITORIES
            else [],
            publication_state=rnd.choice([PublicationState.PUBLISHED] * 9 + ["draft"]),
        )
    # Rings around Aubagne just inside and just outside 10 and 30 km, every 5 degrees: the
    # grid's cells crossed by the circle are measured position by position.
    scale = longitude_scale(AUBAGNE[0])
    for radius in (10, 30):
        for step in range(72):
            bearing = math.radians(step * 5)
            reach = radius / KM_PER_DEGREE * (0.999 if step % 2 else 1.001)
            StructureFactory(
                legal_name=f"Anneau {radius} {step}",
                latitude=AUBAGNE[0] + reach * math.cos(bearing),
                longitude=AUBAGNE[1] + reach * math.sin(bearing) / scale,
                perimeter_kind=PerimeterKind.RADIUS,
                perimeter_radius_km=None,
            )
    checked = 0
    for name in ("Marseille", "Aubagne", "Aix-en-Provence", "La Ciotat", "Saint-Étienne"):
        for radius in (1, 10, 30, 100, 200):
            query, _taxonomy = parse_query({"lieu": name, "rayon": str(radius)})
            expected = reference(query.place, radius)
            assert ids({"lieu": name, "rayon": str(radius)}) == expected, (name, radius)
            first_page = search_structures(
                {"lieu": name, "rayon": str(radius)}, backend=DatabaseBackend()
            )
            assert [item.pk for item in first_page.items] == expected[:20]
            assert first_page.total == len(expected)
            checked += len(expected)
    assert checked > 500  # the places really hold structures
