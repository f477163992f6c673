"""Services of registration, confirmation, changes and moderation, without HTTP."""

import io
import smtplib
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from PIL import Image
from wagtail.models import ModelLogEntry

from directory import emails, log_actions, logo_storage, moderation, registration
from directory.application_data import diff, snapshot
from directory.application_factories import (
    ChangeApplicationFactory,
    StructureApplicationFactory,
    listing_data,
)
from directory.edit_links import LinkError, issue_edit_link, make_confirmation_token
from directory.factories import SectorFactory, StructureFactory
from directory.logo_validation import validate_logo
from directory.models import (
    ApplicationKind,
    ApplicationStatus,
    EmailKind,
    EmailStatus,
    OutgoingEmail,
    PublicationState,
    Source,
    Structure,
    StructureApplication,
)
from directory.siret import siret_from_number

pytestmark = pytest.mark.django_db

BASE = "http://testserver/"
SIRET = siret_from_number(123_456_789)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderatrice", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editeur", "ed@example.org", "x")
    user.groups.add(Group.objects.get(name="Éditeurs"))
    return django_user_model.objects.get(pk=user.pk)


def actions_for(instance):
    return list(
        ModelLogEntry.objects.for_instance(instance)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def png_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return validate_logo(buffer.getvalue())


def test_submit_registration_saves_then_sends_confirmation():
    data = listing_data()
    application = registration.submit_registration(siret=SIRET, data=data, base_url=BASE)
    application.refresh_from_db()
    assert application.kind == ApplicationKind.REGISTRATION
    assert application.status == ApplicationStatus.UNCONFIRMED
    assert application.display_name == "Les Jardins du Canal"
    assert application.consented_at is not None
    assert application.structure is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [data["contact_email"]]
    assert "http://testserver/annuaire/inscription/confirmer/" in message.body
    stored = application.emails.get()
    assert stored.status == EmailStatus.SENT
    # The personal link does not stay in the stored copy once sent.
    assert "/annuaire/inscription/confirmer/" not in stored.body
    assert emails.PERSONAL_LINK_PLACEHOLDER in stored.body
    assert actions_for(application) == [log_actions.SUBMIT]


def test_smtp_failure_never_loses_the_application():
    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPConnectError(421, "down")
    ):
        application = registration.submit_registration(
            siret=SIRET, data=listing_data(), base_url=BASE
        )
    assert StructureApplication.objects.filter(pk=application.pk).exists()
    email = application.emails.get()
    assert email.status == EmailStatus.PENDING
    assert email.attempts == 1
    assert "SMTPConnectError" in email.last_error
    assert email.next_attempt_at > email.last_attempt_at
    assert "/annuaire/inscription/confirmer/" in email.body  # still to be sent
    assert mail.outbox == []

    # Later, the retry command sends it.
    sent, failed = emails.send_due_emails(now=email.next_attempt_at)
    assert (sent, failed) == (1, 0)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_logo_is_attached_to_the_application_and_the_draft_removed():
    draft = logo_storage.save_draft(png_logo())
    application = registration.submit_registration(
        siret=SIRET, data=listing_data(), logo_draft=draft, base_url=BASE
    )
    assert application.logo_file.name.startswith("directory/applications/")
    assert application.logo_file.name.endswith(".png")
    assert logo_storage.read_draft(draft) is None


def test_registration_for_an_existing_structure_becomes_a_change_claim():
    structure = StructureFactory(siret=SIRET, contact_email="", contact_name="")
    application = registration.submit_registration(siret=SIRET, data=listing_data(), base_url=BASE)
    assert application.kind == ApplicationKind.CHANGE
    assert application.structure == structure
    assert application.baseline["legal_name"] == structure.legal_name


def test_confirmation_moves_the_application_to_the_queue_and_notifies_staff(settings):
    settings.PORTAL_STAFF_EMAILS = ["moderation@example.org"]
    application = StructureApplicationFactory(unconfirmed=True)
    token = make_confirmation_token(application)
    confirmed, already = registration.confirm_application(token, base_url=BASE)
    assert not already
    assert confirmed.status == ApplicationStatus.PENDING
    assert confirmed.email_confirmed_at is not None
    assert mail.outbox[-1].to == ["moderation@example.org"]
    assert f"/admin/annuaire/demandes/inspect/{application.pk}/" in mail.outbox[-1].body
    assert actions_for(application) == [log_actions.CONFIRM]
    # A second click changes nothing.
    _again, already = registration.confirm_application(token, base_url=BASE)
    assert already
    assert len(mail.outbox) == 1


