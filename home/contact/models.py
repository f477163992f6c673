"""The contact page, built on Wagtail's form builder (``AbstractEmailForm``)."""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.contact.forms import CONSENT_FIELD, DEFAULT_CONSENT_LABEL, ContactFormBuilder
from home.contact.services import notify_staff
from portal.antispam import is_ratelimited
from portal.models import BasePage

RATE_LIMIT_GROUP = "contact"


class ContactFormField(AbstractFormField):
    page = ParentalKey("home.ContactPage", related_name="form_fields", on_delete=models.CASCADE)

    class Meta(AbstractFormField.Meta):
        verbose_name = _("champ du formulaire")
        verbose_name_plural = _("champs du formulaire")


class ContactPage(AbstractEmailForm, BasePage):
    intro = models.TextField(_("chapô"), blank=True)
    data_protection_text = RichTextField(
        _("mention sur les données personnelles"),
        blank=True,
        help_text=_("Affichée sous le formulaire : finalité, durée de conservation, vos droits."),
    )
    thank_you_text = RichTextField(
        _("message de confirmation"),
        blank=True,
        help_text=_("Affiché après l'envoi du formulaire."),
    )

    form_builder = ContactFormBuilder

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel(
            "form_fields",
            label=_("champ"),
            heading=_("Champs du formulaire"),
            help_text=_(
                "Le champ « Consentement » est toujours obligatoire ; s'il est supprimé, "
                "une case de consentement est ajoutée automatiquement."
            ),
        ),
        FieldPanel("data_protection_text"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Courriel envoyé à l'équipe (en plus des adresses de la configuration)"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page de contact")

    def get_meta_description(self):
        return self.search_description or self.intro

    def get_data_fields(self):
        fields = super().get_data_fields()
        if CONSENT_FIELD not in {name for name, _label in fields}:
            fields.append((CONSENT_FIELD, DEFAULT_CONSENT_LABEL))
        return fields

    def process_form_submission(self, form):
        """Store the answers (not the anti-spam fields), then email the staff."""
        data = {name: form.cleaned_data.get(name) for name in form.data_field_names}
        submission = self.get_submission_class().objects.create(form_data=data, page=self)
        labels = [(name, form.fields[name].label) for name in form.data_field_names]
        email_fields = [
            field.clean_name for field in self.get_form_fields() if field.field_type == "email"
        ]
        notify_staff(
            page=self,
            data=data,
            labels=labels,
            email_fields=email_fields,
            admin_url=settings.WAGTAILADMIN_BASE_URL
            + reverse("wagtailforms:list_submissions", args=[self.pk]),
        )
        return submission

    def serve(self, request, *args, **kwargs):
        # A form page (CSRF token, errors, confirmation) is never stored in any cache.
        response = self._serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def _serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if is_ratelimited(request, group=RATE_LIMIT_GROUP):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Vous avez envoyé beaucoup de messages en peu de temps. Votre message n'a "
                    "pas été envoyé : il est conservé ci-dessous, réessayez dans quelques minutes."
                ),
            )
            response = self._render_form(request, form, status=429)
            response["Retry-After"] = str(getattr(request, "ratelimit_retry_after", 60))
            return response
        if form.is_valid():
            # Robots get the same confirmation as people, but nothing is stored or sent.
            submission = None if form.is_spam else self.process_form_submission(form)
            return self.render_landing_page(request, submission, *args, **kwargs)
        return self._render_form(request, form, status=400)

    def _render_form(self, request, form, status=200):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context, status=status)
