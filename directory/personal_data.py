"""Export and erasure of a structure's personal data (GDPR articles 15, 17 and 20).

The personal data of a listing are its contact person's name, email and phone; the same
data are held by the applications about the structure, the edit links sent to it and the
emails of the outbox. The export gathers all of them as JSON; the erasure blanks them.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from directory import log_actions
from directory.application_data import PERSONAL_FIELDS
from directory.models import OutgoingEmail, StructureApplication

CONTACT_VISIBILITY_FIELDS = ["show_contact_name", "show_contact_email", "show_contact_phone"]


def _applications(structure):
    return StructureApplication.objects.filter(Q(structure=structure) | Q(siret=structure.siret))


def _emails(structure):
    return OutgoingEmail.objects.filter(
        Q(structure=structure) | Q(application__in=_applications(structure))
    )


def export_personal_data(structure, *, user=None):
    """Everything personal the portal holds about ``structure``, as a JSON-ready dict."""
    applications = list(_applications(structure).order_by("submitted_at"))
    payload = {
        "exporte_le": timezone.now(),
        "structure": {
            "siret": structure.siret,
            "raison_sociale": structure.legal_name,
            "contact": {name: getattr(structure, name) for name in PERSONAL_FIELDS},
            "affichage_public": {
                name: getattr(structure, name) for name in CONTACT_VISIBILITY_FIELDS
            },
        },
        "demandes": [
            {
                "numero": application.pk,
                "nature": application.get_kind_display(),
                "etat": application.get_status_display(),
                "recue_le": application.submitted_at,
                "consentement_le": application.consented_at,
                "adresse_confirmee_le": application.email_confirmed_at,
                "adresse_du_demandeur": application.contact_email,
                "contact_propose": {
                    name: (application.data or {}).get(name, "") for name in PERSONAL_FIELDS
                },
                "motif_du_refus": application.rejection_reason,
            }
            for application in applications
        ],
        "liens_de_modification": [
            {"envoye_a": link.email, "cree_le": link.created_at, "utilise_le": link.used_at}
            for link in structure.edit_links.order_by("created_at")
        ],
        "courriels": [
            {
                "destinataires": email.recipient_list,
                "objet": email.subject,
                "etat": email.get_status_display(),
                "cree_le": email.created_at,
                "envoye_le": email.sent_at,
            }
            for email in _emails(structure).order_by("created_at")
        ],
    }
    log(structure, log_actions.PERSONAL_DATA_EXPORT, user=user)
    return payload


def export_as_json(structure, *, user=None):
    return json.dumps(
        export_personal_data(structure, user=user),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )


def _scrub(data):
    if not data:
        return data
    clean = dict(data)
    for name in PERSONAL_FIELDS:
        if name in clean:
            clean[name] = ""
    for name in CONTACT_VISIBILITY_FIELDS:
        if name in clean:
            clean[name] = False
    return clean


def erase_personal_data(structure, *, user=None):
    """Blank the contact details everywhere; the listing itself stays published."""
    with transaction.atomic():
        for name in PERSONAL_FIELDS:
            setattr(structure, name, "")
        for name in CONTACT_VISIBILITY_FIELDS:
            setattr(structure, name, False)
        structure.save()
        applications = list(_applications(structure))
        for application in applications:
            application.data = _scrub(application.data)
            application.baseline = _scrub(application.baseline)
            application.contact_email = ""
            application.save(update_fields=["data", "baseline", "contact_email", "updated_at"])
        emails_deleted, _details = _emails(structure).delete()
        links_deleted, _details = structure.edit_links.all().delete()
        log(
            structure,
            log_actions.PERSONAL_DATA_ERASE,
            user=user,
            data={
                "applications": len(applications),
                "emails": emails_deleted,
                "edit_links": links_deleted,
            },
        )
    return {
        "applications": len(applications),
        "emails": emails_deleted,
        "edit_links": links_deleted,
    }
