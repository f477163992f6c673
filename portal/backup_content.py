"""Backups of what exists in the foundation: content pages, portal settings, redirects.

Content pages are matched by their path in the tree (``url_path``, see
``portal/backup_pages.py``): restore them into a site whose home page has the same slug.
They come after the commitments, whose conventions they may name.
"""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from portal import backup
from portal.backup_fields import IMAGE, Ref, Shape
from portal.backup_pages import page_shape, register_pages
from portal.backup_tables import register_site_setting

#: A convention named by a page about its EU co-funding (``RelatedConventionMixin``).
CONVENTION = Ref("commitments.ConventionPage", "url_path")

register_pages(
    "home.contentpages",
    "home.ContentPage",
    page_shape("intro", "body", "last_reviewed", refs={"related_convention": CONVENTION}),
    order=60,
    description="pages de contenu (JSON)",
)

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
    fields=["is_permanent", "redirect_link", "automatically_created"],
    refs={"redirect_page": Ref(Page, "url_path", missing="null")},
    key=("old_path", "site"),
    fmt="csv",
    order=90,
)
