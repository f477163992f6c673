"""A seeded generator of believable structures spread over the communes in the database.

Used by the demo content (a few dozen structures) and the benchmark (100,000). The same
seed gives the same structures. Big communes (several postcodes) get more structures;
each structure sits a few kilometres from its commune's centre.
"""

import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from directory.models import (
    Commune,
    DirectoryState,
    PerimeterKind,
    PublicationState,
    Sector,
    Source,
    Structure,
    StructureKind,
    unique_structure_slug,
)
from directory.models.structures import base_structure_slug
from directory.siret import siret_from_number

KIND_WEIGHTS = {
    StructureKind.ACI: 30,
    StructureKind.AI: 12,
    StructureKind.EI: 20,
    StructureKind.ETTI: 8,
    StructureKind.EITI: 2,
    StructureKind.GEIQ: 3,
    StructureKind.EA: 12,
    StructureKind.EATT: 2,
    StructureKind.ESAT: 11,
}

# Sector groups (slugs of the shipped taxonomy) each kind usually works in.
KIND_GROUPS = {
    StructureKind.ACI: [
        "espaces-verts-et-nature",
        "batiment-gros-oeuvre",
        "recyclage-reemploi-et-dechets",
        "restauration-et-alimentation",
        "blanchisserie-et-textile",
        "agriculture-et-agroalimentaire",
    ],
    StructureKind.AI: [
        "services-aux-personnes",
        "proprete-et-nettoyage",
        "interim-et-mise-a-disposition-de-personnel",
        "espaces-verts-et-nature",
    ],
    StructureKind.EI: [
        "proprete-et-nettoyage",
        "batiment-second-oeuvre",
        "logistique-et-transport",
        "recyclage-reemploi-et-dechets",
        "restauration-et-alimentation",
        "travaux-publics-et-voirie",
    ],
    StructureKind.ETTI: [
        "interim-et-mise-a-disposition-de-personnel",
        "batiment-gros-oeuvre",
        "logistique-et-transport",
    ],
    StructureKind.EITI: [
        "interim-et-mise-a-disposition-de-personnel",
        "services-aux-personnes",
        "informatique-et-numerique",
    ],
    StructureKind.GEIQ: [
        "interim-et-mise-a-disposition-de-personnel",
        "batiment-gros-oeuvre",
        "travaux-publics-et-voirie",
        "logistique-et-transport",
    ],
    StructureKind.EA: [
        "proprete-et-nettoyage",
        "logistique-et-transport",
        "informatique-et-numerique",
        "imprimerie-et-communication",
        "services-administratifs",
        "sous-traitance-industrielle",
    ],
    StructureKind.EATT: [
        "interim-et-mise-a-disposition-de-personnel",
        "services-administratifs",
        "logistique-et-transport",
    ],
    StructureKind.ESAT: [
        "sous-traitance-industrielle",
        "espaces-verts-et-nature",
        "blanchisserie-et-textile",
        "restauration-et-alimentation",
        "bois-et-ameublement",
        "imprimerie-et-communication",
    ],
}

