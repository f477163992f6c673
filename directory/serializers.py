"""Public representation of a structure for the JSON API (public fields only)."""

from directory.csv_format import PERIMETER_LABELS
from directory.search.query import MODES


def structure_summary(structure, *, base_url=""):
    """The public fields of a structure (sectors, commune, department, region loaded)."""
    data = {
        "siret": structure.siret,
        "nom": structure.name,
        "raison_sociale": structure.legal_name,
        "enseigne": structure.brand_name,
        "type": structure.kind,
        "type_libelle": structure.get_kind_display(),
        "famille": structure.family,
        "secteurs": [
            {"slug": sector.slug, "nom": sector.name, "groupe": sector.group.slug}
            for sector in structure.sectors.all()
        ],
        "commune": structure.city,
        "code_postal": structure.postcode,
        "code_insee": structure.commune.insee_code if structure.commune_id else None,
        "departement": structure.department.code if structure.department_id else None,
        "region": structure.region.code if structure.region_id else None,
        "latitude": structure.latitude,
        "longitude": structure.longitude,
        "modalites": [mode for mode, (field, _label) in MODES.items() if getattr(structure, field)],
        "url": f"{base_url}{structure.get_absolute_url()}",
    }
    distance = getattr(structure, "distance_km", None)
    if distance is not None:
        data["distance_km"] = round(distance, 1)
    return data


def structure_detail(structure, *, base_url=""):
    """Everything public about one structure (perimeter M2Ms prefetched)."""
    contact = structure.public_contact
    return {
        **structure_summary(structure, base_url=base_url),
        "description": structure.description,
        "prestations": structure.services,
        "labels": structure.label_list,
        "adresse": structure.address,
        "perimetre": {
            "type": PERIMETER_LABELS.get(structure.perimeter_kind, ""),
            "rayon_km": structure.perimeter_radius_km,
            "regions": [region.code for region in structure.perimeter_regions.all()],
            "departements": [
                department.code for department in structure.perimeter_departments.all()
            ],
        },
        "effectif_insertion": structure.insertion_headcount_band,
        "effectif_permanent": structure.permanent_headcount_band,
        "site_internet": structure.website,
        "contact": {
            "nom": contact.get("name", ""),
            "courriel": contact.get("email", ""),
            "telephone": contact.get("phone", ""),
        },
        "publiee_le": structure.published_at.isoformat() if structure.published_at else None,
    }
