"""The "Annuaire" admin menu: structures, sector taxonomy and geography as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory.models import Commune, Department, Region, Sector, SectorGroup, Structure


class StructureViewSet(SnippetViewSet):
    model = Structure
    icon = "group"
    menu_label = _("Structures")
    menu_order = 100
    add_to_admin_menu = False
    list_display = [
        "name",
        Column("siret", label=_("SIRET")),
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        Column("city", label=_("Commune")),
        Column(
            "publication_state", label=_("Publication"), accessor="get_publication_state_display"
        ),
        DateColumn("updated_at", label=_("Modifiée le")),
    ]
    list_filter = [
        "publication_state",
        "family",
        "kind",
        "source",
        "region",
        "department",
        "accepts_subcontracting",
        "accepts_staff_provision",
    ]
    list_export = [
        "legal_name",
        "brand_name",
        "siret",
        "kind",
        "postcode",
        "city",
        "publication_state",
        "source",
        "updated_at",
    ]
    export_filename = "structures"
    ordering = ["sort_name"]
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Structure.objects.select_related("department")


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Secteurs d'activité")
    menu_order = 200
    list_display = ["name", "group", "slug"]
    list_filter = ["group"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["group__order", "name"]
    list_per_page = 50


class SectorGroupViewSet(SnippetViewSet):
    model = SectorGroup
    icon = "folder-open-inverse"
    menu_label = _("Groupes de secteurs")
    menu_order = 300
    list_display = ["name", "order", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["order", "name"]


class CommuneViewSet(SnippetViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    menu_order = 400
    list_display = [
        "name",
        Column("insee_code", label=_("Code INSEE")),
        Column("postcodes", label=_("Codes postaux")),
        "department",
    ]
    list_filter = ["region", "department"]
    search_fields = ["name", "insee_code", "postcodes"]
    search_backend_name = None
    list_per_page = 50

    def get_queryset(self, request):
        return Commune.objects.select_related("department")


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "site"
    menu_label = _("Départements")
    menu_order = 500
    list_display = [Column("code", label=_("Code")), "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["code"]
    list_per_page = 101

    def get_queryset(self, request):
        return Department.objects.select_related("region")


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Régions")
    menu_order = 600
    list_display = [Column("code", label=_("Code")), "name"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["name"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "group"
    menu_order = 250
    items = (
        StructureViewSet,
        SectorViewSet,
        SectorGroupViewSet,
        CommuneViewSet,
        DepartmentViewSet,
        RegionViewSet,
    )


register_snippet(DirectoryViewSetGroup)
