import pytest
from django.core.cache import cache

from commitments.factories import (
    CommitmentsIndexPageFactory,
    ConventionPageFactory,
    ConventionPartyFactory,
    LogoImageFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits count in the cache: every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def index_page(home_page):
    return CommitmentsIndexPageFactory(parent=home_page)


@pytest.fixture
def cofunded_convention(index_page):
    """A live convention co-funded by the ESF+ (2021–2027), with two parties and logos."""
    convention = ConventionPageFactory(
        parent=index_page, cofunded=True, title="Convention État – Métropole", slug="etat-metropole"
    )
    ConventionPartyFactory(
        page=convention,
        organisation="L'État",
        logo=LogoImageFactory(file__width=300, file__height=100),
    )
    ConventionPartyFactory(
        page=convention,
        organisation="Métropole des Trois-Rivières",
        logo=LogoImageFactory(file__width=120, file__height=120),
    )
    return convention
