"""Backups of pages: one JSON file per page type, pages matched by their path in the tree.

A row holds the page's path (``url_path``), its parent's, whether it is live and the fields
of its ``Shape`` (``page_shape`` adds what every page has: title, slug, SEO and menu fields,
first publication, scheduled publication dates, share image). For a live page the row holds
what visitors see, and a newer draft under ``"draft"``; for a page that is not live, its
latest draft.

The import goes parents first. A page found at the same path is left alone when it does not
differ from its row; otherwise it gets a new revision, published when the row is live (and
unpublished when it is not). A missing page is created under the page at its parent's path.
Restore into a site whose home page has the same slug. References between pages of one file
(a charter replaced by another) are set in a second pass. Links to pages inside rich text
and StreamField are page ids: right when restoring into the same database only.
"""

from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Page

from portal import backup
from portal.backup_fields import IMAGE, Keys, MissingKey, Shape, shapes

BASE_FIELDS = (
    "title",
    "slug",
    "seo_title",
    "search_description",
    "show_in_menus",
    "go_live_at",
    "expire_at",
    "first_published_at",
)
#: Wagtail keeps the dates of revisions to the millisecond.
TIMESPEC = "milliseconds"


def page_shape(*fields, refs=None, many=None, children=None, tags=""):
    """The shape of a page type: the fields of every page, then its own."""
    return Shape(
        fields=(*BASE_FIELDS, *fields),
        refs={"share_image": IMAGE, **(refs or {})},
        many=dict(many or {}),
        children=dict(children or {}),
        tags=tags,
    )


def page_row(page, shape, keys, parent_url_path):
    content = page if page.live else page.get_latest_revision_as_object()
    row = {
        "url_path": page.url_path,
        "parent_url_path": parent_url_path,
        "live": page.live,
        **shape.dump(content, keys, timespec=TIMESPEC),
    }
    if page.live and page.has_unpublished_changes:
        draft = shape.dump(page.get_latest_revision_as_object(), keys, timespec=TIMESPEC)
        if any(draft[name] != row[name] for name in draft):
            row["draft"] = draft
    return row


def _pages(model, shape):
    prefetch = [*shape.many]
    for name, child in shape.children.items():
        prefetch += [name, *(f"{name}__{many}" for many in child.many)]
    return model.objects.exact_type(model).order_by("path").prefetch_related(*prefetch)


def export_pages(model, shape, path):
    pages = list(_pages(model, shape))
    parents = dict(
        Page.objects.filter(path__in={page.path[: -Page.steplen] for page in pages}).values_list(
            "path", "url_path"
        )
    )
    keys = Keys()
    rows = [page_row(page, shape, keys, parents[page.path[: -Page.steplen]]) for page in pages]
    return backup.write_json(path, rows)


def restore_page(model, shape, row, keys):
    """Create or update the page of ``row``; False when it was already as in the row."""
    page = model.objects.exact_type(model).filter(url_path=row["url_path"]).first()
    if page is not None and page_row(page, shape, keys, row["parent_url_path"]) == row:
        return False
    if page is None:
        parent = Page.objects.filter(url_path=row["parent_url_path"]).first()
        if parent is None:
            raise MissingKey(f"page parente « {row['parent_url_path']} » introuvable")
        page = shape.apply(model(live=False), row, keys)
        parent.add_child(instance=page)
    else:
        shape.apply(page, row, keys)
    revision = page.save_revision()
    if row["live"]:
        revision.publish()
    elif page.live:
        page.unpublish()
    if row.get("draft"):
        page = model.objects.get(pk=page.pk)
        shape.apply(page, row["draft"], keys)
        page.save_revision()
    return True


def import_pages(model, shape, path):
    rows = backup.read_json(path)
    ordered = sorted(enumerate(rows, start=1), key=lambda item: item[1]["url_path"].count("/"))
    # First pass: references to pages of this file that do not exist yet are left empty…
    keys, retry = Keys(defer={model}), []
    for line, row in ordered:
        keys.missed = False
        _restore(model, shape, row, keys, path, line)
        if keys.missed:
            retry.append((line, row))
    # … and set once every page exists.
    keys = Keys()
    for line, row in retry:
        _restore(model, shape, row, keys, path, line)
    return len(rows)


def _restore(model, shape, row, keys, path, line):
    where = f"{Path(path).name}, ligne {line} ({row.get('url_path', '?')})"
    try:
        restore_page(model, shape, row, keys)
    except KeyError as error:
        raise backup.BackupError(f"{where} : champ {error} absent.") from error
    except MissingKey as error:
        raise backup.BackupError(f"{where} : {error}.") from error
    except ValidationError as error:
        raise backup.BackupError(
            f"{where} : page refusée ({'; '.join(error.messages)})."
        ) from error


def register_pages(name, model, shape, *, order, description):
    """Back up the pages of type ``model`` (a label such as ``"home.NewsPage"``), not those
    of its subclasses, in ``<name>.json``."""
    filename = f"{name}.json"
    shapes[name] = (model, shape)

    def export(directory):
        return export_pages(apps.get_model(model), shape, Path(directory) / filename)

    def import_(directory):
        return import_pages(apps.get_model(model), shape, Path(directory) / filename)

    return backup.register(
        name, filename, export=export, import_=import_, order=order, description=description
    )
