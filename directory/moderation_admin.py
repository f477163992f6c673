"""The moderation queue in the Wagtail admin: applications, proposed changes and their emails.

"Modération de l'annuaire" in the admin menu lists the applications (what waits first), each
with a review page showing the field-by-field diff against the published listing and the
approve / reject forms. Editors prepare (correct the data, leave a note); moderators decide.
Every action goes to Wagtail's history through ``wagtail.log_actions.log``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button, ListingButton
from wagtail.permission_policies.base import ModelPermissionPolicy

from directory import emails, log_actions, moderation, personal_data, registration
from directory.application_data import describe_groups, normalise_data
from directory.models import (
    ApplicationStatus,
    EmailStatus,
    OutgoingEmail,
    Structure,
    StructureApplication,
)
from directory.registration_forms import EDIT_SECTIONS

# --------------------------------------------------------------------------- permissions


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Applications and emails come from the public site: nobody adds them in the admin."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


def _admin_base_url(request):
    return request.build_absolute_uri("/")


# --------------------------------------------------------------------------- applications


class ApplicationIndexView(IndexView):
    def get_base_queryset(self):
        # What waits for a decision first, oldest first (unless a column is sorted).
        return StructureApplication.objects.for_queue()

    def get_edit_url(self, instance):
        # The title leads to the review page, where every action starts.
        return None

    def get_list_more_buttons(self, instance):
        buttons = []
        inspect_url = self.get_inspect_url(instance)
        if inspect_url:
            buttons.append(
                ListingButton(_("Examiner"), url=inspect_url, icon_name="search", priority=10)
            )
        if instance.is_open and moderation.can_prepare(self.request.user):
            buttons.append(
                ListingButton(
                    _("Préparer"),
                    url=reverse(self.edit_url_name, args=[instance.pk]),
                    icon_name="edit",
                    priority=20,
                )
            )
        buttons.append(
            ListingButton(
                _("Historique"),
                url=reverse("directory_applications:history", args=[instance.pk]),
                icon_name="history",
                priority=30,
            )
        )
        return buttons


class ApplicationReviewView(InspectView):
    """What a moderator needs to decide: the diff, the logo, the emails, the decision forms."""

    template_name = "directory/admin/application_review.html"

    def get_page_title(self):
        return _("Examiner la demande")

    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.object.is_open and moderation.can_prepare(self.request.user):
            buttons.append(
                Button(
                    _("Préparer (corriger les données)"),
                    url=reverse(
                        "directory_applications:edit",
                        args=[self.object.pk],
                    ),
                    icon_name="edit",
                    priority=10,
                )
            )
        buttons.append(
            Button(
                _("Historique"),
                url=reverse(
                    "directory_applications:history",
                    args=[self.object.pk],
                ),
                icon_name="history",
                priority=20,
            )
        )
        return buttons

    def post(self, request, *args, **kwargs):
        """The decision forms post here: approve, or reject with a reason (kept on error)."""
        decision = request.POST.get("decision")
        base_url = _admin_base_url(request)
        try:
            if decision == "approve":
                structure = moderation.approve_application(
                    self.object, user=request.user, base_url=base_url
                )
                messages.success(
                    request,
                    _(
                        "Demande approuvée : la fiche « %(name)s » est publiée et le demandeur "
                        "prévenu."
                    )
                    % {"name": structure.name},
                )
            elif decision == "reject":
                if not moderation.can_moderate(request.user):
                    raise PermissionDenied
                form = RejectForm(data=request.POST)
                if not form.is_valid():
                    self.reject_form = form
                    messages.error(
                        request, _("La demande n'a pas été refusée : indiquez un motif.")
                    )
                    return self.render_to_response(self.get_context_data(), status=200)
                moderation.reject_application(
                    self.object,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    base_url=base_url,
                )
                messages.success(
                    request, _("Demande refusée : le demandeur est prévenu avec le motif.")
                )
        except moderation.ModerationError as error:
            messages.error(request, str(error))
        return redirect(_review_url(self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        context.update(
            {
                "application": application,
                "changes": moderation.changes(application),
                "is_registration": application.structure_id is None,
                "can_moderate": moderation.can_moderate(user),
                "can_prepare": moderation.can_prepare(user),
                "can_decide": application.is_pending and moderation.can_moderate(user),
                "can_reject": application.is_open and moderation.can_moderate(user),
                "reject_form": getattr(self, "reject_form", None) or RejectForm(),
                "emails": list(application.emails.order_by("created_at")),
                "can_resend_confirmation": application.status == ApplicationStatus.UNCONFIRMED
                and moderation.can_prepare(user),
                "listing_rows": describe_groups(
                    application.data,
                    [form.summary_fields(application.data) for form in EDIT_SECTIONS],
                ),
                "section_titles": [form.title for form in EDIT_SECTIONS],
                "min_reason_length": moderation.MIN_REASON_LENGTH,
            }
        )
        context["sections"] = list(
            zip(context["section_titles"], context["listing_rows"], strict=True)
        )
        return context


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus (envoyé au demandeur)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=moderation.MIN_REASON_LENGTH,
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Indiquez le motif du refus : il est envoyé au demandeur."),
            "min_length": gettext_lazy(
                "Expliquez le motif du refus en une phrase au moins (%(limit_value)d caractères)."
            ),
        },
    )


class PrepareNoteForm(forms.Form):
    internal_note = forms.CharField(
        label=gettext_lazy("Note interne (visible de l'équipe seulement)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _review_url(application):
    return reverse("directory_applications:inspect", args=[application.pk])


def _get_application(pk):
    return get_object_or_404(StructureApplication.objects.select_related("structure"), pk=pk)


def prepare_view(request, pk):
    """Editors and moderators correct the submitted data before the decision."""
    application = _get_application(pk)
    if not moderation.can_prepare(request.user):
        raise PermissionDenied
    if not application.is_open:
        messages.warning(
            request, _("Cette demande a déjà été traitée : elle ne peut plus être modifiée.")
        )
        return redirect(_review_url(application))
    data = normalise_data(application.data)
    if request.method == "POST":
        sections = [form_class(data=request.POST) for form_class in EDIT_SECTIONS]
        note_form = PrepareNoteForm(data=request.POST)
        results = [form.is_valid() for form in [*sections, note_form]]
        if all(results):
            new_data = {}
            for form in sections:
                new_data.update(form.to_data())
            try:
                changed = moderation.prepare_application(
                    application,
                    data=new_data,
                    user=request.user,
                    internal_note=note_form.cleaned_data["internal_note"],
                )
            except moderation.ModerationError as error:
                messages.error(request, str(error))
                return redirect(_review_url(application))
            if changed:
                messages.success(
                    request,
                    _("Demande préparée : %(fields)s.") % {"fields": ", ".join(changed)},
                )
            else:
                messages.info(request, _("Aucune modification."))
            return redirect(_review_url(application))
        messages.error(
            request, _("La demande n'a pas été enregistrée : corrigez les erreurs signalées.")
        )
    else:
        sections = [
            form_class(initial=form_class.initial_from(data)) for form_class in EDIT_SECTIONS
        ]
        note_form = PrepareNoteForm(initial={"internal_note": application.internal_note})
    return TemplateResponse(
        request,
        "directory/admin/application_prepare.html",
        {
            "application": application,
            "sections": sections,
            "note_form": note_form,
            "review_url": _review_url(application),
            "page_title": _("Préparer la demande"),
            "header_title": _("Préparer la demande : %(name)s")
            % {"name": application.display_name},
        },
    )


@require_POST
def resend_confirmation_view(request, pk):
    application = _get_application(pk)
    if not moderation.can_prepare(request.user):
        raise PermissionDenied
    email = registration.resend_confirmation(
        application, base_url=_admin_base_url(request), user=request.user
    )
    _report_delivery(request, email)
    return redirect(_review_url(application))


def _report_delivery(request, email):
    if email is None:
        messages.warning(request, _("Aucun courriel à renvoyer pour cette demande."))
    elif email.status == EmailStatus.SENT:
        messages.success(
            request, _("Courriel envoyé à %(to)s.") % {"to": ", ".join(email.recipient_list)}
        )
    else:
        messages.warning(
            request,
            _(
                "L'envoi a échoué (%(error)s) ; le courriel reste dans la file et sera réessayé "
                "automatiquement."
            )
            % {"error": email.last_error or _("erreur inconnue")},
        )


def application_logo_view(request, pk):
    """The proposed logo, shown to staff only (it is not public before approval)."""
    application = _get_application(pk)
    if not moderation.can_prepare(request.user) or not application.logo_file:
        raise Http404
    extension = application.logo_file.name.rsplit(".", 1)[-1].lower()
    content_type = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}.get(extension)
    if content_type is None:
        raise Http404
    response = FileResponse(application.logo_file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class StructureApplicationViewSet(ModelViewSet):
    """Not a snippet on purpose: snippet saves purge the public page cache, and applications
    and emails are saved by anonymous visitors."""

    model = StructureApplication
    name = "directory_applications"
    url_prefix = "annuaire/demandes"
    icon = "tasks"
    menu_label = gettext_lazy("Demandes")
    # The generic form is never shown (see get_urlpatterns), but the viewset wants one.
    form_fields = ["internal_note"]
    menu_order = 100
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationReviewView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "display_name",
        Column("kind", label=gettext_lazy("Nature"), accessor="get_kind_display"),
        Column("siret", label=gettext_lazy("SIRET")),
        Column("status", label=gettext_lazy("État"), accessor="get_status_display"),
        DateColumn("submitted_at", label=gettext_lazy("Reçue le")),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["display_name", "siret"]
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)

    def get_urlpatterns(self):
        own = [
            # "Edit" is the preparation form (the JSON data is never edited raw).
            path("edit/<int:pk>/", self.guarded(prepare_view), name="edit"),
            path(
                "resend-confirmation/<int:pk>/",
                self.guarded(resend_confirmation_view),
                name="resend_confirmation",
            ),
            path("logo/<int:pk>/", self.guarded(application_logo_view), name="logo"),
        ]
        # The listing stays first (the menu links to the first pattern); ours win over the rest.
        listing, *others = super().get_urlpatterns()
        return [listing, *own, *others]

    def guarded(self, view):
        """Our extra views need the same access check as the viewset's own."""

        def wrapped(request, *args, **kwargs):
            if not self.permission_policy.user_has_any_permission(request.user, ["view", "change"]):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        return wrapped


