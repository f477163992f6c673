import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils  # noqa: F401  (keeps wagtail test helpers importable)

from home.factories import ContentPageFactory, HomeEntryPointFactory, SitemapPageFactory
from home.models import ContentPage, HomePage, SitemapPage

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_and_entry_points(client, home_page):
    target = ContentPageFactory(
        parent=home_page, title="Les opportunités", slug="opportunites-test"
    )
    HomeEntryPointFactory(home=home_page, page=target, title="Trouver un marché")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert home_page.hero_title.replace("'", "&#x27;") in html
    assert "Trouver un marché" in html
    assert 'href="/opportunites-test/"' in html


def test_content_page_renders_body_breadcrumbs_and_skip_links(client, home_page):
    page = ContentPageFactory(parent=home_page, title="Mentions légales", slug="mentions-legales")
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un paragraphe de contenu." in html
    assert 'aria-label="Vous êtes ici"' in html
    assert 'href="#contenu"' in html
    assert '<main id="contenu"' in html


def test_footer_links_to_legal_pages_and_shows_accessibility_state(client, home_page):
    for slug in [
        "accessibilite",
        "mentions-legales",
        "donnees-personnelles",
        "gestion-des-cookies",
    ]:
        ContentPageFactory(parent=home_page, slug=slug, title=slug.replace("-", " ").capitalize())
    SitemapPageFactory(parent=home_page)
    html = client.get("/").content.decode()
    assert "Accessibilité : partiellement conforme" in html
    for slug in [
        "accessibilite",
        "mentions-legales",
        "donnees-personnelles",
        "gestion-des-cookies",
        "plan-du-site",
    ]:
        assert f'href="/{slug}/"' in html


def test_sitemap_page_lists_live_tree_only(client, home_page):
    parent = ContentPageFactory(parent=home_page, title="Rubrique")
    ContentPageFactory(parent=parent, title="Sous-page publiée")
    draft = ContentPageFactory(parent=parent, title="Brouillon secret")
    draft.unpublish()
    sitemap = SitemapPageFactory(parent=home_page)
    html = client.get(sitemap.url).content.decode()
    assert "Rubrique" in html
    assert "Sous-page publiée" in html
    assert "Brouillon secret" not in html


def test_main_navigation_is_built_from_the_tree(client, home_page):
    ContentPageFactory(parent=home_page, title="Dans le menu", show_in_menus=True)
    ContentPageFactory(parent=home_page, title="Hors menu", show_in_menus=False)
    html = client.get("/").content.decode()
    nav = html.split('id="navigation"')[1].split("</nav>")[0]
    assert "Dans le menu" in nav
    assert "Hors menu" not in nav


def test_404_page_is_custom_and_french(client, home_page):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_500_page_is_static_and_french(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "momentanément indisponible" in response.content.decode()


def test_robots_and_sitemap_xml(client, home_page):
    ContentPageFactory(parent=home_page, slug="publiee")
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/publiee/" in sitemap.content.decode()


@pytest.mark.parametrize(
    ("model", "parents", "children"),
    [
        (HomePage, {Page}, None),
        (ContentPage, {HomePage, ContentPage}, {ContentPage}),
        (SitemapPage, {HomePage}, set()),
    ],
)
def test_page_type_rules(model, parents, children):
    assert set(model.allowed_parent_page_models()) == parents
    if children is not None:
        assert set(model.allowed_subpage_models()) == children


def test_singletons():
    assert HomePage.max_count == 1
    assert SitemapPage.max_count == 1


def test_home_page_cannot_be_created_twice(home_page):
    assert not HomePage.can_create_at(Page.get_first_root_node())
