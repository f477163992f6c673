"""Purges of personal data and the email retry command."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from directory import logo_storage
from directory.application_factories import (
    EditLinkFactory,
    OutgoingEmailFactory,
    StructureApplicationFactory,
)
from directory.logo_validation import validate_logo
from directory.models import (
    ApplicationStatus,
    EditLink,
    EmailStatus,
    OutgoingEmail,
    StructureApplication,
)

pytestmark = pytest.mark.django_db


def age(instance, field, days):
    type(instance).objects.filter(pk=instance.pk).update(
        **{field: timezone.now() - timedelta(days=days)}
    )


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_settings_match_the_privacy_page(settings):
    from home.demo import LEGAL_PAGES

    privacy = next(page for page in LEGAL_PAGES if page["slug"] == "donnees-personnelles")
    text = str(privacy["body"])
    assert f"non confirmée : {settings.DIRECTORY_UNCONFIRMED_RETENTION_DAYS} jours" in text
    assert f"refusée : {settings.DIRECTORY_REJECTED_RETENTION_DAYS} jours" in text


def test_purge_unconfirmed_after_seven_days():
    old = StructureApplicationFactory(unconfirmed=True)
    old.logo_file.save("logo.png", ContentFile(b"png"), save=True)
    logo_name = old.logo_file.name
    recent = StructureApplicationFactory(unconfirmed=True)
    confirmed_old = StructureApplicationFactory()
    OutgoingEmailFactory(application=old)
    age(old, "submitted_at", 8)
    age(recent, "submitted_at", 6)
    age(confirmed_old, "submitted_at", 30)
    output = run("purge_unconfirmed_applications")
    assert "effacées : 1" in output
    assert not StructureApplication.objects.filter(pk=old.pk).exists()
    assert not OutgoingEmail.objects.filter(application_id=old.pk).exists()
    assert not default_storage.exists(logo_name)
    assert StructureApplication.objects.filter(pk__in=[recent.pk, confirmed_old.pk]).count() == 2


def test_purge_unconfirmed_removes_expired_links_and_abandoned_logos():
    fresh = EditLinkFactory()
    expired = EditLinkFactory()
    age(expired, "created_at", 3)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    draft = logo_storage.save_draft(validate_logo(buffer.getvalue()))
    later = timezone.now() + timedelta(days=2)
    with mock.patch("directory.retention.timezone.now", return_value=later):
        run("purge_unconfirmed_applications")
    assert EditLink.objects.filter(pk=fresh.pk).exists() is False  # 2 days later: expired too
    assert not EditLink.objects.filter(pk=expired.pk).exists()
    assert logo_storage.read_draft(draft) is None


def test_purge_rejected_after_the_retention_period(settings):
    settings.DIRECTORY_REJECTED_RETENTION_DAYS = 30
    old = StructureApplicationFactory(status=ApplicationStatus.REJECTED)
    superseded = StructureApplicationFactory(status=ApplicationStatus.SUPERSEDED)
    recent = StructureApplicationFactory(status=ApplicationStatus.REJECTED)
    approved = StructureApplicationFactory(status=ApplicationStatus.APPROVED)
    old_email = OutgoingEmailFactory(status=EmailStatus.SENT)
    pending_email = OutgoingEmailFactory(status=EmailStatus.PENDING)
    for instance in (old, superseded, approved):
        age(instance, "updated_at", 31)
    age(recent, "updated_at", 29)
    age(old_email, "created_at", 31)
    age(pending_email, "created_at", 31)
    output = run("purge_rejected_applications")
    assert "effacées : 2" in output
    remaining = set(StructureApplication.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, approved.pk}
    assert not OutgoingEmail.objects.filter(pk=old_email.pk).exists()
    assert OutgoingEmail.objects.filter(pk=pending_email.pk).exists()


def test_send_pending_emails_command():
    due = OutgoingEmailFactory(subject="À envoyer")
    later = OutgoingEmailFactory(subject="Plus tard")
    OutgoingEmail.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(hours=1)
    )
    output = run("send_pending_emails")
    assert "envoyés : 1" in output
    assert [message.subject for message in mail.outbox] == ["À envoyer"]
    due.refresh_from_db()
    assert due.status == EmailStatus.SENT


def test_send_pending_emails_keeps_failures_for_later():
    OutgoingEmailFactory()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=TimeoutError):
        output = run("send_pending_emails")
    assert "toujours en échec : 1" in output
    email = OutgoingEmail.objects.get()
    assert email.status == EmailStatus.PENDING
    assert email.next_attempt_at > timezone.now()
