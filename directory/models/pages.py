"""The directory's place in the page tree.

The search, structure pages, CSV export and API are plain Django views under ``/annuaire/``
(``directory/urls.py``): stable URL names for other apps, no page lookup to build a
structure's URL, and query counts independent of the tree. ``DirectoryPage`` puts the
directory in the page tree and the main menu and holds its editable title and introduction;
served at another address (if an editor changes its slug), it renders the same search.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from portal.models import BasePage


class DirectoryPage(BasePage):
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Affichée sous le titre, au-dessus du formulaire de recherche."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des structures")

    def serve(self, request, *args, **kwargs):
        from directory.views import search

        return search(request, page=self)
