"""``structures_for_lots`` gives the same lists as the plain rule applied to every structure
(the rule of ``opportunities.matching``'s docstring, written naively here)."""

import math

import pytest

from directory.generator import generate_structures
from directory.importers.communes import import_communes
from directory.models import Commune, PerimeterKind, Sector, Structure
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
    with django_assert_max_num_queries(2):
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
