"""Admin integration: refuse bulk publication of non-compliant co-funded pages, and the
"Visibilité du soutien européen" report in the Reports menu."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from commitments import views
from commitments.eu_visibility import publication_errors


def _candidates(objects, include_descendants):
    for page in objects:
        yield page.specific
        if include_descendants:
            yield from page.get_descendants().not_live().specific()


def bulk_publication_problems(objects, include_descendants=False):
    """(page, messages) for the pages a bulk publication would make non-compliant."""
    problems = []
    for page in _candidates(objects, include_descendants):
        revision = page.get_latest_revision()
        candidate = revision.as_object() if revision is not None else page
        errors = publication_errors(candidate)
        if errors:
            problems.append((page, errors))
    return problems


@hooks.register("before_bulk_action")
def refuse_non_compliant_bulk_publication(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    form = getattr(action_class_instance, "cleaned_form", None)
    include_descendants = bool(form and form.cleaned_data.get("include_descendants"))
    problems = bulk_publication_problems(objects, include_descendants)
    if not problems:
        return None
    for page, errors in problems:
        messages.error(
            request,
            _("« %(title)s » ne peut pas être publiée : %(errors)s")
            % {"title": page.get_admin_display_title(), "errors": " ".join(errors)},
        )
    return redirect(action_class_instance.next_url)


@hooks.register("register_admin_urls")
def register_eu_audit_url():
    return [
        path(
            "engagements/audit-visibilite-ue/",
            views.eu_visibility_audit,
            name="commitments_eu_visibility_audit",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_eu_audit_menu_item():
    return AdminOnlyMenuItem(
        gettext_lazy("Visibilité du soutien européen"),
        reverse("commitments_eu_visibility_audit"),
        icon_name="globe",
        order=900,
    )
