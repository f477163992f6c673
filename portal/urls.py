from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import sitemap_xml
from portal import views

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("theme.css", views.theme_css, name="theme_css"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Pages and the sections other apps register (home/sitemaps.py).
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    path("recherche/", include("search.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
