from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "opportunities"
    verbose_name = _("Opportunités")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from opportunities import signals

        signals.connect()
