"""The project's documented CSV of structures: written by the export, read by the import.

Public fields only. Contact details appear only when the structure agreed to show them,
so a non-empty contact column on import means that consent was given.
Lists (sectors, intervention regions and departments) are separated by ``|``; booleans
are ``oui`` / ``non``.
"""

import csv

from django.utils.translation import gettext_lazy as _

COLUMNS = (
    ("siret", _("SIRET (14 chiffres)")),
    ("raison_sociale", _("Raison sociale")),
    ("enseigne", _("Enseigne (nom commercial)")),
    ("type", _("Type : ACI, AI, EI, ETTI, EITI, GEIQ, EA, EATT ou ESAT")),
    ("famille", _("Famille : insertion ou handicap (déduite du type, ignorée à l'import)")),
    ("secteurs", _("Secteurs d'activité, par leur identifiant (slug), séparés par |")),
    ("prestations", _("Prestations proposées")),
    ("description", _("Présentation")),
    ("labels", _("Labels et certifications, séparés par des virgules")),
    ("adresse", _("Adresse (numéro et voie)")),
    ("code_postal", _("Code postal")),
    ("commune", _("Nom de la commune")),
    ("code_insee", _("Code INSEE de la commune")),
    ("departement", _("Code du département")),
    ("region", _("Code de la région")),
    ("latitude", _("Latitude (degrés décimaux)")),
    ("longitude", _("Longitude (degrés décimaux)")),
    ("perimetre", _("Périmètre : national, territoires ou rayon")),
    ("rayon_km", _("Rayon d'intervention en km (périmètre « rayon »)")),
    ("regions_intervention", _("Codes des régions d'intervention, séparés par |")),
    ("departements_intervention", _("Codes des départements d'intervention, séparés par |")),
    ("sous_traitance", _("Accepte la sous-traitance : oui ou non")),
    ("co_traitance", _("Accepte la co-traitance : oui ou non")),
    ("mise_a_disposition", _("Propose la mise à disposition de personnel : oui ou non")),
    ("effectif_insertion", _("Tranche d'effectif en insertion")),
    ("effectif_permanent", _("Tranche d'effectif permanent")),
    ("site_internet", _("Site internet")),
    ("contact_nom", _("Nom du contact (si la structure accepte de l'afficher)")),
    ("contact_courriel", _("Courriel du contact (si la structure accepte de l'afficher)")),
    ("contact_telephone", _("Téléphone du contact (si la structure accepte de l'afficher)")),
    ("fiche", _("Adresse de la fiche sur le portail (ignorée à l'import)")),
)
COLUMN_NAMES = tuple(name for name, _description in COLUMNS)
REQUIRED_COLUMNS = ("siret", "raison_sociale", "type")

PERIMETER_VALUES = {"national": "national", "territoires": "territories", "rayon": "radius"}
PERIMETER_LABELS = {value: key for key, value in PERIMETER_VALUES.items()}
TRUE_VALUES = {"oui", "o", "1", "true", "vrai", "x", "yes"}
FALSE_VALUES = {"non", "n", "0", "false", "faux", "", "no"}
LIST_SEPARATOR = "|"


def yes_no(value):
    return "oui" if value else "non"


def structure_to_row(structure, *, base_url=""):
    """One CSV row (a dict keyed by column name) with the structure's public fields only.

    ``structure`` must come with its commune, department, region, sectors and perimeter
    prefetched (see ``directory.search.export``): this function makes no query.
    """
    return {
        "siret": structure.siret,
        "raison_sociale": structure.legal_name,
        "enseigne": structure.brand_name,
        "type": structure.kind,
        "famille": structure.family,
        "secteurs": LIST_SEPARATOR.join(sector.slug for sector in structure.sectors.all()),
        "prestations": structure.services,
        "description": structure.description,
        "labels": structure.labels,
        "adresse": structure.address,
        "code_postal": structure.postcode,
        "commune": structure.city,
        "code_insee": structure.commune.insee_code if structure.commune_id else "",
        "departement": structure.department.code if structure.department_id else "",
        "region": structure.region.code if structure.region_id else "",
        "latitude": "" if structure.latitude is None else f"{structure.latitude:.6f}",
        "longitude": "" if structure.longitude is None else f"{structure.longitude:.6f}",
        "perimetre": PERIMETER_LABELS.get(structure.perimeter_kind, ""),
        "rayon_km": structure.perimeter_radius_km or "",
        "regions_intervention": LIST_SEPARATOR.join(
            region.code for region in structure.perimeter_regions.all()
        ),
        "departements_intervention": LIST_SEPARATOR.join(
            department.code for department in structure.perimeter_departments.all()
        ),
        "sous_traitance": yes_no(structure.accepts_subcontracting),
        "co_traitance": yes_no(structure.accepts_cocontracting),
        "mise_a_disposition": yes_no(structure.accepts_staff_provision),
        "effectif_insertion": structure.insertion_headcount_band,
        "effectif_permanent": structure.permanent_headcount_band,
        "site_internet": structure.website,
        "contact_nom": structure.contact_name if structure.show_contact_name else "",
        "contact_courriel": structure.contact_email if structure.show_contact_email else "",
        "contact_telephone": structure.contact_phone if structure.show_contact_phone else "",
        "fiche": f"{base_url}{structure.get_absolute_url()}",
    }


def csv_safe(value):
    """Neutralise spreadsheet formulas (CSV injection) in free-text cells."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r" and not _looks_numeric(text):
        return "'" + text
    return text


def _looks_numeric(text):
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def write_csv(structures, stream, *, base_url=""):
    """Write the header and one row per structure to ``stream`` (a text file-like object)."""
    writer = csv.writer(stream, delimiter=",", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for structure in structures:
        row = structure_to_row(structure, base_url=base_url)
        writer.writerow([csv_safe(row[name]) for name in COLUMN_NAMES])