NAME_PATTERNS = {
    StructureKind.ACI: [
        "Les Jardins de {place}",
        "Chantier d'insertion {word}",
        "Atelier {word} de {place}",
        "Régie de quartier de {place}",
        "Ressourcerie {word}",
    ],
    StructureKind.AI: [
        "{word} Services",
        "Association intermédiaire {word}",
        "Coup de main {place}",
        "Solidarité Emploi {place}",
    ],
    StructureKind.EI: [
        "{word} Propreté",
        "Bâti {word}",
        "{word} Logistique",
        "Les Cuisines {word}",
        "{word} Recyclage",
    ],
    StructureKind.ETTI: [
        "{word} Intérim",
        "Intérim Solidaire {place}",
        "Tremplin Travail Temporaire",
    ],
    StructureKind.EITI: ["Indépendants {word}", "{word} Coopérative d'activités"],
    StructureKind.GEIQ: ["GEIQ BTP {place}", "GEIQ Propreté {word}", "GEIQ Transport {place}"],
    StructureKind.EA: [
        "{word} Adaptée",
        "Entreprise adaptée {word}",
        "{word} Numérique Solidaire",
        "Atelier {word}",
    ],
    StructureKind.EATT: ["{word} Intérim Adapté", "Handi Intérim {place}"],
    StructureKind.ESAT: ["ESAT Les Ateliers de {place}", "ESAT {word}", "ESAT du Pays de {place}"],
}
WORDS = [
    "Horizon",
    "Passerelle",
    "Tremplin",
    "Envol",
    "Rebond",
    "Trait d'Union",
    "Sillon",
    "Archipel",
    "Boussole",
    "Escale",
    "Cap Avenir",
    "Éclat",
    "Racines",
    "Ricochet",
    "Alizé",
    "Mosaïque",
    "Solstice",
    "Olivier",
    "Calanque",
    "Garrigue",
    "Mistral",
    "Colline",
    "Lavande",
    "Vauban",
]
STREETS = [
    "rue de la République",
    "avenue Jean-Jaurès",
    "boulevard Victor-Hugo",
    "rue Pasteur",
    "chemin des Aubépines",
    "rue de l'Industrie",
    "avenue de la Gare",
    "zone artisanale des Pins",
    "rue Émile-Zola",
    "allée des Artisans",
    "quai du Port",
    "route nationale",
]
DESCRIPTIONS = {
    StructureKind.ACI: "Chantier d'insertion qui accompagne chaque année une vingtaine de salariés vers l'emploi durable.",
    StructureKind.AI: "Association intermédiaire : mise à disposition de personnel auprès des particuliers, entreprises et collectivités.",
    StructureKind.EI: "Entreprise d'insertion : nous produisons des prestations de qualité tout en formant nos salariés en parcours.",
    StructureKind.ETTI: "Missions d'intérim d'insertion pour réaliser vos heures de clause sociale.",
    StructureKind.EITI: "Nous accompagnons des travailleurs indépendants et leur apportons des clients.",
    StructureKind.GEIQ: "Recrutement et qualification en alternance pour nos entreprises adhérentes.",
    StructureKind.EA: "Entreprise adaptée : des prestations professionnelles réalisées par des équipes dont la majorité sont des travailleurs handicapés.",
    StructureKind.EATT: "Missions d'intérim pour des travailleurs handicapés, avec un accompagnement adapté.",
    StructureKind.ESAT: "Établissement et service d'aide par le travail : prestations de sous-traitance réalisées avec un encadrement adapté.",
}
FIRST_NAMES = [
    "Camille",
    "Nadia",
    "Karim",
    "Sophie",
    "Mathieu",
    "Inès",
    "Julien",
    "Fatou",
    "Pierre",
    "Léa",
    "Yacine",
    "Élodie",
]
LAST_NAMES = [
    "Martin",
    "Benali",
    "Rossi",
    "Nguyen",
    "Garcia",
    "Lefèvre",
    "Diallo",
    "Moreau",
    "Fabre",
    "Roux",
]


@dataclass
class Generated:
    structure: Structure
    sector_ids: list
    perimeter_region_ids: list
    perimeter_department_ids: list


def _ascii_upper(text):
    text = unicodedata.normalize("NFKD", text)
    return (
        "".join(char for char in text if not unicodedata.combining(char))
        .upper()
        .replace("-", " ")
        .replace("'", " ")
    )


