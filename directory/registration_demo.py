"""Demo content of the moderation queue: a few applications waiting for a decision.

Runs after the directory's own demo step: the proposed change targets one of its published
structures when there is one. Nothing is emailed.
"""

from django.utils import timezone

from directory.application_data import normalise_data, snapshot
from directory.models import (
    ApplicationKind,
    ApplicationStatus,
    PerimeterKind,
    Sector,
    Structure,
    StructureApplication,
    StructureKind,
)
from directory.siret import siret_from_number

REGISTRATIONS = [
    {
        "siret": siret_from_number(81_234_567_000),
        "status": ApplicationStatus.PENDING,
        "sectors": ["entretien-d-espaces-verts", "elagage-et-abattage"],
        "data": {
            "legal_name": "Association Les Jardins du Canal",
            "brand_name": "Les Jardins du Canal",
            "kind": StructureKind.ACI,
            "description": (
                "Atelier et chantier d'insertion en espaces verts et maraîchage biologique : "
                "vingt salariés en parcours, accompagnés vers un emploi durable."
            ),
            "services": "Entretien d'espaces verts, débroussaillage, petits aménagements paysagers.",
            "accepts_subcontracting": True,
            "accepts_cocontracting": True,
            "insertion_headcount_band": "20-49",
            "permanent_headcount_band": "1-9",
            "address": "12 chemin du Canal",
            "postcode": "13400",
            "city": "Aubagne",
            "perimeter_kind": PerimeterKind.RADIUS,
            "perimeter_radius_km": 30,
            "contact_name": "Camille Durand",
            "contact_email": "camille.durand@jardins-du-canal.example.org",
            "contact_phone": "04 42 00 00 00",
            "show_contact_name": True,
            "show_contact_email": True,
        },
    },
    {
        "siret": siret_from_number(82_345_678_000),
        "status": ApplicationStatus.UNCONFIRMED,
        "sectors": ["nettoyage-de-locaux"],
        "data": {
            "legal_name": "Net'Services Solidaires SAS",
            "kind": StructureKind.EI,
            "description": "Entreprise d'insertion de propreté tertiaire.",
            "services": "Nettoyage de bureaux, vitrerie, remise en état après chantier.",
            "postcode": "42000",
            "city": "Saint-Étienne",
            "perimeter_kind": PerimeterKind.TERRITORIES,
            "perimeter_departments": ["42", "43"],
            "contact_name": "Yanis Benali",
            "contact_email": "contact@netservices.example.org",
        },
    },
]


def _sector_ids(slugs):
    ids = list(Sector.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    return ids or list(Sector.objects.values_list("pk", flat=True)[:1])


def load():
    if StructureApplication.objects.exists():
        return "Demandes de l'annuaire : déjà présentes."
    now = timezone.now()
    created = 0
    for spec in REGISTRATIONS:
        if Structure.objects.filter(siret=spec["siret"]).exists():
            continue
        data = normalise_data({**spec["data"], "sectors": _sector_ids(spec["sectors"])})
        StructureApplication.objects.create(
            kind=ApplicationKind.REGISTRATION,
            status=spec["status"],
            siret=spec["siret"],
            display_name=data["brand_name"] or data["legal_name"],
            data=data,
            contact_email=data["contact_email"],
            consented_at=now,
            email_confirmed_at=now if spec["status"] == ApplicationStatus.PENDING else None,
        )
        created += 1
    structure = Structure.objects.published().exclude(contact_email="").order_by("pk").first()
    if structure is not None:
        current = snapshot(structure)
        proposed = {
            **current,
            "services": (
                current["services"] + " Nouveau : collecte et tri des biodéchets."
            ).strip(),
            "accepts_staff_provision": True,
        }
        StructureApplication.objects.create(
            kind=ApplicationKind.CHANGE,
            status=ApplicationStatus.PENDING,
            siret=structure.siret,
            display_name=structure.name,
            structure=structure,
            data=proposed,
            baseline=current,
            contact_email=structure.contact_email,
            consented_at=now,
            email_confirmed_at=now,
        )
        created += 1
    return f"Demandes de l'annuaire : {created} demandes en attente dans la file de modération."
