"""Security headers on real responses: public site, admin, uploaded files."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file

from home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home_page):
    return ContentPageFactory(parent=home_page, slug="charte")


class TestPublicSite:
    def test_page_headers(self, client, page):
        response = client.get("/charte/")
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ):
            assert directive in csp
        assert "unsafe-inline" not in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert len(response["X-Request-ID"]) == 32

    def test_no_inline_script_or_style_on_pages(self, client, page):
        html = client.get("/charte/").content.decode()
        assert "<script>" not in html and "<script type" not in html
        assert ' style="' not in html

    def test_404_has_the_same_headers(self, client, home_page):
        response = client.get("/introuvable/")
        assert response.status_code == 404
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"

    def test_hsts_on_https_with_production_values(self, client, page, settings):
        settings.SECURE_HSTS_SECONDS = 31536000
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
        settings.SECURE_HSTS_PRELOAD = True
        response = client.get("/charte/", secure=True)
        assert (
            response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        )

    def test_https_redirect_spares_probes(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
        assert client.get("/charte/").status_code == 301
        assert client.get("/health/").status_code == 200

    def test_request_id_from_proxy_is_kept_if_sane(self, client, page):
        response = client.get("/charte/", HTTP_X_REQUEST_ID="lb-1234.abc")
        assert response["X-Request-ID"] == "lb-1234.abc"
        forged = client.get("/charte/", HTTP_X_REQUEST_ID="<script>" + "x" * 200)
        assert forged["X-Request-ID"] != "<script>" + "x" * 200
        assert len(forged["X-Request-ID"]) == 32


class TestAdmin:
    def test_admin_is_exempt_from_the_public_csp(self, client, admin_user):
        client.force_login(admin_user)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cache-Control"] == "no-store"


@pytest.fixture
def document(db):
    document = Document(title="Convention de partenariat")
    document.file.save("convention.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


class TestUploadedFiles:
    def test_document_downloads_as_attachment_in_a_sandbox(self, client, document, home_page):
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert "convention.pdf" in response["Content-Disposition"]
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == b"%PDF-1.4 test"

    def test_document_folder_is_not_served_raw(self, client, document):
        assert client.get(f"/media/{document.file.name}").status_code == 404
        assert client.get("/media/./documents/convention.pdf").status_code == 404

    def test_images_served_inline_with_restrictive_csp(self, client, db):
        from wagtail.images.models import Image

        image = Image.objects.create(title="Logo", file=get_test_image_file())
        response = client.get(image.file.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert not response.get("Content-Disposition", "").startswith("attachment")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "public, max-age=604800"

    def test_images_keep_their_long_max_age_with_the_page_cache_on(self, client, settings, db):
        from wagtail.images.models import Image

        settings.WAGTAIL_CACHE = True  # pages stop at midnight; images do not
        image = Image.objects.create(title="Logo", file=get_test_image_file())
        for _ in range(2):
            response = client.get(image.file.url)
            assert response["Cache-Control"] == "public, max-age=604800"

    def test_other_media_download_as_attachments(self, client, settings):
        from django.core.files.storage import default_storage

        name = default_storage.save("deliberations/page.html", ContentFile(b"<script>x</script>"))
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    def test_path_traversal_refused(self, client):
        assert client.get("/media/../portal/settings/base.py").status_code == 404
        assert client.get("/media/%2e%2e/manage.py").status_code == 404

    def test_media_not_served_when_turned_off(self, client, settings):
        from django.core.files.storage import default_storage

        name = default_storage.save("divers/a.txt", ContentFile(b"a"))
        settings.PORTAL_SERVE_MEDIA = False
        assert client.get(f"/media/{name}").status_code == 404