class StructureGenerator:
    """Build believable structures; ``seed`` makes the output reproducible."""

    def __init__(self, *, seed=2026, siret_offset=4_180_000_000_000, spread="cities"):
        """``spread``: "cities" favours big communes (several postcodes: the demo's
        metropolitan areas); "departments" gives every department the same share, split
        among its communes, which is closer to the national distribution (benchmark)."""
        self.random = random.Random(seed)  # noqa: S311 - reproducible fake data, not secrets
        self.siret_offset = siret_offset
        communes = list(
            Commune.objects.filter(latitude__isnull=False).select_related("department", "region")
        )
        if not communes:
            raise ValueError("Aucune commune avec coordonnées : lancez d'abord import_communes.")
        self.communes = communes
        if spread == "departments":
            per_department = Counter(commune.department_id for commune in communes)
            self.commune_weights = [
                (1 + len(commune.postcode_list)) / per_department[commune.department_id]
                for commune in communes
            ]
        else:
            self.commune_weights = [1 + 3 * len(commune.postcode_list) for commune in communes]
        sectors = list(Sector.objects.select_related("group"))
        self.sectors_by_group = {}
        for sector in sectors:
            self.sectors_by_group.setdefault(sector.group.slug, []).append(sector)
        self.all_groups = list(self.sectors_by_group)
        self.kinds = list(KIND_WEIGHTS)
        self.kind_weights = list(KIND_WEIGHTS.values())

    def build(self, number, *, kind=None):
        """One unsaved structure (``number`` makes its SIRET unique) with its relations."""
        rnd = self.random
        kind = kind or rnd.choices(self.kinds, self.kind_weights)[0]
        commune = rnd.choices(self.communes, self.commune_weights)[0]
        place = commune.name
        name = rnd.choice(NAME_PATTERNS[kind]).format(place=place, word=rnd.choice(WORDS))
        for wrong, right in (
            (" de Le ", " du "),
            (" de Les ", " des "),
            (" de La ", " de la "),
            (" de L'", " de l'"),
        ):
            name = name.replace(wrong, right)
        groups = [
            group for group in KIND_GROUPS[kind] if group in self.sectors_by_group
        ] or self.all_groups
        chosen_groups = rnd.sample(groups, k=min(len(groups), rnd.choice([1, 1, 2, 2, 3])))
        sectors = []
        for group in chosen_groups:
            pool = self.sectors_by_group[group]
            sectors += rnd.sample(pool, k=min(len(pool), rnd.choice([1, 1, 2])))
        # A few kilometres from the commune's centre.
        distance = abs(rnd.gauss(0, 3.0))
        bearing = rnd.uniform(0, 2 * math.pi)
        latitude = commune.latitude + distance / 111.2 * math.cos(bearing)
        longitude = commune.longitude + distance / (
            111.2 * math.cos(math.radians(commune.latitude))
        ) * math.sin(bearing)
        perimeter = rnd.choices(
            [PerimeterKind.RADIUS, PerimeterKind.TERRITORIES, PerimeterKind.NATIONAL, None],
            [55, 25, 2, 18],
        )[0]
        regions, departments, radius = [], [], None
        if perimeter == PerimeterKind.RADIUS:
            radius = rnd.choice([10, 20, 20, 30, 30, 50, 50, 100])
        elif perimeter == PerimeterKind.TERRITORIES:
            departments = [commune.department_id]
            if rnd.random() < 0.3:
                regions = [commune.region_id]
        elif perimeter is None:
            perimeter = PerimeterKind.RADIUS
        family_is_handicap = kind in (StructureKind.EA, StructureKind.EATT, StructureKind.ESAT)
        first, last = rnd.choice(FIRST_NAMES), rnd.choice(LAST_NAMES)
        sector_names = ", ".join(sector.name.lower() for sector in sectors[:3])
        consent = rnd.random() < 0.7
        postcode = commune.postcode_list[0] if commune.postcodes else ""
        shouting = rnd.random() < 0.4  # official lists give names in capitals
        structure = Structure(
            legal_name=_ascii_upper(name) if shouting else name,
            brand_name=name if shouting or rnd.random() < 0.2 else "",
            siret=siret_from_number(self.siret_offset + number * 7),
            kind=kind,
            description=f"{DESCRIPTIONS[kind]} Nos activités : {sector_names}.",
            services=f"{sector_names.capitalize()}. Devis gratuit, intervention sur {place} et ses environs.",
            labels=rnd.choice(
                ["", "", "", "Qualiopi", "ISO 9001", "Label Lucie", "Qualiopi, ISO 14001"]
            ),
            accepts_subcontracting=rnd.random() < 0.6,
            accepts_cocontracting=rnd.random() < 0.4,
            accepts_staff_provision=kind
            in (StructureKind.AI, StructureKind.ETTI, StructureKind.GEIQ, StructureKind.EATT)
            or rnd.random() < 0.15,
            insertion_headcount_band=rnd.choice(["1-9", "10-19", "20-49", "50-99"]),
            permanent_headcount_band=rnd.choice(["1-9", "1-9", "10-19", "20-49"])
            if not family_is_handicap
            else rnd.choice(["10-19", "20-49", "50-99"]),
            address=f"{rnd.randint(1, 120)} {rnd.choice(STREETS)}",
            postcode=postcode,
            city=commune.name,
            commune=commune,
            department=commune.department,
            region=commune.region,
            latitude=round(latitude, 6),
            longitude=round(longitude, 6),
            perimeter_kind=perimeter,
            perimeter_radius_km=radius,
            contact_name=f"{first} {last}",
            contact_email=f"contact{number}@structure-{number}.example.org",
            contact_phone=f"0{rnd.randint(1, 5)} {rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}",
            show_contact_name=consent,
            show_contact_email=consent,
            show_contact_phone=consent and rnd.random() < 0.7,
            website=f"https://structure-{number}.example.org" if rnd.random() < 0.5 else "",
            source=Source.IMPORT if rnd.random() < 0.7 else Source.REGISTRATION,
            publication_state=PublicationState.PUBLISHED,
        )
        return Generated(structure, [sector.pk for sector in sectors], regions, departments)

    def asp_row(self, number):
        """One line of the ASP export (insertion kinds only), as a list of column values."""
        asp_kinds = (
            StructureKind.ACI,
            StructureKind.AI,
            StructureKind.EI,
            StructureKind.ETTI,
            StructureKind.EITI,
        )
        structure = self.build(number, kind=self.random.choice(asp_kinds)).structure
        commune = structure.commune
        city = _ascii_upper(commune.name).replace("SAINT ", "ST ").replace("SAINTE ", "STE ")
        department = commune.department.code
        department = department.zfill(3) if department.isdigit() else f"0{department}"
        number_part, street = structure.address.split(" ", 1)
        return [
            f"{structure.kind}_DC",
            department,
            _ascii_upper(commune.department.name),
            structure.postcode,
            city,
            "8899B",
            "ASSOCIATION" if structure.kind in (StructureKind.ACI, StructureKind.AI) else "SAS",
            structure.siret,
            _ascii_upper(structure.legal_name),
            number_part,
            _ascii_upper(street),
            structure.postcode,
            city,
        ]


