"""SIRET and SIREN validation.

A SIRET is 14 digits: the SIREN (9 digits, the legal unit) followed by the NIC (5 digits, the
establishment). The Luhn checksum holds on the 14 digits, except for La Poste's establishments
(SIREN 356000000), whose digits add up to a multiple of 5.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"


def clean_siret(value):
    """The value without the spaces, dots and dashes people type ("123 456 789 00012")."""
    return "".join(char for char in str(value or "") if char not in " .-\u00a0\u202f\t")


def luhn_is_valid(digits):
    """True when the string of digits passes the Luhn checksum."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def is_valid_siren(value):
    siren = clean_siret(value)
    return len(siren) == 9 and siren.isdigit() and luhn_is_valid(siren)


def is_valid_siret(value):
    siret = clean_siret(value)
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(char) for char in siret) % 5 == 0
    return luhn_is_valid(siret)


def siret_error(value):
    """The French explanation of why ``value`` is not a SIRET, or None when it is one."""
    siret = clean_siret(value)
    if not siret:
        return _("Saisissez un numéro SIRET.")
    if not siret.isascii() or not siret.isdigit():
        return _("Un numéro SIRET ne contient que des chiffres.")
    if len(siret) != 14:
        return _("Un numéro SIRET compte 14 chiffres (vous en avez saisi %(count)d).") % {
            "count": len(siret)
        }
    if not is_valid_siret(siret):
        return _(
            "Ce numéro SIRET n'est pas valide : vérifiez les chiffres (la clé de contrôle ne correspond pas)."
        )
    return None


@deconstructible
class SiretValidator:
    """Django validator: 14 digits and a valid checksum (Luhn, or La Poste's rule)."""

    code = "invalid_siret"

    def __call__(self, value):
        message = siret_error(value)
        if message:
            raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SiretValidator)


validate_siret = SiretValidator()


def luhn_check_digit(digits):
    """The digit to append to ``digits`` so that the whole passes the Luhn checksum."""
    for candidate in "0123456789":
        if luhn_is_valid(digits + candidate):
            return candidate
    raise ValueError(digits)  # unreachable for a string of digits


def siret_from_number(number):
    """A valid SIRET built from any non-negative integer (factories, demo and benchmark data)."""
    body = f"{number:013d}"[-13:]
    if body.startswith(LA_POSTE_SIREN):
        body = "4" + body[1:]
    return body + luhn_check_digit(body)
