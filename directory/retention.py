"""Retention of the personal data held by applications, edit links and emails.

The periods are those stated on the privacy page (``/donnees-personnelles/``): an unconfirmed
application is erased after ``DIRECTORY_UNCONFIRMED_RETENTION_DAYS`` (7), a rejected or
superseded one after ``DIRECTORY_REJECTED_RETENTION_DAYS`` (30).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory import logo_storage
from directory.edit_links import edit_link_max_age
from directory.models import (
    ApplicationStatus,
    EditLink,
    EmailStatus,
    OutgoingEmail,
    StructureApplication,
)


def unconfirmed_retention():
    return timedelta(days=getattr(settings, "DIRECTORY_UNCONFIRMED_RETENTION_DAYS", 7))


def rejected_retention():
    return timedelta(days=getattr(settings, "DIRECTORY_REJECTED_RETENTION_DAYS", 30))


@dataclass
class PurgeReport:
    applications: int = 0
    edit_links: int = 0
    emails: int = 0
    draft_logos: int = 0


def _delete_applications(queryset):
    count = 0
    for application in queryset.iterator():
        with transaction.atomic():
            if application.logo_file:
                application.logo_file.delete(save=False)
            application.delete()  # its emails go with it (cascade)
        count += 1
    return count


def purge_unconfirmed(*, now=None):
    """Unconfirmed applications past their retention, expired edit links, abandoned logos."""
    now = now or timezone.now()
    report = PurgeReport()
    report.applications = _delete_applications(
        StructureApplication.objects.filter(
            status=ApplicationStatus.UNCONFIRMED, submitted_at__lt=now - unconfirmed_retention()
        )
    )
    # A link is useless once expired; keep the used ones referenced by an application.
    report.edit_links, _details = EditLink.objects.filter(
        created_at__lt=now - edit_link_max_age()
    ).delete()
    report.draft_logos = logo_storage.purge_stale_drafts(now=now)
    return report


def purge_rejected(*, now=None):
    """Rejected and superseded applications, and the log of sent emails, past their retention."""
    now = now or timezone.now()
    cutoff = now - rejected_retention()
    report = PurgeReport()
    report.applications = _delete_applications(
        StructureApplication.objects.filter(
            status__in=[ApplicationStatus.REJECTED, ApplicationStatus.SUPERSEDED],
            updated_at__lt=cutoff,
        )
    )
    report.emails, _details = OutgoingEmail.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.FAILED], created_at__lt=cutoff
    ).delete()
    return report
