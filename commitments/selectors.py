"""Read-only queries for the commitments pages (listings built here, not in templates)."""

from django.apps import apps
from wagtail.models import Page


def _model(name):
    return apps.get_model("commitments", name)


def commitments_overview(index_page):
    """Everything the "Engagements" page lists, in a fixed number of queries."""
    charter_model = _model("CharterPage")
    convention_model = _model("ConventionPage")
    deliberation_model = _model("DeliberationPage")
    join_model = _model("JoinCharterPage")
    children = Page.objects.child_of(index_page).live().public()
    charters = list(
        charter_model.objects.filter(pk__in=children.type(charter_model).values("pk"))
        .only("id", "title", "url_path", "path", "depth", "status", "adopted_on", "summary")
        .order_by("-adopted_on", "path")
    )
    conventions = list(
        convention_model.objects.filter(pk__in=children.type(convention_model).values("pk"))
        .defer_streamfields()
        .prefetch_related("parties")
        .order_by("-start_date", "path")
    )
    deliberations = list(
        deliberation_model.objects.filter(pk__in=children.type(deliberation_model).values("pk"))
        .only(
            "id",
            "title",
            "url_path",
            "path",
            "depth",
            "number",
            "assembly",
            "session_date",
            "vote_outcome",
        )
        .order_by("-session_date", "path")
    )
    join_page = (
        join_model.objects.filter(pk__in=children.type(join_model).values("pk"))
        .only("id", "title", "url_path", "path", "depth")
        .first()
    )
    return {
        "charters": charters,
        "conventions": conventions,
        "deliberations": deliberations,
        "join_page": join_page,
    }


def charter_signatories(charter):
    return list(charter.signatories.select_related("logo").all())


def join_page_for(charter):
    """The live form to join this charter: one pointing at it, else any in the section."""
    join_model = _model("JoinCharterPage")
    pages = join_model.objects.live().public().only("id", "title", "url_path", "path", "depth")
    if charter.pk:
        page = pages.filter(charter=charter).first()
        if page is not None:
            return page
    return pages.first()


def approving_deliberations(convention):
    """Live deliberations that approve the convention, most recent first."""
    if not convention.pk:
        return []
    return list(
        _model("DeliberationPage")
        .objects.live()
        .public()
        .filter(approved_conventions=convention)
        .only("id", "title", "url_path", "path", "depth", "number", "assembly", "session_date")
        .order_by("-session_date")
    )


def approved_conventions(deliberation):
    """Live conventions approved by the deliberation (works on previews, too)."""
    ids = [convention.pk for convention in deliberation.approved_conventions.all()]
    if not ids:
        return []
    return list(
        _model("ConventionPage")
        .objects.live()
        .public()
        .filter(pk__in=ids)
        .only("id", "title", "url_path", "path", "depth", "start_date", "reference")
        .order_by("-start_date")
    )