# --------------------------------------------------------------------------- emails


class EmailIndexView(IndexView):
    def get_base_queryset(self):
        return OutgoingEmail.objects.select_related("application", "structure")

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = []
        inspect_url = self.get_inspect_url(instance)
        if inspect_url:
            buttons.append(ListingButton(_("Lire"), url=inspect_url, icon_name="mail", priority=10))
        return buttons


class EmailInspectView(InspectView):
    template_name = "directory/admin/email_inspect.html"

    def get_page_title(self):
        return _("Courriel")

    @cached_property
    def header_more_buttons(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        email = self.object
        context["email"] = email
        context["can_resend"] = emails.can_resend(email) and moderation.can_prepare(
            self.request.user
        )
        context["resend_url"] = reverse("directory_emails:resend", args=[email.pk])
        return context


@require_POST
def resend_email_view(request, pk):
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if not moderation.can_prepare(request.user):
        raise PermissionDenied
    if not emails.can_resend(email):
        messages.warning(
            request,
            _(
                "Ce courriel contenait un lien personnel, masqué après l'envoi : demandez plutôt "
                "un nouvel envoi depuis la demande concernée."
            ),
        )
    else:
        moderation.resend_email(email, user=request.user)
        email.refresh_from_db()
        _report_delivery(request, email)
    next_url = request.POST.get("next")
    if next_url and next_url.startswith("/admin/"):
        return redirect(next_url)
    return redirect(reverse("directory_emails:inspect", args=[email.pk]))


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    name = "directory_emails"
    url_prefix = "annuaire/courriels"
    icon = "mail"
    menu_label = gettext_lazy("Courriels")
    form_fields = ["subject"]
    menu_order = 200
    index_view_class = EmailIndexView
    inspect_view_class = EmailInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",
        Column("kind", label=gettext_lazy("Nature"), accessor="get_kind_display"),
        Column("status", label=gettext_lazy("État"), accessor="get_status_display"),
        Column("attempts", label=gettext_lazy("Tentatives")),
        DateColumn("created_at", label=gettext_lazy("Créé le")),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "recipients"]
    search_backend_name = None
    list_per_page = 50

    @cached_property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)

    def get_urlpatterns(self):
        own = [
            path("edit/<int:pk>/", self.guarded(self._edit_redirect), name="edit"),
            path("resend/<int:pk>/", self.guarded(resend_email_view), name="resend"),
        ]
        listing, *others = super().get_urlpatterns()
        return [listing, *own, *others]

    @staticmethod
    def _edit_redirect(request, pk):
        # Emails are a log: they are read, never edited.
        return redirect(reverse("directory_emails:inspect", args=[pk]))

    def guarded(self, view):
        def wrapped(request, *args, **kwargs):
            if not self.permission_policy.user_has_any_permission(request.user, ["view"]):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.__name__ = getattr(view, "__name__", "view")
        return wrapped


