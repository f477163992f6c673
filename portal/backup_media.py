"""Backups of the records of images and documents (not of their files).

The files stay in the media volume or bucket, backed up on their own. The records (title,
file name, size, focal point…) let pages, structures and settings find their images and
documents again after a restore into an empty database: other backups name an image or a
document by its file name. A restored record keeps its id when that id is free, so that
images and documents inserted in rich text and StreamField (named by id) stay in place.
Collections are not backed up: a record whose collection is missing goes to the root one.
Tags and the uploading user are not kept.
"""

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from portal import backup
from portal.backup_fields import Ref


def _root_collection(key):
    return Collection.get_first_root_node().pk


COLLECTION = Ref(Collection, "name", missing=_root_collection)

backup.register_model(
    "wagtail.images",
    get_image_model(),
    fields=[
        "title",
        "description",
        "width",
        "height",
        "created_at",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
        "file_size",
        "file_hash",
    ],
    refs={"collection": COLLECTION},
    key="file",
    fmt="json",
    keep_ids=True,
    order=1,
)
backup.register_model(
    "wagtail.documents",
    get_document_model(),
    fields=["title", "created_at", "file_size", "file_hash"],
    refs={"collection": COLLECTION},
    key="file",
    fmt="json",
    keep_ids=True,
    order=2,
)
