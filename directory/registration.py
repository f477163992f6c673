"""Services of the public side: register, confirm the address, ask for an edit link, propose a change.

Each service saves first, inside a transaction, and sends its emails afterwards through the
outbox: a failure to send never loses what was submitted.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from directory import emails, log_actions, logo_storage
from directory.application_data import normalise_data, snapshot
from directory.edit_links import (
    LinkError,
    consume_edit_link,
    email_hash,
    issue_edit_link,
    make_confirmation_token,
    read_confirmation_token,
)
from directory.models import (
    ApplicationKind,
    ApplicationStatus,
    EmailKind,
    PublicationState,
    Structure,
    StructureApplication,
)


def listing_lookup(siret):
    """What the first step of the registration must tell about ``siret``.

    ``"listed"``: a published listing with a contact address exists, its contact should ask for
    an edit link instead; ``"claim"``: a structure with this SIRET exists but cannot be reached
    by email (imported from an official list) or is not public, the application will propose
    changes to it; ``"new"``: no structure has this SIRET yet.
    """
    structure = Structure.objects.filter(siret=siret).only(
        "pk", "publication_state", "contact_email", "slug", "legal_name", "brand_name"
    )
    structure = structure.first()
    if structure is None:
        return "new", None
    if structure.publication_state == PublicationState.PUBLISHED and structure.contact_email:
        return "listed", structure
    return "claim", structure


def _display_name(data):
    return (data.get("brand_name") or data.get("legal_name") or "")[:255]


def _attach_logo(application, logo_draft):
    content = logo_storage.read_draft(logo_draft) if logo_draft else None
    if content:
        extension = logo_storage.draft_extension(logo_draft)
        application.logo_file.save(f"logo.{extension}", ContentFile(content), save=False)


def absolute(base_url, path):
    return f"{base_url.rstrip('/')}{path}"


def _staff_notification(application, base_url):
    admin_path = reverse("directory_applications:inspect", args=[application.pk])
    return emails.queue_email(
        kind=EmailKind.STAFF_NOTIFICATION,
        recipients=emails.staff_recipients(),
        subject=_("Annuaire : nouvelle demande à modérer — %(name)s")
        % {"name": application.display_name},
        body=emails.render_email(
            "staff_notification",
            {"application": application, "review_url": absolute(base_url, admin_path)},
        ),
        application=application,
    )


def confirmation_email(application, base_url):
    token = make_confirmation_token(application)
    url = absolute(base_url, reverse("directory_registration:confirm", args=[token]))
    return emails.queue_email(
        kind=EmailKind.CONFIRMATION,
        recipients=[application.contact_email],
        subject=_("Confirmez votre demande d'inscription à l'annuaire"),
        body=emails.render_email(
            "confirmation", {"application": application, "confirmation_url": url}
        ),
        application=application,
    )


def submit_registration(*, siret, data, logo_draft=None, base_url):
    """Save a registration (or a claim on an existing structure) awaiting email confirmation."""
    data = normalise_data(data)
    structure = Structure.objects.filter(siret=siret).first()
    with transaction.atomic():
        application = StructureApplication(
            kind=ApplicationKind.REGISTRATION if structure is None else ApplicationKind.CHANGE,
            status=ApplicationStatus.UNCONFIRMED,
            siret=siret,
            display_name=_display_name(data),
            structure=structure,
            data=data,
            baseline=snapshot(structure) if structure else {},
            contact_email=data["contact_email"],
            consented_at=timezone.now(),
        )
        _attach_logo(application, logo_draft)
        application.save()
        log(application, log_actions.SUBMIT, data={"siret": siret})
        email = confirmation_email(application, base_url)
    logo_storage.delete_draft(logo_draft)
    emails.deliver(email)
    return application


def resend_confirmation(application, *, base_url, user=None):
    """A new confirmation email (the stored copy of the first one has its link masked)."""
    if application.status != ApplicationStatus.UNCONFIRMED:
        return None
    with transaction.atomic():
        email = confirmation_email(application, base_url)
        log(
            application,
            log_actions.RESEND_EMAIL,
            user=user,
            data={"subject": email.subject, "email": email.pk},
        )
    emails.deliver(email)
    return email


def confirm_application(token, *, base_url):
    """Confirm the applicant's address; returns ``(application, was_already_confirmed)``."""
    pk, address_hash = read_confirmation_token(token)
    application = StructureApplication.objects.filter(pk=pk).first()
    if application is None:
        raise LinkError(
            "gone",
            _(
                "Cette demande n'existe plus : les demandes non confirmées sont effacées au bout "
                "de %(days)s jours. Vous pouvez déposer une nouvelle demande."
            )
            % {"days": settings.DIRECTORY_UNCONFIRMED_RETENTION_DAYS},
            410,
        )
    if email_hash(application.contact_email) != address_hash:
        raise LinkError(
            "tampered",
            _("Ce lien de confirmation ne correspond plus à l'adresse de la demande."),
            400,
        )
    if application.status != ApplicationStatus.UNCONFIRMED:
        return application, True
    with transaction.atomic():
        updated = StructureApplication.objects.filter(
            pk=application.pk, status=ApplicationStatus.UNCONFIRMED
        ).update(
            status=ApplicationStatus.PENDING,
            email_confirmed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if not updated:  # confirmed meanwhile by a second click
            application.refresh_from_db()
            return application, True
        application.refresh_from_db()
        log(application, log_actions.CONFIRM)
        email = _staff_notification(application, base_url)
    emails.deliver(email)
    return application, False


def request_edit_link(*, siret, base_url):
    """Email an edit link to the listing's contact, if any. Says nothing about the outcome."""
    structure = (
        Structure.objects.published()
        .filter(siret=siret)
        .exclude(contact_email="")
        .only("pk", "siret", "contact_email", "legal_name", "brand_name", "slug")
        .first()
    )
    if structure is None:
        return None
    with transaction.atomic():
        link, token = issue_edit_link(structure, structure.contact_email)
        url = absolute(
            base_url, reverse("directory_registration:edit", args=[structure.siret, token])
        )
        email = emails.queue_email(
            kind=EmailKind.EDIT_LINK,
            recipients=[structure.contact_email],
            subject=_("Votre lien pour mettre à jour la fiche de %(name)s")
            % {"name": structure.name},
            body=emails.render_email(
                "edit_link", {"structure": structure, "edit_url": url, "link": link}
            ),
            structure=structure,
        )
        log(structure, log_actions.EDIT_LINK_SENT, data={"link": link.pk})
    emails.deliver(email)
    return link


def submit_change(*, structure, link, data, logo_draft=None, remove_logo=False, base_url):
    """A change proposed through an edit link: straight to moderation, the link is used up."""
    data = normalise_data(data)
    with transaction.atomic():
        consume_edit_link(link)
        application = StructureApplication(
            kind=ApplicationKind.CHANGE,
            status=ApplicationStatus.PENDING,
            siret=structure.siret,
            display_name=_display_name(data),
            structure=structure,
            data=data,
            baseline=snapshot(structure),
            contact_email=link.email,
            consented_at=timezone.now(),
            email_confirmed_at=timezone.now(),
            edit_link=link,
            remove_logo=remove_logo and not logo_draft,
        )
        _attach_logo(application, logo_draft)
        application.save()
        log(application, log_actions.SUBMIT, data={"siret": structure.siret, "link": link.pk})
        for older in structure.applications.open().exclude(pk=application.pk):
            older.status = ApplicationStatus.SUPERSEDED
            older.save(update_fields=["status", "updated_at"])
            log(older, log_actions.SUPERSEDE, data={"by": application.pk})
        received = emails.queue_email(
            kind=EmailKind.RECEIVED,
            recipients=[application.contact_email],
            subject=_("Votre modification de la fiche %(name)s est en attente de validation")
            % {"name": application.display_name},
            body=emails.render_email(
                "change_received", {"application": application, "structure": structure}
            ),
            application=application,
        )
        staff = _staff_notification(application, base_url)
    logo_storage.delete_draft(logo_draft)
    emails.deliver_all([received, staff])
    return application
