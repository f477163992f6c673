import pytest
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model

from home.factories import NewsIndexPageFactory
from home.models import NewsPage
from search.registry import SearchHit, SearchSource, search_sources


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


def _document_hits(documents, *, request):
    return [
        SearchHit(title=doc.title, url=doc.url, type_label="Structure", summary="Une structure")
        for doc in documents
    ]


@pytest.fixture
def fake_sources():
    """Two registered sources standing in for the other apps: a non-page model (documents as
    "structures") and a page model listed under its own heading (news as "opportunities")."""
    structures = SearchSource(
        key="structures",
        label=_("Structures"),
        get_queryset=lambda request: get_document_model().objects.all(),
        to_hits=_document_hits,
        order=20,
    )
    opportunities = SearchSource(
        key="opportunites",
        label=_("Opportunités"),
        get_queryset=lambda request: NewsPage.objects.live().public(),
        order=10,
    )
    with search_sources.temporarily(structures), search_sources.temporarily(opportunities):
        yield
