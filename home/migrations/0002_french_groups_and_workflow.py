"""Give Wagtail's default groups and moderation workflow their French names.

Wagtail creates "Editors" (add and edit pages, submit for moderation) and "Moderators"
(publish, lock, moderate) with a "Moderators approval" workflow on the whole tree.
The portal keeps these permissions and names them "Éditeurs" and "Modérateurs"."""

from django.db import migrations

GROUPS = {"Editors": "Éditeurs", "Moderators": "Modérateurs"}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for english, french in GROUPS.items():
        if Group.objects.filter(name=french).exists():
            continue
        group = Group.objects.filter(name=english).first()
        if group is None:
            Group.objects.create(name=french)
        else:
            group.name = french
            group.save(update_fields=["name"])
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name="Moderators approval").update(name="Validation par les modérateurs")
    Task.objects.filter(name="Moderators approval").update(name="Validation par les modérateurs")


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for english, french in GROUPS.items():
        Group.objects.filter(name=french).update(name=english)
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name="Validation par les modérateurs").update(name="Moderators approval")
    Task.objects.filter(name="Validation par les modérateurs").update(name="Moderators approval")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