# --------------------------------------------------------------------------- personal data


PERSONAL_DATA_PERMISSION = "directory.manage_structure_personal_data"


def _can_manage_personal_data(user):
    return user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION)


def personal_data_export_view(request, pk):
    if not _can_manage_personal_data(request.user):
        raise PermissionDenied
    structure = get_object_or_404(Structure, pk=pk)
    content = personal_data.export_as_json(structure, user=request.user)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{structure.siret}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def personal_data_erase_view(request, pk):
    if not _can_manage_personal_data(request.user):
        raise PermissionDenied
    structure = get_object_or_404(Structure, pk=pk)
    if request.method == "POST":
        counts = personal_data.erase_personal_data(structure, user=request.user)
        messages.success(
            request,
            _(
                "Données personnelles de « %(name)s » effacées : contact de la fiche, "
                "%(applications)s demande(s) anonymisée(s), %(emails)s courriel(s) et "
                "%(links)s lien(s) supprimés."
            )
            % {
                "name": structure.name,
                "applications": counts["applications"],
                "emails": counts["emails"],
                "links": counts["edit_links"],
            },
        )
        return redirect(reverse("wagtailsnippets_directory_structure:list"))
    return TemplateResponse(
        request,
        "directory/admin/personal_data_erase.html",
        {
            "structure": structure,
            "page_title": _("Effacer les données personnelles"),
            "header_title": _("Effacer les données personnelles : %(name)s")
            % {"name": structure.name},
            "export_url": reverse("directory_personal_data_export", args=[structure.pk]),
        },
    )


