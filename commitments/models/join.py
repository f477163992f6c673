"""The form to ask to sign the charter (Wagtail form builder): submissions are stored in the
admin (Formulaires) and the staff is notified by e-mail."""

from django.conf import settings
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from commitments.join_form import JoinCharterFormBuilder
from portal.antispam import is_ratelimited, too_many_requests
from portal.models import BasePage

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
# Rate limit group of the public forms (settings.PORTAL_RATE_LIMITS).
RATE_LIMIT_GROUP = "form"


class JoinCharterFormField(AbstractFormField):
    page = ParentalKey("JoinCharterPage", related_name="form_fields", on_delete=models.CASCADE)

    class Meta(AbstractFormField.Meta):
        verbose_name = _("champ du formulaire")
        verbose_name_plural = _("champs du formulaire")


class JoinCharterPage(AbstractEmailForm, BasePage):
    form_builder = JoinCharterFormBuilder

    charter = models.ForeignKey(
        "commitments.CharterPage",
        verbose_name=_("charte concernée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    thank_you_text = RichTextField(_("message de confirmation"), blank=True, features=TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("charter"),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Questions"), label=_("question")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("Notification par courriel"),
            help_text=_(
                "L'équipe du portail (réglage PORTAL_STAFF_EMAILS) est toujours prévenue ; "
                "ajoutez ici d'autres destinataires si besoin."
            ),
        ),
    ]

    parent_page_types = ["commitments.CommitmentsIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("formulaire d'adhésion à la charte")

    def notification_recipients(self):
        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        for address in settings.PORTAL_STAFF_EMAILS:
            if address not in addresses:
                addresses.append(address)
        return addresses

    def process_form_submission(self, form):
        # Store the submission (FormMixin), then always notify the staff.
        submission = FormMixin.process_form_submission(self, form)
        self.send_mail(form)
        return submission

    def send_mail(self, form):
        recipients = self.notification_recipients()
        if not recipients:
            return
        subject = self.subject or _g("Nouvelle demande d'adhésion à la charte")
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailforms:list_submissions", args=[self.pk]
        )
        body = "\n\n".join(
            [
                self.render_email(form),
                _g("Toutes les demandes : %(url)s") % {"url": admin_url},
            ]
        )
        send_mail(subject, body, recipients, self.from_address or None)

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        if is_ratelimited(request, group=RATE_LIMIT_GROUP):
            return too_many_requests(request)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            if form.is_spam:
                # Robots get the confirmation page: nothing is stored nor sent.
                return self.render_landing_page(request, None, *args, **kwargs)
            submission = self.process_form_submission(form)
            return self.render_landing_page(request, submission, *args, **kwargs)
        context = self.get_context(request)
        context["form"] = form
        # The form again with its errors: not accepted, nothing saved.
        return TemplateResponse(request, self.get_template(request), context, status=400)
