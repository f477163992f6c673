from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("api/structures/", views.api_structures, name="api_structures"),
    path("api/structures/<slug:slug>/", views.api_structure, name="api_structure"),
    path("<slug:slug>/", views.structure_detail, name="structure"),
]
