"""The alert subscription form (spam-protected like every public form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.antispam import AntiSpamFormMixin


class AlertSubscriptionForm(AntiSpamFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    filters = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)

    error_messages = {
        "invalid_email": _(
            "Saisissez une adresse électronique valide, par exemple nom@domaine.fr."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update(
            {
                "required": _("Indiquez votre adresse électronique."),
                "invalid": self.error_messages["invalid_email"],
            }
        )
        self.fields["filters"].error_messages["max_length"] = _(
            "Cette recherche est trop longue pour être enregistrée : retirez des filtres."
        )
