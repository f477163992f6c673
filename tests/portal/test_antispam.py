"""Anti-spam: honeypot, signed timestamp, rate limits and the 429 page."""

from unittest import mock

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory

from portal import antispam
from portal.antispam import (
    AntiSpamFormMixin,
    is_ratelimited,
    is_value_ratelimited,
    make_timestamp_token,
    ratelimit,
    search_ratelimit,
    too_many_requests,
)


class MessageForm(AntiSpamFormMixin, forms.Form):
    name = forms.CharField(label="Nom")
    message = forms.CharField(label="Message", widget=forms.Textarea)


def submitted(**overrides):
    data = {"name": "Camille", "message": "Bonjour", "horodatage": make_timestamp_token()}
    data.update(overrides)
    return data


def at(seconds_from_now):
    """Patch the anti-spam clock ``seconds_from_now`` seconds ahead."""
    from django.utils import timezone

    moment = timezone.now() + timezone.timedelta(seconds=seconds_from_now)
    return mock.patch("portal.antispam.timezone.now", return_value=moment)


class TestHoneypotMarkup:
    def test_honeypot_is_hidden_labelled_and_out_of_the_tab_order(self):
        html = str(MessageForm())
        assert 'class="visually-hidden"' in html
        assert 'tabindex="-1"' in html
        assert 'autocomplete="off"' in html
        assert "Ne remplissez pas ce champ" in html
        assert '<label for="id_site_web">' in html
        assert 'id="id_site_web"' in html

    def test_antispam_fields_are_listed_with_hidden_fields(self):
        form = MessageForm()
        visible = [field.name for field in form.visible_fields()]
        hidden = [field.name for field in form.hidden_fields()]
        assert visible == ["name", "message"]
        assert set(hidden) == {"site_web", "horodatage"}

    def test_timestamp_is_a_signed_hidden_input(self):
        html = str(MessageForm()["horodatage"])
        assert 'type="hidden"' in html
        assert 'name="horodatage"' in html
        value = html.split('value="')[1].split('"')[0]
        assert antispam.read_timestamp_token(value) is not None

    def test_honeypot_never_echoes_what_was_typed(self):
        form = MessageForm(data=submitted(site_web="http://spam.example"))
        form.is_valid()
        assert "spam.example" not in str(form)


class TestSpamDetection:
    def test_human_submission_is_valid_and_not_spam(self, settings):
        settings.PORTAL_FORM_MIN_FILL_SECONDS = 3
        data = submitted()
        with at(10):
            form = MessageForm(data=data)
            assert form.is_valid()
            assert not form.is_spam
        assert "site_web" in form.cleaned_data  # harmless, empty

    def test_filled_honeypot_is_spam_but_looks_valid(self):
        form = MessageForm(data=submitted(site_web="http://spam.example"))
        assert form.is_valid()
        assert form.is_spam
        assert form.spam_reason == "honeypot"

    def test_blank_honeypot_is_not_spam(self):
        form = MessageForm(data=submitted(site_web="   "))
        assert form.is_valid()
        assert not form.is_spam

    def test_missing_timestamp_is_spam(self):
        data = submitted()
        del data["horodatage"]
        form = MessageForm(data=data)
        assert form.is_spam
        assert form.spam_reason == "timestamp"

    @pytest.mark.parametrize("value", ["1700000000", "abc", "1700000000:forged:sig", ""])
    def test_forged_timestamp_is_spam(self, value):
        form = MessageForm(data=submitted(horodatage=value))
        assert form.is_spam

    def test_token_signed_with_another_salt_is_spam(self):
        from django.core import signing

        token = signing.dumps(1.0, salt="another-purpose")
        assert MessageForm(data=submitted(horodatage=token)).is_spam

    def test_too_fast_submission_is_spam(self, settings):
        settings.PORTAL_FORM_MIN_FILL_SECONDS = 5
        data = submitted()
        with at(2):
            form = MessageForm(data=data)
            assert form.is_valid()
            assert form.is_spam
            assert form.spam_reason == "too-fast"

    def test_old_form_is_not_spam_but_asks_to_send_again(self, settings):
        settings.PORTAL_FORM_MAX_AGE_SECONDS = 3600
        data = submitted()
        with at(3601):
            form = MessageForm(data=data)
            assert not form.is_valid()
            assert not form.is_spam
            assert "trop longtemps" in form.non_field_errors()[0]
            html = str(form)
            # What was typed is kept and a fresh timestamp replaces the expired one.
            assert "Bonjour" in html
            assert data["horodatage"] not in html

    def test_redisplay_keeps_the_first_timestamp(self):
        data = submitted(name="")
        form = MessageForm(data=data)
        assert not form.is_valid()
        assert data["horodatage"] in str(form["horodatage"])

    def test_prefixed_form(self):
        token = make_timestamp_token()
        form = MessageForm(
            data={"p-name": "A", "p-message": "B", "p-horodatage": token, "p-site_web": "x"},
            prefix="p",
        )
        assert form.is_spam
        assert form.antispam_field_names == ("p-site_web", "p-horodatage")

    def test_unbound_form_is_not_spam(self):
        assert MessageForm().is_spam is False


