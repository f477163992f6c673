"""Non-page URLs of the opportunities: one-click unsubscription (POST without CSRF token,
RFC 8058) and the file-like routes of the list page (``calendrier.ics``, ``export.csv``),
which Wagtail's own URL pattern does not accept because of the dot."""

from django.urls import path, re_path
from wagtail import views as wagtail_views

from opportunities import views

app_name = "opportunities"

urlpatterns = [
    path(
        "alertes/desabonnement/<str:token>/",
        views.alert_unsubscribe,
        name="unsubscribe",
    ),
    re_path(
        r"^(?P<path>(?:[\w\-]+/)+(?:calendrier\.ics|export\.csv))$",
        wagtail_views.serve,
        name="page_file_route",
    ),
]
