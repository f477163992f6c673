from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Recherche")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Other apps add searchable sources through a ``search_sources.py`` module
        # (see search/registry.py).
        autodiscover_modules("search_sources")
