"""The search contract on the database backend (SQLite here, PostgreSQL with DATABASE_URL)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.search import search_structures
from directory.search.backends.database import DatabaseBackend
from directory.search.fulltext import fulltext_kind

from .search_contract import SearchContract

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_search():
    def run(params, per_page=20):
        return search_structures(params, backend=DatabaseBackend(), per_page=per_page)

    return run


class TestDatabaseBackend(SearchContract):
    def test_uses_the_full_text_index(self):
        assert fulltext_kind() in {"fts5", "postgres"}

    def test_query_count_does_not_grow_with_data(
        self, run_search, directory_data, django_assert_max_num_queries
    ):
        from directory.factories import StructureFactory
        from directory.models import Sector

        gardens = Sector.objects.get(slug="entretien-d-espaces-verts")

        params = {
            "q": "jardins",
            "famille": "insertion",
            "lieu": "Aubagne",
            "rayon": "30",
            "secteur_groupe": "espaces-verts-et-nature",
        }
        # Includes the facet index rebuild (6 queries), which happens again after the writes.
        with django_assert_max_num_queries(15) as first:
            run_search(params)
        for index in range(15):
            StructureFactory(
                legal_name=f"Jardins numéro {index}",
                kind="ACI",
                city="Aubagne",
                latitude=43.29,
                longitude=5.57,
                sectors=[gardens],
            )
        with django_assert_max_num_queries(len(first.captured_queries)):
            results = run_search(params)
        assert results.total >= 15


# The relevance order, on names alone (no database) ------------------------------------

WORDS = ["nettoyage", "net", "jardins", "jardin", "le", "horizon", "espaces", "verts", "a"]


def _plain_relevance(names, phrase, first):
    """The rule written plainly: every position ranked, then sorted."""
    from directory.search.backends.database import _name_rank

    return sorted(range(len(names)), key=lambda p: (_name_rank(names[p], phrase, first), p))


@given(
    names=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join), max_size=40
    ),
    text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    limit=st.one_of(st.none(), st.integers(min_value=1, max_value=50)),
)
def test_relevance_order_is_the_plain_rule(names, text, limit):
    from types import SimpleNamespace

    from directory.search.backends.database import _by_relevance
    from directory.search.query import StructureQuery

    names = sorted(names)
    query = StructureQuery(text=text)
    index = SimpleNamespace(sort_names=names)
    got = _by_relevance(query, index, list(range(len(names))), limit)
    expected = _plain_relevance(names, text, query.terms[0])
    assert got == (expected if limit is None else expected[:limit])


def test_page_structures_keep_the_order_and_drop_the_unpublished(
    django_assert_max_num_queries,
):
    from directory.factories import StructureFactory
    from directory.models import PublicationState
    from directory.search.backends.base import structures_for_page
    from directory.search.taxonomy import current_taxonomy

    taxonomy = current_taxonomy()
    first, second = StructureFactory(), StructureFactory()
    gone = StructureFactory(publication_state=PublicationState.UNPUBLISHED)
    with django_assert_max_num_queries(2):
        page = structures_for_page([second.pk, gone.pk, first.pk, 10**9], taxonomy)
        names = [structure.pk for structure in page]
    assert names == [second.pk, first.pk]


def test_page_structures_carry_what_a_card_and_the_api_show(
    directory_data, django_assert_max_num_queries
):
    """Sectors (with their group), department, region and commune come with the page: the
    card and the API summary read them without a query, and they are the database's."""
    from django.db.models import Prefetch

    from directory.models import Sector, Structure
    from directory.search.backends.base import structures_for_page
    from directory.search.taxonomy import current_taxonomy
    from directory.serializers import structure_summary

    taxonomy = current_taxonomy()
    ids = list(Structure.objects.published().values_list("pk", flat=True))
    with django_assert_max_num_queries(2):
        page = structures_for_page(ids, taxonomy)
        summaries = [structure_summary(structure) for structure in page]
    by_name = Prefetch("sectors", queryset=Sector.objects.order_by("name"))
    expected = [
        structure_summary(Structure.objects.prefetch_related(by_name).get(pk=structure.pk))
        for structure in page
    ]
    assert summaries == expected
    assert any(summary["secteurs"] for summary in summaries)
    assert any(summary["departement"] and summary["region"] for summary in summaries)
    assert any(summary["code_insee"] for summary in summaries)
    jardins = next(s for s in page if s.pk == directory_data["jardins"].pk)
    assert [sector.name for sector in jardins.sectors.all()] == sorted(
        sector.name for sector in directory_data["jardins"].sectors.all()
    )
