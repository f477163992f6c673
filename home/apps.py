from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et pages de contenu")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Other apps plug their figures in through a ``key_figures.py`` module
        # (see home/key_figures/registry.py).
        autodiscover_modules("key_figures")
