"""Key figures the commitments app provides (see home/key_figures/registry.py)."""

from commitments.home_figures import charter_signatory_count
from home.key_figures import key_figures


@key_figures.register("commitments.charter_signatories")
def charter_signatories():
    return charter_signatory_count()
