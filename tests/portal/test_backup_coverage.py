"""Nothing is forgotten: every column of every model a backup writes is in its shape, or
left out here on purpose (derived, or not worth keeping), so that a field added later to a
model fails this test until the backup knows about it."""

import pytest
from django.apps import apps
from modelcluster.fields import ParentalKey
from wagtail.models import Page

from portal import backup
from portal.backup_fields import shapes

OPPORTUNITY_SUMMARY = {  # computed from the lots and the place when the page is saved
    "has_insertion",
    "has_social_criterion",
    "reserved_disability",
    "reserved_siae",
    "reserved_ess",
    "has_insertion_qualification",
    "is_reserved",
    "total_insertion_hours",
    "lot_count",
    "department_code",
    "region_code",
    "search_text",
}

#: {model label: columns deliberately left out of its backup}.
LEFT_OUT = {
    "wagtailimages.Image": {"uploaded_by_user", "tags"},  # users and tags are not backed up
    "wagtaildocs.Document": {"uploaded_by_user", "tags"},
    "directory.Structure": {"family", "sort_name", "search_text"},  # derived on import
    "directory.Commune": {"normalised_name"},  # derived on import
    "directory.StructureApplication": {"edit_link"},  # edit links are not backed up
    "opportunities.OpportunityPage": OPPORTUNITY_SUMMARY,
    "home.NewsPage": {"tagged_items"},  # the tags, by name
    "home.EventPage": {"tagged_items"},
}


def own_columns(model):
    """Concrete fields, many-to-many relations and inline children of ``model``, without
    its id, its parent links and what every page has (``Page``'s own columns)."""
    columns = {
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and not f.name.endswith("_ptr") and f.model is not Page
    }
    columns |= {f.name for f in model._meta.many_to_many}
    columns |= {
        rel.get_accessor_name()
        for rel in model._meta.related_objects
        if isinstance(rel.field, ParentalKey) and rel.model is not Page
    }
    return columns


def covered(shape):
    return {*shape.fields, *shape.refs, *shape.many, *shape.children, shape.tags} - {""}


def backed_up_models():
    backup.autodiscover()
    return sorted(shapes)


@pytest.mark.parametrize("name", backed_up_models())
def test_every_column_is_backed_up_or_left_out_on_purpose(name):
    model, shape = shapes[name]
    model = apps.get_model(model) if isinstance(model, str) else model
    missing = own_columns(model) - covered(shape) - LEFT_OUT.get(model._meta.label, set())
    assert not missing, f"{name} : colonnes absentes de la sauvegarde : {sorted(missing)}"
    for relation, child_shape in shape.children.items():
        child = model._meta.get_field(relation).related_model
        parent_key = model._meta.get_field(relation).field.name
        missing = own_columns(child) - covered(child_shape) - {parent_key, "sort_order"}
        assert not missing, f"{name}.{relation} : colonnes absentes : {sorted(missing)}"
