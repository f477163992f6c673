from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("<slug:slug>/", views.structure_detail, name="structure"),
]
