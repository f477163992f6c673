import pytest
from django.core.exceptions import ValidationError

from portal.colors import contrast_ratio
from portal.models import PortalSettings
from portal.validators import validate_aa_contrast_on_white


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["#1d4f91", "#000000", "#767676", "#b3261e"])
def test_dark_enough_colours_are_accepted(colour):
    validate_aa_contrast_on_white(colour)


@pytest.mark.parametrize("colour", ["#ffcc00", "#777777", "#87ceeb", "#ffffff"])
def test_light_colours_are_refused_with_french_message(colour):
    with pytest.raises(ValidationError) as excinfo:
        validate_aa_contrast_on_white(colour)
    assert "4,5:1" in excinfo.value.messages[0]


@pytest.mark.parametrize("value", ["", "blue", "#12345", "#gggggg", "1d4f91"])
def test_malformed_colours_are_refused(value):
    with pytest.raises(ValidationError):
        validate_aa_contrast_on_white(value)


@pytest.mark.django_db
def test_settings_model_refuses_low_contrast(site):
    portal_settings = PortalSettings.for_site(site)
    portal_settings.primary_colour = "#ffcc00"
    with pytest.raises(ValidationError) as excinfo:
        portal_settings.full_clean()
    assert "primary_colour" in excinfo.value.error_dict


@pytest.mark.django_db
def test_theme_css_serves_the_chosen_colour(client, site):
    portal_settings = PortalSettings.for_site(site)
    portal_settings.primary_colour = "#5a2d82"
    portal_settings.save()
    response = client.get("/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--color-primary:#5a2d82" in response.content.decode()
