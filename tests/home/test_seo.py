"""SEO and sharing: meta description, canonical URLs, OpenGraph, sitemap.xml with sections
from other apps, robots.txt, breadcrumbs and French ASCII slugs."""

import xml.etree.ElementTree as ET

import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.documents import get_document_model

from home.factories import ContentPageFactory, NewsPageFactory
from home.models import ContentPage
from home.sitemaps import sitemap_sections

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _head(html):
    return html.split("</head>")[0]


def test_meta_description_falls_back_to_the_intro(client, news_index):
    page = NewsPageFactory(parent=news_index, intro="Vingt   acheteurs ont signé\nla charte.")
    head = _head(client.get(page.url).content.decode())
    assert '<meta name="description" content="Vingt acheteurs ont signé la charte.">' in head
    assert '<meta property="og:description" content="Vingt acheteurs ont signé la charte.">' in head
    page.search_description = "Une description choisie."
    page.save_revision().publish()
    head = _head(client.get(page.url).content.decode())
    assert '<meta name="description" content="Une description choisie.">' in head


def test_long_descriptions_are_shortened(client, home_page):
    page = ContentPageFactory(parent=home_page, search_description="mot " * 100)
    head = _head(client.get(page.url).content.decode())
    description = head.split('<meta name="description" content="')[1].split('"')[0]
    assert len(description) <= 200
    assert description.endswith("…")


def test_canonical_and_og_url_are_absolute(client, home_page):
    page = ContentPageFactory(parent=home_page, slug="mentions")
    head = _head(client.get(page.url, {"utm_source": "lettre"}).content.decode())
    assert '<link rel="canonical" href="http://testserver/mentions/">' in head
    assert '<meta property="og:url" content="http://testserver/mentions/">' in head
    assert '<meta property="og:type" content="website">' in head


def test_news_listing_canonical_keeps_tag_and_page_only(client, news_index):
    for number in range(11):
        NewsPageFactory(parent=news_index, title=f"Nouvelle {number}", tags=["SIAE"])
    head = _head(
        client.get("/actualites/", {"etiquette": "siae", "page": "2", "x": "y"}).content.decode()
    )
    assert (
        '<link rel="canonical" href="http://testserver/actualites/?etiquette=siae&amp;page=2">'
        in head
    )
    head = _head(client.get("/actualites/", {"etiquette": "inconnue"}).content.decode())
    assert '<link rel="canonical" href="http://testserver/actualites/">' in head


def test_share_image_is_absolute_and_falls_back_to_the_news_image(client, news_index):
    image = wagtail_factories.ImageFactory(title="Forum")
    page = NewsPageFactory(parent=news_index, image=image)
    head = _head(client.get(page.url).content.decode())
    assert '<meta property="og:image" content="http://testserver/media/images/' in head
    assert ".fill-1200x630" in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head


def test_share_image_of_a_content_page(client, home_page):
    page = ContentPageFactory(parent=home_page, share_image=wagtail_factories.ImageFactory())
    head = _head(client.get(page.url).content.decode())
    assert '<meta property="og:image" content="http://testserver/media/images/' in head


def test_search_page_is_noindex_without_canonical(client, home_page):
    head = _head(client.get("/recherche/", {"q": "charte"}).content.decode())
    assert '<meta name="robots" content="noindex">' in head
    assert "canonical" not in head


def test_breadcrumbs_on_a_news_page(client, news_index):
    page = NewsPageFactory(parent=news_index, title="Le forum revient")
    html = client.get(page.url).content.decode()
    crumbs = html.split('aria-label="Vous êtes ici"')[1].split("</nav>")[0]
    assert 'href="/">Accueil</a>' in crumbs
    assert 'href="/actualites/">Actualités</a>' in crumbs
    assert 'aria-current="page">Le forum revient</a>' in crumbs


def test_slugs_are_french_and_ascii(home_page):
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False
    page = ContentPage(title="Événements à venir : réunions d'information")
    home_page.add_child(instance=page)
    assert page.slug == "evenements-a-venir-reunions-dinformation"
    assert page.url == "/evenements-a-venir-reunions-dinformation/"


def test_robots_txt_points_to_the_sitemap_and_hides_search(client, home_page):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /recherche/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


class _DocumentSitemap(Sitemap):
    """Stands in for the directory's structures (objects that are not pages)."""

    def items(self):
        return get_document_model().objects.order_by("pk")

    def location(self, document):
        return f"/annuaire/structure-{document.pk}/"


@pytest.fixture
def structures_section():
    with sitemap_sections.temporarily("structures", _DocumentSitemap):
        yield


def test_sitemap_lists_live_pages_and_registered_sections(
    client, home_page, news_index, structures_section
):
    news = NewsPageFactory(parent=news_index, title="Publiée")
    draft = NewsPageFactory(parent=news_index, title="Brouillon")
    draft.unpublish()
    document = wagtail_factories.DocumentFactory()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    locations = {loc.text for loc in root.iter(f"{SITEMAP_NS}loc")}
    assert "http://testserver/" in locations
    assert "http://testserver/actualites/" in locations
    assert f"http://testserver{news.url}" in locations
    assert f"http://testserver/actualites/{draft.slug}/" not in locations
    assert f"http://testserver/annuaire/structure-{document.pk}/" in locations


def test_sitemap_sections_cannot_replace_pages():
    with pytest.raises(ValueError):
        sitemap_sections.register("pages")


def test_content_page_description_falls_back_to_its_intro(client, home_page):
    page = ContentPageFactory(parent=home_page, intro="Qui publie ce portail.")
    head = _head(client.get(page.url).content.decode())
    assert '<meta name="description" content="Qui publie ce portail.">' in head
