"""Public URLs of registration and self-service editing, under ``/annuaire/``.

Included in ``portal/urls.py`` before the directory's own ``/annuaire/<slug>/`` pages.
"""

from django.urls import path

from directory import registration_views as views

app_name = "directory_registration"

urlpatterns = [
    path("inscription/", views.register, name="register"),
    path("inscription/envoyee/", views.registered, name="registered"),
    path("inscription/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("modifier/", views.edit_request, name="edit_request"),
    path("modifier/lien-envoye/", views.edit_request_sent, name="edit_request_sent"),
    path("modifier/merci/", views.edit_done, name="edit_done"),
    path("modifier/<str:siret>/<str:token>/", views.edit, name="edit"),
]
