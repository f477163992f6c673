"""The home page's "next opportunities" section (see home/home_sections.py)."""

from django.utils.translation import gettext as _

from home.home_sections import Teaser, home_sections
from opportunities.clauses import CLAUSE_SHORT_LABELS
from opportunities.models.pages import CLAUSE_FLAGS
from opportunities.site_figures import upcoming
from portal.templatetags.portal_tags import fr_number


def _teaser(opportunity):
    facts = []
    if opportunity.total_insertion_hours:
        facts.append((_("Heures d'insertion"), fr_number(opportunity.total_insertion_hours)))
    return Teaser(
        title=opportunity.title,
        url=opportunity.url,
        kicker=opportunity.buyer.name if opportunity.buyer_id else "",
        date=opportunity.deadline,
        date_label=_("Date limite de réponse"),
        facts=tuple(facts),
        badges=tuple(
            str(CLAUSE_SHORT_LABELS[clause])
            for clause, flag in CLAUSE_FLAGS.items()
            if getattr(opportunity, flag)
        ),
    )


@home_sections.register("upcoming_opportunities")
def upcoming_opportunities(*, request, limit):
    return [_teaser(opportunity) for opportunity in upcoming(limit)]