def personal_data_buttons(snippet, user, next_url=None):
    """Listing buttons of a structure: export and erase its personal data."""
    if not isinstance(snippet, Structure) or not _can_manage_personal_data(user):
        return []
    return [
        ListingButton(
            _("Exporter les données personnelles (JSON)"),
            url=reverse("directory_personal_data_export", args=[snippet.pk]),
            icon_name="download",
            priority=80,
        ),
        ListingButton(
            _("Effacer les données personnelles"),
            url=reverse("directory_personal_data_erase", args=[snippet.pk]),
            icon_name="bin",
            priority=90,
        ),
    ]


def admin_urls():
    return [
        path(
            "annuaire/donnees-personnelles/<int:pk>/export/",
            personal_data_export_view,
            name="directory_personal_data_export",
        ),
        path(
            "annuaire/donnees-personnelles/<int:pk>/effacer/",
            personal_data_erase_view,
            name="directory_personal_data_erase",
        ),
    ]


# --------------------------------------------------------------------------- registration


class ModerationViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Modération de l'annuaire")
    menu_icon = "tasks"
    menu_order = 260
    items = (StructureApplicationViewSet, OutgoingEmailViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationViewSetGroup()


@hooks.register("register_log_actions")
def register_directory_log_actions(actions):
    log_actions.register(actions)


@hooks.register("register_snippet_listing_buttons")
def register_personal_data_buttons(snippet, user, next_url=None):
    return personal_data_buttons(snippet, user, next_url)


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return admin_urls()
