"""The last demo step links the home page to the other apps' sections, by slug, skipping
the missing ones, and stays idempotent (no new revision when nothing changes)."""

import pytest

from home.demo_site import link_home_entry_points
from home.factories import ContactPageFactory, ContentPageFactory, NewsIndexPageFactory

pytestmark = pytest.mark.django_db


def _entries(home):
    return {entry.audience: entry for entry in home.entry_points.select_related("page")}


def test_missing_sections_are_skipped_and_fallbacks_used(home_page):
    ContactPageFactory(parent=home_page)
    link_home_entry_points()
    entries = _entries(home_page)
    assert set(entries) == {"Acheteurs et facilitateurs"}
    assert entries["Acheteurs et facilitateurs"].page.slug == "contact"
    assert entries["Acheteurs et facilitateurs"].link_label == "Contacter un facilitateur"


def test_sections_created_later_are_linked_then_nothing_changes(home_page):
    ContactPageFactory(parent=home_page)
    link_home_entry_points()
    opportunities = ContentPageFactory(parent=home_page, slug="opportunites", show_in_menus=True)
    ContentPageFactory(parent=home_page, slug="annuaire", show_in_menus=True)
    charter = ContentPageFactory(parent=home_page, slug="charte")
    assert "reliées" in link_home_entry_points()
    home_page.refresh_from_db()
    entries = _entries(home_page)
    assert entries["Entreprises"].page == opportunities.page_ptr
    assert entries["Structures d'insertion et du handicap"].page.slug == "annuaire"
    assert entries["Acheteurs et facilitateurs"].page.slug == "charte"
    assert home_page.opportunities_page_id == opportunities.pk
    assert home_page.signatories_page_id == charter.pk
    revision = home_page.latest_revision_id
    assert link_home_entry_points() == "Entrées de l'accueil : à jour."
    home_page.refresh_from_db()
    assert home_page.latest_revision_id == revision


def test_own_pages_come_last_in_the_menu(home_page):
    NewsIndexPageFactory(parent=home_page, show_in_menus=True)
    ContactPageFactory(parent=home_page, show_in_menus=True)
    ContentPageFactory(parent=home_page, slug="opportunites", show_in_menus=True)
    link_home_entry_points()
    menu = [page.slug for page in home_page.get_children().in_menu().order_by("path")]
    assert menu == ["opportunites", "actualites", "contact"]
    link_home_entry_points()
    assert [p.slug for p in home_page.get_children().in_menu().order_by("path")] == menu
