"""``structures_for_lots`` gives the same lists as the plain rule applied to every structure
(the rule of ``opportunities.matching``'s docstring, written naively here)."""

import math

import pytest

from directory.generator import generate_structures
from directory.importers.communes import import_communes
from directory.models import Commune, PerimeterKind, Sector, Structure
from opportunities import matching
from opportunities.clauses import HelpRole, helper_roles_by_kind
from opportunities.matching import NEARBY_KM, LotNeed, Place, distance_km, structures_for_lots


def _reference(need, place, limit=6):
    roles = helper_roles_by_kind(need.clauses)
    ranked = []
    structures = Structure.objects.published().prefetch_related(
        "sectors", "perimeter_departments", "perimeter_regions"
    )
    for structure in structures:
        role = roles.get(structure.kind)
        if role is None:
            continue
        distance = None
        if place.has_coordinates and structure.has_coordinates:
            distance = distance_km(
                place.latitude, place.longitude, structure.latitude, structure.longitude
            )
        if structure.perimeter_kind == PerimeterKind.NATIONAL:
            covers = True
        elif structure.perimeter_kind == PerimeterKind.TERRITORIES:
            covers = any(
                d.pk == place.department_id for d in structure.perimeter_departments.all()
            ) or any(r.pk == place.region_id for r in structure.perimeter_regions.all())
        else:
            radius = structure.perimeter_radius_km
            covers = distance is not None and radius is not None and distance <= radius
        if not (covers or (distance is not None and distance <= NEARBY_KM)):
            continue
        sectors = list(structure.sectors.all())
        shared = [s.pk for s in sectors if s.pk in need.sector_ids]
        related = sum(
            1
            for s in sectors
            if s.pk not in need.sector_ids and s.group_id in need.sector_group_ids
        )
        if need.sector_ids and not (shared or related) and role != HelpRole.TEMPORARY:
            continue
        key = (
            -len(shared),
            -related,
            0 if covers else 1,
            distance if distance is not None else math.inf,
            structure.sort_name,
            structure.pk,
        )
        ranked.append((key, structure.pk, role.value, shared, related, distance, covers))
    ranked.sort()
    return [item[1:] for item in ranked[:limit]]


@pytest.fixture
def generated_directory(db):
    from pathlib import Path

    if not Commune.objects.filter(latitude__isnull=False).exists():
        import_communes(
            Path(__file__).resolve().parents[2] / "directory" / "data" / "demo_communes.json"
        )
    generate_structures(600, seed=7, siret_offset=7_400_000_000_000)


@pytest.mark.parametrize("insee", ["75056", "48095", "13055"])
def test_same_lists_as_the_plain_rule(generated_directory, insee, django_assert_max_num_queries):
    commune = Commune.objects.get(insee_code=insee)
    place = Place.of_commune(commune)
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")
    masonry = Sector.objects.get(slug="maconnerie")
    green = Sector.objects.get(slug="entretien-d-espaces-verts")
    needs = [
        LotNeed(
            "siae", ("reserve-siae",), frozenset({cleaning.pk}), frozenset({cleaning.group_id})
        ),
        LotNeed("handicap", ("reserve-handicap",), frozenset()),
        LotNeed(
            "insertion", ("insertion",), frozenset({masonry.pk}), frozenset({masonry.group_id})
        ),
        LotNeed("bare", ("insertion",), frozenset()),
        LotNeed(
            "two",
            ("insertion", "critere-social"),
            frozenset({green.pk, cleaning.pk}),
            frozenset({green.group_id, cleaning.group_id}),
        ),
        LotNeed("shared-only", ("reserve-handicap",), frozenset({green.pk})),
    ]
    structures_for_lots(needs, place)  # builds the facet index and the taxonomy in memory
    with django_assert_max_num_queries(2):  # the directory's version token, the winners
        result = structures_for_lots(needs, place)
    assert any(result.values())
    for need in needs:
        got = [
            (
                h.structure.pk,
                h.role,
                [s.pk for s in h.shared_sectors],
                h.related_sectors,
                h.distance_km,
                h.covers_place,
            )
            for h in result[need.key]
        ]
        assert got == _reference(need, place), need.key


# The same comparison on harder ground: every search path of ``opportunities.matching`` (the
# grid walked cell by cell, covering structures measured beyond it, places without
# coordinates or where the grid gives no bound), odd perimeters and an index lagging behind.


def _lots():
    cleaning = Sector.objects.get(slug="nettoyage-de-locaux")
    masonry = Sector.objects.get(slug="maconnerie")
    green = Sector.objects.get(slug="entretien-d-espaces-verts")
    windows = Sector.objects.get(slug="nettoyage-de-vitres")
    return [
        LotNeed(
            "siae", ("reserve-siae",), frozenset({cleaning.pk}), frozenset({cleaning.group_id})
        ),
        LotNeed("handicap", ("reserve-handicap",), frozenset()),
        LotNeed("bare", ("insertion",), frozenset()),
        LotNeed("qualification", ("insertion-qualification",), frozenset()),
        LotNeed(
            "three",
            ("insertion", "critere-social"),
            frozenset({green.pk, cleaning.pk, masonry.pk}),
            frozenset({green.group_id, cleaning.group_id, masonry.group_id}),
        ),
        LotNeed("windows", ("insertion",), frozenset({windows.pk}), frozenset({windows.group_id})),
        LotNeed("groups-only", ("reserve-handicap",), frozenset(), frozenset({green.group_id})),
    ]


