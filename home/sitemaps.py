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

from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap

from portal.registry import Registry


class SitemapSections(Registry):
    PAGES_KEY = "pages"

    def check_key(self, key):
        if key == self.PAGES_KEY:
            raise ValueError(f"{self.PAGES_KEY!r} is the built-in section of the site's pages.")

    def sections(self):
        return {self.PAGES_KEY: WagtailSitemap, **self._entries}


sitemap_sections = SitemapSections()


def sitemap_xml(request):
    return sitemap(request, sitemaps=sitemap_sections.sections())
