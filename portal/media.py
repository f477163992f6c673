"""Uploaded files served with restrictive headers.

- Documents go through Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``: the
  privacy of collections is checked on every download); ``serve_document`` wraps it and adds
  ``Content-Security-Policy: default-src 'none'; sandbox``, ``nosniff`` and, with
  ``WAGTAILDOCS_INLINE_CONTENT_TYPES = []``, ``Content-Disposition: attachment``.
- Local media (``/media/``, when the default storage is the file system and
  ``PORTAL_SERVE_MEDIA`` is on) are served by ``serve_media`` with the same CSP, ``nosniff``,
  ``attachment`` for anything but raster images, a long ``Cache-Control``, and never the raw
  ``documents/`` folder (that would bypass private collections).

If the reverse proxy serves ``/media/`` itself, it must send the same headers (see
docs/production.md) and refuse ``/media/documents/``.
"""

import mimetypes
import posixpath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve as static_serve
from wagtail.documents.views.serve import serve as wagtail_serve_document

MEDIA_CSP = "default-src 'none'; sandbox"
#: Types a browser may display inline (raster images: they cannot run scripts).
INLINE_MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})
#: Media folders never served directly.
PRIVATE_MEDIA_DIRS = frozenset({"documents"})

mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/avif", ".avif")


def harden(response, *, attachment, filename=None):
    """Add the restrictive headers every uploaded file leaves with."""
    response["Content-Security-Policy"] = MEDIA_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if attachment and not response.get("Content-Disposition", "").startswith("attachment"):
        response["Content-Disposition"] = (
            f'attachment; filename="{filename}"' if filename else "attachment"
        )
    return response


def serve_document(request, document_id, document_filename):
    """Wagtail's document view with a sandboxing CSP on the file itself."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200 and "Content-Disposition" in response:
        harden(response, attachment=True)
    return response


def media_served_locally():
    return getattr(settings, "PORTAL_SERVE_MEDIA", True) and isinstance(
        default_storage, FileSystemStorage
    )


@require_safe
def serve_media(request, path):
    if not media_served_locally():
        raise Http404
    normalised = posixpath.normpath(path).lstrip("/")
    first = normalised.split("/", 1)[0]
    if first in PRIVATE_MEDIA_DIRS or first in {"..", "."}:
        raise Http404
    response = static_serve(request, normalised, document_root=settings.MEDIA_ROOT)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == 200:
        filename = posixpath.basename(normalised).replace('"', "")
        harden(response, attachment=content_type not in INLINE_MEDIA_TYPES, filename=filename)
        response["Cache-Control"] = f"public, max-age={settings.PORTAL_MEDIA_MAX_AGE}"
    return response
