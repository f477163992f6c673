"""Small site-wide views: theme stylesheet, robots.txt, error pages."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from portal.colors import darken, tint
from portal.models import DEFAULT_PRIMARY_COLOUR, PortalSettings


@require_GET
@cache_control(public=True, max_age=300)
def theme_css(request):
    """The theme colours chosen in the site settings, as CSS custom properties."""
    portal_settings = PortalSettings.for_request(request)
    primary = portal_settings.primary_colour or DEFAULT_PRIMARY_COLOUR
    css = (
        ":root{"
        f"--color-primary:{primary};"
        f"--color-primary-dark:{darken(primary)};"
        f"--color-primary-light:{tint(primary)};"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /recherche/",
        "Disallow: /annuaire/modifier/",
        "Disallow: /annuaire/inscription/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A static template: the database or the cache may be what failed.
    return render(
        request, "500.html", context={"portal_name": settings.WAGTAIL_SITE_NAME}, status=500
    )