@pytest.fixture
def rf_request():
    def build(method="post", ip="203.0.113.7", **meta):
        factory = RequestFactory()
        request = getattr(factory, method)("/formulaire/", REMOTE_ADDR=ip, **meta)
        return request

    return build


class TestRateLimits:
    def test_limit_per_ip(self, rf_request, settings):
        settings.PORTAL_RATE_LIMITS = {"contact": "3/d"}
        results = [is_ratelimited(rf_request(), group="contact") for _ in range(4)]
        assert results == [False, False, False, True]
        # Another client is not affected.
        assert not is_ratelimited(rf_request(ip="198.51.100.1"), group="contact")

    def test_groups_are_independent(self, rf_request):
        for _ in range(3):
            is_ratelimited(rf_request(), group="a", rate="2/d")
        assert not is_ratelimited(rf_request(), group="b", rate="2/d")

    def test_unknown_group_uses_default_rate(self, rf_request, settings):
        settings.PORTAL_RATE_LIMITS = {"default": "1/d"}
        assert not is_ratelimited(rf_request(), group="nouveau")
        assert is_ratelimited(rf_request(), group="nouveau")

    def test_limit_by_value(self, settings):
        settings.PORTAL_RATE_LIMITS = {"siret": "2/h"}
        siret = "12345678901234"
        assert not is_value_ratelimited(group="siret", value=siret)
        assert not is_value_ratelimited(group="siret", value=f" {siret} ")
        assert is_value_ratelimited(group="siret", value=siret)
        assert not is_value_ratelimited(group="siret", value="99999999999999")

    def test_peek_does_not_count(self, rf_request):
        for _ in range(5):
            assert not is_ratelimited(rf_request(), group="peek", rate="2/d", increment=False)
        is_ratelimited(rf_request(), group="peek", rate="2/d")
        is_ratelimited(rf_request(), group="peek", rate="2/d")
        assert is_ratelimited(rf_request(), group="peek", rate="2/d", increment=False)

    def test_disabled_by_setting(self, rf_request, settings):
        settings.RATELIMIT_ENABLE = False
        assert not any(is_ratelimited(rf_request(), group="off", rate="1/d") for _ in range(3))

    def test_cache_failure_fails_open(self, rf_request):
        with mock.patch("portal.antispam.get_usage", side_effect=ConnectionError("redis")):
            assert not is_ratelimited(rf_request(), group="x", rate="1/d")

    def test_proxy_header_ignored_unless_configured(self, rf_request, settings):
        settings.PORTAL_CLIENT_IP_HEADER = ""
        for forged in ("10.0.0.1", "10.0.0.2"):
            is_ratelimited(rf_request(HTTP_X_FORWARDED_FOR=forged), group="p", rate="1/d")
        assert is_ratelimited(rf_request(HTTP_X_FORWARDED_FOR="10.0.0.3"), group="p", rate="1/d")

    def test_proxy_header_when_configured(self, rf_request, settings):
        settings.PORTAL_CLIENT_IP_HEADER = "X-Forwarded-For"
        settings.PORTAL_TRUSTED_PROXY_COUNT = 1
        assert not is_ratelimited(
            rf_request(HTTP_X_FORWARDED_FOR="10.0.0.1"), group="q", rate="1/d"
        )
        assert not is_ratelimited(
            rf_request(HTTP_X_FORWARDED_FOR="10.0.0.2"), group="q", rate="1/d"
        )
        assert is_ratelimited(rf_request(HTTP_X_FORWARDED_FOR="10.0.0.2"), group="q", rate="1/d")


@pytest.mark.django_db
class TestDecoratorsAndPage:
    def test_decorator_counts_posts_only_and_renders_429(self, rf_request, settings, home_page):
        settings.PORTAL_RATE_LIMITS = {"contact": "2/d"}

        @ratelimit("contact")
        def view(request):
            return HttpResponse("ok")

        for _ in range(5):
            assert view(rf_request("get")).status_code == 200
        assert view(rf_request()).status_code == 200
        assert view(rf_request()).status_code == 200
        response = view(rf_request())
        assert response.status_code == 429
        assert int(response["Retry-After"]) >= 1
        assert response["Cache-Control"] == "no-store"
        content = response.content.decode()
        assert "Trop de demandes" in content
        assert '<html lang="fr"' in content

    def test_decorator_on_a_method(self, rf_request):
        class Page:
            @ratelimit("serve", rate="1/d")
            def serve(self, request):
                return HttpResponse("ok")

        page = Page()
        assert page.serve(rf_request()).status_code == 200
        assert page.serve(rf_request()).status_code == 429

    def test_search_ratelimit_counts_get(self, rf_request, settings):
        settings.PORTAL_RATE_LIMITS = {"search": "2/d"}

        @search_ratelimit
        def search(request):
            return HttpResponse("results")

        codes = [search(rf_request("get")).status_code for _ in range(3)]
        assert codes == [200, 200, 429]

    def test_429_page_custom_message(self, rf_request):
        response = too_many_requests(rf_request("get"), retry_after=125, message="Patientez.")
        assert response.status_code == 429
        assert response["Retry-After"] == "125"
        content = response.content.decode()
        assert "Patientez." in content
        assert "3 minutes" in content
