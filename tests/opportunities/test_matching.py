import pytest

from directory.factories import StructureFactory
from directory.models import Department, PerimeterKind, PublicationState
from opportunities.clauses import HelpRole, helper_roles_by_kind
from opportunities.factories import OpportunityPageFactory
from opportunities.matching import LotNeed, Place, distance_km, structures_for_lots


def test_distance_between_marseille_and_aix():
    assert 24 < distance_km(43.2965, 5.3698, 43.5297, 5.4474) < 28


@pytest.mark.parametrize(
    ("clauses", "kinds", "role"),
    [
        (["reserve-siae"], {"ACI", "AI", "EI", "ETTI", "EITI"}, HelpRole.CANDIDATE),
        (["reserve-handicap"], {"EA", "EATT", "ESAT"}, HelpRole.CANDIDATE),
        (["reserve-siae", "insertion"], {"ACI", "AI", "EI", "ETTI", "EITI"}, HelpRole.CANDIDATE),
    ],
)
def test_a_reservation_decides_who_can_help(clauses, kinds, role):
    roles = helper_roles_by_kind(clauses)
    assert set(roles) == kinds
    assert set(roles.values()) == {role}


def test_insertion_hours_point_to_temporary_work_and_subcontracting():
    roles = helper_roles_by_kind(["insertion"])
    assert {k for k, r in roles.items() if r == HelpRole.TEMPORARY} == {"ETTI", "AI", "GEIQ"}
    assert {k for k, r in roles.items() if r == HelpRole.SUBCONTRACTING} == {
        "EI",
        "ACI",
        "EA",
        "ESAT",
    }
    assert helper_roles_by_kind(["reserve-ess"]) == {}


@pytest.fixture
def directory(db, cleaning, green_spaces):
    rhone = Department.objects.get(code="69")
    bdr = Department.objects.get(code="13")
    marseille = {"latitude": 43.2965, "longitude": 5.3698, "city": "Marseille"}
    lyon = {"latitude": 45.764, "longitude": 4.8357, "city": "Lyon", "department": rhone}
    return {
        "ei": StructureFactory(
            legal_name="Net'Insertion", kind="EI", sectors=[cleaning], **marseille
        ),
        "etti": StructureFactory(
            legal_name="Adef Intérim", kind="ETTI", sectors=[cleaning, green_spaces], **marseille
        ),
        "aci_aix": StructureFactory(
            legal_name="Jardins du Pays d'Aix",
            kind="ACI",
            sectors=[green_spaces],
            latitude=43.5297,
            longitude=5.4474,
            city="Aix-en-Provence",
            perimeter_radius_km=10,
        ),
        "etti_national": StructureFactory(
            legal_name="Intérim Solidaire France",
            kind="ETTI",
            sectors=[green_spaces],
            perimeter_kind=PerimeterKind.NATIONAL,
            **lyon,
        ),
        "geiq_lyon": StructureFactory(
            legal_name="GEIQ Rhône", kind="GEIQ", sectors=[green_spaces], **lyon
        ),
        "geiq_marseille": StructureFactory(
            legal_name="GEIQ Propreté Sud", kind="GEIQ", sectors=[cleaning], **marseille
        ),
        "esat": StructureFactory(legal_name="ESAT Les Calanques", kind="ESAT", **marseille),
        "ea_territory": StructureFactory(
            legal_name="EA Rhône-Provence",
            kind="EA",
            perimeter_kind=PerimeterKind.TERRITORIES,
            perimeter_departments=[bdr],
            **lyon,
        ),
        "draft": StructureFactory(
            legal_name="Brouillon",
            kind="EI",
            sectors=[cleaning],
            publication_state=PublicationState.DRAFT,
            **marseille,
        ),
    }


def _names(helpers):
    return [helper.structure.legal_name for helper in helpers]


def test_matching_by_reservation_sector_and_place(
    directory, marseille, cleaning, green_spaces, django_assert_max_num_queries
):
    needs = [
        LotNeed("siae", ("reserve-siae",), frozenset({cleaning.pk})),
        LotNeed("insertion", ("insertion",), frozenset({green_spaces.pk})),
        LotNeed("handicap", ("reserve-handicap",), frozenset()),
    ]
    structures_for_lots(needs, Place.of_commune(marseille))  # builds the index in memory
    with django_assert_max_num_queries(2):  # the directory's version token, the winners
        result = structures_for_lots(needs, Place.of_commune(marseille))
    # Reserved to SIAE: SIAE kinds only (no GEIQ), sharing the lot's sector, not the draft.
    assert _names(result["siae"]) == ["Adef Intérim", "Net'Insertion"]
    assert {h.role for h in result["siae"]} == {HelpRole.CANDIDATE}
    # Insertion hours: temporary work and subcontracting; within 50 km or covering the place.
    # Staff providers (GEIQ, ETTI, AI) place people in any trade: sectors only rank them.
    insertion = result["insertion"]
    assert _names(insertion) == [
        "Adef Intérim",
        "Intérim Solidaire France",
        "Jardins du Pays d'Aix",
        "GEIQ Propreté Sud",
    ]
    roles = {h.structure.legal_name: h.role for h in insertion}
    assert roles["Jardins du Pays d'Aix"] == HelpRole.SUBCONTRACTING
    assert roles["Adef Intérim"] == HelpRole.TEMPORARY
    aix = insertion[2]
    assert 24 < aix.distance_km < 28 and not aix.covers_place
    assert insertion[1].covers_place  # national perimeter
    # Handicap: ESAT nearby and the EA whose perimeter includes the department, far away.
    assert set(_names(result["handicap"])) == {"ESAT Les Calanques", "EA Rhône-Provence"}
    assert _names(result["handicap"])[0] == "ESAT Les Calanques"


