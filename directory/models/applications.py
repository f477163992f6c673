"""Applications to the directory, proposed changes, edit links and the email outbox.

A ``StructureApplication`` holds what a structure submitted, as JSON in the shape produced by
``directory.application_data`` (the same shape as a snapshot of a published ``Structure``),
so that a moderator sees a field-by-field diff and the published listing stays untouched
until the application is approved.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    REGISTRATION = "registration", _("Inscription")
    CHANGE = "change", _("Modification d'une fiche")


class ApplicationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Adresse électronique à confirmer")
    PENDING = "pending", _("À modérer")
    APPROVED = "approved", _("Approuvée")
    REJECTED = "rejected", _("Refusée")
    SUPERSEDED = "superseded", _("Remplacée par une demande plus récente")


OPEN_STATUSES = (ApplicationStatus.UNCONFIRMED, ApplicationStatus.PENDING)


def application_logo_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"directory/applications/{uuid.uuid4().hex}.{extension}"


class StructureApplicationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApplicationStatus.PENDING)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_queue(self):
        """The moderation queue: what waits for a decision first, oldest first."""
        return (
            self.select_related("structure", "decided_by")
            .annotate(
                queue_rank=models.Case(
                    models.When(status=ApplicationStatus.PENDING, then=0),
                    models.When(status=ApplicationStatus.UNCONFIRMED, then=1),
                    default=2,
                    output_field=models.IntegerField(),
                )
            )
            .order_by("queue_rank", "submitted_at", "pk")
        )


class StructureApplication(models.Model):
    kind = models.CharField(
        _("nature de la demande"), max_length=12, choices=ApplicationKind.choices
    )
    status = models.CharField(
        _("état"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.UNCONFIRMED,
        db_index=True,
    )
    siret = models.CharField(_("SIRET"), max_length=14, db_index=True)
    display_name = models.CharField(_("structure"), max_length=255)
    structure = models.ForeignKey(
        "directory.Structure",
        verbose_name=_("fiche concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    data = models.JSONField(_("données proposées"), default=dict)
    baseline = models.JSONField(
        _("fiche publiée au moment de la demande"),
        default=dict,
        blank=True,
        help_text=_("Vide pour une inscription."),
    )
    logo_file = models.FileField(
        _("logo proposé"), upload_to=application_logo_path, blank=True, max_length=200
    )
    remove_logo = models.BooleanField(_("retirer le logo actuel"), default=False)
    contact_email = models.EmailField(
        _("adresse du demandeur"),
        blank=True,
        help_text=_("Adresse à laquelle sont envoyés les messages sur cette demande."),
    )
    consented_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("adresse confirmée le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    internal_note = models.TextField(
        _("note interne"),
        blank=True,
        help_text=_("Visible de l'équipe seulement : vérifications faites, points à trancher."),
    )
    edit_link = models.ForeignKey(
        "directory.EditLink",
        verbose_name=_("lien de modification utilisé"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = StructureApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("demande de l'annuaire")
        verbose_name_plural = _("demandes de l'annuaire")
        permissions = [
            ("moderate_structureapplication", _("Peut approuver ou refuser les demandes")),
            (
                "manage_structure_personal_data",
                _("Peut exporter et effacer les données personnelles des structures"),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="dir_app_status_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.display_name}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_pending(self):
        return self.status == ApplicationStatus.PENDING


class EditLink(models.Model):
    """A single-use link to edit a listing, emailed to the listing's contact address.

    The token itself is signed and never stored: only a hash of its random part is kept, so
    that the link can be marked as used and refused afterwards.
    """

    structure = models.ForeignKey(
        "directory.Structure",
        verbose_name=_("fiche"),
        on_delete=models.CASCADE,
        related_name="edit_links",
    )
    nonce_hash = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    email = models.EmailField(_("envoyé à"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lien de modification")
        verbose_name_plural = _("liens de modification")

    def __str__(self):
        return _("Lien pour %(structure)s du %(date)s") % {
            "structure": self.structure,
            "date": self.created_at,
        }


class EmailKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation de l'adresse")
    RECEIVED = "received", _("Accusé de réception")
    APPROVED = "approved", _("Demande approuvée")
    REJECTED = "rejected", _("Demande refusée")
    EDIT_LINK = "edit_link", _("Lien de modification")
    STAFF_NOTIFICATION = "staff", _("Avis à l'équipe")


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec : envoi abandonné")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now)


class OutgoingEmail(models.Model):
    """An email of the directory, stored before it is sent: the outbox and its log."""

    kind = models.CharField(_("nature"), max_length=14, choices=EmailKind.choices)
    application = models.ForeignKey(
        StructureApplication,
        verbose_name=_("demande"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )
    structure = models.ForeignKey(
        "directory.Structure",
        verbose_name=_("fiche"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outgoing_emails",
    )
    recipients = models.TextField(_("destinataires"), help_text=_("Une adresse par ligne."))
    subject = models.CharField(_("objet"), max_length=255)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("état"),
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("dernière tentative"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("courriel de l'annuaire")
        verbose_name_plural = _("courriels de l'annuaire")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="dir_email_due"),
        ]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]
