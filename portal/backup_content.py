"""Backups of the foundation's own data: portal settings (with the footer's partner logos)
and redirects (the page a redirect leads to by its path). Pages are backed up by their app
(``home/backup.py`` for content pages and news)."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from portal import backup
from portal.backup_fields import IMAGE, Ref, Shape
from portal.backup_tables import register_site_setting

register_site_setting(
    "portal.settings",
    "portal.PortalSettings",
    Shape(
        fields=(
            "portal_name",
            "tagline",
            "operator_name",
            "operator_url",
            "primary_colour",
            "accessibility_status",
            "contact_email",
        ),
        refs={"operator_logo": IMAGE},
        children={"partner_logos": Shape(fields=("name", "url"), refs={"logo": IMAGE})},
    ),
    order=5,
    description="réglages du portail (JSON)",
)

backup.register_model(
    "wagtail.redirects",
    Redirect,
    fields=[
        "is_permanent",
        "redirect_page_route_path",
        "redirect_link",
        "automatically_created",
        "created_at",
    ],
    refs={"redirect_page": Ref(Page, "url_path", missing="null")},
    key=("old_path", "site"),
    fmt="csv",
    order=90,
)
