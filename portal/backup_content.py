"""Backups of what exists in the foundation: content pages, portal settings, redirects.

Content pages are matched by their path in the tree (``url_path``): restore them into a site
whose home page has the same slug. Images and documents referenced in a page body keep their
ids: restore the media (volume or bucket) and the database's images with them.
"""

import json

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from portal import backup

PAGE_FIELDS = ("title", "slug", "seo_title", "search_description", "intro")
SETTINGS_FIELDS = (
    "portal_name",
    "tagline",
    "operator_name",
    "operator_url",
    "primary_colour",
    "accessibility_status",
    "contact_email",
)


# --------------------------------------------------------------------------- content pages


def _content_page_model():
    from home.models import ContentPage

    return ContentPage


def export_content_pages(directory):
    ContentPage = _content_page_model()
    pages = ContentPage.objects.order_by("path")
    parents = dict(
        Page.objects.filter(path__in={page.path[: -Page.steplen] for page in pages}).values_list(
            "path", "url_path"
        )
    )
    rows = [
        {
            "url_path": page.url_path,
            "parent_url_path": parents[page.path[: -Page.steplen]],
            **{name: getattr(page, name) for name in PAGE_FIELDS},
            "body": page.body.get_prep_value(),
            "last_reviewed": page.last_reviewed.isoformat() if page.last_reviewed else None,
            "live": page.live,
        }
        for page in pages
    ]
    return backup.write_json(directory / "home.contentpages.json", rows)


def _same(page, row):
    if any(getattr(page, name) != row[name] for name in PAGE_FIELDS):
        return False
    reviewed = page.last_reviewed.isoformat() if page.last_reviewed else None
    body = json.dumps(page.body.get_prep_value(), sort_keys=True)
    return (
        reviewed == row["last_reviewed"]
        and body == json.dumps(row["body"], sort_keys=True)
        and page.live == row["live"]
    )


def _apply(page, row):
    for name in PAGE_FIELDS:
        setattr(page, name, row[name])
    page.body = row["body"]
    page.last_reviewed = row["last_reviewed"]


def import_content_pages(directory):
    ContentPage = _content_page_model()
    rows = backup.read_json(directory / "home.contentpages.json")
    for row in sorted(rows, key=lambda item: item["url_path"].count("/")):
        page = ContentPage.objects.filter(url_path=row["url_path"]).first()
        if page is not None and _same(page, row):
            continue
        if page is None:
            parent = Page.objects.filter(url_path=row["parent_url_path"]).first()
            if parent is None:
                raise backup.BackupError(
                    f"Page parente introuvable pour {row['url_path']} : {row['parent_url_path']}."
                )
            page = ContentPage(live=False)
            _apply(page, row)
            parent.add_child(instance=page)
        else:
            _apply(page, row)
        revision = page.save_revision()
        if row["live"]:
            revision.publish()
        elif page.live:
            page.unpublish()
    return len(rows)


backup.register(
    "home.contentpages",
    "home.contentpages.json",
    export=export_content_pages,
    import_=import_content_pages,
    order=10,
    description="pages de contenu (JSON)",
)


# --------------------------------------------------------------------------- portal settings


def export_portal_settings(directory):
    from portal.models import PortalSettings

    rows = [
        {
            "hostname": item.site.hostname,
            "port": item.site.port,
            "is_default_site": item.site.is_default_site,
            **{name: getattr(item, name) for name in SETTINGS_FIELDS},
        }
        for item in PortalSettings.objects.select_related("site").order_by("site__hostname")
    ]
    return backup.write_json(directory / "portal.settings.json", rows)


def import_portal_settings(directory):
    from portal.models import PortalSettings

    rows = backup.read_json(directory / "portal.settings.json")
    for row in rows:
        site = Site.objects.filter(hostname=row["hostname"], port=row["port"]).first()
        if site is None and row["is_default_site"]:
            site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise backup.BackupError(f"Site introuvable : {row['hostname']}:{row['port']}.")
        settings = PortalSettings.for_site(site)
        for name in SETTINGS_FIELDS:
            setattr(settings, name, row[name])
        settings.save()
    return len(rows)


backup.register(
    "portal.settings",
    "portal.settings.json",
    export=export_portal_settings,
    import_=import_portal_settings,
    order=5,
    description="réglages du portail (JSON)",
)


# --------------------------------------------------------------------------- redirects

backup.register_model(
    "wagtail.redirects",
    Redirect,
    fields=["is_permanent", "redirect_page", "redirect_link", "automatically_created"],
    key=("old_path", "site"),
    fmt="csv",
    order=90,
)