def generate_structures(
    count,
    *,
    seed=2026,
    siret_offset=4_180_000_000_000,
    batch_size=2000,
    kinds=None,
    spread="cities",
    progress=None,
):
    """Create ``count`` published structures in bulk; returns their ids.

    ``kinds`` (optional) is cycled through first, so that small sets cover every kind.
    """
    generator = StructureGenerator(seed=seed, siret_offset=siret_offset, spread=spread)
    kinds = list(kinds or [])
    ids = []
    through = Structure.sectors.through
    regions_through = Structure.perimeter_regions.through
    departments_through = Structure.perimeter_departments.through
    sector_names = {
        sector.pk: sector.name
        for sectors in generator.sectors_by_group.values()
        for sector in sectors
    }
    for start in range(0, count, batch_size):
        batch = [
            generator.build(
                number,
                kind=kinds[number % len(kinds)] if kinds and number < len(kinds) * 3 else None,
            )
            for number in range(start, min(start + batch_size, count))
        ]
        taken = set()
        candidates = set()
        for item in batch:
            base = base_structure_slug(item.structure.name, item.structure.city)
            candidates |= {
                base,
                f"{base}-{item.structure.siret[-5:]}",
                f"{base}-{item.structure.siret}",
            }
        taken |= set(Structure.objects.filter(slug__in=candidates).values_list("slug", flat=True))
        for item in batch:
            item.structure.apply_derived_fields(
                sector_names=[sector_names[pk] for pk in item.sector_ids]
            )
            item.structure.slug = unique_structure_slug(item.structure, taken=taken)
            taken.add(item.structure.slug)
        with transaction.atomic():
            created = Structure.objects.bulk_create([item.structure for item in batch])
            through.objects.bulk_create(
                [
                    through(structure_id=s.pk, sector_id=pk)
                    for s, item in zip(created, batch, strict=True)
                    for pk in set(item.sector_ids)
                ]
            )
            regions_through.objects.bulk_create(
                [
                    regions_through(structure_id=s.pk, region_id=pk)
                    for s, item in zip(created, batch, strict=True)
                    for pk in item.perimeter_region_ids
                ]
            )
            departments_through.objects.bulk_create(
                [
                    departments_through(structure_id=s.pk, department_id=pk)
                    for s, item in zip(created, batch, strict=True)
                    for pk in item.perimeter_department_ids
                ]
            )
            DirectoryState.bump()
        ids += [structure.pk for structure in created]
        if progress:
            progress(len(ids), count)
    return ids
