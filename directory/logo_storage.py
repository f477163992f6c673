"""Where an uploaded logo waits while the applicant finishes the form.

A validated (re-encoded) logo is written under ``directory/drafts/`` with a random name; the
signed draft of the form only carries that name. Drafts left behind by abandoned forms are
removed by ``purge_stale_drafts`` (called by ``purge_unconfirmed_applications``).
"""

import re
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DRAFT_DIRECTORY = "directory/drafts"
_DRAFT_NAME = re.compile(r"^directory/drafts/[0-9a-f]{32}\.(png|jpg|webp)$")
DRAFT_MAX_AGE = timedelta(days=1)


def is_draft_name(name):
    return isinstance(name, str) and bool(_DRAFT_NAME.match(name))


def save_draft(logo):
    """Store a ``ValidatedLogo``; returns the storage name to keep in the form's draft."""
    name = f"{DRAFT_DIRECTORY}/{uuid.uuid4().hex}.{logo.extension}"
    return default_storage.save(name, ContentFile(logo.content))


def read_draft(name):
    """The bytes of a draft logo, or None when it is gone (purged) or the name is not ours."""
    if not is_draft_name(name) or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def delete_draft(name):
    if is_draft_name(name) and default_storage.exists(name):
        default_storage.delete(name)


def draft_extension(name):
    return name.rsplit(".", 1)[-1]


def purge_stale_drafts(*, now=None, max_age=DRAFT_MAX_AGE):
    """Delete draft logos older than ``max_age``; returns how many were deleted."""
    now = now or timezone.now()
    try:
        _directories, files = default_storage.listdir(DRAFT_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    deleted = 0
    for filename in files:
        name = f"{DRAFT_DIRECTORY}/{filename}"
        if not is_draft_name(name):
            continue
        if now - default_storage.get_modified_time(name) > max_age:
            default_storage.delete(name)
            deleted += 1
    return deleted