def test_confirmation_of_a_purged_application_is_refused():
    application = StructureApplicationFactory(unconfirmed=True)
    token = make_confirmation_token(application)
    application.delete()
    with pytest.raises(LinkError) as excinfo:
        registration.confirm_application(token, base_url=BASE)
    assert excinfo.value.status == 410
    assert "effacées" in str(excinfo.value.message)


def test_approve_registration_publishes_a_new_structure(moderator):
    sector = SectorFactory(name="Espaces verts")
    application = StructureApplicationFactory(data=listing_data(sectors=[sector]))
    structure = moderation.approve_application(application, user=moderator, base_url=BASE)
    structure = Structure.objects.get(pk=structure.pk)
    assert structure.siret == application.siret
    assert structure.publication_state == PublicationState.PUBLISHED
    assert structure.published_at is not None
    assert structure.source == Source.REGISTRATION
    assert list(structure.sectors.all()) == [sector]
    assert structure.contact_email == application.data["contact_email"]
    assert structure.department.code == "13"
    assert "espaces verts" in structure.search_text
    assert Structure.objects.published().filter(pk=structure.pk).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == moderator
    assert application.structure == structure
    assert mail.outbox[-1].to == [application.contact_email]
    assert "est publiée" in mail.outbox[-1].subject
    assert actions_for(application) == [log_actions.APPROVE]
    assert actions_for(structure) == [log_actions.PUBLISH_FROM_APPLICATION]
    entry = ModelLogEntry.objects.for_instance(application).get()
    assert entry.user == moderator
    assert "Raison sociale" in entry.message


def test_approval_publishes_the_logo_into_the_image_library(moderator):
    draft = logo_storage.save_draft(png_logo())
    application = registration.submit_registration(
        siret=SIRET, data=listing_data(), logo_draft=draft, base_url=BASE
    )
    application.status = ApplicationStatus.PENDING
    application.save()
    structure = moderation.approve_application(application, user=moderator, base_url=BASE)
    structure.refresh_from_db()
    assert structure.logo is not None
    assert (structure.logo.width, structure.logo.height) == (40, 30)
    assert structure.logo.file_hash


def test_approve_change_updates_the_published_structure(moderator):
    structure = StructureFactory(legal_name="Ancien nom", city="Marseille")
    data = {**snapshot(structure), "legal_name": "Nouveau nom", "services": "Nettoyage."}
    application = ChangeApplicationFactory(structure=structure, data=data)
    changes = [change.label for change in moderation.changes(application)]
    assert changes == ["Raison sociale", "Prestations proposées"]
    moderation.approve_application(application, user=moderator, base_url=BASE)
    structure.refresh_from_db()
    assert structure.legal_name == "Nouveau nom"
    assert structure.services == "Nettoyage."
    assert structure.is_published


def test_editor_cannot_approve_or_reject(editor):
    application = StructureApplicationFactory()
    with pytest.raises(PermissionDenied):
        moderation.approve_application(application, user=editor, base_url=BASE)
    with pytest.raises(PermissionDenied):
        moderation.reject_application(
            application, user=editor, reason="Ce n'est pas une SIAE.", base_url=BASE
        )
    assert not Structure.objects.exists()


def test_editor_can_prepare(editor):
    application = StructureApplicationFactory()
    changed = moderation.prepare_application(
        application,
        data={"legal_name": "Les Jardins du Canal SCOP"},
        user=editor,
        internal_note="SIRET vérifié sur l'annuaire des entreprises.",
    )
    application.refresh_from_db()
    assert application.data["legal_name"] == "Les Jardins du Canal SCOP"
    assert application.display_name == "Les Jardins du Canal SCOP"
    assert "Raison sociale" in changed
    assert actions_for(application) == [log_actions.PREPARE]


def test_unconfirmed_application_cannot_be_approved(moderator):
    application = StructureApplicationFactory(unconfirmed=True)
    with pytest.raises(moderation.ModerationError):
        moderation.approve_application(application, user=moderator, base_url=BASE)


def test_registration_for_a_siret_listed_meanwhile_cannot_be_approved(moderator):
    application = StructureApplicationFactory()
    StructureFactory(siret=application.siret)
    with pytest.raises(moderation.ModerationError) as excinfo:
        moderation.approve_application(application, user=moderator, base_url=BASE)
    assert "existe déjà" in str(excinfo.value)


