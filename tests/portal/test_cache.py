"""Page cache: anonymous views cached, invalidated on publication, never for editors or drafts."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from home.factories import ContentPageFactory
from portal import cache
from portal.models import PortalSettings

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True
    return settings


@pytest.fixture
def page(home_page):
    return ContentPageFactory(parent=home_page, title="Clauses sociales", slug="clauses")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (the purge) of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _stored_page_timeouts(mocked_set):
    """Timeouts of the responses wagtail-cache stored (``LocMemCache.set`` mocked)."""
    return [
        call.args[3]
        for call in mocked_set.call_args_list
        if call.args[0] is caches["pagecache"] and isinstance(call.args[2], HttpResponse)
    ]


def fetch(client, url="/clauses/"):
    response = client.get(url)
    return response, response.content.decode()


class TestAnonymousViews:
    def test_second_view_is_served_from_cache(self, client, page_cache, page):
        first, _ = fetch(client)
        second, html = fetch(client)
        assert first[STATUS] == "miss"
        assert second[STATUS] == "hit"
        assert "Clauses sociales" in html
        assert second["Cache-Control"] == "public, max-age=60"
        assert "Expires" not in second

    def test_hit_does_not_touch_the_database(
        self, client, page_cache, page, django_assert_num_queries
    ):
        fetch(client)
        with django_assert_num_queries(0):
            response, _ = fetch(client)
        assert response[STATUS] == "hit"

    def test_cached_response_keeps_security_headers_and_fresh_request_id(
        self, client, page_cache, page
    ):
        first, _ = fetch(client)
        second, _ = fetch(client)
        assert second[STATUS] == "hit"
        assert "default-src 'self'" in second["Content-Security-Policy"]
        assert second["X-Frame-Options"] == "DENY"
        assert second["X-Request-ID"] != first["X-Request-ID"]

    def test_hit_is_answered_before_sessions_users_csrf_and_csp(self, client, page_cache, page):
        fetch(client)
        second, _ = fetch(client)
        assert second[STATUS] == "hit"
        request = second.wsgi_request
        for attribute in ("session", "user", "csp_nonce", "_messages", "_wagtail_site"):
            assert not hasattr(request, attribute), attribute
        # …yet it leaves with every header the page had when it was stored.
        assert "default-src 'self'" in second["Content-Security-Policy"]
        assert second["X-Frame-Options"] == "DENY"
        assert "camera=()" in second["Permissions-Policy"]
        assert second["X-Content-Type-Options"] == "nosniff"
        assert second["Referrer-Policy"] == "strict-origin-when-cross-origin"

    def test_hit_on_https_carries_hsts(self, client, page_cache, page, settings):
        settings.SECURE_HSTS_SECONDS = 31536000
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        settings.SECURE_HSTS_PRELOAD = True
        client.get("/clauses/", secure=True)
        response = client.get("/clauses/", secure=True)
        assert response[STATUS] == "hit"
        assert (
            response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        )

    def test_anonymous_pages_neither_vary_on_cookies_nor_set_any(self, client, page_cache, page):
        first, _ = fetch(client)
        second, _ = fetch(client)
        for response in (first, second):
            assert "Cookie" not in response.get("Vary", "")
            assert not response.cookies

    def test_unknown_host_is_refused_without_touching_the_cache(
        self, client, page_cache, page, caplog
    ):
        page_cache.ALLOWED_HOSTS = ["testserver"]
        fetch(client)
        response = client.get("/clauses/", HTTP_HOST="pirate.example")
        assert response.status_code == 400
        assert response.get(STATUS) != "hit"
        assert not [r for r in caplog.records if r.name == "wagtail-cache"]

    def test_missing_slash_redirect_is_kept(self, client, page_cache, page):
        for _ in range(2):
            response = client.get("/clauses")
            assert response.status_code == 301
            assert response["Location"] == "/clauses/"

    def test_tracking_query_strings_share_the_cached_page(self, client, page_cache, page):
        fetch(client)
        response, _ = fetch(client, "/clauses/?utm_source=lettre")
        assert response[STATUS] == "hit"

    def test_public_max_age_is_configurable(self, client, page_cache, page):
        page_cache.PORTAL_CACHE_MAX_AGE = 15
        response, _ = fetch(client)
        assert response["Cache-Control"] == "public, max-age=15"

    def test_stored_page_never_outlives_the_day(self, client, page_cache, page):
        # 23:59:30 in Paris: the page says what is true today, so it is stored 30 s at most.
        late = datetime.datetime(2026, 11, 25, 22, 59, 30, tzinfo=datetime.UTC)
        with (
            mock.patch("django.utils.timezone.now", return_value=late),
            mock.patch(
                "django.core.cache.backends.locmem.LocMemCache.set", autospec=True
            ) as stored,
        ):
            response, _ = fetch(client)
        assert response[STATUS] == "miss"
        assert response["Cache-Control"] == "public, max-age=30"
        assert _stored_page_timeouts(stored) == [30]

    def test_stored_page_keeps_the_configured_timeout_during_the_day(
        self, client, page_cache, page
    ):
        morning = datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)
        page_cache.PAGE_CACHE_TIMEOUT = 900
        with (
            mock.patch("django.utils.timezone.now", return_value=morning),
            mock.patch(
                "django.core.cache.backends.locmem.LocMemCache.set", autospec=True
            ) as stored,
        ):
            fetch(client)
        assert _stored_page_timeouts(stored) == [900]

    def test_404_is_cached_and_public(self, client, page_cache, home_page):
        client.get("/nulle-part/")
        response = client.get("/nulle-part/")
        assert response.status_code == 404
        assert response[STATUS] == "hit"

    def test_cache_disabled_by_setting(self, client, settings, page):
        settings.WAGTAIL_CACHE = False
        fetch(client)
        response, _ = fetch(client)
        assert STATUS not in response
        assert response["Cache-Control"] == "public, max-age=60"


class TestInvalidation:
    def test_published_change_is_visible_at_once(self, client, page_cache, page, commit):
        fetch(client)
        page.title = "Clauses sociales et environnementales"
        with commit():
            page.save_revision().publish()
        response, html = fetch(client)
        assert response[STATUS] == "miss"
        assert "Clauses sociales et environnementales" in html

    def test_draft_is_never_visible(self, client, page_cache, page, commit):
        fetch(client)
        page.title = "Brouillon confidentiel"
        with commit():
            page.save_revision()
        for _ in range(2):
            _response, html = fetch(client)
            assert "Brouillon confidentiel" not in html
            assert "Clauses sociales" in html

    def test_unpublished_page_disappears_at_once(self, client, page_cache, page, commit):
        fetch(client)
        with commit():
            page.unpublish()
        assert client.get("/clauses/").status_code == 404

    def test_deleted_page_disappears_at_once(self, client, page_cache, page, commit):
        fetch(client)
        with commit():
            page.delete()
        assert client.get("/clauses/").status_code == 404

    def test_moved_page_leaves_its_old_address(self, client, page_cache, page, home_page, commit):
        other = ContentPageFactory(parent=home_page, slug="rubrique")
        fetch(client)
        with commit():
            page.move(other, pos="last-child")
        old_address = client.get("/clauses/")
        # Wagtail redirects the old address to the new one, instead of the cached page.
        assert old_address.status_code == 301
        assert old_address["Location"].endswith("/rubrique/clauses/")
        assert client.get("/rubrique/clauses/").status_code == 200

    def test_site_setting_change_is_visible_at_once(self, client, page_cache, page, site, commit):
        fetch(client)
        portal_settings = PortalSettings.for_site(site)
        portal_settings.portal_name = "Achats responsables du territoire"
        with commit():
            portal_settings.save()
        _response, html = fetch(client)
        assert "Achats responsables du territoire" in html

    def test_content_changed_signal_purges(self, client, page_cache, page, commit):
        fetch(client)
        with commit():
            cache.content_changed.send(sender=Group)
        response, _ = fetch(client)
        assert response[STATUS] == "miss"

    def test_registered_model_purges_on_save_and_delete(
        self, client, page_cache, page, commit, monkeypatch
    ):
        monkeypatch.setattr(cache, "_registered_models", set())
        cache.register_model(Group)
        fetch(client)
        with commit():
            group = Group.objects.create(name="Acheteurs")
        assert fetch(client)[0][STATUS] == "miss"
        assert fetch(client)[0][STATUS] == "hit"
        with commit():
            group.delete()
        assert fetch(client)[0][STATUS] == "miss"

    def test_models_listed_in_settings_purge(self, client, page_cache, page, commit):
        page_cache.PORTAL_CACHE_PURGE_MODELS = ["auth.Group", "inexistant.Modele"]
        fetch(client)
        with commit():
            Group.objects.create(name="Facilitateurs")
        assert fetch(client)[0][STATUS] == "miss"

    def test_unrelated_model_does_not_purge(self, client, page_cache, page, commit):
        fetch(client)
        with commit():
            Group.objects.create(name="Sans rapport")
        assert fetch(client)[0][STATUS] == "hit"

    def test_rendition_creation_does_not_purge(self, page_cache):
        from wagtail.images.models import Rendition

        assert not cache.is_purging_model(Rendition)

    def test_purge_waits_for_commit_and_runs_once(
        self, page_cache, django_capture_on_commit_callbacks
    ):
        with (
            mock.patch.object(cache, "_purge_now") as purge,
            django_capture_on_commit_callbacks(execute=True),
        ):
            with transaction.atomic():
                cache.purge_all()
                cache.purge_all()
                cache.purge_all()
            assert purge.call_count == 0
        assert purge.call_count == 1

    def test_rolled_back_transaction_does_not_block_later_purges(
        self, page_cache, django_capture_on_commit_callbacks
    ):
        with mock.patch.object(cache, "_purge_now") as purge:
            with django_capture_on_commit_callbacks(execute=True):
                try:
                    with transaction.atomic():
                        cache.purge_all()
                        raise RuntimeError
                except RuntimeError:
                    pass
            with django_capture_on_commit_callbacks(execute=True):
                cache.purge_all()
        assert purge.call_count == 1

    def test_batch_purges_once(self, page_cache, commit):
        with mock.patch.object(cache, "_purge_now") as purge, commit(), cache.purge_batch():
            for _ in range(50):
                cache.purge_all()
            with cache.purge_batch():
                cache.purge_all()
            assert purge.call_count == 0
        assert purge.call_count == 1

    def test_cache_outage_never_breaks_a_save(self, page_cache, commit):
        with (
            mock.patch("portal.cache.clear_cache", side_effect=ConnectionError("redis")),
            commit(),
        ):
            cache.content_changed.send(sender=Group)  # no exception

    def test_purge_only_touches_the_page_cache(self, page_cache, commit):
        from django.core.cache import caches

        caches["default"].set("compteur", 3)
        caches["pagecache"].set("page", "x")
        with commit():
            cache.purge_all()
        assert caches["pagecache"].get("page") is None
        assert caches["default"].get("compteur") == 3


class TestNeverCached:
    def test_logged_in_users_neither_see_nor_fill_the_cache(
        self, client, admin_user, page_cache, page, commit
    ):
        fetch(client)  # anonymous fills the cache
        page.title = "Titre modifié"
        page.save_revision()  # a draft (no purge)
        client.force_login(admin_user)
        response, _ = fetch(client)
        assert response[STATUS] == "skip"
        assert response["Cache-Control"] == "private, no-cache"
        client.logout()
        anonymous = fetch(client)[0]
        assert anonymous[STATUS] == "hit"

    def test_page_viewed_by_an_editor_first_is_not_stored(
        self, client, admin_user, page_cache, page
    ):
        client.force_login(admin_user)
        fetch(client)
        client.logout()
        assert fetch(client)[0][STATUS] == "miss"

    def test_admin_is_no_store(self, client, admin_user, page_cache, page):
        client.force_login(admin_user)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        preview = client.get(f"/admin/pages/{page.pk}/edit/preview/")
        assert preview["Cache-Control"] == "no-store"
        assert preview.get(STATUS) != "hit"

    def test_admin_login_page_is_no_store(self, client, page_cache):
        response = client.get("/admin/login/")
        assert response["Cache-Control"] == "no-store"
        assert client.get("/admin/login/")[STATUS] == "skip"

    def test_restricted_page_is_not_stored(self, client, page_cache, page):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        client.get("/clauses/")
        response = client.get("/clauses/")
        assert response[STATUS] == "skip"
        assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]

    def test_page_made_private_leaves_the_cache_at_once(self, client, page_cache, page, commit):
        fetch(client)
        assert fetch(client)[0][STATUS] == "hit"
        with commit():
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
            )
        response, html = fetch(client)
        assert response[STATUS] == "skip"
        assert "Un paragraphe de contenu." not in html  # the password form instead
        with commit():
            restriction.delete()
        assert fetch(client)[0][STATUS] == "miss"

    def test_view_restrictions_are_read_once_per_served_page(
        self, client, page_cache, page, commit
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response, _ = fetch(client)
        assert response[STATUS] == "miss"
        restrictions = [
            query
            for query in queries
            if query["sql"].startswith('SELECT "wagtailcore_pageviewrestriction"')
            and '"page_id" IN' in query["sql"]
        ]
        assert len(restrictions) == 1  # for the page cache's hook and Wagtail's own check

    def test_visitors_with_a_session_or_messages_bypass_the_cache(self, client, page_cache, page):
        fetch(client)
        assert fetch(client)[0][STATUS] == "hit"
        client.cookies["sessionid"] = "abc"
        with_session = fetch(client)[0]
        assert with_session[STATUS] == "skip"
        # An unknown session is deleted (a cookie is set): no-store, never public.
        assert with_session["Cache-Control"] in {"private, no-cache", "no-store"}
        del client.cookies["sessionid"]
        client.cookies["messages"] = "x"
        assert fetch(client)[0][STATUS] == "skip"

    def test_csrf_cookie_alone_still_gets_the_cached_page(self, client, page_cache, page):
        fetch(client)
        client.cookies["csrftoken"] = "a" * 32
        assert fetch(client)[0][STATUS] == "hit"

    def test_documents_are_private(self, client, page_cache, db):
        request = RequestFactory().get("/documents/1/convention.pdf")
        assert cache.cache_control_for(request, HttpResponse()) == "private, no-cache"

    def test_responses_that_set_cookies_are_not_stored(self):
        response = HttpResponse("formulaire")
        response.set_cookie("csrftoken", "x")
        assert cache.is_response_cacheable(response, True) is False

    def test_no_store_responses_are_not_stored(self):
        response = HttpResponse()
        response["Cache-Control"] = "no-store"
        assert cache.is_response_cacheable(response, True) is False
        assert cache.is_response_cacheable(HttpResponse(), True) is True


class TestHeaderPolicy:
    @pytest.fixture
    def decide(self):
        def run(path="/page/", method="get", status=200, header=None, cookie=False, user=None):
            request = getattr(RequestFactory(), method)(path)
            if user is not None:
                request.user = user
            response = HttpResponse(status=status)
            if header:
                response["Cache-Control"] = header
            if cookie:
                response.set_cookie("csrftoken", "x")
            return cache.cache_control_for(request, response)

        return run

    def test_public_page(self, decide):
        assert decide() == "public, max-age=60"

    def test_view_max_age_shorter_wins(self, decide):
        assert decide(header="public, max-age=5") == "public, max-age=5"
        assert decide(header="max-age=3600") == "public, max-age=60"

    def test_post_and_forms_are_no_store(self, decide):
        assert decide(method="post") == "no-store"
        assert decide(cookie=True) == "no-store"

    def test_errors_and_429_are_no_store(self, decide):
        assert decide(status=500) == "no-store"
        assert decide(status=429) == "no-store"

    def test_redirects_to_login_are_not_public(self, decide):
        assert decide(status=302) == "no-cache"

    def test_view_private_choice_is_kept(self, decide):
        assert decide(header="private, max-age=0") == "private, max-age=0"
        never = "max-age=0, no-cache, no-store, must-revalidate, private"
        assert decide(header=never) == "no-store"

    def test_authenticated_is_private(self, decide, admin_user):
        assert decide(user=admin_user) == "private, no-cache"

    @pytest.mark.parametrize("path", ["/admin/pages/", "/django-admin/", "/health/", "/ready/"])
    def test_private_prefixes(self, decide, path):
        assert decide(path=path) == "no-store"


def test_snippet_save_purges(client, page_cache, page, commit, monkeypatch):
    import wagtail.snippets.models as snippet_models

    monkeypatch.setattr(snippet_models, "get_snippet_models", lambda: [Group])
    fetch(client)
    with commit():
        Group.objects.create(name="Extrait")
    assert fetch(client)[0][STATUS] == "miss"


def test_renditions_have_their_own_cache():
    from django.core.cache import caches
    from wagtail.images.models import Rendition

    assert Rendition.cache_backend is caches["renditions"]
    assert caches["renditions"] is not caches["default"]


def test_no_extra_query_when_the_cache_is_off(
    settings, page, django_assert_num_queries, django_assert_max_num_queries
):
    settings.WAGTAIL_CACHE = False
    with django_assert_num_queries(0):
        cache.skip_restricted_page(page, RequestFactory().get("/clauses/"))
    settings.WAGTAIL_CACHE = True
    with django_assert_max_num_queries(2):  # the restrictions of the page and its ancestors
        cache.skip_restricted_page(page, RequestFactory().get("/clauses/"))


@pytest.mark.parametrize(
    "now, expected",
    [
        (datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC), 15 * 3600),
        (datetime.datetime(2026, 11, 25, 22, 59, 59, tzinfo=datetime.UTC), 1),
        (datetime.datetime(2026, 11, 25, 23, 0, 0, tzinfo=datetime.UTC), 24 * 3600),
        # 25 October 2026, clocks go back at 3:00: that day lasts 25 hours in Paris.
        (datetime.datetime(2026, 10, 24, 22, 30, tzinfo=datetime.UTC), 24 * 3600 + 1800),
    ],
)
def test_seconds_until_midnight_in_paris(now, expected):
    assert cache.seconds_until_midnight(now) == expected