def _listed(result):
    return {
        key: [
            (
                h.structure.pk,
                h.role,
                [s.pk for s in h.shared_sectors],
                h.related_sectors,
                h.distance_km,
                h.covers_place,
            )
            for h in helpers
        ]
        for key, helpers in result.items()
    }


def _assert_same_as_the_plain_rule(needs, place, limit=6):
    got = _listed(structures_for_lots(needs, place, limit=limit))
    for need in needs:
        assert got[need.key] == _reference(need, place, limit), need.key


@pytest.fixture
def odd_directory(generated_directory):
    """The generated directory with what the generator never makes: structures without
    coordinates (national, territories, radius), radius perimeters of 0 km at a commune's
    centre and of 20,000 km, territories far from their address, structures sharing a
    position."""
    from directory.models import Department, Region
    from directory.search.indexing import structures_changed

    structures = list(Structure.objects.published().order_by("pk"))
    lost = [s.pk for s in structures[::23]]
    Structure.objects.filter(pk__in=lost).update(latitude=None, longitude=None)
    Structure.objects.filter(pk__in=lost[::3]).update(perimeter_kind=PerimeterKind.NATIONAL)
    paris = Commune.objects.get(insee_code="75056")
    on_paris = [s.pk for s in structures[5::41]]
    Structure.objects.filter(pk__in=on_paris).update(
        latitude=paris.latitude,
        longitude=paris.longitude,
        perimeter_kind=PerimeterKind.RADIUS,
        perimeter_radius_km=0,
    )
    Structure.objects.filter(pk__in=[s.pk for s in structures[7::97]]).update(
        perimeter_kind=PerimeterKind.RADIUS, perimeter_radius_km=20_000
    )
    far = structures[11::53]
    Structure.objects.filter(pk__in=[s.pk for s in far]).update(
        perimeter_kind=PerimeterKind.TERRITORIES
    )
    lozere, occitanie = Department.objects.get(code="48"), Region.objects.get(code="76")
    for structure in far:
        structure.perimeter_departments.add(lozere)
        structure.perimeter_regions.add(occitanie)
    structures_changed([s.pk for s in structures])


PLACES = {
    "Paris": "75056",
    "Mende": "48095",
    "Saint-Denis (La Réunion)": "97411",
    "Ajaccio": "2A004",
}


@pytest.mark.parametrize("small_set", [matching.SMALL_SET, 0])
@pytest.mark.parametrize("label", list(PLACES))
def test_odd_directories_and_every_search_path(odd_directory, monkeypatch, label, small_set):
    monkeypatch.setattr(matching, "SMALL_SET", small_set)  # 0: the grid walk, every time
    place = Place.of_commune(Commune.objects.get(insee_code=PLACES[label]))
    _assert_same_as_the_plain_rule(_lots(), place)
    _assert_same_as_the_plain_rule(_lots(), place, limit=40)


def test_places_without_coordinates_or_without_a_bound(odd_directory, monkeypatch):
    monkeypatch.setattr(matching, "SMALL_SET", 0)
    mende = Commune.objects.get(insee_code="48095")
    for place in (
        Place(mende.department_id, mende.region_id, None, None),  # a commune not located
        Place(None, None, None, None),  # no place at all: national perimeters only
        Place(mende.department_id, mende.region_id, 89.9, 3.5),  # by the pole: measure all
        Place(None, None, 44.5, 179.99),  # by the antimeridian
    ):
        _assert_same_as_the_plain_rule(_lots(), place)


def test_a_structure_unpublished_since_the_index_was_built_is_replaced(
    generated_directory, django_assert_max_num_queries
):
    from directory.models import PublicationState
    from directory.search.facet_index import current_index

    place = Place.of_commune(Commune.objects.get(insee_code="75056"))
    needs = _lots()
    first = structures_for_lots(needs, place)
    winners = {helpers[0].structure.pk for helpers in first.values() if helpers}
    index = current_index()
    # ``update()`` skips the signals: the index still lists them as published.
    Structure.objects.filter(pk__in=winners).update(publication_state=PublicationState.UNPUBLISHED)
    assert current_index() is index
    with django_assert_max_num_queries(3):  # token, winners, the ones replacing them
        got = _listed(structures_for_lots(needs, place))
    for need in needs:
        assert not winners & {pk for pk, *_rest in got[need.key]}
        assert got[need.key] == _reference(need, place), need.key
