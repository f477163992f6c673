"""Backups of the home app's pages (``portal/backup.py``): content pages, the news section,
news and events (by path, see ``portal/backup_pages.py``).

They come after the commitments: a page about an EU co-funded convention names it
(``related_convention``). News images by file name, tags by name. The home page, the contact,
key figures and site map pages are not backed up (made by ``load_demo_content`` or by
hand); nor are the messages sent through the contact form.
"""

from commitments.backup import CONVENTION
from portal.backup_fields import IMAGE
from portal.backup_pages import page_shape, register_pages

NEWS_FIELDS = ("date", "image_alt", "intro", "body")
NEWS_REFS = {"image": IMAGE, "related_convention": CONVENTION}

register_pages(
    "home.newsindex",
    "home.NewsIndexPage",
    page_shape("intro", "feed_description"),
    order=50,
    description="rubrique des actualités (JSON)",
)
register_pages(
    "home.news",
    "home.NewsPage",
    page_shape(*NEWS_FIELDS, refs=NEWS_REFS, tags="tags"),
    order=51,
    description="actualités (JSON)",
)
register_pages(
    "home.events",
    "home.EventPage",
    page_shape(
        *NEWS_FIELDS,
        "start",
        "end",
        "place",
        "address",
        "is_online",
        "registration_url",
        refs=NEWS_REFS,
        tags="tags",
    ),
    order=52,
    description="événements (JSON)",
)
register_pages(
    "home.contentpages",
    "home.ContentPage",
    page_shape("intro", "body", "last_reviewed", refs={"related_convention": CONVENTION}),
    order=60,
    description="pages de contenu (JSON)",
)
