"""Public views: registration in steps, address confirmation, edit-link request and edit form.

Thin views: the forms validate, ``directory.registration`` saves and sends. Nothing here needs
JavaScript, a cookie beyond the CSRF token, or a session.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory import logo_storage, registration
from directory.application_data import describe_groups, diff, normalise_data, snapshot
from directory.edit_links import LinkError, check_edit_link, read_confirmation_token
from directory.models import Structure
from directory.registration_draft import DRAFT_FIELD, Draft, DraftError
from directory.registration_forms import (
    EDIT_SECTIONS,
    STEPS,
    ConsentForm,
    EditRequestForm,
    LogoForm,
    SiretForm,
    with_antispam,
)
from portal.antispam import is_ratelimited, is_value_ratelimited, too_many_requests

DEFAULT_RATES = {
    "directory-registration": "5/h",
    "directory-registration-siret": "3/d",
    "directory-edit-link": "10/h",
    "directory-edit-link-siret": "3/h",
    "directory-edit-submit": "10/h",
}
LOGO_DRAFT_FIELD = "logo_brouillon"


def rate(group):
    return getattr(settings, "PORTAL_RATE_LIMITS", {}).get(group) or DEFAULT_RATES[group]


def base_url(request):
    return request.build_absolute_uri("/")


def _no_index(response):
    response["X-Robots-Tag"] = "noindex"
    return response


def page(request, template_name, context=None, status=200):
    """Render a public page of this module: the retention periods, never indexed."""
    context = {
        "unconfirmed_days": settings.DIRECTORY_UNCONFIRMED_RETENTION_DAYS,
        "rejected_days": settings.DIRECTORY_REJECTED_RETENTION_DAYS,
        "edit_link_hours": settings.DIRECTORY_EDIT_LINK_MAX_AGE_HOURS,
        **(context or {}),
    }
    return _no_index(render(request, template_name, context, status=status))


# --------------------------------------------------------------------------- registration


class Wizard:
    """One request of the registration: the draft, the current step's form, the rendering."""

    template_name = "directory/registration/wizard.html"

    def __init__(self, request, draft):
        self.request = request
        self.draft = draft
        self.notices = []

    @property
    def step_count(self):
        return len(STEPS)

    def form_class(self, step=None):
        return with_antispam(STEPS[self.draft.step if step is None else step][1])

    def form_kwargs(self, form_class):
        kwargs = {}
        if issubclass(form_class, LogoForm):
            kwargs["has_logo"] = bool(self.draft.logo)
        return kwargs

    def unbound_form(self):
        form_class = self.form_class()
        initial = form_class.initial_from(self.draft.data, siret=self.draft.siret)
        if self.draft.stamp:
            initial["horodatage"] = self.draft.stamp
        return form_class(initial=initial, **self.form_kwargs(form_class))

    def bound_form(self):
        form_class = self.form_class()
        return form_class(
            data=self.request.POST, files=self.request.FILES, **self.form_kwargs(form_class)
        )

    def render(self, form, status=200):
        steps = [
            {"number": index + 1, "title": step_class.title, "slug": slug}
            for index, (slug, step_class) in enumerate(STEPS)
        ]
        context = {
            "form": form,
            "draft_token": self.draft.sign(),
            "draft_field": DRAFT_FIELD,
            "step_number": self.draft.step + 1,
            "step_count": self.step_count,
            "step_title": STEPS[self.draft.step][1].title,
            "step_slug": STEPS[self.draft.step][0],
            "steps": steps,
            "reached": self.draft.reached + 1,
            "is_first": self.draft.step == 0,
            "is_last": self.draft.step == self.step_count - 1,
            "notices": self.notices,
            "claim": self.draft.claim,
            "siret": self.draft.siret,
            "has_logo": bool(self.draft.logo),
            "logo_details": self.logo_details(),
            "has_errors": form.is_bound and bool(form.errors),
        }
        if context["is_last"]:
            context["summary"] = self.summary()
        return page(self.request, self.template_name, context, status=status)

    def logo_details(self):
        if not self.draft.logo:
            return None
        return {"format": logo_storage.draft_extension(self.draft.logo).upper()}

    def summary(self):
        """The answers grouped by step, each with the number of the step to go back to."""
        steps = [
            (index + 1, step_class)
            for index, (_slug, step_class) in enumerate(STEPS)
            if step_class.data_fields
        ]
        groups = describe_groups(
            self.draft.data, [cls.summary_fields(self.draft.data) for _n, cls in steps]
        )
        return [
            {"number": number, "title": step_class.title, "rows": rows}
            for (number, step_class), rows in zip(steps, groups, strict=True)
        ]

    def store(self, form):
        """Merge a valid step into the draft."""
        self.draft.data = {**self.draft.data, **form.to_data()}
        stamp = form.data.get(form.add_prefix(form.timestamp_field_name))
        if stamp and not self.draft.stamp:
            self.draft.stamp = stamp

    def store_logo(self, form):
        logo = form.cleaned_data.get("logo")
        if logo is not None:
            logo_storage.delete_draft(self.draft.logo)
            self.draft.logo = logo_storage.save_draft(logo)
        elif form.cleaned_data.get("remove_logo") and self.draft.logo:
            logo_storage.delete_draft(self.draft.logo)
            self.draft.logo = ""


