"""Give the "Éditeurs" and "Modérateurs" groups their rights on the directory's moderation queue.

Editors see the applications and prepare them (correct the submitted data, add a note);
moderators also approve or reject them (publication) and handle personal-data requests.
Permissions are created here because Django only creates them after all migrations ran."""

from django.db import migrations

MODELS = {
    "structureapplication": "demande de l'annuaire",
    "outgoingemail": "courriel de l'annuaire",
}
CUSTOM = {
    ("structureapplication", "moderate_structureapplication"): "Peut approuver ou refuser les demandes",
    (
        "structureapplication",
        "manage_structure_personal_data",
    ): "Peut exporter et effacer les données personnelles des structures",
}
EDITORS = [
    ("structureapplication", "view_structureapplication"),
    ("structureapplication", "change_structureapplication"),
    ("outgoingemail", "view_outgoingemail"),
]
MODERATORS = [
    *EDITORS,
    ("structureapplication", "moderate_structureapplication"),
    ("structureapplication", "manage_structure_personal_data"),
]
GROUPS = {"Éditeurs": EDITORS, "Modérateurs": MODERATORS}


def _permission(apps, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label="directory", model=model)
    name = CUSTOM.get((model, codename))
    if name is None:
        action = codename.split("_", 1)[0]
        verb = {"view": "Can view", "change": "Can change", "add": "Can add", "delete": "Can delete"}
        name = f"{verb[action]} {MODELS[model]}"
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group_name, rights in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*[_permission(apps, model, codename) for model, codename in rights])


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = {codename for rights in GROUPS.values() for _model, codename in rights}
    permissions = Permission.objects.filter(
        content_type__app_label="directory", codename__in=codenames
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_applications_edit_links_outbox"),
        ("home", "0002_french_groups_and_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