def test_reject_keeps_the_listing_out_and_tells_the_applicant(moderator):
    application = StructureApplicationFactory()
    moderation.reject_application(
        application,
        user=moderator,
        reason="Cette structure n'est pas conventionnée.",
        base_url=BASE,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason == "Cette structure n'est pas conventionnée."
    assert not Structure.objects.filter(siret=application.siret).exists()
    assert "n'a pas été retenue" in mail.outbox[-1].subject
    assert "Cette structure n'est pas conventionnée." in mail.outbox[-1].body
    entry = ModelLogEntry.objects.for_instance(application).get()
    assert entry.action == log_actions.REJECT
    assert "Cette structure n'est pas conventionnée." in entry.message


def test_reject_needs_a_reason(moderator):
    application = StructureApplicationFactory()
    with pytest.raises(moderation.ModerationError):
        moderation.reject_application(application, user=moderator, reason="  non ", base_url=BASE)


def test_change_rejection_leaves_the_published_version(moderator):
    structure = StructureFactory(legal_name="Nom publié")
    application = ChangeApplicationFactory(
        structure=structure, data={**snapshot(structure), "legal_name": "Nom proposé"}
    )
    moderation.reject_application(
        application, user=moderator, reason="Le nom proposé ne correspond pas.", base_url=BASE
    )
    structure.refresh_from_db()
    assert structure.legal_name == "Nom publié"
    assert structure.is_published


def test_submit_change_uses_the_link_and_supersedes_older_changes():
    structure = StructureFactory()
    older = ChangeApplicationFactory(structure=structure)
    link, _token = issue_edit_link(structure, structure.contact_email)
    data = {**snapshot(structure), "description": "Nouvelle présentation."}
    application = registration.submit_change(
        structure=structure, link=link, data=data, base_url=BASE
    )
    link.refresh_from_db()
    older.refresh_from_db()
    assert link.used_at is not None
    assert application.status == ApplicationStatus.PENDING
    assert application.edit_link == link
    assert application.contact_email == structure.contact_email
    assert older.status == ApplicationStatus.SUPERSEDED
    assert [change.name for change in diff(application.baseline, application.data)] == [
        "description"
    ]
    # The published version is untouched until approval.
    structure.refresh_from_db()
    assert structure.description != "Nouvelle présentation."
    kinds = set(application.emails.values_list("kind", flat=True))
    assert kinds == {EmailKind.RECEIVED, EmailKind.STAFF_NOTIFICATION}
    with pytest.raises(LinkError):
        registration.submit_change(structure=structure, link=link, data=data, base_url=BASE)


def test_request_edit_link_emails_the_contact_only_for_published_listings():
    structure = StructureFactory(contact_email="contact@structure.example.org")
    link = registration.request_edit_link(siret=structure.siret, base_url=BASE)
    assert link is not None
    assert mail.outbox[-1].to == ["contact@structure.example.org"]
    assert f"/annuaire/modifier/{structure.siret}/" in mail.outbox[-1].body
    assert actions_for(structure) == [log_actions.EDIT_LINK_SENT]

    hidden = StructureFactory(publication_state=PublicationState.UNPUBLISHED)
    no_contact = StructureFactory(contact_email="")
    for siret in (hidden.siret, no_contact.siret, siret_from_number(42)):
        assert registration.request_edit_link(siret=siret, base_url=BASE) is None
    assert len(mail.outbox) == 1


def test_resend_confirmation_issues_a_new_link(moderator):
    application = registration.submit_registration(siret=SIRET, data=listing_data(), base_url=BASE)
    email = registration.resend_confirmation(application, base_url=BASE, user=moderator)
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 2
    assert "/annuaire/inscription/confirmer/" in mail.outbox[1].body
    assert log_actions.RESEND_EMAIL in actions_for(application)


def test_failed_email_is_given_up_after_max_attempts():
    email = OutgoingEmail.objects.create(
        kind=EmailKind.STAFF_NOTIFICATION,
        recipients="x@example.org",
        subject="Test",
        body="Bonjour",
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("refused")):
        for _attempt in range(emails.MAX_ATTEMPTS):
            emails.deliver(email)
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.next_attempt_at is None
    assert emails.resend(email)
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_visitors_saving_applications_and_emails_do_not_purge_the_page_cache():
    from portal.cache import is_purging_model

    assert not is_purging_model(StructureApplication)
    assert not is_purging_model(OutgoingEmail)
    assert is_purging_model(Structure)  # an approval does: the public listing changed
