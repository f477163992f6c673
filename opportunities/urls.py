"""Non-page URLs of the opportunities: the links of the alert e-mails (confirmation, whose
signed token holds a colon that Wagtail's page URLs refuse, and one-click unsubscription,
which accepts a POST without CSRF token as RFC 8058 asks) and the file-like routes of the list page (``calendrier.ics``, ``export.csv``),
which Wagtail's own URL pattern does not accept because of the dot."""

from django.urls import path, re_path
from wagtail import views as wagtail_views

from opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("alertes/confirmer/<str:token>/", views.alert_confirm, name="confirm"),
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
