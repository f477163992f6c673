import pytest
from django.core.exceptions import ValidationError

from opportunities.cpv import (
    CPV_LABELS,
    cpv_check_digit,
    cpv_label,
    normalise_cpv,
    parse_cpv_list,
)


@pytest.mark.parametrize(
    "code",
    ["45000000-7", "90910000-9", "77310000-6", "55520000-1", "72000000-5", "90919200-4"],
)
def test_check_digit_of_well_known_codes(code):
    assert cpv_check_digit(code[:8]) == int(code[-1])


def test_every_shipped_label_has_a_well_formed_code_with_its_check_digit():
    assert len(CPV_LABELS) >= 80
    for code, label in CPV_LABELS.items():
        assert normalise_cpv(code) == code
        assert cpv_check_digit(code[:8]) == int(code[-1]), code
        assert label and label[0].isupper()


def test_check_digit_needs_eight_digits():
    with pytest.raises(ValueError):
        cpv_check_digit("4500000")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("45000000-7", "45000000-7"), (" 450000007 ", "45000000-7"), ("45000000 – 7", "45000000-7")],
)
def test_normalise_accepts_what_editors_paste(typed, expected):
    assert normalise_cpv(typed) == expected


@pytest.mark.parametrize("typed", ["4500000-7", "45000000-", "ABCDEFGH-1", "45000000-77", ""])
def test_normalise_rejects_wrong_formats_in_french(typed):
    with pytest.raises(ValidationError) as error:
        normalise_cpv(typed)
    assert "8 chiffres" in error.value.messages[0]


def test_a_known_code_with_a_wrong_check_digit_is_rejected_with_the_right_spelling():
    with pytest.raises(ValidationError) as error:
        normalise_cpv("90910000-3")
    message = error.value.messages[0]
    assert "90910000-9" in message
    assert "Services de nettoyage" in message


def test_an_unknown_code_keeps_its_own_check_digit():
    # 72600000-6 is an official code whose digit does not follow the usual rule.
    assert normalise_cpv("72600000-6") == "72600000-6"
    assert cpv_label("72600000-6") == ""


def test_parse_list_splits_normalises_and_deduplicates():
    assert parse_cpv_list("45000000-7, 450000007;\n90910000-9 90910000-9") == [
        "45000000-7",
        "90910000-9",
    ]
    assert parse_cpv_list("") == []


def test_parse_list_reports_every_wrong_code():
    with pytest.raises(ValidationError) as error:
        parse_cpv_list("45000000-7, 12, 90910000-3")
    assert len(error.value.messages) == 2
