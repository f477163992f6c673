"""Key figures the opportunities provide (see home/key_figures/registry.py)."""

from home.key_figures import key_figures
from opportunities import site_figures

key_figures.register("opportunities.open_count")(site_figures.open_count)
key_figures.register("opportunities.open_insertion_hours")(site_figures.open_insertion_hours)
key_figures.register("opportunities.by_month")(site_figures.by_month)
key_figures.register("opportunities.by_clause_type")(site_figures.by_clause_type)
key_figures.register("opportunities.insertion_hours_by_contract_nature")(
    site_figures.insertion_hours_by_contract_nature
)
