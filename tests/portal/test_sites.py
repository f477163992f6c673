"""The site of a request and its root page come from the cache; a change to a site or to its
root page is seen at the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.factories import ContentPageFactory, HomePageFactory

pytestmark = pytest.mark.django_db


def site_queries(client, url="/", **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return [q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"]], response


def test_site_and_root_page_are_read_once(client, home_page):
    ContentPageFactory(parent=home_page, slug="charte")
    client.get("/")
    client.get("/")  # the first request also creates the site's settings
    queries, response = site_queries(client, "/charte/")
    assert queries == []
    assert response.wsgi_request._wagtail_site.root_page.pk == home_page.pk
    with CaptureQueriesContext(connection) as home_queries:
        client.get("/")
    assert not [q for q in home_queries if 'FROM "home_homepage"' in q["sql"]]


def test_new_site_and_changed_root_page_are_seen_at_once(client, home_page, site):
    client.get("/")
    other_home = HomePageFactory(parent=home_page.get_parent(), slug="autre", title="Autre accueil")
    ContentPageFactory(parent=other_home, slug="rubrique", title="Rubrique de l'autre site")
    assert client.get("/rubrique/", HTTP_HOST="autre.example").status_code == 404
    Site.objects.create(hostname="autre.example", port=80, root_page=other_home)
    response = client.get("/rubrique/", HTTP_HOST="autre.example")
    assert response.status_code == 200
    assert response.wsgi_request._wagtail_site.hostname == "autre.example"
    site.root_page = other_home
    site.save()
    assert client.get("/rubrique/").status_code == 200


def test_home_page_edits_are_served_at_once(client, home_page):
    assert "Les marchés publics au service de l&#x27;emploi" in client.get("/").content.decode()
    home_page.hero_title = "Un nouveau titre"
    home_page.save_revision().publish()
    assert "Un nouveau titre" in client.get("/").content.decode()


def test_unknown_host_without_default_site_is_a_404(client, home_page, site):
    site.is_default_site = False
    site.save()
    assert client.get("/", HTTP_HOST="inconnu.example").status_code == 404
    assert client.get("/", HTTP_HOST="inconnu.example").status_code == 404
    assert client.get("/").status_code == 200
