"""Static files: hashed names served for a year and immutable, others for a short while."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from whitenoise.middleware import WhiteNoiseMiddleware


@pytest.fixture
def collected(tmp_path):
    source = tmp_path / "source" / "css"
    source.mkdir(parents=True)
    (source / "site.css").write_text("body { color: #111; }\n" * 200)
    root = tmp_path / "static-root"
    with override_settings(
        STATICFILES_DIRS=[tmp_path / "source"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_AUTOREFRESH=False,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_MAX_AGE=3600,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_hashed_static_files_are_immutable(collected, rf):
    from django.templatetags.static import static

    hashed_url = static("css/site.css")
    assert hashed_url != "/static/css/site.css"
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(rf.get(hashed_url))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"

    plain = middleware(rf.get("/static/css/site.css"))
    assert plain["Cache-Control"] == "max-age=3600, public"


def test_compressed_variants_are_served(collected, rf):
    from django.templatetags.static import static

    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(rf.get(static("css/site.css"), HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert response["Vary"] == "Accept-Encoding"
    assert response["Content-Encoding"] in {"gzip", "br"}
