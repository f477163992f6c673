"""The actions of registration and moderation, recorded in Wagtail's history (who, when, what).

Registered through the ``register_log_actions`` hook (``directory/wagtail_hooks.py``), so that
they show, in French, in each object's history view and in the admin's global log.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

SUBMIT = "directory.application.submit"
CONFIRM = "directory.application.confirm"
PREPARE = "directory.application.prepare"
APPROVE = "directory.application.approve"
REJECT = "directory.application.reject"
SUPERSEDE = "directory.application.supersede"
RESEND_EMAIL = "directory.application.resend_email"
PUBLISH_FROM_APPLICATION = "directory.structure.publish_application"
EDIT_LINK_SENT = "directory.structure.edit_link_sent"
PERSONAL_DATA_EXPORT = "directory.structure.personal_data_export"
PERSONAL_DATA_ERASE = "directory.structure.personal_data_erase"

SIMPLE_ACTIONS = {
    SUBMIT: (_("Demande reçue"), _("Demande reçue depuis le site public")),
    CONFIRM: (_("Adresse confirmée"), _("Adresse électronique du demandeur confirmée")),
    SUPERSEDE: (_("Demande remplacée"), _("Demande remplacée par une demande plus récente")),
    EDIT_LINK_SENT: (
        _("Lien de modification envoyé"),
        _("Lien de modification envoyé à l'adresse de contact de la fiche"),
    ),
    PERSONAL_DATA_EXPORT: (
        _("Données personnelles exportées"),
        _("Données personnelles de la structure exportées"),
    ),
    PERSONAL_DATA_ERASE: (
        _("Données personnelles effacées"),
        _("Données personnelles de la structure effacées"),
    ),
}


class _FieldsFormatter(LogFormatter):
    verb = ""

    def format_message(self, log_entry):
        fields = (log_entry.data or {}).get("fields") or []
        if not fields:
            return self.message
        return _("%(message)s : %(fields)s") % {
            "message": self.message,
            "fields": ", ".join(fields),
        }


class PrepareFormatter(_FieldsFormatter):
    label = _("Demande préparée")
    message = _("Demande préparée par l'équipe")


class ApproveFormatter(_FieldsFormatter):
    label = _("Demande approuvée")
    message = _("Demande approuvée et fiche publiée")


class PublishFormatter(_FieldsFormatter):
    label = _("Fiche publiée après modération")
    message = _("Fiche publiée après approbation d'une demande")


class RejectFormatter(LogFormatter):
    label = _("Demande refusée")
    message = _("Demande refusée")

    def format_message(self, log_entry):
        reason = (log_entry.data or {}).get("reason")
        if not reason:
            return self.message
        return _("Demande refusée : %(reason)s") % {"reason": reason}


class ResendFormatter(LogFormatter):
    label = _("Courriel renvoyé")
    message = _("Courriel renvoyé")

    def format_message(self, log_entry):
        subject = (log_entry.data or {}).get("subject")
        if not subject:
            return self.message
        return _("Courriel renvoyé : « %(subject)s »") % {"subject": subject}


def register(actions):
    """Body of the ``register_log_actions`` hook."""
    for action, (label, message) in SIMPLE_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action(PREPARE)(PrepareFormatter)
    actions.register_action(APPROVE)(ApproveFormatter)
    actions.register_action(PUBLISH_FROM_APPLICATION)(PublishFormatter)
    actions.register_action(REJECT)(RejectFormatter)
    actions.register_action(RESEND_EMAIL)(ResendFormatter)