def _draft_from_post(request):
    try:
        return Draft.load(request.POST.get(DRAFT_FIELD)), None
    except DraftError as exc:
        return Draft(), exc.code


def _draft_problem(wizard, code):
    wizard.draft = Draft()
    if code == "expired":
        wizard.notices.append(
            _(
                "Votre saisie a expiré : une inscription doit être terminée dans les %(hours)s "
                "heures. Recommencez à partir du numéro SIRET."
            )
            % {"hours": settings.DIRECTORY_REGISTRATION_DRAFT_MAX_AGE_HOURS}
        )
        return wizard.render(wizard.unbound_form())
    wizard.notices.append(
        _(
            "Le formulaire reçu est incomplet ou a été modifié : recommencez à partir du numéro "
            "SIRET."
        )
    )
    return wizard.render(wizard.unbound_form(), status=400)


def _spam_success(request):
    """What a robot sees: the same page as a real applicant, and nothing is stored."""
    return HttpResponseRedirect(reverse("directory_registration:registered"))


@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    if request.method == "GET":
        draft = Draft(siret="")
        wizard = Wizard(request, draft)
        return wizard.render(wizard.unbound_form())

    draft, problem = _draft_from_post(request)
    wizard = Wizard(request, draft)
    if problem:
        return _draft_problem(wizard, problem)
    if not 0 <= draft.step < len(STEPS):
        return _draft_problem(wizard, "tampered")

    action = request.POST.get("action", "suivant")
    form = wizard.bound_form()
    if form.is_spam:
        logo_storage.delete_draft(draft.logo)
        return _spam_success(request)
    valid = form.is_valid()

    if action == "precedent" or action.startswith("etape-"):
        if valid and draft.step > 0:
            wizard.store(form)
            if STEPS[draft.step][0] == "logo":
                wizard.store_logo(form)
        target = draft.step - 1 if action == "precedent" else _step_from_action(action)
        if target is not None and 0 <= target <= draft.reached:
            draft.step = target
        return wizard.render(wizard.unbound_form())

    if not valid:
        return wizard.render(form, status=400)

    if draft.step == 0:
        return _after_siret(wizard, form, resume=action == "resume")
    wizard.store(form)
    if STEPS[draft.step][0] == "logo":
        wizard.store_logo(form)
    if draft.step < len(STEPS) - 1:
        draft.step += 1
        draft.reached = max(draft.reached, draft.step)
        # A step reached again from the summary goes back to the summary.
        if action == "resume" and draft.reached == len(STEPS) - 1:
            draft.step = len(STEPS) - 1
        return wizard.render(wizard.unbound_form())
    return _submit(wizard)


def _step_from_action(action):
    try:
        return int(action.removeprefix("etape-")) - 1
    except ValueError:
        return None


