import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.factories import CommuneFactory
from opportunities.factories import (
    AlertSubscriptionFactory,
    BuyerFactory,
    FacilitatorFactory,
    OpportunityPageFactory,
)
from opportunities.models import OpportunityPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.org", "motdepasse-solide"
    )
    client.force_login(user)
    return client


def test_snippets_are_grouped_in_an_opportunities_menu(
    admin_client, index_page, rf, django_user_model
):
    from wagtail.admin.menu import admin_menu

    # Load the admin's URLs first, as any real request does: that is when the viewsets
    # registered by hooks add their menu items, and the menu keeps the first list it builds.
    reverse("wagtailadmin_home")
    BuyerFactory(name="Métropole des Trois-Rivières")
    FacilitatorFactory(name="Samia Benali")
    AlertSubscriptionFactory(email="abonne@example.org")
    request = rf.get("/admin/")
    request.user = django_user_model.objects.get(username="admin")
    group = next(
        item for item in admin_menu.menu_items_for_request(request) if item.label == "Opportunités"
    )
    labels = [item.label for item in group.menu.menu_items_for_request(request)]
    assert labels == ["Acheteurs", "Facilitateurs", "Abonnements aux alertes"]
    for url_name, text in [
        ("wagtailsnippets_opportunities_buyer:list", "Métropole des Trois-Rivières"),
        ("wagtailsnippets_opportunities_facilitator:list", "Samia Benali"),
        ("wagtailsnippets_opportunities_alertsubscription:list", "abonne@example.org"),
    ]:
        response = admin_client.get(reverse(url_name))
        assert response.status_code == 200, url_name
        assert text in response.content.decode()
    filtered = admin_client.get(
        reverse("wagtailsnippets_opportunities_buyer:list") + "?kind=hopital"
    )
    assert "Métropole des Trois-Rivières" not in filtered.content.decode()


def _form(title, lots, **overrides):
    today = datetime.date.today()
    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "buyer": BuyerFactory().pk,
        "summary": "Nettoyage de bâtiments publics.",
        "description": rich_text(""),
        "nature": "services",
        "cpv_codes": "90910000-9",
        "place": CommuneFactory().pk,
        "publication_date": (today + datetime.timedelta(days=5)).isoformat(),
        "deadline": (today + datetime.timedelta(days=40)).isoformat(),
        "lots": inline_formset(lots),
        "action-publish": "publish",
    }
    data.update(overrides)
    flat = nested_form_data(data)
    # nested_form_data spreads lists over indexed keys; multiple choices post one key.
    for index, lot in enumerate(lots):
        for name in ("clauses", "sectors"):
            for key in [k for k in flat if k.startswith(f"lots-{index}-{name}-")]:
                del flat[key]
            flat[f"lots-{index}-{name}"] = lot.get(name, [])
    return flat


def _add_url(index_page):
    return reverse(
        "wagtailadmin_pages:add", args=("opportunities", "opportunitypage", index_page.pk)
    )


def test_editor_creates_an_opportunity_with_lots_clauses_and_sectors(
    admin_client, index_page, cleaning
):
    lots = [
        {
            "number": 1,
            "title": "Bureaux",
            "clauses": ["insertion"],
            "insertion_hours": "900",
            "sectors": [cleaning.pk],
            "note": "",
        },
        {
            "number": 2,
            "title": "Vitres",
            "clauses": ["reserve-siae"],
            "insertion_hours": "",
            "sectors": [],
            "note": "",
        },
    ]
    response = admin_client.post(_add_url(index_page), _form("Propreté des bureaux", lots))
    assert response.status_code == 302
    page = OpportunityPage.objects.get(title="Propreté des bureaux")
    assert page.live
    assert page.total_insertion_hours == 900
    assert page.clause_list == ["insertion", "reserve-siae"]
    assert list(page.sector_links.values_list("sector_id", flat=True)) == [cleaning.pk]
    assert [list(lot.sectors.all()) for lot in page.lots.all()] == [[cleaning], []]


def test_editor_sees_french_errors_and_nothing_is_lost(admin_client, index_page):
    today = datetime.date.today()
    lots = [
        {"number": 1, "title": "Sans clause", "clauses": [], "insertion_hours": "", "note": ""},
        {
            "number": 2,
            "title": "Heures sans clause",
            "clauses": ["critere-social"],
            "insertion_hours": "300",
            "note": "",
        },
    ]
    response = admin_client.post(
        _add_url(index_page),
        _form(
            "Marché mal rempli",
            lots,
            deadline=today.isoformat(),
            cpv_codes="4500",
            amount_min="900000",
            amount_max="100000",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "postérieure à la date de publication" in html
    assert "n&#x27;est pas un code CPV" in html or "n'est pas un code CPV" in html
    assert "supérieur ou égal au montant minimum" in html
    assert "Cochez au moins une clause sociale pour ce lot." in html
    assert "ne concernent que les lots avec une clause d" in html
    assert 'value="Heures sans clause"' in html  # what was typed is kept
    assert not OpportunityPage.objects.exists()


def test_lot_amounts_cannot_exceed_the_contract_amount(admin_client, index_page):
    lots = [
        {
            "number": 1,
            "title": "A",
            "clauses": ["critere-social"],
            "estimated_amount": "80000",
            "note": "",
        },
        {
            "number": 1,
            "title": "B",
            "clauses": ["critere-social"],
            "estimated_amount": "80000",
            "note": "",
        },
    ]
    response = admin_client.post(
        _add_url(index_page), _form("Montants", lots, amount_min="100000", amount_max="120000")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "dépasse le montant estimé du marché" in html
    assert "Deux lots portent le même numéro" in html


def test_edit_view_of_an_opportunity_renders(admin_client, index_page):
    page = OpportunityPageFactory(parent=index_page)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert 'name="lots-0-clauses"' in response.content.decode()


def test_preview_shows_unsaved_lots(index_page, cleaning):
    page = OpportunityPageFactory(parent=index_page, title="Aperçu")
    draft = page.get_latest_revision_as_object() if page.latest_revision else page
    lots = list(draft.lots.all())
    lots[0].title = "Lot modifié dans l'aperçu"
    lots[0].sectors = [cleaning]
    draft.lots = lots
    response = draft.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lot modifié dans l&#x27;aperçu" in html or "Lot modifié dans l'aperçu" in html
    assert "Nettoyage de locaux" in html