def test_a_sector_of_the_same_group_is_enough_to_subcontract(db, marseille, cleaning):
    from directory.models import Sector

    windows = Sector.objects.get(slug="nettoyage-de-vitres")  # same group as cleaning
    masonry = Sector.objects.get(slug="maconnerie")
    StructureFactory(legal_name="Vitres Nettes", kind="EI", sectors=[windows])
    StructureFactory(legal_name="Maçons Solidaires", kind="EI", sectors=[masonry])
    StructureFactory(legal_name="Nettoyage Insertion", kind="EI", sectors=[cleaning])
    need = LotNeed("lot", ("insertion",), frozenset({cleaning.pk}), frozenset({cleaning.group_id}))
    helpers = structures_for_lots([need], Place.of_commune(marseille))["lot"]
    assert _names(helpers) == ["Nettoyage Insertion", "Vitres Nettes"]
    assert helpers[1].related_sectors == 1 and not helpers[1].shared_sectors


def test_best_matches_first_by_shared_sectors(directory, marseille, cleaning, green_spaces):
    need = LotNeed("lot", ("insertion",), frozenset({cleaning.pk, green_spaces.pk}))
    helpers = structures_for_lots([need], Place.of_commune(marseille))["lot"]
    assert helpers[0].structure.legal_name == "Adef Intérim"  # two sectors in common
    assert len(helpers[0].shared_sectors) == 2


def test_no_clause_needing_help_means_no_query(marseille, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = structures_for_lots(
            [LotNeed(1, ("reserve-ess",), frozenset())], Place.of_commune(marseille)
        )
    assert result == {1: []}


def test_opportunity_page_shows_helpers_with_links_to_the_directory(
    client, index_page, directory, marseille, cleaning, django_assert_max_num_queries
):
    page = OpportunityPageFactory(
        parent=index_page,
        title="Propreté des mairies annexes",
        place=marseille,
        lots=[
            {"title": "Mairies", "clauses": ["reserve-siae"], "sectors": [cleaning]},
            {
                "title": "Vitres",
                "clauses": ["insertion"],
                "insertion_hours": 500,
                "sectors": [cleaning],
            },
        ],
    )
    client.get(page.url)
    with django_assert_max_num_queries(28):
        response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Structures qui peuvent vous aider") == 2
    ei = directory["ei"]
    assert f'href="/annuaire/{ei.slug}/"' in html or f'href="{ei.get_absolute_url()}"' in html
    assert "Peut répondre à ce lot réservé" in html
    assert "Mise à disposition de personnel" in html
    assert "Ce que l'entreprise devra faire" in html
    assert "500 heures" in html
    assert "GEIQ Propreté Sud" in html.split("Lot 2")[1]  # temporary work for insertion hours
    assert "GEIQ Propreté Sud" not in html.split("Lot 2")[0]  # not a candidate for SIAE lots


def test_a_lot_reserved_to_the_ess_says_why_the_directory_has_no_one_to_suggest(
    client, index_page, directory, marseille, cleaning
):
    # L2113-15 candidates must meet conditions no kind of structure meets by itself: the
    # directory suggests no one, and says so rather than "no one near the place yet".
    page = OpportunityPageFactory(
        parent=index_page,
        title="Accueil de loisirs",
        place=marseille,
        lots=[
            {"title": "Animation", "clauses": ["reserve-ess"], "sectors": [cleaning]},
            {"title": "Insertion", "clauses": ["reserve-ess", "insertion"], "insertion_hours": 200},
        ],
    )
    lots = list(page.lots.all())
    assert [lot.directory_can_help for lot in lots] == [False, True]
    html = client.get(page.url).content.decode()
    ess, insertion = html.split("Lot 2")
    assert "conditions de l'article L2113-15 : l'annuaire ne dit pas" in ess
    assert "Adef Intérim" not in ess
    assert "Adef Intérim" in insertion  # the insertion clause still points to helpers
    assert "L2113-15 : l'annuaire" not in insertion
