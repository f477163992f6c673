"""The editor pages load the autosave guard (static/js/admin-autosave-guard.js); its behaviour
in a browser is checked by tests/browser/test_admin_autosave.py."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

SCRIPT = "js/admin-autosave-guard.js"


def test_add_and_edit_forms_load_the_guard(admin_client, home_page):
    add = admin_client.get(f"/admin/pages/add/home/contentpage/{home_page.pk}/")
    edit = admin_client.get(f"/admin/pages/{home_page.pk}/edit/")
    for response in (add, edit):
        assert response.status_code == 200
        assert f'src="/static/{SCRIPT}"' in response.content.decode()
    assert finders.find(SCRIPT) is not None


def test_other_admin_pages_do_not(admin_client, home_page):
    response = admin_client.get(f"/admin/pages/{home_page.pk}/")
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()
