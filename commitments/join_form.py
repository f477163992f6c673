"""The public form to ask to sign the charter, built from the fields editors define.

Anti-spam comes from the shared ``portal.antispam``: a honeypot field and a signed display
time (a form sent back too fast, with the honeypot filled or without a valid token is spam:
the robot gets the confirmation page and nothing is stored nor sent)."""

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from portal.antispam import AntiSpamFormMixin


class JoinCharterForm(AntiSpamFormMixin, BaseForm):
    def clean(self):
        cleaned_data = super().clean()
        # The anti-spam fields are not answers: keep them out of submissions and e-mails.
        for name in (self.honeypot_field_name, self.timestamp_field_name):
            cleaned_data.pop(name, None)
        return cleaned_data


class JoinCharterFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("JoinCharterPageForm", (JoinCharterForm,), self.formfields)
