"""Backups of the opportunities (``portal/backup.py``): buyers, facilitators, the list page,
the opportunity pages with their lots, and the confirmed e-mail alerts.

Keys: buyers by name, facilitators by name, organisation and e-mail address (no field of theirs is
unique), pages by path, lots inside their page (clauses, hours, sectors by slug), the place
by INSEE code. The result set by the staff (``outcome``) is a field of the page. The columns
computed from the lots (clause flags, hours, sectors of the list's filters) are computed
again when a page is saved.

Alerts: confirmed subscriptions with their saved search and unsubscribe token (the links
already e-mailed keep working), and the record of the opportunities already sent to each,
so that no opportunity is e-mailed twice after a restore. Requests awaiting confirmation
are not kept: they expire after seven days, the person asks again.
"""

from directory.backup import COMMUNE, SECTOR
from opportunities.models import AlertDelivery, AlertSubscription, Buyer, Facilitator
from portal import backup
from portal.backup_fields import IMAGE, Ref, Shape
from portal.backup_pages import page_shape, register_pages

FACILITATOR = Ref(Facilitator, ("name", "organisation", "email"))
SUBSCRIPTION = Ref(AlertSubscription, ("email", "filters"))

backup.register_model(
    "opportunities.buyers",
    Buyer,
    fields=["kind", "website", "buyer_profile_url"],
    refs={"logo": IMAGE},
    key="name",
    fmt="json",
    order=30,
)
backup.register_model(
    "opportunities.facilitators",
    Facilitator,
    fields=["phone", "territory"],
    key=FACILITATOR.fields,
    fmt="json",
    order=31,
)

register_pages(
    "opportunities.indexpage",
    "opportunities.OpportunityIndexPage",
    page_shape("intro", "alert_intro", "per_page"),
    order=32,
    description="page des opportunités (JSON)",
)
register_pages(
    "opportunities.opportunities",
    "opportunities.OpportunityPage",
    page_shape(
        "reference",
        "summary",
        "description",
        "nature",
        "procedure",
        "cpv_codes",
        "amount_min",
        "amount_max",
        "place_detail",
        "publication_date",
        "deadline",
        "deadline_time",
        "execution_start",
        "duration_months",
        "documents_url",
        "outcome",
        refs={"buyer": Ref(Buyer, "name"), "facilitator": FACILITATOR, "place": COMMUNE},
        children={
            "lots": Shape(
                fields=(
                    "number",
                    "title",
                    "clauses",
                    "insertion_hours",
                    "estimated_amount",
                    "note",
                ),
                many={"sectors": SECTOR},
            )
        },
    ),
    order=33,
    description="opportunités et leurs lots (JSON)",
)

backup.register_model(
    "opportunities.alerts",
    AlertSubscription,
    fields=["unsubscribe_token", "created_at", "confirmed_at", "last_sent_at"],
    key=SUBSCRIPTION.fields,
    fmt="json",
    order=34,
    queryset=lambda: AlertSubscription.objects.confirmed(),
)
backup.register_model(
    "opportunities.alertdeliveries",
    AlertDelivery,
    fields=["sent_at"],
    refs={
        "subscription": SUBSCRIPTION,
        "opportunity": Ref("opportunities.OpportunityPage", "url_path"),
    },
    key=("subscription", "opportunity"),
    fmt="json",
    order=35,
    queryset=lambda: AlertDelivery.objects.filter(subscription__confirmed_at__isnull=False),
)
