"""The harness itself: its checks must fail when the page is wrong, not only pass when it is
right."""

import threading
from types import SimpleNamespace

import pytest
from django.core import mail

from home.factories import ContentPageFactory
from tests.browser.helpers import (
    MOBILE,
    assert_focus_visible,
    assert_in_viewport,
    axe_check,
    email_link,
    image_file,
    links_in_email,
    log_into_admin,
    on_live_server,
    tab_until,
)


def test_axe_check_reports_rule_element_help_and_url(shared_page):
    shared_page.goto("/")
    shared_page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/css/portal.css";
            img.id = "image-sans-alternative";
            document.querySelector("main").append(img);
        }"""
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(shared_page)
    message = str(failure.value)
    assert "image-alt [critical]" in message
    assert "#image-sans-alternative" in message
    assert "Images must have alternative text" in message
    assert "https://dequeuniversity.com/rules/axe/4.10/image-alt" in message
    # Scoping the audit leaves the faulty element out.
    axe_check(shared_page, exclude="#image-sans-alternative")


def test_content_security_policy_violations_are_reported(shared_page):
    shared_page.goto("/")
    with pytest.raises(Exception):  # noqa: B017  (Playwright's error type for a blocked script)
        shared_page.add_script_tag(content="document.title = 'injecté';")
    assert shared_page.title() != "injecté"
    assert any("Content Security Policy" in problem for problem in shared_page.reported_problems)
    shared_page.reported_problems.clear()  # otherwise the page fixture fails this test, as it should


@pytest.mark.parametrize("viewport", [MOBILE], ids=["mobile"])
def test_assert_in_viewport_tells_what_is_below_the_fold(shared_page):
    shared_page.goto("/")
    assert_in_viewport(shared_page, "header .site-brand")
    with pytest.raises(
        pytest.fail.Exception, match="visible sans défiler dans une fenêtre de 375×667"
    ):
        assert_in_viewport(shared_page, "#pied-de-page")
    assert_in_viewport(shared_page, "#hero-title", fully=False)


def test_focus_checks_fail_on_an_invisible_focus(shared_page):
    shared_page.goto("/")
    shared_page.evaluate(
        """() => {
            const link = document.querySelector(".skip-links a");
            link.classList.add("sans-contour");
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, (() => {
                const sheet = new CSSStyleSheet();
                sheet.replaceSync(".sans-contour:focus, .sans-contour:focus-visible { outline: none !important; }");
                return sheet;
            })()];
        }"""
    )
    shared_page.keyboard.press("Tab")
    with pytest.raises(pytest.fail.Exception, match="Le focus n'est pas visible"):
        assert_focus_visible(shared_page)
    with pytest.raises(pytest.fail.Exception, match="n'est pas atteint en 2 appuis"):
        tab_until(shared_page, "#pied-de-page a", max_tabs=2, check_focus=False)


def test_email_links_are_read_from_the_outbox_shared_with_the_live_server(browser_db):
    def send_from_another_thread():
        mail.send_mail(
            "Confirmez votre adresse",
            "Bonjour,\nconfirmez ici : http://testserver/annuaire/confirmer/abc123/.\nMerci.",
            None,
            ["contact@structure.example"],
            html_message='<a href="http://testserver/annuaire/confirmer/abc123/?a=1&amp;b=2">ici</a>',
        )

    sender = threading.Thread(target=send_from_another_thread)
    sender.start()
    sender.join()
    link = email_link(browser_db, to="contact@structure.example", contains="/confirmer/")
    assert link == f"{browser_db.url}/annuaire/confirmer/abc123/"
    assert links_in_email(mail.outbox[0]) == [
        "http://testserver/annuaire/confirmer/abc123/",
        "http://testserver/annuaire/confirmer/abc123/?a=1&b=2",
    ]
    with pytest.raises(pytest.fail.Exception, match="Aucun courriel"):
        email_link(browser_db, to="personne@example.org", timeout=0.2)


def test_on_live_server_keeps_path_query_and_fragment():
    server = SimpleNamespace(url="http://localhost:41234")
    assert on_live_server("https://portail.example/a/b/?c=d#e", server) == (
        "http://localhost:41234/a/b/?c=d#e"
    )


def test_fresh_database_is_shared_with_the_live_server(page, portal_site):
    """What the test writes is served at once; the next test starts from a clean database."""
    news = ContentPageFactory(parent=portal_site.home, title="Actualité du jour", slug="actu")
    response = page.goto(news.url)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Actualité du jour"
    assert page.locator(".breadcrumbs").get_by_role("link", name="Accueil").is_visible()


def test_moderator_logs_into_the_admin(page, moderator):
    log_into_admin(page, moderator.username, moderator.password)
    assert page.url.endswith("/admin/")
    assert page.locator("main").first.is_visible()


def test_image_file_writes_a_real_image(tmp_path):
    from PIL import Image

    path = image_file(tmp_path, "logo.jpg", size=(300, 150))
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (300, 150))
