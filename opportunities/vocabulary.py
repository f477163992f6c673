"""Names of the sectors, regions and departments the list shows and checks, read once and
kept in the cache (they change rarely; any change clears the cache, see ``signals``)."""

from django.core.cache import cache

from directory.models import Department, Region, Sector

CACHE_KEY = "opportunities:vocabulary:1"
CACHE_TIMEOUT = 24 * 3600


def load_vocabulary():
    data = cache.get(CACHE_KEY)
    if data is None:
        sectors = list(Sector.objects.order_by("name").values_list("pk", "slug", "name"))
        data = {
            "sector_by_slug": {slug: pk for pk, slug, _name in sectors},
            "sector_slug": {pk: slug for pk, slug, _name in sectors},
            "sector_name": {pk: name for pk, _slug, name in sectors},
            "regions": dict(Region.objects.order_by("name").values_list("code", "name")),
            "departments": dict(Department.objects.order_by("code").values_list("code", "name")),
        }
        cache.set(CACHE_KEY, data, CACHE_TIMEOUT)
    return data


def forget_vocabulary(**kwargs):
    cache.delete(CACHE_KEY)
