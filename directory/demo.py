"""Demo content of the directory: the communes its structures use, about sixty believable
structures of every kind around Marseille, Saint-Étienne, Lyon and the Val-de-Marne, and the
``DirectoryPage`` in the main menu."""

from pathlib import Path

from wagtail.models import Site

from directory.generator import generate_structures
from directory.importers.communes import import_communes
from directory.models import DirectoryPage, Structure, StructureKind
from directory.search.indexing import structures_changed

DEMO_COMMUNES = Path(__file__).resolve().parent / "data" / "demo_communes.json"
DEMO_STRUCTURES = 60
DEMO_SEED = 13


def load():
    if DirectoryPage.objects.exists() and Structure.objects.exists():
        return "Annuaire : déjà chargé."
    communes = import_communes(DEMO_COMMUNES)
    created = []
    if not Structure.objects.exists():
        created = generate_structures(
            DEMO_STRUCTURES,
            seed=DEMO_SEED,
            siret_offset=3_120_000_000_000,
            kinds=list(StructureKind),
        )
        structures_changed(created)
    page = DirectoryPage.objects.first()
    if page is None:
        site = Site.objects.get(is_default_site=True)
        page = DirectoryPage(
            title="Annuaire des structures inclusives",
            slug="annuaire",
            show_in_menus=True,
            intro=(
                "Structures d'insertion par l'activité économique, entreprises adaptées et "
                "ESAT : trouvez un partenaire pour vos marchés, vos heures d'insertion ou une "
                "sous-traitance, près de votre chantier."
            ),
            search_description=(
                "Annuaire des SIAE, entreprises adaptées et ESAT : recherche par activité, "
                "type de structure et distance."
            ),
        )
        site.root_page.add_child(instance=page)
        page.save_revision().publish()
    return (
        f"Annuaire : {communes.created} commune(s), {len(created)} structure(s), "
        f"page {page.get_url()}."
    )
