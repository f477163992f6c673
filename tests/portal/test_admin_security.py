"""Admin hardening: network restriction, login throttling, passwords, upload limits."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from portal.security import parse_networks

pytestmark = pytest.mark.django_db


class TestAdminNetworks:
    def test_open_by_default(self, client):
        assert client.get("/admin/login/").status_code == 200

    def test_outside_allowed_networks_gets_french_403(self, client, settings):
        settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "2001:db8::/32"]
        response = client.get("/admin/login/", REMOTE_ADDR="203.0.113.9")
        assert response.status_code == 403
        content = response.content.decode()
        assert "Accès refusé" in content
        assert "réseau de l&#x27;organisation" in content
        assert response["Cache-Control"] == "no-store"

    def test_inside_allowed_networks(self, client, settings):
        settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "2001:db8::/32"]
        assert client.get("/admin/login/", REMOTE_ADDR="10.2.3.4").status_code == 200
        assert client.get("/admin/login/", REMOTE_ADDR="2001:db8::5").status_code == 200

    def test_public_site_is_not_restricted(self, client, settings, home_page):
        settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
        assert client.get("/", REMOTE_ADDR="203.0.113.9").status_code == 200

    def test_trusted_proxy_header(self, client, settings):
        settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
        settings.PORTAL_CLIENT_IP_HEADER = "X-Forwarded-For"
        allowed = client.get(
            "/admin/login/", REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1"
        )
        refused = client.get(
            "/admin/login/", REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1"
        )
        assert allowed.status_code == 200
        assert refused.status_code == 403

    def test_forged_header_ignored_without_trusted_proxy(self, client, settings):
        settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
        settings.PORTAL_CLIENT_IP_HEADER = ""
        response = client.get(
            "/admin/login/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.1.1.1"
        )
        assert response.status_code == 403

    def test_invalid_network_is_a_configuration_error(self):
        with pytest.raises(ImproperlyConfigured, match="réseau invalide"):
            parse_networks(("10.0.0.0/8", "not-a-network"))


def login(client, username="editrice", password="mauvais-mot-de-passe", ip="203.0.113.20"):  # noqa: S107
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


class TestLoginThrottling:
    @pytest.fixture
    def editor(self, django_user_model):
        return django_user_model.objects.create_user(
            username="editrice", password="un-mot-de-passe-solide-42", is_staff=True
        )

    def test_username_locked_after_failures(self, client, settings, editor):
        settings.PORTAL_RATE_LIMITS = {"login-username": "3/15m", "login-ip": "100/15m"}
        for _ in range(3):
            assert login(client).status_code == 200  # the login form with its error
        blocked = login(client, password="un-mot-de-passe-solide-42")
        assert blocked.status_code == 429
        content = blocked.content.decode()
        assert "Trop de tentatives de connexion" in content
        assert int(blocked["Retry-After"]) > 0
        # The same username from another address is blocked as well.
        assert login(client, ip="198.51.100.7").status_code == 429

    def test_ip_locked_after_failures_on_several_usernames(self, client, settings, editor):
        settings.PORTAL_RATE_LIMITS = {"login-username": "100/15m", "login-ip": "3/15m"}
        for name in ("a", "b", "c"):
            login(client, username=name)
        assert login(client, username="editrice").status_code == 429
        assert login(client, username="editrice", ip="198.51.100.8").status_code != 429

    def test_successful_login_is_not_counted(self, client, settings, editor):
        settings.PORTAL_RATE_LIMITS = {"login-username": "2/15m", "login-ip": "2/15m"}
        for _ in range(4):
            response = login(client, password="un-mot-de-passe-solide-42")
            assert response.status_code == 302
            client.logout()

    def test_get_login_page_is_never_blocked(self, client, settings, editor):
        settings.PORTAL_RATE_LIMITS = {"login-username": "1/15m", "login-ip": "1/15m"}
        login(client)
        login(client)
        assert client.get("/admin/login/", REMOTE_ADDR="203.0.113.20").status_code == 200

    def test_password_reset_is_limited_per_ip(self, client, settings):
        settings.PORTAL_RATE_LIMITS = {"password-reset": "2/h"}
        codes = [
            client.post(
                "/admin/password_reset/", {"email": "x@example.org"}, REMOTE_ADDR="203.0.113.30"
            ).status_code
            for _ in range(3)
        ]
        assert codes[:2] == [302, 302]
        assert codes[2] == 429


class TestPasswords:
    def test_short_and_common_passwords_refused(self):
        for weak in ("motdepasse1", "123456789012", "password1234"):
            with pytest.raises(ValidationError):
                validate_password(weak)

    def test_long_password_accepted(self):
        validate_password("une phrase de passe assez longue 2024")


class TestUploadLimits:
    def test_max_pixels_below_pillow_bomb_threshold(self, settings):
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < PILImage.MAX_IMAGE_PIXELS
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024

    def test_no_svg_or_html_uploads(self, settings):
        assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS
        for risky in ("svg", "html", "htm", "js", "xml", "exe"):
            assert risky not in settings.WAGTAILDOCS_EXTENSIONS

    @pytest.fixture
    def image_form(self):
        """Builds the admin image form (its file field reads the limits when built)."""
        from wagtail.images.forms import get_image_form
        from wagtail.images.models import Image

        return lambda *args: get_image_form(Image)(*args)

    def test_svg_image_refused(self, image_form):
        svg = SimpleUploadedFile(
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            content_type="image/svg+xml",
        )
        form = image_form({"title": "Logo"}, {"file": svg})
        assert not form.is_valid()
        assert "file" in form.errors

    def test_oversized_image_refused(self, image_form, settings):
        from wagtail.images.tests.utils import get_test_image_file

        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
        upload = get_test_image_file()
        form = image_form(
            {"title": "Trop lourde"},
            {"file": SimpleUploadedFile("grand.png", upload.file.getvalue(), "image/png")},
        )
        assert not form.is_valid()
        assert "file" in form.errors

    def test_too_many_pixels_refused(self, image_form, settings):
        from wagtail.images.tests.utils import get_test_image_file

        settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100  # a 640x480 test image is far above
        upload = get_test_image_file(size=(640, 480))
        form = image_form(
            {"title": "Immense"},
            {"file": SimpleUploadedFile("immense.png", upload.file.getvalue(), "image/png")},
        )
        assert not form.is_valid()
        assert "file" in form.errors

    def test_html_document_refused(self):
        from wagtail.documents.forms import get_document_form
        from wagtail.documents.models import Document

        form_class = get_document_form(Document)
        upload = SimpleUploadedFile("piege.html", b"<script>alert(1)</script>", "text/html")
        form = form_class({"title": "Piège"}, {"file": upload})
        assert not form.is_valid()
        assert "file" in form.errors
