import pytest

from opportunities.generator import generate_opportunities
from opportunities.models import Lot, OpportunityPage, OpportunitySector

pytestmark = pytest.mark.django_db


def test_generator_adds_live_opportunities_with_lots_and_sector_rows(home_page):
    assert generate_opportunities(3, lots=2, seed=1) == 3
    pages = list(OpportunityPage.objects.live())
    assert len(pages) == 3
    assert Lot.objects.count() == 6
    assert OpportunitySector.objects.count() >= 3
    for page in pages:
        assert page.lot_count == 2
        assert page.department_code and page.region_code
        assert page.clause_list
        assert page.url.startswith("/opportunites/")
    generate_opportunities(2, lots=1, seed=1)
    assert OpportunityPage.objects.count() == 5  # adds, never replaces