def _after_siret(wizard, form, *, resume=False):
    draft = wizard.draft
    siret = form.cleaned_data["siret"]
    status, structure = registration.listing_lookup(siret)
    if status == "listed":
        edit_url = f"{reverse('directory_registration:edit_request')}?{urlencode({'siret': siret})}"
        return page(
            wizard.request,
            "directory/registration/already_listed.html",
            {
                "structure": structure,
                "edit_url": edit_url,
                "siret": siret,
                "listing_url": _public_url(structure),
            },
        )
    if draft.siret != siret:
        # Another SIRET: what was typed for the previous one no longer applies.
        draft.data = {}
        draft.reached = 0
    draft.siret = siret
    # Said only of a public listing: an unpublished record is not revealed.
    draft.claim = status == "claim" and structure.is_published
    stamp = form.data.get(form.add_prefix(form.timestamp_field_name))
    draft.stamp = draft.stamp or stamp or ""
    draft.reached = max(draft.reached, 1)
    draft.step = len(STEPS) - 1 if resume and draft.reached == len(STEPS) - 1 else 1
    return wizard.render(wizard.unbound_form())


def _public_url(structure):
    try:
        return structure.get_absolute_url()
    except NoReverseMatch:  # the directory's public pages are not routed (yet)
        return None


def _submit(wizard):
    request, draft = wizard.request, wizard.draft
    if is_ratelimited(request, group="directory-registration", rate=rate("directory-registration")):
        return too_many_requests(request)
    if is_value_ratelimited(
        group="directory-registration-siret",
        value=draft.siret,
        rate=rate("directory-registration-siret"),
        request=request,
    ):
        return too_many_requests(
            request,
            message=_(
                "Plusieurs demandes ont déjà été envoyées pour ce numéro SIRET aujourd'hui. "
                "Vérifiez votre messagerie (et vos courriels indésirables), ou réessayez demain."
            ),
        )
    # Every step is validated again: the draft is signed, but the taxonomy may have changed.
    for index, (_slug, step_class) in enumerate(STEPS):
        if step_class in (SiretForm, LogoForm, ConsentForm):
            continue
        check = step_class(data=_as_post(step_class.initial_from(draft.data)))
        if not check.is_valid():
            draft.step = index
            wizard.notices.append(
                _("Une information de cette étape doit être corrigée avant l'envoi.")
            )
            return wizard.render(with_antispam(step_class)(data=check.data), status=400)
    registration.submit_registration(
        siret=draft.siret,
        data=draft.data,
        logo_draft=draft.logo or None,
        base_url=base_url(request),
    )
    return HttpResponseRedirect(reverse("directory_registration:registered"))


def _as_post(initial):
    """Initial values as submitted data, to validate a stored step again."""
    data = QueryDict(mutable=True)
    for name, value in initial.items():
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = str(value)
    return data


