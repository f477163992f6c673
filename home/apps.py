from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et pages de contenu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Other apps plug in through modules of these names: ``key_figures.py``
        # (home/key_figures/registry.py), ``home_sections.py`` (home/home_sections.py) and
        # ``sitemaps.py`` (home/sitemaps.py).
        autodiscover_modules("key_figures", "home_sections", "sitemaps")
