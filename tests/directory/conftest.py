"""Fixtures of the directory's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_rate_limits():
    """Rate limits are counted in the cache, shared by every test of the process."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def base_url():
    return "http://testserver/"
