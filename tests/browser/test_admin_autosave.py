"""Wagtail's autosave and a publication clicked while it is on its way (static/js/
admin-autosave-guard.js).

The first autosave of an "add" form creates the page as a draft; until its answer comes back
the form still points at the "add" view. Without the guard, "Publier" clicked in between
posts a second creation, refused because the draft already holds the slug, and the editor is
left on an add form that can never be published."""

import re

from playwright.sync_api import expect

from home.models import ContentPage
from tests.browser.helpers import click_publish, log_into_admin

TITLE = "Guide de l'acheteur responsable"


def test_publication_waits_for_the_autosave_of_a_new_page(page, portal_site, moderator):
    home = portal_site.home
    add_url = f"/admin/pages/add/home/contentpage/{home.pk}/"
    log_into_admin(page, moderator.username, moderator.password)

    # The autosave reaches the server (the draft is created) but its answer is held back, as
    # on a slow network, until "Publier" has been clicked.
    held, add_form_posts = [], []

    def hold_autosave_answer(route):
        request = route.request
        if request.method == "POST" and "application/json" in request.headers.get("accept", ""):
            held.append((route, route.fetch()))
            return
        if request.method == "POST":
            add_form_posts.append(request.post_data)
        route.continue_()

    page.route(re.compile(re.escape(add_url) + "$"), hold_autosave_answer)
    page.goto(add_url)
    # Wagtail notes the form's initial state 2 s after loading; edits count from then on.
    page.evaluate(
        "() => new Promise((resolve) => document.addEventListener("
        "'w-unsaved:watch-edits', resolve, {once: true}))"
    )
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_intro").fill("Les clauses sociales pas à pas.")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "aucun enregistrement automatique n'est parti"
    draft = ContentPage.objects.get(title=TITLE)
    assert not draft.live

    click_publish(page)
    page.wait_for_timeout(500)
    # Held until the autosave has answered: nothing is posted to the "add" view meanwhile.
    assert add_form_posts == []
    route, response = held.pop()
    route.fulfill(response=response)

    expect(page).to_have_url(re.compile(rf"/admin/pages/{home.pk}/$"))
    expect(page.get_by_text(f"La page « {TITLE} » a été publiée.")).to_be_visible()
    pages = ContentPage.objects.filter(title=TITLE)
    assert [(p.pk, p.live) for p in pages] == [(draft.pk, True)]
