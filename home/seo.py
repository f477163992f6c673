"""What search engines and social networks read about a page: description, canonical URL,
share image and OpenGraph type. Works for every page type (``BasePage`` or not)."""

from django.utils.text import Truncator

DESCRIPTION_LENGTH = 200


def meta_description(page):
    """The page's own description, or a fallback its type defines (intro, hero text…)."""
    if page is None:
        return ""
    getter = getattr(page, "get_meta_description", None)
    text = getter() if callable(getter) else getattr(page, "search_description", "")
    text = " ".join(str(text or "").split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def share_image(page):
    if page is None:
        return None
    getter = getattr(page, "get_share_image", None)
    return getter() if callable(getter) else getattr(page, "share_image", None)


def canonical_url(page, request, override=""):
    """An absolute URL: ``override`` (a listing's own page, made absolute) or the page's URL."""
    if override:
        return request.build_absolute_uri(override) if request is not None else override
    if page is None or not getattr(page, "live", False):
        return ""
    return page.get_full_url(request) or ""


def page_seo(page, request, *, canonical_override=""):
    return {
        "description": meta_description(page),
        "canonical": canonical_url(page, request, canonical_override),
        "share_image": share_image(page),
        "og_type": getattr(page, "og_type", "website"),
    }
