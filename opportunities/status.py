"""An opportunity's status, derived from its dates (never typed by hand) and, after the
deadline, from the outcome recorded by staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    AWARDED = "attribuee", _("Attribuée")
    UNSUCCESSFUL = "infructueuse", _("Infructueuse")


class OpportunityStatus(models.TextChoices):
    UPCOMING = "a-venir", _("À venir")
    OPEN = "en-cours", _("Consultation en cours")
    CLOSED = "cloturee", _("Clôturée")
    AWARDED = "attribuee", _("Attribuée")
    UNSUCCESSFUL = "infructueuse", _("Infructueuse")


ACTIVE_STATUSES = (OpportunityStatus.UPCOMING, OpportunityStatus.OPEN)
FINISHED_STATUSES = (
    OpportunityStatus.CLOSED,
    OpportunityStatus.AWARDED,
    OpportunityStatus.UNSUCCESSFUL,
)


def opportunity_status(publication_date, deadline, outcome, today):
    """Status of an opportunity on ``today``.

    - before the expected publication of the consultation: à venir;
    - from publication to the deadline (the deadline day included): consultation en cours;
    - after the deadline: clôturée, or attribuée / infructueuse once staff record it.
    An outcome recorded before the deadline is ignored: the dates win.
    """
    if deadline is not None and today > deadline:
        if outcome == Outcome.AWARDED:
            return OpportunityStatus.AWARDED
        if outcome == Outcome.UNSUCCESSFUL:
            return OpportunityStatus.UNSUCCESSFUL
        return OpportunityStatus.CLOSED
    if publication_date is not None and today < publication_date:
        return OpportunityStatus.UPCOMING
    return OpportunityStatus.OPEN
