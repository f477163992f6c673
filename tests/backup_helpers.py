"""Field-by-field pictures of the database, to compare before a backup and after its restore.

Foreign keys and many-to-many relations are shown by a readable name of their target (a
page by its path, anything else by ``str()``), never by id: ids legitimately change when
rows are recreated. Database ids and Wagtail's tree and revision bookkeeping are left out;
creation and modification dates are restored, so they are compared.
"""

import json
from pathlib import Path

from django.db.models.fields.files import FieldFile

from portal import backup

#: Page columns a restore legitimately changes.
PAGE_BOOKKEEPING = {
    "id",
    "path",
    "depth",
    "numchild",
    "translation_key",
    "latest_revision",
    "live_revision",
    "last_published_at",
    "latest_revision_created_at",
    "draft_title",
}


def name_of(target):
    if target is None:
        return None
    return getattr(target, "url_path", None) or str(target)


def value_of(obj, model_field):
    if model_field.is_relation:
        return name_of(getattr(obj, model_field.name))
    value = getattr(obj, model_field.attname)
    if isinstance(value, FieldFile):
        return value.name
    if hasattr(value, "get_prep_value"):  # StreamValue
        return json.dumps(value.get_prep_value(), sort_keys=True)
    return value


def row_state(obj, exclude=(), children=()):
    """Every concrete field and many-to-many relation of ``obj`` (and of the inline
    ``children`` relations, in order), minus ``exclude``."""
    exclude = {"id", *exclude}
    state = {
        f.name: value_of(obj, f)
        for f in obj._meta.concrete_fields
        if f.name not in exclude and not f.name.endswith("_ptr")
    }
    for f in obj._meta.many_to_many:
        state[f.name] = sorted(name_of(item) for item in getattr(obj, f.name).all())
    for name in children:
        parent_key = obj._meta.get_field(name).field.name
        state[name] = [
            row_state(child, {parent_key, "sort_order"}) for child in getattr(obj, name).all()
        ]
    return state


def table_state(queryset, key, exclude=()):
    """{key(row): row_state(row)} of the rows of ``queryset``."""
    return {key(obj): row_state(obj, exclude) for obj in queryset}


def page_state(model, children=()):
    """{path: state} of the pages of exactly ``model``, with the newer draft of live pages."""
    state = {}
    for page in model.objects.exact_type(model):
        state[page.url_path] = row_state(page, PAGE_BOOKKEEPING, children)
        if page.live and page.has_unpublished_changes:
            draft = page.get_latest_revision_as_object()
            state[page.url_path]["draft"] = row_state(draft, PAGE_BOOKKEEPING, children)
    return state


def differences(after, before, path=""):
    """The paths where two states differ, with both values: a readable assertion message."""
    if isinstance(after, dict) and isinstance(before, dict):
        found = []
        for key in sorted(set(after) | set(before), key=str):
            where = f"{path}/{key}"
            if key not in after or key not in before:
                found.append(f"{where}: {'absent après' if key not in after else 'en trop après'}")
            else:
                found += differences(after[key], before[key], where)
        return found
    if isinstance(after, list) and isinstance(before, list) and len(after) == len(before):
        return [
            d
            for i, (a, b) in enumerate(zip(after, before, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if after == before else [f"{path}: {after!r} (après) != {before!r} (avant)"]


def assert_same(after, before):
    found = differences(after, before)
    assert not found, "\n".join(found)


def round_trip(directory, state, wipe):
    """Export everything, ``wipe()``, import: ``state()`` must be as before. Returns the
    import's counts (equal to the manifest's)."""
    before = state()
    manifest = backup.export_all(directory)
    wipe()
    assert differences(state(), before), "wipe() n'a rien effacé"
    counts = backup.import_all(directory)
    assert_same(state(), before)
    assert counts == {entry["name"]: entry["count"] for entry in manifest["exports"]}
    return counts


def reseal(directory, filename):
    """Record the checksum of a file edited by hand, as if the export had written it."""
    path = Path(directory) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for entry in manifest["exports"]:
        if entry["file"] == filename:
            entry["sha256"] = backup.sha256(Path(directory) / filename)
    path.write_text(json.dumps(manifest), encoding="utf-8")
