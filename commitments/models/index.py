"""The "Engagements" section: charter, conventions and deliberations of the territory."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.models import BasePage


class CommitmentsIndexPage(BasePage):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "document-link"],
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "commitments.CharterPage",
        "commitments.ConventionPage",
        "commitments.DeliberationPage",
        "commitments.JoinCharterPage",
    ]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("rubrique des engagements")

    def get_context(self, request, *args, **kwargs):
        from commitments.selectors import commitments_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(commitments_overview(self))
        return context
