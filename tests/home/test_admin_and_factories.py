"""Editors reach every page type of the app: add and edit views render, and every page type
has a factory (so tests can build it)."""

import inspect

import pytest
from django.apps import apps
from wagtail.models import Page

from home import factories
from home.factories import (
    ContactPageFactory,
    EventPageFactory,
    KeyFiguresPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from home.key_figures import key_figures

pytestmark = pytest.mark.django_db


def test_every_page_type_has_a_factory():
    page_models = {
        model for model in apps.get_app_config("home").get_models() if issubclass(model, Page)
    }
    factory_models = {
        factory._meta.model
        for _name, factory in inspect.getmembers(factories, inspect.isclass)
        if hasattr(factory, "_meta") and getattr(factory._meta, "model", None)
    }
    assert page_models <= factory_models, page_models - factory_models


def test_edit_views_render(admin_client, home_page):
    index = NewsIndexPageFactory(parent=home_page)
    pages = [
        home_page,
        index,
        NewsPageFactory(parent=index, tags=["SIAE"]),
        EventPageFactory(parent=index),
        KeyFiguresPageFactory(parent=home_page),
        ContactPageFactory(parent=home_page),
    ]
    for page in pages:
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page


@pytest.mark.parametrize(
    ("parent_fixture", "model"),
    [
        ("home_page", "newsindexpage"),
        ("home_page", "keyfigurespage"),
        ("home_page", "contactpage"),
        ("news_index", "newspage"),
        ("news_index", "eventpage"),
    ],
)
def test_add_views_render(admin_client, request, parent_fixture, model):
    parent = request.getfixturevalue(parent_fixture)
    response = admin_client.get(f"/admin/pages/add/home/{model}/{parent.pk}/")
    assert response.status_code == 200


def test_key_figures_preview_explains_missing_sources(client, home_page):
    page = KeyFiguresPageFactory(parent=home_page)  # one chart: structures by kind
    with key_figures.temporarily("directory.structures_by_kind", None):
        preview = page.make_preview_request()
        assert preview.status_code == 200
        assert "n'a pas de source de données" in preview.content.decode()
        # The public page leaves the chart out without a word.
        assert "source de données" not in client.get(page.url).content.decode()


def test_previews_render(home_page):
    index = NewsIndexPageFactory(parent=home_page)
    for page in [
        home_page,
        index,
        NewsPageFactory(parent=index),
        EventPageFactory(parent=index),
        ContactPageFactory(parent=home_page),
    ]:
        assert page.make_preview_request().status_code == 200, page
