"""Signed, single-use links to edit a listing, and signed links to confirm an application.

An edit link's token is signed with the secret key (tampering is detected), carries its issue
time (it expires after ``DIRECTORY_EDIT_LINK_MAX_AGE_HOURS``), names the structure it was issued
for (a token shown with another listing's SIRET is refused) and a random nonce whose hash is
stored in an ``EditLink`` row, marked as used when the change is submitted.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from directory.models import EditLink

EDIT_LINK_SALT = "directory.edit-link"
CONFIRMATION_SALT = "directory.application-confirmation"


def edit_link_max_age():
    return timedelta(hours=getattr(settings, "DIRECTORY_EDIT_LINK_MAX_AGE_HOURS", 48))


def confirmation_max_age():
    return timedelta(days=getattr(settings, "DIRECTORY_UNCONFIRMED_RETENTION_DAYS", 7))


class LinkError(Exception):
    """A link that cannot be used, with the French explanation and the HTTP status to answer."""

    def __init__(self, code, message, status):
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


def _tampered():
    return LinkError(
        "tampered",
        _(
            "Ce lien n'est pas valide : il a peut-être été mal copié ou modifié. Copiez l'adresse "
            "complète reçue par courriel, ou demandez un nouveau lien."
        ),
        400,
    )


def _expired(hours):
    return LinkError(
        "expired",
        _(
            "Ce lien a expiré : il n'était valable que %(hours)s heures. Demandez un nouveau lien, "
            "il vous sera envoyé par courriel."
        )
        % {"hours": hours},
        410,
    )


def _used():
    return LinkError(
        "used",
        _(
            "Ce lien a déjà servi : chaque lien ne permet d'envoyer qu'une seule modification. "
            "Demandez un nouveau lien si vous souhaitez apporter d'autres changements."
        ),
        410,
    )


def _other_listing():
    return LinkError(
        "other_listing",
        _(
            "Ce lien ne correspond pas à cette fiche : il ne permet de modifier que la fiche pour "
            "laquelle il a été demandé."
        ),
        403,
    )


def _hash(nonce):
    return hashlib.sha256(nonce.encode()).hexdigest()


def issue_edit_link(structure, email):
    """Create the ``EditLink`` row and return ``(link, token)``."""
    nonce = secrets.token_urlsafe(24)
    link = EditLink.objects.create(structure=structure, email=email, nonce_hash=_hash(nonce))
    token = signing.dumps(
        {"l": link.pk, "s": structure.pk, "n": nonce}, salt=EDIT_LINK_SALT, compress=False
    )
    return link, token


def _read_token(token):
    hours = int(edit_link_max_age().total_seconds() // 3600)
    try:
        payload = signing.loads(
            str(token), salt=EDIT_LINK_SALT, max_age=edit_link_max_age().total_seconds()
        )
    except signing.SignatureExpired as exc:
        raise _expired(hours) from exc
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise _tampered() from exc
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("l"), int)
        or not isinstance(payload.get("s"), int)
        or not isinstance(payload.get("n"), str)
    ):
        raise _tampered()
    return payload


def check_edit_link(token, structure):
    """The ``EditLink`` behind ``token`` if it may edit ``structure``; ``LinkError`` otherwise."""
    payload = _read_token(token)
    link = EditLink.objects.filter(pk=payload["l"]).first()
    if link is None or not constant_time_compare(link.nonce_hash, _hash(payload["n"])):
        # Signed by us but unknown: the link was purged after expiry.
        raise _expired(int(edit_link_max_age().total_seconds() // 3600))
    if structure is None or link.structure_id != structure.pk or payload["s"] != structure.pk:
        raise _other_listing()
    if link.used_at is not None:
        raise _used()
    return link


def consume_edit_link(link):
    """Mark ``link`` as used, exactly once even under concurrent submissions."""
    with transaction.atomic():
        updated = EditLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
    if updated != 1:
        raise _used()
    link.refresh_from_db(fields=["used_at"])
    return link


def make_confirmation_token(application):
    return signing.dumps(
        {"a": application.pk, "e": _hash(application.contact_email.lower())},
        salt=CONFIRMATION_SALT,
        compress=False,
    )


def read_confirmation_token(token):
    """``(application_pk, email_hash)`` from a confirmation token; ``LinkError`` otherwise."""
    days = confirmation_max_age().days
    try:
        payload = signing.loads(
            str(token), salt=CONFIRMATION_SALT, max_age=confirmation_max_age().total_seconds()
        )
    except signing.SignatureExpired as exc:
        raise LinkError(
            "expired",
            _(
                "Ce lien de confirmation a expiré : il n'était valable que %(days)s jours et la "
                "demande a été effacée. Vous pouvez déposer une nouvelle demande."
            )
            % {"days": days},
            410,
        ) from exc
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise LinkError(
            "tampered",
            _(
                "Ce lien de confirmation n'est pas valide : il a peut-être été mal copié. Copiez "
                "l'adresse complète reçue par courriel."
            ),
            400,
        ) from exc
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("a"), int)
        or not isinstance(payload.get("e"), str)
    ):
        raise LinkError("tampered", _("Ce lien de confirmation n'est pas valide."), 400)
    return payload["a"], payload["e"]


def email_hash(email):
    return _hash(email.lower())
