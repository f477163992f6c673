"""The public form to ask to sign the charter, built from the fields editors define.

Anti-spam: a honeypot field (hidden from people, filled by robots) and a minimum time
between the form's display and its submission, carried by a signed token. Both checks are
small functions so that they can be swapped for a shared ``portal.antispam`` later.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

HONEYPOT_FIELD = "site_internet"
STARTED_AT_FIELD = "jeton_affichage"
ANTISPAM_FIELDS = (HONEYPOT_FIELD, STARTED_AT_FIELD)
SIGNING_SALT = "commitments.join-charter.started-at"
MAX_FORM_AGE_SECONDS = 24 * 3600


def make_started_at_token(now=None):
    return signing.dumps(now if now is not None else time.time(), salt=SIGNING_SALT)


def honeypot_error(value):
    """An error message when the honeypot field was filled in, else None."""
    if (value or "").strip():
        return _("Votre demande n'a pas pu être envoyée. Laissez vide le champ prévu à cet effet.")
    return None


def min_fill_time_error(token, *, min_seconds, now=None):
    """An error message when the form came back too fast, too late or without its token."""
    now = now if now is not None else time.time()
    try:
        started_at = float(
            signing.loads(token or "", salt=SIGNING_SALT, max_age=MAX_FORM_AGE_SECONDS)
        )
    except signing.SignatureExpired:
        return _("Le formulaire a expiré : vérifiez vos réponses et envoyez-le de nouveau.")
    except (signing.BadSignature, TypeError, ValueError):
        return _(
            "Le formulaire n'a pas pu être vérifié : vérifiez vos réponses et envoyez-le de nouveau."
        )
    if now - started_at < min_seconds:
        return _(
            "Le formulaire a été envoyé trop rapidement. Vérifiez vos réponses puis envoyez-le "
            "de nouveau."
        )
    return None


class JoinCharterForm(BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Laissez ce champ vide"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_AT_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial[STARTED_AT_FIELD] = make_started_at_token()

    def clean(self):
        cleaned_data = super().clean()
        error = honeypot_error(cleaned_data.get(HONEYPOT_FIELD)) or min_fill_time_error(
            cleaned_data.get(STARTED_AT_FIELD),
            min_seconds=settings.PORTAL_FORM_MIN_FILL_SECONDS,
        )
        if error:
            # A fresh token, so that sending the form again after reading the message works.
            self.data = self.data.copy()
            self.data[STARTED_AT_FIELD] = make_started_at_token()
            raise forms.ValidationError(error, code="antispam")
        for name in ANTISPAM_FIELDS:
            cleaned_data.pop(name, None)
        return cleaned_data

    def visible_question_fields(self):
        return [field for field in self if field.name not in ANTISPAM_FIELDS]

    def honeypot_field(self):
        return self[HONEYPOT_FIELD]

    def started_at_field(self):
        return self[STARTED_AT_FIELD]


class JoinCharterFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("JoinCharterPageForm", (JoinCharterForm,), self.formfields)
