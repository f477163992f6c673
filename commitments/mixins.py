"""Abstract mixins for pages that talk about a co-funded convention or show partner logos.

``RelatedConventionMixin`` is meant for other apps' pages (content pages, news): it adds a
"related convention" field with its panel; the page then carries the EU visibility block
and cannot be published while it would break a visibility rule.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from commitments.forms import MODE_PUBLISH, EUVisibilityPageForm


class EUVisibilityPublicationMixin(models.Model):
    """Refuses to publish a page that would break an EU visibility rule.

    Wagtail validates a page with ``full_clean()`` whenever it is saved live, which is what
    publishing does (``PublishRevisionAction`` saves the object with ``live=True``): ``clean()``
    then checks the rules of ``commitments.eu_visibility``. Drafts are not checked, as Wagtail
    defers required fields for drafts. The admin form (``EUVisibilityPageForm``) runs the
    same rules itself when "Publier" is pressed, with the submitted inline logos, so that
    the editor gets the message on the edit page instead of an error.
    """

    base_form_class = EUVisibilityPageForm

    class Meta:
        abstract = True

    def get_eu_funding(self):
        """The ``EUFunding`` the page must show, or None when it is not about co-funding."""
        return None

    def eu_visibility_must_be_checked(self):
        mode = getattr(self, "_eu_visibility_mode", None)
        if mode is not None:
            return mode == MODE_PUBLISH
        return bool(self.live)

    def clean(self):
        super().clean()
        if self.eu_visibility_must_be_checked():
            from commitments.eu_visibility import publication_errors

            errors = publication_errors(self)
            if errors:
                raise ValidationError(errors)


class RelatedConventionMixin(EUVisibilityPublicationMixin):
    related_convention = models.ForeignKey(
        "commitments.ConventionPage",
        verbose_name=_("convention concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Si la page parle d'une convention cofinancée par l'Union européenne, choisissez-la : "
            "la page affichera le bloc « Cofinancé par l'Union européenne » et la description "
            "de l'opération, et ne pourra pas être publiée si une règle de visibilité n'est pas "
            "respectée."
        ),
    )

    related_convention_panels = [
        MultiFieldPanel(
            [FieldPanel("related_convention")],
            heading=_("Financement européen"),
        )
    ]

    class Meta:
        abstract = True

    def get_eu_funding(self):
        convention = self.related_convention
        if convention is None:
            return None
        return convention.get_eu_funding()


class PartnerLogoHeight(models.IntegerChoices):
    SMALL = 40, _("petits (40 px de haut au plus)")
    MEDIUM = 56, _("moyens (56 px de haut au plus)")
    LARGE = 80, _("grands (80 px de haut au plus) — refusé sur une page cofinancée par l'UE")


class PartnerLogosMixin(models.Model):
    """Pages that show their partners' logos, all rendered in one box of a chosen height.

    Subclasses name the inline relation holding the logos (``partner_logo_relation``) and
    the field holding each partner's name (``partner_logo_name_field``).
    """

    partner_logo_relation = ""
    partner_logo_name_field = "organisation"

    partner_logo_height = models.PositiveSmallIntegerField(
        _("taille d'affichage des logos"),
        choices=PartnerLogoHeight.choices,
        default=PartnerLogoHeight.MEDIUM,
        help_text=_(
            "Les logos sont réduits pour tenir dans cette hauteur (et trois fois cette largeur). "
            "Sur une page cofinancée par l'Union européenne, aucun logo ne peut être plus haut "
            "que l'emblème européen (64 px)."
        ),
    )

    class Meta:
        abstract = True

    def partner_logo_items(self):
        """(name, image) pairs of the partners whose logo is shown, in display order."""
        if not self.partner_logo_relation:
            return []
        items = getattr(self, self.partner_logo_relation).all()
        return [
            (getattr(item, self.partner_logo_name_field), item.logo)
            for item in items
            if item.logo is not None
        ]
