"""What happens to a contact message: stored for the admin, then emailed to the staff."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.forms import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def staff_recipients(page):
    """``settings.PORTAL_STAFF_EMAILS`` plus the page's own "to" addresses, without repeats."""
    extra = [address.strip() for address in (page.to_address or "").split(",")]
    recipients = []
    for address in [*settings.PORTAL_STAFF_EMAILS, *extra]:
        if address and address.lower() not in {r.lower() for r in recipients}:
            recipients.append(address)
    return recipients


def _reply_to(data, email_fields):
    for name in email_fields:
        value = (data.get(name) or "").strip()
        try:
            validate_email(value)
        except ValidationError:
            continue
        return [value]
    return []


def message_body(data, labels):
    lines = []
    for name, label in labels:
        value = data.get(name)
        if isinstance(value, bool):
            value = _("oui") if value else _("non")
        elif isinstance(value, list):
            value = ", ".join(value)
        lines.append(f"{label} :\n{value if value not in (None, '') else '—'}\n")
    return "\n".join(lines)


def notify_staff(*, page, data, labels, email_fields, admin_url=""):
    """Email the message to the staff; returns False (and logs) when sending fails: the
    message is already stored in the admin, so nothing is lost."""
    recipients = staff_recipients(page)
    if not recipients:
        return False
    body = message_body(data, labels)
    if admin_url:
        body += "\n" + _("Tous les messages reçus : %(url)s") % {"url": admin_url}
    message = EmailMessage(
        subject=page.subject or _("Nouveau message reçu par le formulaire de contact"),
        body=body,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=_reply_to(data, email_fields),
    )
    try:
        message.send()
    except Exception:
        logger.exception("Contact message %s stored but not emailed", page.pk)
        return False
    return True
