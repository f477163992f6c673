"""Admin: buyers, facilitators and alert subscriptions in one "Opportunités" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from opportunities.models import AlertSubscription, Buyer, Facilitator


class BuyerViewSet(SnippetViewSet):
    model = Buyer
    icon = "group"
    menu_label = _("Acheteurs")
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    ordering = ["name"]


class FacilitatorViewSet(SnippetViewSet):
    model = Facilitator
    icon = "user"
    menu_label = _("Facilitateurs")
    list_display = ["name", "organisation", "territory", "email", "phone"]
    list_filter = {"organisation": ["icontains"], "territory": ["icontains"]}
    ordering = ["name"]


class AlertSubscriptionViewSet(SnippetViewSet):
    model = AlertSubscription
    icon = "mail"
    menu_label = _("Abonnements aux alertes")
    list_display = ["email", "filters", "created_at", "confirmed_at", "last_sent_at"]
    list_filter = {"confirmed_at": ["isnull"], "created_at": ["gte"]}
    ordering = ["-created_at"]
    inspect_view_enabled = True


class OpportunitiesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Opportunités")
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (BuyerViewSet, FacilitatorViewSet, AlertSubscriptionViewSet)


register_snippet(OpportunitiesViewSetGroup)
