"""Backups of the commitments (``portal/backup.py``): the EU visibility settings, the
section page, conventions, charters, deliberations, the page to join the charter and the
requests it received.

Pages are matched by path (``portal/backup_pages.py``); their parties and signatories come
inside them, logos and signed documents by file name. Conventions come first: the
deliberations name those they approve, other pages those they talk about (``CONVENTION``).
The EU visibility settings come before the conventions, whose publication they govern.
The requests to join the charter (form submissions) are matched by page and time.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from commitments.models import JoinCharterPage
from portal import backup
from portal.backup_fields import DOCUMENT, IMAGE, Ref, Shape
from portal.backup_pages import page_shape, register_pages
from portal.backup_tables import register_site_setting

CONVENTION = Ref("commitments.ConventionPage", "url_path")
CHARTER = Ref("commitments.CharterPage", "url_path")

register_site_setting(
    "commitments.euvisibility",
    "commitments.EUVisibilitySettings",
    Shape(
        fields=(
            "site_funding_programme",
            "site_operation_description",
            "site_operation_objectives",
            "site_operation_results",
        ),
        refs={"europe_commits_logo": IMAGE},
    ),
    order=40,
    description="visibilité du soutien européen (JSON)",
)

register_pages(
    "commitments.indexpage",
    "commitments.CommitmentsIndexPage",
    page_shape("intro"),
    order=41,
    description="rubrique des engagements (JSON)",
)
register_pages(
    "commitments.conventions",
    "commitments.ConventionPage",
    page_shape(
        "reference",
        "summary",
        "object",
        "articles",
        "signature_date",
        "start_date",
        "duration_months",
        "tacit_renewal",
        "max_renewals",
        "notice_period_months",
        "financial_impact",
        "partner_logo_height",
        "funding_programme",
        "eu_operation_description",
        "eu_operation_objectives",
        "eu_operation_results",
        refs={"signed_document": DOCUMENT},
        children={
            "parties": Shape(
                fields=("organisation", "representative_title", "role"), refs={"logo": IMAGE}
            )
        },
    ),
    order=42,
    description="conventions de partenariat et leurs parties (JSON)",
)
register_pages(
    "commitments.charters",
    "commitments.CharterPage",
    page_shape(
        "status",
        "adopted_on",
        "summary",
        "preamble",
        "articles",
        "steering",
        "partner_logo_height",
        refs={"superseded_by": CHARTER, "signed_document": DOCUMENT},
        children={
            "signatories": Shape(
                fields=("organisation", "role", "representative_title", "signature_date"),
                refs={"logo": IMAGE},
            )
        },
    ),
    order=43,
    description="chartes et leurs signataires (JSON)",
)
register_pages(
    "commitments.deliberations",
    "commitments.DeliberationPage",
    page_shape(
        "authority",
        "assembly",
        "session_date",
        "number",
        "report",
        "legal_references",
        "decision",
        "vote_outcome",
        "votes_for",
        "votes_against",
        "abstentions",
        "received_by_prefecture_on",
        refs={"document": DOCUMENT},
        many={"approved_conventions": CONVENTION},
    ),
    order=44,
    description="délibérations (JSON)",
)
register_pages(
    "commitments.joinpage",
    "commitments.JoinCharterPage",
    page_shape(
        "intro",
        "thank_you_text",
        "to_address",
        "from_address",
        "subject",
        refs={"charter": CHARTER},
        children={
            "form_fields": Shape(
                fields=(
                    "clean_name",
                    "label",
                    "field_type",
                    "required",
                    "choices",
                    "default_value",
                    "help_text",
                )
            )
        },
    ),
    order=45,
    description="formulaire d'adhésion à la charte (JSON)",
)
backup.register_model(
    "commitments.joinrequests",
    FormSubmission,
    fields=["form_data"],
    refs={"page": Ref(Page, "url_path")},
    key=("page", "submit_time"),
    fmt="json",
    order=46,
    queryset=lambda: FormSubmission.objects.filter(
        page__content_type=ContentType.objects.get_for_model(JoinCharterPage)
    ),
)
