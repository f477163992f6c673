"""Seams through which other apps fill sections of the home page.

Each key has one provider, a plain function registered from the providing app's
``home_sections.py`` module (imported automatically at start-up)::

    # opportunities/home_sections.py
    from home.home_sections import Teaser, home_sections

    @home_sections.register("upcoming_opportunities")
    def upcoming_opportunities(*, request, limit):
        pages = OpportunityPage.objects.live().public().open().order_by("deadline")[:limit]
        return [Teaser(title=p.title, url=p.get_url(request), ...) for p in pages]

Signatures (keyword arguments only):

- ``upcoming_opportunities(*, request, limit: int) -> Sequence[Teaser]`` — the next
  opportunities by deadline, soonest first;
- ``charter_signatories(*, request, limit: int) -> Sequence[Logo]`` — signatories of the
  charter with their logo; prefetch the renditions (``SIGNATORY_LOGO_FILTER``) so that the
  home page costs no query per logo.

The EU block of the home page (when the site's settings declare a co-funding) comes from the
commitments app's template tags (``eu_visibility_block``, ``eu_operation``).

A missing provider leaves its section out; a failing one is logged and left out too.
Providers must run a fixed number of queries whatever the amount of data.
"""

import datetime
import logging
from dataclasses import dataclass

from portal.registry import Registry

logger = logging.getLogger(__name__)

SIGNATORY_LOGO_FILTER = "max-200x80"


@dataclass(frozen=True)
class Teaser:
    """A card on the home page: a title and a link, with optional details."""

    title: str
    url: str
    kicker: str = ""  # small line above the title (the buyer, the type…)
    date: datetime.date | datetime.datetime | None = None
    date_label: str = ""  # what the date means ("Date limite de réponse")
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) pairs, already formatted
    badges: tuple[str, ...] = ()  # short labels (clause types…)


@dataclass(frozen=True)
class Logo:
    name: str
    image: object = None  # a Wagtail image (renditions prefetched) or None
    url: str = ""


SECTION_KEYS = ("upcoming_opportunities", "charter_signatories")


class HomeSectionRegistry(Registry):
    def __init__(self, keys):
        super().__init__()
        self._keys = set(keys)

    def check_key(self, key):
        if key not in self._keys:
            raise KeyError(f"Unknown home page section {key!r} (one of {sorted(self._keys)}).")

    def _call(self, key, default, **kwargs):
        provider = self._entries.get(key)
        if provider is None:
            return default
        try:
            return provider(**kwargs)
        except Exception:
            logger.exception("Home page section provider %r failed", key)
            return default

    def upcoming_opportunities(self, *, request, limit):
        return list(self._call("upcoming_opportunities", [], request=request, limit=limit))[:limit]

    def charter_signatories(self, *, request, limit):
        return list(self._call("charter_signatories", [], request=request, limit=limit))[:limit]


home_sections = HomeSectionRegistry(SECTION_KEYS)
