"""The contract every search backend honours. Concrete test classes provide ``run_search``
(a fixture returning ``params -> SearchResults``) after indexing ``directory_data``."""

import pytest

from .conftest import SIRET_JARDINS


def names(results):
    return [item.legal_name for item in results.items]


def counts(results, facet):
    return {value.value: value.count for value in results.facet(facet).values}


class SearchContract:
    def test_no_query_lists_published_structures_by_name(self, run_search, directory_data):
        results = run_search({})
        assert results.total == 6
        assert [item.name for item in results.items] == [
            "Atelier Couture du Val",
            "Éclat Propreté",
            "ESAT Les Ateliers de Créteil",
            "Intérim Solidaire Loire",
            "Les Jardins de l'Huveaune",
            "Tri Malin",
        ]
        assert "Jardins Brouillon" not in names(results)
        assert "Jardins Retirés" not in names(results)
        assert results.page.number == 1 and results.page.num_pages == 1

    def test_text_is_accent_and_case_insensitive(self, run_search, directory_data):
        for text in ("eclat", "ÉCLAT", "Éclat propreté", "eclat proprete"):
            assert names(run_search({"q": text})) == ["ÉCLAT PROPRETÉ SAS"], text

    def test_text_searches_description_sectors_and_commune(self, run_search, directory_data):
        assert "Association Les Jardins de l'Huveaune" in names(run_search({"q": "elagage"}))
        assert names(run_search({"q": "aubagne"})) == ["Association Les Jardins de l'Huveaune"]
        assert set(names(run_search({"q": "recyclage"}))) == {"Tri Malin"}
        assert run_search({"q": "zzzinexistant"}).total == 0

    def test_siret_and_siren_find_their_structure(self, run_search, directory_data):
        assert names(run_search({"q": SIRET_JARDINS})) == ["Association Les Jardins de l'Huveaune"]
        spaced = (
            f"{SIRET_JARDINS[:3]} {SIRET_JARDINS[3:6]} {SIRET_JARDINS[6:9]} {SIRET_JARDINS[9:]}"
        )
        assert names(run_search({"q": spaced})) == ["Association Les Jardins de l'Huveaune"]
        assert names(run_search({"q": SIRET_JARDINS[:9]})) == [
            "Association Les Jardins de l'Huveaune"
        ]

    def test_unpublished_structures_are_never_found(self, run_search, directory_data):
        assert run_search({"q": SIRET_JARDINS[:9]}).total == 1
        assert run_search({"q": directory_data["draft"].siret}).total == 0
        assert run_search({"q": "brouillon"}).total == 0

    def test_facet_counts(self, run_search, directory_data):
        results = run_search({})
        assert counts(results, "famille") == {"insertion": 3, "handicap": 3}
        assert counts(results, "type") == {"ACI": 1, "EI": 1, "ETTI": 1, "EA": 2, "ESAT": 1}
        assert counts(results, "region") == {"93": 3, "84": 1, "11": 2}
        assert counts(results, "departement") == {"13": 3, "42": 1, "94": 2}
        assert counts(results, "secteur_groupe") == {
            "espaces-verts-et-nature": 2,
            "proprete-et-nettoyage": 2,
        }
        assert counts(results, "secteur") == {
            "entretien-d-espaces-verts": 2,
            "elagage-et-abattage": 1,
            "nettoyage-de-locaux": 2,
        }
        assert counts(results, "modalite") == {"sous_traitance": 2, "mise_a_disposition": 2}

    def test_multi_select_facets_keep_their_own_counts(self, run_search, directory_data):
        results = run_search({"type": ["EA", "ESAT"]})
        assert results.total == 3
        # The kind facet ignores its own filter: other kinds can still be added.
        assert counts(results, "type") == {"ACI": 1, "EI": 1, "ETTI": 1, "EA": 2, "ESAT": 1}
        # Other facets apply it.
        assert counts(results, "famille") == {"handicap": 3}
        assert counts(results, "departement") == {"13": 1, "94": 2}
        selected = {value.value for value in results.facet("type").selected_values}
        assert selected == {"EA", "ESAT"}

    def test_filters_combine(self, run_search, directory_data):
        assert set(names(run_search({"famille": "insertion", "departement": "13"}))) == {
            "Association Les Jardins de l'Huveaune",
            "ÉCLAT PROPRETÉ SAS",
        }
        assert names(run_search({"region": "11", "type": "ESAT"})) == [
            "ESAT Les Ateliers de Créteil"
        ]
        assert set(names(run_search({"secteur_groupe": "proprete-et-nettoyage"}))) == {
            "ÉCLAT PROPRETÉ SAS",
            "ESAT Les Ateliers de Créteil",
        }
        # Sectors and groups: any of them.
        assert (
            run_search(
                {"secteur": "elagage-et-abattage", "secteur_groupe": "proprete-et-nettoyage"}
            ).total
            == 3
        )
        assert set(names(run_search({"modalite": ["sous_traitance"]}))) == {
            "Association Les Jardins de l'Huveaune",
            "Tri Malin",
        }
        assert run_search({"modalite": ["sous_traitance", "mise_a_disposition"]}).total == 0

    def test_text_and_facets(self, run_search, directory_data):
        results = run_search({"q": "nettoyage"})
        assert set(names(results)) == {"ÉCLAT PROPRETÉ SAS", "ESAT Les Ateliers de Créteil"}
        assert counts(results, "famille") == {"insertion": 1, "handicap": 1}

    def test_place_search_located_or_covered_sorted_by_distance(self, run_search, directory_data):
        results = run_search({"lieu": "Aubagne", "rayon": "10"})
        found = names(results)
        # Within 10 km: the Jardins (0 km). Covering Aubagne: Tri Malin (100 km radius,
        # 14 km away), the intérim (Bouches-du-Rhône in its departments), the national ESAT.
        assert found == [
            "Association Les Jardins de l'Huveaune",
            "Tri Malin",
            "Intérim Solidaire Loire",
            "ESAT Les Ateliers de Créteil",
        ]
        assert results.items[0].distance_km == pytest.approx(0, abs=0.1)
        assert results.items[1].distance_km == pytest.approx(13.4, abs=1)
        # Éclat (Marseille, 17 km, 10 km perimeter) is outside; at 30 km it is inside.
        assert "ÉCLAT PROPRETÉ SAS" in names(run_search({"lieu": "Aubagne", "rayon": "30"}))

    def test_place_by_postcode_and_insee_code(self, run_search, directory_data):
        by_postcode = names(run_search({"lieu": "13400", "rayon": "10"}))
        by_insee = names(run_search({"lieu": "13005", "rayon": "10"}))  # Marseille 5e postcode
        by_name_and_code = names(run_search({"lieu": "Aubagne (13400)", "rayon": "10"}))
        assert by_postcode == by_name_and_code
        assert by_postcode[0] == "Association Les Jardins de l'Huveaune"
        assert by_insee[0] == "ÉCLAT PROPRETÉ SAS"

    def test_place_search_facets_count_the_same_set(self, run_search, directory_data):
        results = run_search({"lieu": "Créteil", "rayon": "10"})
        assert set(names(results)) == {"ESAT Les Ateliers de Créteil", "Atelier Couture du Val"}
        assert counts(results, "famille") == {"handicap": 2}
        assert results.total == 2

    def test_sort_orders(self, run_search, directory_data):
        by_name = [item.name for item in run_search({"tri": "nom"}).items]
        assert by_name[0] == "Atelier Couture du Val"
        assert by_name[-1] == "Tri Malin"
        relevant = names(run_search({"q": "jardins", "tri": "pertinence"}))
        assert relevant == ["Association Les Jardins de l'Huveaune"]
        assert len(names(run_search({"tri": "recent"}))) == 6

    def test_pagination(self, run_search, directory_data):
        first = run_search({"tri": "nom"}, per_page=4)
        second = run_search({"tri": "nom", "page": "2"}, per_page=4)
        assert first.total == second.total == 6
        assert len(first.items) == 4 and len(second.items) == 2
        assert set(names(first)).isdisjoint(names(second))
        assert (first.page.num_pages, first.page.has_next, second.page.has_next) == (2, True, False)

    def test_page_beyond_the_last_shows_the_last_page_with_an_explanation(
        self, run_search, directory_data
    ):
        results = run_search({"page": "99999"}, per_page=4)
        assert results.page.number == 2
        assert len(results.items) == 2
        assert any("page" in error for error in results.errors)

    def test_bad_values_are_explained_not_fatal(self, run_search, directory_data):
        results = run_search(
            {"type": ["XYZ", "EA"], "lieu": "Nulle-Part-Sur-Mer", "rayon": "-5", "tri": "hasard"}
        )
        assert results.total == 2  # EA only; the unknown place is ignored
        assert len(results.errors) == 4

    def test_items_carry_what_cards_show(self, run_search, directory_data):
        item = run_search({"q": "huveaune"}).items[0]
        assert item.commune.name == "Aubagne"
        assert {sector.slug for sector in item.sectors.all()} == {
            "entretien-d-espaces-verts",
            "elagage-et-abattage",
        }
        assert item.distance_km is None
