"""Published structures in ``sitemap.xml`` (see home/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from directory.models import PublicationState, Structure
from home.sitemaps import sitemap_sections


@sitemap_sections.register("structures")
class StructureSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Structure.objects.filter(publication_state=PublicationState.PUBLISHED)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, structure):
        return structure.updated_at
