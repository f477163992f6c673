"""The moderation queue in the Wagtail admin, as editors and as moderators."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from directory import log_actions
from directory.application_data import snapshot
from directory.application_factories import (
    ChangeApplicationFactory,
    OutgoingEmailFactory,
    StructureApplicationFactory,
)
from directory.edit_links import issue_edit_link
from directory.factories import StructureFactory
from directory.models import ApplicationStatus, EmailStatus, Structure, StructureApplication

pytestmark = pytest.mark.django_db

LIST_URL = "directory_applications:index"


def url(name, *args):
    return reverse(f"directory_applications:{name}", args=args)


def login(client, django_user_model, group_name):
    user = django_user_model.objects.create_user(group_name, f"{group_name}@example.org", "x")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


@pytest.fixture
def moderator_client(client, django_user_model, site):
    user = login(client, django_user_model, "Modérateurs")
    # The structures' own snippet rights belong to the directory's set-up, not to this queue.
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="directory",
            codename__in=["view_structure", "change_structure"],
        )
    )
    return client


@pytest.fixture
def editor_client(client, django_user_model, site):
    login(client, django_user_model, "Éditeurs")
    return client


def test_groups_receive_their_permissions_from_the_data_migration():
    editors = set(Group.objects.get(name="Éditeurs").permissions.values_list("codename", flat=True))
    moderators = set(
        Group.objects.get(name="Modérateurs").permissions.values_list("codename", flat=True)
    )
    assert {"view_structureapplication", "change_structureapplication"} <= editors
    assert "moderate_structureapplication" not in editors
    assert "manage_structure_personal_data" not in editors
    assert {"moderate_structureapplication", "manage_structure_personal_data"} <= moderators
    assert Permission.objects.filter(codename="moderate_structureapplication").count() == 1


def test_queue_lists_what_waits_first(moderator_client, django_assert_max_num_queries):
    first = StructureApplicationFactory(display_name="Première en attente")
    StructureApplicationFactory(status=ApplicationStatus.APPROVED, display_name="Déjà traitée")
    StructureApplicationFactory(unconfirmed=True, display_name="Pas encore confirmée")
    StructureApplicationFactory(display_name="Seconde en attente")
    StructureApplication.objects.filter(pk=first.pk).update(
        submitted_at=first.submitted_at - timedelta(days=1)
    )
    response = moderator_client.get(reverse(LIST_URL))
    content = response.content.decode()
    assert response.status_code == 200
    positions = [
        content.index(name)
        for name in (
            "Première en attente",
            "Seconde en attente",
            "Pas encore confirmée",
            "Déjà traitée",
        )
    ]
    assert positions == sorted(positions)
    assert reverse(LIST_URL) in moderator_client.get("/admin/").content.decode()
    filtered = moderator_client.get(reverse(LIST_URL), {"status": "pending"}).content.decode()
    assert "Seconde en attente" in filtered
    assert "Déjà traitée" not in filtered
    # The listing's queries do not grow with the number of applications.
    StructureApplicationFactory.create_batch(10)
    with django_assert_max_num_queries(14):
        moderator_client.get(reverse(LIST_URL))


def test_queue_has_no_add_button(moderator_client):
    response = moderator_client.get(url("add"))
    assert response.status_code in (302, 403)


def test_review_shows_the_field_by_field_diff(moderator_client):
    structure = StructureFactory(legal_name="Nom actuel", services="Ménage.")
    application = ChangeApplicationFactory(
        structure=structure,
        data={**snapshot(structure), "legal_name": "Nom proposé", "services": "Ménage et vitres."},
    )
    response = moderator_client.get(url("inspect", application.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce qui change par rapport à la fiche actuelle" in content
    assert "<del>Nom actuel</del>" in content
    assert "<ins>Nom proposé</ins>" in content
    assert "<ins>Ménage et vitres.</ins>" in content
    assert "Approuver et publier" in content
    assert "Refuser la demande" in content


def test_moderator_approves_and_the_listing_is_published(moderator_client):
    application = StructureApplicationFactory()
    response = moderator_client.post(url("inspect", application.pk), {"decision": "approve"})
    assert response.status_code == 302
    structure = Structure.objects.get(siret=application.siret)
    assert structure.is_published
    assert "est publiée" in mail.outbox[-1].subject
    history = moderator_client.get(url("history", application.pk)).content.decode()
    assert "Demande approuvée et fiche publiée" in history
    structure_history = moderator_client.get(
        reverse("wagtailsnippets_directory_structure:history", args=[structure.pk])
    ).content.decode()
    assert "Fiche publiée après approbation" in structure_history


def test_moderator_rejects_with_a_reason(moderator_client):
    application = StructureApplicationFactory()
    response = moderator_client.post(
        url("inspect", application.pk), {"decision": "reject", "reason": "Trop "}
    )
    # The review page comes back with the error next to the field and the text kept.
    assert response.status_code == 200
    content = response.content.decode()
    assert "Expliquez le motif du refus" in content
    assert ">\nTrop </textarea>" in content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    moderator_client.post(
        url("inspect", application.pk),
        {"decision": "reject", "reason": "Structure non conventionnée par l'État."},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert "Structure non conventionnée" in mail.outbox[-1].body
    assert not Structure.objects.exists()
    entry = ModelLogEntry.objects.for_instance(application).get(action=log_actions.REJECT)
    assert entry.user.username == "Modérateurs"


def test_editor_prepares_but_cannot_publish(editor_client):
    application = StructureApplicationFactory()
    review = editor_client.get(url("inspect", application.pk)).content.decode()
    assert "Approuver et publier" not in review
    assert "seuls les modérateurs" in review
    # Wagtail answers a refused admin action with a redirect and an error message.
    assert editor_client.post(
        url("inspect", application.pk), {"decision": "approve"}
    ).status_code in (302, 403)
    rejected = editor_client.post(
        url("inspect", application.pk), {"decision": "reject", "reason": "x" * 20}
    )
    assert rejected.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert not Structure.objects.exists()

    form = editor_client.get(url("edit", application.pk))
    assert form.status_code == 200
    assert "Préparer la demande" in form.content.decode()
    data = application.data
    payload = {
        "legal_name": "Les Jardins du Canal (corrigé)",
        "brand_name": "",
        "kind": data["kind"],
        "sectors": [str(pk) for pk in data["sectors"]],
        "address": data["address"],
        "postcode": data["postcode"],
        "city": data["city"],
        "perimeter_kind": data["perimeter_kind"],
        "perimeter_radius_km": data["perimeter_radius_km"],
        "perimeter_departments": "",
        "description": data["description"],
        "services": data["services"],
        "contact_name": data["contact_name"],
        "contact_email": data["contact_email"],
        "contact_phone": data["contact_phone"],
        "internal_note": "Vérifié auprès de la DDETS.",
    }
    response = editor_client.post(url("edit", application.pk), payload)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.data["legal_name"] == "Les Jardins du Canal (corrigé)"
    assert application.internal_note == "Vérifié auprès de la DDETS."
    assert application.status == ApplicationStatus.PENDING
    history = editor_client.get(url("history", application.pk)).content.decode()
    assert "Demande préparée" in history
    assert "Raison sociale" in history


def test_prepare_with_bad_data_shows_errors_and_saves_nothing(editor_client):
    application = StructureApplicationFactory()
    response = editor_client.post(url("edit", application.pk), {"legal_name": ""})
    assert response.status_code == 200
    assert "Indiquez la raison sociale" in response.content.decode()
    application.refresh_from_db()
    assert application.data["legal_name"] == "Les Jardins du Canal"


def test_anonymous_and_unprivileged_users_cannot_reach_the_queue(client, django_user_model, site):
    application = StructureApplicationFactory()
    assert client.get(url("inspect", application.pk)).status_code == 302
    user = django_user_model.objects.create_user("lambda", "l@example.org", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(url("inspect", application.pk)).status_code in (302, 403)
    assert client.post(url("inspect", application.pk), {"decision": "approve"}).status_code in (
        302,
        403,
    )
    assert not Structure.objects.exists()


def test_resend_a_failed_email_from_the_admin(moderator_client):
    application = StructureApplicationFactory()
    email = OutgoingEmailFactory(application=application, attempts=3, last_error="SMTP down")
    review = moderator_client.get(url("inspect", application.pk)).content.decode()
    assert "Renvoyer maintenant" in review
    response = moderator_client.post(
        reverse("directory_emails:resend", args=[email.pk]),
        {"next": url("inspect", application.pk)},
    )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[-1].subject == email.subject
    assert log_actions.RESEND_EMAIL in ModelLogEntry.objects.for_instance(application).values_list(
        "action", flat=True
    )


def test_resend_confirmation_from_the_admin(moderator_client):
    application = StructureApplicationFactory(unconfirmed=True)
    response = moderator_client.post(url("resend_confirmation", application.pk))
    assert response.status_code == 302
    assert "/annuaire/inscription/confirmer/" in mail.outbox[-1].body


def test_email_log_is_listed_and_readable(moderator_client):
    email = OutgoingEmailFactory(subject="Confirmez votre demande")
    listing = moderator_client.get(reverse("directory_emails:index"))
    assert "Confirmez votre demande" in listing.content.decode()
    detail = moderator_client.get(reverse("directory_emails:inspect", args=[email.pk]))
    assert detail.status_code == 200
    assert "Envoyer maintenant" in detail.content.decode()


def test_proposed_logo_is_shown_to_staff_only(moderator_client, client):
    from django.core.files.base import ContentFile

    application = StructureApplicationFactory()
    application.logo_file.save("logo.png", ContentFile(b"\x89PNG fake"), save=True)
    response = moderator_client.get(url("logo", application.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]


def test_export_and_erase_personal_data(moderator_client):
    structure = StructureFactory(
        contact_name="Camille Martin",
        contact_email="camille@example.org",
        contact_phone="04 00 00 00 00",
        show_contact_email=True,
    )
    application = ChangeApplicationFactory(structure=structure)
    issue_edit_link(structure, structure.contact_email)
    OutgoingEmailFactory(structure=structure, recipients="camille@example.org")

    listing = moderator_client.get(
        reverse("wagtailsnippets_directory_structure:list")
    ).content.decode()
    assert "Exporter les données personnelles" in listing

    export = moderator_client.get(reverse("directory_personal_data_export", args=[structure.pk]))
    assert export.status_code == 200
    assert "attachment" in export["Content-Disposition"]
    payload = json.loads(export.content)
    assert payload["structure"]["contact"]["contact_email"] == "camille@example.org"
    assert payload["demandes"][0]["numero"] == application.pk
    assert payload["liens_de_modification"][0]["envoye_a"] == "camille@example.org"
    assert payload["courriels"][0]["destinataires"] == ["camille@example.org"]

    confirm = moderator_client.get(reverse("directory_personal_data_erase", args=[structure.pk]))
    assert "Effacer définitivement" in confirm.content.decode()
    response = moderator_client.post(reverse("directory_personal_data_erase", args=[structure.pk]))
    assert response.status_code == 302
    structure.refresh_from_db()
    application.refresh_from_db()
    assert (structure.contact_name, structure.contact_email, structure.contact_phone) == (
        "",
        "",
        "",
    )
    assert not structure.show_contact_email
    assert structure.is_published
    assert application.contact_email == ""
    assert application.data["contact_email"] == ""
    assert not structure.edit_links.exists()
    assert not structure.outgoing_emails.exists()
    actions = set(ModelLogEntry.objects.for_instance(structure).values_list("action", flat=True))
    assert {log_actions.PERSONAL_DATA_EXPORT, log_actions.PERSONAL_DATA_ERASE} <= actions


def test_editors_cannot_export_or_erase(editor_client):
    structure = StructureFactory(contact_email="camille@example.org")
    export = editor_client.get(reverse("directory_personal_data_export", args=[structure.pk]))
    assert export.status_code in (302, 403)
    assert "camille@example.org" not in export.content.decode()
    erase = editor_client.post(reverse("directory_personal_data_erase", args=[structure.pk]))
    assert erase.status_code in (302, 403)
    structure.refresh_from_db()
    assert structure.contact_email == "camille@example.org"


def test_demo_queue_is_idempotent_and_reviewable(moderator_client):
    from directory import registration_demo

    StructureFactory(contact_email="contact@example.org")
    first = registration_demo.load()
    assert "3 demandes" in first
    assert "déjà présentes" in registration_demo.load()
    for application in StructureApplication.objects.all():
        assert moderator_client.get(url("inspect", application.pk)).status_code == 200
