"""``/sitemap.xml``: the site's pages plus the sections other apps register.

Pages (opportunities included: they are pages) come from Wagtail's sitemap. Objects that are
not pages — directory structures — are added by their app, in its own ``sitemaps.py`` module
(imported automatically at start-up)::

    # directory/sitemaps.py
    from django.contrib.sitemaps import Sitemap
    from home.sitemaps import sitemap_sections

    @sitemap_sections.register("structures")
    class StructureSitemap(Sitemap):
        changefreq = "weekly"

        def items(self):
            return Structure.objects.published().order_by("pk")

        def lastmod(self, structure):
            return structure.updated_at

A section is a Django ``Sitemap`` class (a subclass of Wagtail's ``Sitemap`` receives the
request). Its items need ``get_absolute_url()`` or the class a ``location()`` method.
"""

import contextlib

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap


class SitemapSections:
    PAGES_KEY = "pages"

    def __init__(self):
        self._sections = {}

    def register(self, key):
        if key == self.PAGES_KEY:
            raise ValueError(f"{self.PAGES_KEY!r} is the built-in section of the site's pages.")

        def decorator(sitemap_class):
            self._sections[key] = sitemap_class
            return sitemap_class

        return decorator

    def unregister(self, key):
        self._sections.pop(key, None)

    @contextlib.contextmanager
    def temporarily(self, key, sitemap_class):
        """Register a section for a ``with`` block, then restore what was there (tests)."""
        previous = self._sections.get(key)
        self.register(key)(sitemap_class)
        try:
            yield
        finally:
            if previous is None:
                self.unregister(key)
            else:
                self._sections[key] = previous

    def sections(self):
        return {self.PAGES_KEY: WagtailSitemap, **self._sections}


sitemap_sections = SitemapSections()


def sitemap_xml(request):
    return sitemap(request, sitemaps=sitemap_sections.sections())
