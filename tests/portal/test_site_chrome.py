"""The frame of every page (menu, footer, logos, settings) is read from the cache, and any
change to what it shows is visible at the next request."""

import pytest
import wagtail_factories
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from home.factories import ContentPageFactory, HomePageFactory
from portal import cache, site_chrome
from portal.models import PartnerLogo, PortalSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def menu_page(home_page):
    return ContentPageFactory(
        parent=home_page, title="Opportunités", slug="opportunites", show_in_menus=True
    )


def navigation(client, url="/"):
    html = client.get(url).content.decode()
    return html.split('id="navigation"')[1].split("</nav>")[0]


def footer(client, url="/"):
    return client.get(url).content.decode().split('id="pied-de-page"')[1]


def frame_queries(client, url="/"):
    """The queries of a request that read what the frame shows."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    tables = ('FROM "portal_portalsettings"', 'FROM "portal_partnerlogo"', 'FROM "wagtailimages_')
    menu_or_footer = ('"show_in_menus"', "mentions-legales")
    return [
        sql
        for sql in (query["sql"] for query in queries)
        if any(table in sql for table in tables)
        or any(condition in sql.partition(" WHERE ")[2] for condition in menu_or_footer)
    ]


class TestReadFromTheCache:
    def test_second_request_reads_no_menu_footer_or_settings(self, client, menu_page, site):
        portal_settings = PortalSettings.for_site(site)
        portal_settings.operator_logo = wagtail_factories.ImageFactory()
        portal_settings.save()
        PartnerLogo.objects.create(
            settings=portal_settings, name="Réseau", logo=wagtail_factories.ImageFactory()
        )
        ContentPageFactory(parent=menu_page.get_parent(), slug="mentions-legales")
        client.get("/")  # the first request also creates the other settings of the site
        site_chrome.forget()
        assert frame_queries(client)  # built once…
        assert frame_queries(client) == []  # …then read from the cache
        assert frame_queries(client, "/opportunites/") == []
        html = client.get("/opportunites/").content.decode()
        assert 'aria-current="page">Opportunités</a>' in html
        assert 'href="/mentions-legales/"' in html
        assert 'class="partner-logo"' in html and 'class="site-brand__logo"' in html

    def test_logos_are_the_tags_the_image_tag_prints(self, client, site):
        image = wagtail_factories.ImageFactory(file__width=400, file__height=100)
        portal_settings = PortalSettings.for_site(site)
        portal_settings.operator_name = "Métropole <des> « Trois-Rivières »"
        portal_settings.operator_logo = image
        portal_settings.save()
        PartnerLogo.objects.create(
            settings=portal_settings, name='Le "réseau"', url="https://exemple.org/", logo=image
        )
        chrome = site_chrome.site_chrome(site)
        expected = Template(
            "{% load wagtailimages_tags %}"
            '{% image logo max-160x64 alt=name class="partner-logo" %}|'
            '{% image logo height-56 class="site-brand__logo" alt=operator %}'
        ).render(
            Context(
                {"logo": image, "name": 'Le "réseau"', "operator": portal_settings.operator_name}
            )
        )
        assert f"{chrome.partners[0].logo}|{chrome.operator_logo}" == expected
        html = client.get("/").content.decode()
        assert f'<a href="https://exemple.org/">{chrome.partners[0].logo}</a>' in html
        assert chrome.operator_logo in html

    def test_each_site_has_its_own_frame(self, client, home_page, menu_page):
        other_home = HomePageFactory(parent=home_page.get_parent(), slug="autre")
        ContentPageFactory(parent=other_home, title="Rubrique du second site", show_in_menus=True)
        Site.objects.create(hostname="autre.example", port=80, root_page=other_home)
        assert "Opportunités" in navigation(client)
        other = client.get("/", HTTP_HOST="autre.example").content.decode()
        assert "Rubrique du second site" in other
        assert "Opportunités" not in other.split('id="navigation"')[1].split("</nav>")[0]


class TestChangesAreVisibleAtOnce:
    def test_published_page_joins_the_menu(self, client, home_page, commit):
        assert "Nouveautés" not in navigation(client)
        page = ContentPageFactory(
            parent=home_page, title="Nouveautés", slug="nouveautes", show_in_menus=True, live=False
        )
        assert "Nouveautés" not in navigation(client)  # a draft is not in the menu
        with commit():
            page.save_revision().publish()
        assert "Nouveautés" in navigation(client)

    def test_renamed_page_changes_in_the_menu_only_when_published(self, client, menu_page, commit):
        assert "Opportunités" in navigation(client)
        menu_page.title = "Marchés à venir"
        with commit():
            revision = menu_page.save_revision()
        assert "Marchés à venir" not in navigation(client)
        with commit():
            revision.publish()
        nav = navigation(client)
        assert "Marchés à venir" in nav and "Opportunités" not in nav

    def test_unpublished_page_leaves_the_menu(self, client, menu_page, commit):
        assert "Opportunités" in navigation(client)
        with commit():
            menu_page.unpublish()
        assert "Opportunités" not in navigation(client)

    def test_private_page_leaves_the_menu(self, client, menu_page, commit):
        assert "Opportunités" in navigation(client)
        with commit():
            PageViewRestriction.objects.create(
                page=menu_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
        assert "Opportunités" not in navigation(client)

    def test_new_footer_page_and_settings(self, client, home_page, site, commit):
        assert 'href="/mentions-legales/"' not in footer(client)
        ContentPageFactory(parent=home_page, title="Mentions légales", slug="mentions-legales")
        assert 'href="/mentions-legales/"' in footer(client)
        portal_settings = PortalSettings.for_site(site)
        portal_settings.accessibility_status = "totalement"
        portal_settings.contact_email = "contact@exemple.org"
        with commit():
            portal_settings.save()
        html = footer(client)
        assert "Accessibilité : totalement conforme" in html
        assert "contact@exemple.org" in html

    def test_partner_logo_added_and_removed(self, client, site, commit):
        assert "Nos partenaires" not in footer(client)
        with commit():
            partner = PartnerLogo.objects.create(
                settings=PortalSettings.for_site(site),
                name="Maison de l'emploi",
                logo=wagtail_factories.ImageFactory(),
            )
        assert 'alt="Maison de l&#x27;emploi"' in footer(client)
        with commit():
            partner.delete()
        assert "Nos partenaires" not in footer(client)

    def test_content_changed_signal_drops_the_frame(self, client, site, monkeypatch):
        client.get("/")
        version = site_chrome.chrome_version()
        cache.content_changed.send(sender=PortalSettings)
        assert site_chrome.chrome_version() != version


class TestVersion:
    def test_forget_bumps_now_and_after_commit(self, django_capture_on_commit_callbacks):
        first = site_chrome.chrome_version()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            site_chrome.forget()
            second = site_chrome.chrome_version()
        assert second != first
        assert len(callbacks) == 1  # a request between the two could have stored old data
        callbacks[0]()
        assert site_chrome.chrome_version() not in {first, second}

    def test_lost_version_is_recreated(self):
        from django.core.cache import cache as default_cache

        first = site_chrome.chrome_version()
        default_cache.delete(site_chrome.VERSION_KEY)
        site_chrome.forget()
        assert site_chrome.chrome_version() != first

    def test_frame_built_while_something_changes_is_not_stored(self, site, monkeypatch):
        built = []
        real_build = site_chrome.build_site_chrome

        def build_and_change(target):
            built.append(target)
            chrome = real_build(target)
            if len(built) == 1:
                site_chrome.forget()  # a publication while the first build was reading
            return chrome

        monkeypatch.setattr(site_chrome, "build_site_chrome", build_and_change)
        site_chrome.site_chrome(site)
        assert len(built) == 2  # built again after the change, and that one is stored
        site_chrome.site_chrome(site)
        assert len(built) == 2
