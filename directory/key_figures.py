"""Key figures the directory provides (see home/key_figures/registry.py)."""

from directory.site_figures import structures_by_family, structures_by_kind, structures_by_region
from home.key_figures import key_figures

key_figures.register("directory.structures_by_family")(structures_by_family)
key_figures.register("directory.structures_by_kind")(structures_by_kind)
key_figures.register("directory.structures_by_region")(structures_by_region)
