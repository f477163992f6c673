"""The demo command itself (the only test that runs it): it builds the site and is idempotent."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage

pytestmark = pytest.mark.django_db


def _snapshot():
    return sorted(Page.objects.values_list("url_path", "latest_revision_id", "live"))


def test_demo_content_is_idempotent_and_serves_footer_pages(client):
    call_command("load_demo_content", verbosity=0)
    first = _snapshot()
    call_command("load_demo_content", verbosity=0)
    assert _snapshot() == first
    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    for url in [
        "/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/gestion-des-cookies/",
        "/plan-du-site/",
        "/actualites/",
        "/actualites/rencontre-acheteurs-siae-du-btp/",
        "/chiffres-cles/",
        "/contact/",
        "/recherche/?q=clause+sociale",
        "/opportunites/",
        "/opportunites/?statut=cloturee&clause=insertion",
        "/opportunites/nettoyage-des-batiments-administratifs-de-la-metropole/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 2000, url
    assert client.get("/actualites/rss/").status_code == 200
    assert client.get("/actualites/rencontre-acheteurs-siae-du-btp/agenda/").status_code == 200


def test_ensure_admin_creates_once(monkeypatch, capsys):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert "Mot de passe généré" in out
    call_command("ensure_admin")
    assert "existe déjà" in capsys.readouterr().out
    assert get_user_model().objects.filter(username="admin", is_superuser=True).count() == 1


def test_french_groups_exist_with_moderation_split():
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    editors = Group.objects.get(name="Éditeurs")
    moderators = Group.objects.get(name="Modérateurs")
    editor_perms = set(
        GroupPagePermission.objects.filter(group=editors).values_list(
            "permission__codename", flat=True
        )
    )
    moderator_perms = set(
        GroupPagePermission.objects.filter(group=moderators).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" not in editor_perms
    assert {"add_page", "change_page"} <= editor_perms
    assert "publish_page" in moderator_perms
