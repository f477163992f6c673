import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from directory.siret import (
    clean_siret,
    is_valid_siren,
    is_valid_siret,
    luhn_check_digit,
    luhn_is_valid,
    siret_error,
    siret_from_number,
    validate_siret,
)

VALID_SIRET = "73282932000074"  # Luhn-valid establishment
LA_POSTE_SIRET = "35600000000001"  # digits sum to 15, not Luhn-valid


def test_luhn_examples():
    assert luhn_is_valid("73282932000074")
    assert not luhn_is_valid("73282932000075")
    assert not luhn_is_valid("")
    assert not luhn_is_valid("12a4")


def test_valid_siret_and_siren():
    assert is_valid_siret(VALID_SIRET)
    assert is_valid_siren(VALID_SIRET[:9])
    assert is_valid_siret("732 829 320 00074")


def test_la_poste_exception():
    assert not luhn_is_valid(LA_POSTE_SIRET)
    assert is_valid_siret(LA_POSTE_SIRET)
    # A La Poste establishment whose digits do not sum to a multiple of 5 is rejected.
    assert not is_valid_siret("35600000000002")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "Saisissez"),
        ("7328293200007A", "que des chiffres"),
        ("7328293200007", "14 chiffres (vous en avez saisi 13)"),
        ("73282932000075", "clé de contrôle"),
        ("٧٣٢٨٢٩٣٢٠٠٠٠٧٤", "que des chiffres"),  # Arabic-Indic digits are not accepted
    ],
)
def test_french_error_messages(value, fragment):
    assert fragment in str(siret_error(value))
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert error.value.code == "invalid_siret"


def test_validator_accepts_valid_values():
    validate_siret(VALID_SIRET)
    validate_siret(LA_POSTE_SIRET)
    assert siret_error(VALID_SIRET) is None


def test_clean_siret_removes_separators():
    assert clean_siret(" 732.829.320-00074 ") == VALID_SIRET


@given(st.integers(min_value=0, max_value=10**13 - 1))
def test_generated_sirets_are_valid(number):
    siret = siret_from_number(number)
    assert len(siret) == 14
    assert is_valid_siret(siret)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_check_digit_completes_any_number(digits):
    assert luhn_is_valid(digits + luhn_check_digit(digits))


@given(st.text(max_size=40))
def test_validator_never_crashes(value):
    message = siret_error(value)
    assert message is None or str(message)
