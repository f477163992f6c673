"""Inputs printed without the template engine print exactly what Django's templates print."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from portal import widgets
from portal.antispam import HoneypotInput, TimestampInput

ATTRS = [
    None,
    {"id": "id_champ"},
    {"id": "id_champ", "class": 'a "b" <c>', "required": True, "disabled": False},
    {"autocomplete": "off", "tabindex": -1, "data-x": mark_safe("<sûr>")},
]
VALUES = [None, "", "valeur", 'guillemets " et <balises> & co', 12, mark_safe("<déjà sûr>")]


@pytest.mark.parametrize(
    ("fast", "django"),
    [(widgets.HiddenInput, forms.HiddenInput), (widgets.TextInput, forms.TextInput)],
)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_same_markup_as_the_django_templates(fast, django, attrs, value):
    widget_attrs = {"placeholder": "Votre nom"} if django is forms.TextInput else None
    expected = django(attrs=widget_attrs).render("champ", value, attrs=attrs)
    assert fast(attrs=widget_attrs).render("champ", value, attrs=attrs) == expected


def test_anti_spam_widgets_keep_their_markup():
    class Classic(forms.HiddenInput):
        pass

    honeypot = HoneypotInput().render("site_web", "robot", attrs={"id": "id_site_web"})
    assert honeypot.startswith('<div class="visually-hidden"><label for="id_site_web">')
    assert (
        '<input type="text" name="site_web" autocomplete="off" tabindex="-1" '
        'class="antispam-field" id="id_site_web"></div>'
    ) in honeypot
    token = TimestampInput().render("horodatage", None, attrs={"id": "id_horodatage"})
    value = token.split('value="')[1].split('"')[0]
    assert token == Classic().render("horodatage", value, attrs={"id": "id_horodatage"})
