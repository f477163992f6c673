"""Shared fixtures: a site whose root is a fresh home page, built with factories."""

import pytest
from wagtail.models import Page, Site

from home.factories import HomePageFactory


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Portail"
    )
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture(autouse=True)
def _empty_caches():
    """Caches live as long as the test process: start every test with empty ones so that
    rate-limit counters and cached pages never leak from one test to another."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
