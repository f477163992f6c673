"""Services of the moderation queue: prepare, approve (publish), reject.

Approving publishes the listing by saving the ``Structure`` in the published state, which is
what the directory's search index follows (Wagtail's index on save, Elasticsearch after
commit). Rejecting leaves the public directory untouched.
"""

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from directory import emails, log_actions
from directory.application_data import apply_data, diff, normalise_data, snapshot
from directory.models import (
    ApplicationKind,
    ApplicationStatus,
    EmailKind,
    PublicationState,
    Source,
    Structure,
    StructureApplication,
)
from directory.registration import absolute

MODERATE_PERMISSION = "directory.moderate_structureapplication"
PREPARE_PERMISSION = "directory.change_structureapplication"
MIN_REASON_LENGTH = 10


class ModerationError(Exception):
    """A decision that cannot be taken, with a French explanation for the moderator."""


def can_moderate(user):
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def can_prepare(user):
    return user.is_active and (user.has_perm(PREPARE_PERMISSION) or can_moderate(user))


def current_listing(application):
    """The listing as it is now: what an approval would change."""
    if application.structure_id is None:
        return {}
    return snapshot(application.structure)


def changes(application):
    """Field-by-field differences between the current listing and the application."""
    return diff(current_listing(application), application.data)


def prepare_application(application, *, data, user, internal_note=None):
    """An editor corrects the submitted data before a moderator decides."""
    if not can_prepare(user):
        raise PermissionDenied
    if not application.is_open:
        raise ModerationError(
            _("Cette demande a déjà été traitée : elle ne peut plus être modifiée.")
        )
    before = normalise_data(application.data)
    after = normalise_data({**before, **data})
    changed = [change.label for change in diff(before, after)]
    with transaction.atomic():
        application.data = after
        application.display_name = (after["brand_name"] or after["legal_name"])[:255]
        fields = ["data", "display_name", "updated_at"]
        if internal_note is not None and internal_note != application.internal_note:
            application.internal_note = internal_note
            fields.append("internal_note")
            changed.append(str(_("note interne")))
        application.save(update_fields=fields)
        log(application, log_actions.PREPARE, user=user, data={"fields": changed})
    return changed


def _lock(application):
    return StructureApplication.objects.select_for_update().get(pk=application.pk)


def _publish_logo(application, structure):
    """The moderated logo enters Wagtail's image library only now, once approved."""
    if application.logo_file:
        with application.logo_file.open("rb") as handle:
            content = handle.read()
        extension = application.logo_file.name.rsplit(".", 1)[-1]
        image = get_image_model()(
            title=_("Logo de %(name)s") % {"name": structure.name},
            file=ContentFile(content, name=f"logo-{structure.siret}.{extension}"),
        )
        image._set_image_file_metadata()
        image.save()
        structure.logo = image
        structure.save(update_fields=["logo", "updated_at"])
    elif application.remove_logo and structure.logo_id:
        structure.logo = None
        structure.save(update_fields=["logo", "updated_at"])


def approve_application(application, *, user, base_url):
    """Publish the application's listing and tell the applicant. Returns the structure."""
    if not can_moderate(user):
        raise PermissionDenied
    with transaction.atomic():
        application = _lock(application)
        if application.status != ApplicationStatus.PENDING:
            raise ModerationError(
                _("Seule une demande à modérer peut être approuvée (celle-ci est « %(status)s »).")
                % {"status": application.get_status_display()}
            )
        changed = [change.label for change in changes(application)]
        if application.kind == ApplicationKind.REGISTRATION:
            if Structure.objects.filter(siret=application.siret).exists():
                raise ModerationError(
                    _(
                        "Une fiche existe déjà pour le SIRET %(siret)s : refusez cette demande ou "
                        "modifiez la fiche existante."
                    )
                    % {"siret": application.siret}
                )
            structure = Structure(siret=application.siret, source=Source.REGISTRATION)
        else:
            structure = application.structure
            if structure is None:
                raise ModerationError(
                    _(
                        "La fiche concernée a été supprimée : cette demande ne peut plus être approuvée."
                    )
                )
        structure.publication_state = PublicationState.PUBLISHED
        apply_data(structure, application.data)
        _publish_logo(application, structure)

        application.status = ApplicationStatus.APPROVED
        application.structure = structure
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save()
        log(application, log_actions.APPROVE, user=user, data={"fields": changed})
        log(
            structure,
            log_actions.PUBLISH_FROM_APPLICATION,
            user=user,
            data={"application": application.pk, "fields": changed},
        )
        for other in (
            StructureApplication.objects.open()
            .filter(siret=application.siret)
            .exclude(pk=application.pk)
        ):
            other.status = ApplicationStatus.SUPERSEDED
            other.save(update_fields=["status", "updated_at"])
            log(other, log_actions.SUPERSEDE, user=user, data={"by": application.pk})
        email = emails.queue_email(
            kind=EmailKind.APPROVED,
            recipients=[application.contact_email],
            subject=_("Votre fiche %(name)s est publiée dans l'annuaire")
            % {"name": structure.name},
            body=emails.render_email(
                "approved",
                {
                    "application": application,
                    "structure": structure,
                    "listing_url": _listing_url(structure, base_url),
                    "edit_url": absolute(base_url, reverse("directory_registration:edit_request")),
                },
            ),
            application=application,
        )
    emails.deliver(email)
    return structure


def _listing_url(structure, base_url):
    try:
        return absolute(base_url, structure.get_absolute_url())
    except NoReverseMatch:  # the directory's public pages are not routed (yet)
        return absolute(base_url, "/annuaire/")


def reject_application(application, *, user, reason, base_url):
    """Refuse the application with a reason sent to the applicant; nothing is published."""
    if not can_moderate(user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ModerationError(
            _("Expliquez le motif du refus en une phrase au moins : il est envoyé au demandeur.")
        )
    with transaction.atomic():
        application = _lock(application)
        if not application.is_open:
            raise ModerationError(
                _("Cette demande a déjà été traitée (« %(status)s »).")
                % {"status": application.get_status_display()}
            )
        application.status = ApplicationStatus.REJECTED
        application.rejection_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save()
        log(application, log_actions.REJECT, user=user, data={"reason": reason})
        email = emails.queue_email(
            kind=EmailKind.REJECTED,
            recipients=[application.contact_email],
            subject=_("Votre demande pour l'annuaire n'a pas été retenue"),
            body=emails.render_email(
                "rejected",
                {
                    "application": application,
                    "reason": reason,
                    "register_url": absolute(base_url, reverse("directory_registration:register")),
                },
            ),
            application=application,
        )
    emails.deliver(email)
    return application


def resend_email(email, *, user):
    """Staff resend one stored email; logged on its application (or structure)."""
    sent = emails.resend(email)
    target = email.application or email.structure
    if target is not None:
        log(
            target,
            log_actions.RESEND_EMAIL,
            user=user,
            data={"subject": email.subject, "email": email.pk, "sent": sent},
        )
    return sent
