from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import sitemap_xml
from portal import health, media, views

handler400 = "portal.views.bad_request"
handler403 = "portal.security.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view, with a sandboxing CSP on the files (portal/media.py).
    re_path(r"^documents/(\d+)/(.*)$", media.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("theme.css", views.theme_css, name="theme_css"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Pages and the sections other apps register (home/sitemaps.py).
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("recherche/", include("search.urls")),
    # Registration and self-service editing: before the directory's /annuaire/<slug>/ pages.
    path("annuaire/", include("directory.registration_urls")),
    path("annuaire/", include("directory.urls")),
    path("", include("opportunities.urls")),
]

if settings.MEDIA_URL.startswith("/"):
    # Local media with restrictive headers (a no-op 404 when the storage is S3).
    urlpatterns += [
        path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", media.serve_media, name="media")
    ]

urlpatterns += [path("", include(wagtail_urls))]
