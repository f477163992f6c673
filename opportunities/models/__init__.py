"""The opportunities' models, re-exported so that other modules import from ``opportunities.models``."""

from opportunities.models.alerts import AlertDelivery, AlertSubscription
from opportunities.models.pages import (
    CLAUSE_FLAGS,
    RESERVATION_FLAGS,
    Lot,
    OpportunityIndexPage,
    OpportunityPage,
    OpportunitySector,
)
from opportunities.models.snippets import Buyer, Facilitator

__all__ = [
    "CLAUSE_FLAGS",
    "RESERVATION_FLAGS",
    "AlertDelivery",
    "AlertSubscription",
    "Buyer",
    "Facilitator",
    "Lot",
    "OpportunityIndexPage",
    "OpportunityPage",
    "OpportunitySector",
]
