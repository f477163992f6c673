"""The opportunities' models, re-exported so that other modules import from ``opportunities.models``."""

from opportunities.models.alerts import AlertDelivery, AlertSubscription
from opportunities.models.pages import Lot, OpportunityIndexPage, OpportunityPage
from opportunities.models.snippets import Buyer, Facilitator

__all__ = [
    "AlertDelivery",
    "AlertSubscription",
    "Buyer",
    "Facilitator",
    "Lot",
    "OpportunityIndexPage",
    "OpportunityPage",
]
