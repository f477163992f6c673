"""The directory's outbox: every email is stored before it is sent, then retried until sent.

``queue_email`` stores an ``OutgoingEmail``; ``deliver`` tries to send it and records the
outcome without ever raising, so that an SMTP failure never loses what the visitor submitted.
``send_due_emails`` (the ``send_pending_emails`` command) retries with an increasing delay, and
staff can resend any email from the admin.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from directory.models import EmailKind, EmailStatus, OutgoingEmail

logger = logging.getLogger("directory.emails")

# After this many failed attempts an email is given up (staff can still resend it).
MAX_ATTEMPTS = 8
FIRST_RETRY_DELAY = timedelta(minutes=5)
MAX_RETRY_DELAY = timedelta(hours=6)

# Personal links are masked in the stored copy once the email has left.
_PERSONAL_LINK = re.compile(r"https?://\S+/annuaire/(?:modifier|inscription/confirmer)/\S+")
PERSONAL_LINK_PLACEHOLDER = "[lien personnel masqué après l'envoi]"


def render_email(template_name, context):
    """The body of an email from ``templates/directory/emails/<template_name>.txt``."""
    context = {
        "portal_name": settings.WAGTAIL_SITE_NAME,
        "unconfirmed_days": settings.DIRECTORY_UNCONFIRMED_RETENTION_DAYS,
        "rejected_days": settings.DIRECTORY_REJECTED_RETENTION_DAYS,
        "edit_link_hours": settings.DIRECTORY_EDIT_LINK_MAX_AGE_HOURS,
        **context,
    }
    return render_to_string(f"directory/emails/{template_name}.txt", context).strip() + "\n"


def queue_email(*, kind, recipients, subject, body, application=None, structure=None):
    if isinstance(recipients, str):
        recipients = [recipients]
    recipients = [address for address in recipients if address]
    if not recipients:  # erased contact details, no staff mailbox configured
        return None
    return OutgoingEmail.objects.create(
        kind=kind,
        recipients="\n".join(recipients),
        subject=subject[:255],
        body=body,
        application=application,
        structure=structure,
        next_attempt_at=timezone.now(),
    )


def retry_delay(attempts):
    delay = FIRST_RETRY_DELAY * (2 ** max(0, attempts - 1))
    return min(delay, MAX_RETRY_DELAY)


def deliver(email):
    """Try to send ``email`` now. Returns True when sent; never raises."""
    if email is None:
        return False
    now = timezone.now()
    email.attempts += 1
    email.last_attempt_at = now
    try:
        message = EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.recipient_list,
        )
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP down, refused recipient, timeout…
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
            email.next_attempt_at = None
        else:
            email.status = EmailStatus.PENDING
            email.next_attempt_at = now + retry_delay(email.attempts)
        logger.warning(
            "Courriel %s (%s) non envoyé, tentative %s : %s",
            email.pk,
            email.kind,
            email.attempts,
            email.last_error,
        )
        email.save(
            update_fields=["attempts", "last_attempt_at", "last_error", "status", "next_attempt_at"]
        )
        return False
    email.status = EmailStatus.SENT
    email.sent_at = now
    email.next_attempt_at = None
    email.last_error = ""
    email.body = _PERSONAL_LINK.sub(PERSONAL_LINK_PLACEHOLDER, email.body)
    email.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_error",
            "status",
            "next_attempt_at",
            "sent_at",
            "body",
        ]
    )
    return True


def deliver_all(emails):
    """Send a batch just queued (after its transaction committed); returns how many left."""
    return sum(1 for email in emails if email is not None and deliver(email))


def send_due_emails(*, now=None, limit=200):
    """Retry the emails whose next attempt is due. Returns ``(sent, failed)``."""
    now = now or timezone.now()
    sent = failed = 0
    for email in OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk")[:limit]:
        if deliver(email):
            sent += 1
        else:
            failed += 1
    return sent, failed


def can_resend(email):
    """Personal links are masked once sent: those emails are re-issued, not resent."""
    return not (email.status == EmailStatus.SENT and PERSONAL_LINK_PLACEHOLDER in email.body)


def resend(email):
    """Staff asked to send this email again (after a failure, or because it was lost)."""
    email.status = EmailStatus.PENDING
    email.next_attempt_at = timezone.now()
    email.save(update_fields=["status", "next_attempt_at"])
    return deliver(email)


def staff_recipients():
    return list(getattr(settings, "PORTAL_STAFF_EMAILS", []))


__all__ = [
    "MAX_ATTEMPTS",
    "EmailKind",
    "can_resend",
    "deliver",
    "deliver_all",
    "queue_email",
    "render_email",
    "resend",
    "send_due_emails",
    "staff_recipients",
]
