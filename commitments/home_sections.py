"""The home page's "signatories of the charter" section (see home/home_sections.py)."""

from commitments.home_figures import charter_signatory_logos
from home.home_sections import SIGNATORY_LOGO_FILTER, Logo, home_sections


@home_sections.register("charter_signatories")
def charter_signatories(*, request, limit):
    return [
        Logo(name=signatory.organisation, image=signatory.logo)
        for signatory in charter_signatory_logos(limit=limit, logo_filter=SIGNATORY_LOGO_FILTER)
    ]
