from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.colors import AA_NORMAL_TEXT, HEX_COLOUR, contrast_ratio


def validate_hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Saisissez une couleur au format hexadécimal à six chiffres, par exemple #1d4f91."),
            code="invalid_colour",
        )


def validate_aa_contrast_on_white(value):
    validate_hex_colour(value)
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "Cette couleur n'offre qu'un contraste de %(ratio).2f:1 sur fond blanc ; "
                "le niveau AA du RGAA exige au moins 4,5:1. Choisissez une teinte plus foncée."
            ),
            code="insufficient_contrast",
            params={"ratio": ratio},
        )