@never_cache
def registered(request):
    return page(request, "directory/registration/registered.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        read_confirmation_token(token)
    except LinkError as error:
        return _link_error(request, error, kind="confirmation")
    if request.method == "GET":
        return page(request, "directory/registration/confirm.html", {"token": token})
    try:
        application, already = registration.confirm_application(token, base_url=base_url(request))
    except LinkError as error:
        return _link_error(request, error, kind="confirmation")
    return page(
        request,
        "directory/registration/confirmed.html",
        {"application": application, "already": already},
    )


def _link_error(request, error, *, kind):
    return page(
        request,
        "directory/registration/link_error.html",
        {"error": error, "kind": kind},
        status=error.status,
    )


# --------------------------------------------------------------------------- self-service editing


@never_cache
@require_http_methods(["GET", "POST"])
def edit_request(request):
    if request.method == "GET":
        form = EditRequestForm(initial={"siret": request.GET.get("siret", "")[:40]})
        return page(request, "directory/registration/edit_request.html", {"form": form})
    form = EditRequestForm(data=request.POST)
    if form.is_spam:
        return HttpResponseRedirect(reverse("directory_registration:edit_request_sent"))
    if not form.is_valid():
        return page(request, "directory/registration/edit_request.html", {"form": form}, status=400)
    if is_ratelimited(request, group="directory-edit-link", rate=rate("directory-edit-link")):
        return too_many_requests(request)
    siret = form.cleaned_data["siret"]
    # Past the limit for this SIRET nothing more is sent, and the page says the same thing.
    if not is_value_ratelimited(
        group="directory-edit-link-siret",
        value=siret,
        rate=rate("directory-edit-link-siret"),
        request=request,
    ):
        registration.request_edit_link(siret=siret, base_url=base_url(request))
    return HttpResponseRedirect(reverse("directory_registration:edit_request_sent"))


@never_cache
def edit_request_sent(request):
    return page(request, "directory/registration/edit_request_sent.html")


def _edit_forms(structure, data=None, files=None, initial_data=None):
    initial_data = initial_data or {}
    sections = [
        form_class(data=data, initial=form_class.initial_from(initial_data))
        for form_class in EDIT_SECTIONS
    ]
    logo_form = LogoForm(data=data, files=files, has_logo=bool(structure.logo_id))
    consent_form = ConsentForm(data=data)
    return sections, logo_form, consent_form


def _signed_logo_draft(name):
    return signing.dumps(name, salt="directory.edit-logo") if name else ""


def _read_logo_draft(value):
    if not value:
        return ""
    try:
        name = signing.loads(value, salt="directory.edit-logo", max_age=24 * 3600)
    except signing.BadSignature:
        return ""
    return name if logo_storage.is_draft_name(name) else ""


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request, siret, token):
    structure = Structure.objects.select_related("logo").filter(siret=siret[:14]).first()
    try:
        link = check_edit_link(token, structure)
    except LinkError as error:
        return _link_error(request, error, kind="edit")

    current = snapshot(structure)
    context = {"structure": structure, "token": token}
    if request.method == "GET":
        sections, logo_form, consent_form = _edit_forms(structure, initial_data=current)
        return _render_edit(request, context, sections, logo_form, consent_form, "")

    sections, logo_form, consent_form = _edit_forms(structure, request.POST, request.FILES)
    logo_draft = _read_logo_draft(request.POST.get(LOGO_DRAFT_FIELD))
    if consent_form.is_spam:
        return HttpResponseRedirect(reverse("directory_registration:edit_done"))
    # Validate every form (no short-circuit) so that all errors show at once.
    results = [form.is_valid() for form in [*sections, logo_form, consent_form]]
    forms_valid = all(results)
    if logo_form.is_valid() and logo_form.cleaned_data.get("logo") is not None:
        logo_storage.delete_draft(logo_draft)
        logo_draft = logo_storage.save_draft(logo_form.cleaned_data["logo"])
    if not forms_valid:
        return _render_edit(request, context, sections, logo_form, consent_form, logo_draft)
    if is_ratelimited(request, group="directory-edit-submit", rate=rate("directory-edit-submit")):
        return too_many_requests(request)

    data = normalise_data(
        {**current, **{k: v for form in sections for k, v in form.to_data().items()}}
    )
    remove_logo = bool(logo_form.cleaned_data.get("remove_logo"))
    if not diff(current, data) and not logo_draft and not remove_logo:
        consent_form.add_error(
            None,
            _(
                "Vous n'avez rien modifié : changez au moins une information avant d'envoyer, "
                "ou fermez simplement cette page."
            ),
        )
        return _render_edit(request, context, sections, logo_form, consent_form, logo_draft)
    try:
        registration.submit_change(
            structure=structure,
            link=link,
            data=data,
            logo_draft=logo_draft or None,
            remove_logo=remove_logo,
            base_url=base_url(request),
        )
    except LinkError as error:  # used meanwhile, from another tab
        return _link_error(request, error, kind="edit")
    return HttpResponseRedirect(reverse("directory_registration:edit_done"))


def _render_edit(request, context, sections, logo_form, consent_form, logo_draft):
    """The edit form; with errors, a 400 (the submission was not accepted, nothing saved)."""
    all_forms = [*sections, logo_form, consent_form]
    errors = [link for form in all_forms if form.is_bound for link in form.error_links()]
    return page(
        request,
        "directory/registration/edit_form.html",
        {
            **context,
            "sections": sections,
            "logo_form": logo_form,
            "consent_form": consent_form,
            "error_links": errors,
            "logo_draft_field": LOGO_DRAFT_FIELD,
            "logo_draft_token": _signed_logo_draft(logo_draft),
            "has_new_logo": bool(logo_draft),
            "has_errors": bool(errors),
        },
        status=400 if errors else 200,
    )


@never_cache
def edit_done(request):
    return page(request, "directory/registration/edit_done.html")
