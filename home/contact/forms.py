"""The contact form: the editors' fields, a consent that is always required, and the
portal's anti-spam (honeypot, minimum fill time)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from portal.antispam import AntiSpamFormMixin

CONSENT_FIELD = "consentement"
DEFAULT_CONSENT_LABEL = _(
    "J'accepte que les informations saisies soient utilisées pour répondre à ma demande."
)


class ContactBaseForm(AntiSpamFormMixin, BaseForm):
    """Base class of the generated form. ``AntiSpamFormMixin`` adds the hidden anti-spam
    fields; the error messages are linked to their fields by Django (aria-describedby)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CONSENT_FIELD].error_messages["required"] = _(
            "Cochez cette case pour que nous puissions traiter votre demande."
        )

    @property
    def data_field_names(self):
        """The fields whose answers are stored and sent (not the anti-spam ones)."""
        return [name for name in self.fields if name not in self.antispam_field_names]


# Input purposes (RGAA 11.13 / WCAG 1.3.5) of the usual fields, by clean name.
AUTOCOMPLETE = {"nom": "name", "courriel": "email", "organisation": "organization"}


class ContactFormBuilder(FormBuilder):
    """Builds the editors' fields and guarantees a required consent checkbox.

    The consent is the field named ``consentement`` (label "Consentement" in the admin, or
    created by the demo content). Whatever its type and "required" box, it becomes a required
    checkbox; when editors removed it, it is added back with a default label.
    """

    @property
    def formfields(self):
        fields = super().formfields
        for field in self.fields:
            name = _clean_name(field)
            purpose = AUTOCOMPLETE.get(name) or ("email" if field.field_type == "email" else "")
            if purpose and name in fields:
                fields[name].widget.attrs["autocomplete"] = purpose
        consent = next((f for f in self.fields if _clean_name(f) == CONSENT_FIELD), None)
        label = consent.label if consent is not None else DEFAULT_CONSENT_LABEL
        help_text = consent.help_text if consent is not None else ""
        fields[CONSENT_FIELD] = forms.BooleanField(label=label, help_text=help_text, required=True)
        return fields

    def get_form_class(self):
        return type("ContactForm", (ContactBaseForm,), self.formfields)


def _clean_name(field):
    return field.clean_name or field.get_field_clean_name()
