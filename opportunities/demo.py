"""Demo content: the opportunity list page and about twenty-five believable opportunities
of the fictitious Métropole des Trois-Rivières and other public buyers, dated around today.

Places are real communes (INSEE codes); they are created here only when the directory's
demo did not load them already (same slug scheme as ``import_communes``)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Commune, Department, Sector
from directory.text import normalise
from home.models import HomePage
from opportunities.models import (
    Buyer,
    Facilitator,
    Lot,
    OpportunityIndexPage,
    OpportunityPage,
)

COMMUNES = {
    # insee: (name, department, postcode, latitude, longitude)
    "13055": ("Marseille", "13", "13001", 43.2965, 5.3698),
    "13001": ("Aix-en-Provence", "13", "13080", 43.5297, 5.4474),
    "13004": ("Arles", "13", "13200", 43.6766, 4.6278),
    "13005": ("Aubagne", "13", "13400", 43.2927, 5.5708),
    "13028": ("La Ciotat", "13", "13600", 43.1748, 5.6046),
    "13041": ("Gardanne", "13", "13120", 43.4546, 5.4692),
    "13047": ("Istres", "13", "13118", 43.515, 4.9894),
    "13054": ("Marignane", "13", "13700", 43.4159, 5.2147),
    "13056": ("Martigues", "13", "13500", 43.4053, 5.0476),
    "13103": ("Salon-de-Provence", "13", "13300", 43.6403, 5.097),
    "13117": ("Vitrolles", "13", "13127", 43.46, 5.2486),
    "69266": ("Villeurbanne", "69", "69100", 45.7719, 4.8902),
    "94028": ("Créteil", "94", "94000", 48.7904, 2.4556),
}

BUYERS = {
    "metropole": ("Métropole des Trois-Rivières", "intercommunalite", "https://example.org/"),
    "ville": ("Ville de Trois-Rivières", "collectivite", "https://ville.example.org/"),
    "habitat": ("Habitat des Trois-Rivières", "bailleur-social", "https://habitat.example.org/"),
    "hopital": ("Centre hospitalier des Trois-Rivières", "hopital", "https://ch.example.org/"),
    "universite": ("Université Rives-Sud", "universite", "https://univ.example.org/"),
    "syndicat": (
        "Syndicat mixte de collecte et de valorisation des déchets des Trois-Rivières",
        "etablissement-public",
        "https://dechets.example.org/",
    ),
    "epa": (
        "Établissement public d'aménagement Rives-Nord",
        "amenageur",
        "https://epa.example.org/",
    ),
    "etat": (
        "Direction départementale de l'emploi, du travail et des solidarités",
        "etat",
        "https://ddets.example.org/",
    ),
    "confluences": (
        "Communauté d'agglomération Rhône-Confluences",
        "intercommunalite",
        "https://confluences.example.org/",
    ),
    "bievre": (
        "Établissement public territorial Grand Val-de-Bièvre",
        "etablissement-public",
        "https://valdebievre.example.org/",
    ),
}

FACILITATORS = {
    "centre": (
        "Samia Benali",
        "Métropole des Trois-Rivières — Direction de l'emploi",
        "clauses.centre@example.org",
        "04 00 00 10 10",
        "Trois-Rivières Centre et Sud",
    ),
    "nord": (
        "Julien Marchetti",
        "PLIE des Trois-Rivières",
        "clauses.nord@example.org",
        "04 00 00 20 20",
        "Trois-Rivières Nord et étang",
    ),
    "ouest": (
        "Claire Dumont",
        "Maison de l'emploi Rives-Ouest",
        "clauses.ouest@example.org",
        "04 00 00 30 30",
        "Rives-Ouest et pays d'Arles",
    ),
    "rhone": (
        "Mehdi Ouali",
        "Maison de l'emploi Rhône-Confluences",
        "clauses@confluences.example.org",
        "04 00 00 40 40",
        "Rhône-Confluences",
    ),
}


def _lot(title, clauses, *, hours=None, sectors=(), amount=None, note=""):
    return {
        "title": title,
        "clauses": clauses,
        "hours": hours,
        "sectors": sectors,
        "amount": amount,
        "note": note,
    }


# (title, buyer, facilitator, nature, procedure, cpv, (min, max), insee, publication offset,
#  deadline offset, deadline time, duration in months, outcome, summary, lots)
OPPORTUNITIES = [
    (
        "Nettoyage des bâtiments administratifs de la Métropole",
        "metropole",
        "centre",
        "services",
        "appel-offres-ouvert",
        "90911200-8, 90919200-4",
        (1_200_000, 1_600_000),
        "13055",
        -12,
        9,
        datetime.time(12, 0),
        48,
        "",
        "Nettoyage quotidien de l'hôtel de la Métropole et de six sites annexes (38 000 m²), "
        "vitrerie et locaux techniques, pour quatre ans.",
        [
            _lot(
                "Hôtel de la Métropole et annexes du centre",
                ["insertion"],
                hours=1650,
                sectors=["nettoyage-de-locaux"],
                amount=900_000,
            ),
            _lot(
                "Vitrerie de tous les sites",
                ["insertion", "critere-social"],
                hours=300,
                sectors=["nettoyage-de-vitres"],
                amount=250_000,
            ),
            _lot(
                "Locaux techniques et parkings",
                ["reserve-siae"],
                sectors=["nettoyage-industriel"],
                amount=180_000,
            ),
        ],
    ),
    (
        "Entretien des parcs et jardins du secteur Nord",
        "ville",
        "nord",
        "services",
        "appel-offres-ouvert",
        "77310000-6, 77313000-7",
        (850_000, 1_100_000),
        "13001",
        6,
        40,
        datetime.time(12, 0),
        36,
        "",
        "Tonte, taille, arrosage et propreté de 42 hectares de parcs urbains, débroussaillage "
        "des collines et fleurissement des entrées de ville.",
        [
            _lot(
                "Parcs urbains",
                ["insertion"],
                hours=2100,
                sectors=["entretien-d-espaces-verts"],
                amount=600_000,
            ),
            _lot(
                "Débroussaillage des collines",
                ["reserve-siae"],
                sectors=["debroussaillage"],
                amount=220_000,
                note="Obligation légale de débroussaillement : interventions de mars à juin.",
            ),
            _lot(
                "Fleurissement des entrées de ville",
                ["reserve-handicap"],
                sectors=["fleurissement"],
                amount=120_000,
            ),
        ],
    ),
    (
        "Réhabilitation de 120 logements, résidence Les Tilleuls",
        "habitat",
        "centre",
        "travaux",
        "appel-offres-ouvert",
        "45453000-7, 45262700-8",
        (4_800_000, 5_200_000),
        "13005",
        -20,
        15,
        datetime.time(16, 0),
        18,
        "",
        "Réhabilitation thermique et intérieure de quatre bâtiments en site occupé, avec une "
        "attention particulière à la relation avec les locataires.",
        [
            _lot(
                "Gros œuvre et façades",
                ["insertion"],
                hours=2400,
                sectors=["maconnerie", "renovation-du-patrimoine-bati"],
                amount=2_100_000,
            ),
            _lot(
                "Peinture et revêtements de sols",
                ["insertion"],
                hours=900,
                sectors=["peinture-et-revetements"],
                amount=800_000,
            ),
            _lot(
                "Menuiseries intérieures",
                ["insertion"],
                hours=600,
                sectors=["menuiserie-interieure"],
                amount=650_000,
            ),
            _lot(
                "Nettoyage de fin de chantier",
                ["reserve-siae"],
                sectors=["nettoyage-de-fin-de-chantier"],
                amount=90_000,
            ),
        ],
    ),
    (
        "Restauration collective des crèches municipales",
        "ville",
        "centre",
        "services",
        "procedure-adaptee",
        "55523100-3, 55521200-0",
        (420_000, 520_000),
        "13055",
        -5,
        24,
        datetime.time(12, 0),
        24,
        "",
        "Fabrication et livraison en liaison froide de 900 repas par jour pour 17 crèches, avec "
        "50 % de produits durables dont 25 % bio.",
        [
            _lot(
                "Fabrication et livraison des repas",
                ["insertion", "critere-social"],
                hours=1400,
                sectors=["restauration-collective", "portage-de-repas"],
            ),
        ],
    ),
    (
        "Blanchisserie du linge hospitalier",
        "hopital",
        "ouest",
        "services",
        "appel-offres-ouvert",
        "98310000-9",
        (700_000, 900_000),
        "13056",
        14,
        55,
        datetime.time(12, 0),
        48,
        "",
        "Traitement du linge plat (260 tonnes par an) et des tenues professionnelles des "
        "personnels du centre hospitalier.",
        [
            _lot(
                "Linge plat",
                ["reserve-handicap"],
                sectors=["blanchisserie-et-pressing"],
                amount=500_000,
            ),
            _lot(
                "Tenues professionnelles",
                ["insertion"],
                hours=800,
                sectors=["location-et-entretien-de-linge"],
                amount=300_000,
            ),
        ],
    ),
    (
        "Collecte des encombrants et des déchets verts",
        "syndicat",
        "nord",
        "services",
        "appel-offres-ouvert",
        "90511000-2, 90514000-3",
        (2_500_000, 3_000_000),
        "13117",
        -30,
        3,
        datetime.time(12, 0),
        60,
        "",
        "Collecte sur rendez-vous des encombrants et des déchets verts de 14 communes, et "
        "gestion d'une ressourcerie adossée à la déchèterie de Vitrolles.",
        [
            _lot(
                "Collecte des encombrants et déchets verts",
                ["insertion"],
                hours=3200,
                sectors=["collecte-des-dechets"],
                amount=2_300_000,
            ),
            _lot(
                "Ressourcerie de la déchèterie",
                ["reserve-siae"],
                sectors=["reemploi-et-ressourcerie", "tri-et-recyclage"],
                amount=400_000,
            ),
        ],
    ),
    (
        "Construction du groupe scolaire des Aygalades",
        "ville",
        "centre",
        "travaux",
        "appel-offres-ouvert",
        "45214200-2",
        (11_000_000, 12_500_000),
        "13055",
        21,
        70,
        datetime.time(12, 0),
        26,
        "",
        "Construction d'un groupe scolaire de 18 classes avec restaurant, gymnase et cour "
        "végétalisée, en quartier prioritaire de la politique de la ville.",
        [
            _lot(
                "Terrassement et voirie",
                ["insertion"],
                hours=1800,
                sectors=["terrassement", "voirie-et-reseaux-divers"],
            ),
            _lot("Gros œuvre", ["insertion"], hours=4200, sectors=["maconnerie"]),
            _lot("Électricité", ["insertion"], hours=700, sectors=["electricite"]),
            _lot(
                "Cour végétalisée et plantations",
                ["reserve-siae"],
                sectors=["creation-de-jardins-et-paysagisme"],
            ),
        ],
    ),
    (
        "Numérisation des registres de l'état civil",
        "ville",
        "ouest",
        "services",
        "procedure-adaptee",
        "79999100-4",
        (90_000, 140_000),
        "13103",
        -8,
        18,
        None,
        12,
        "",
        "Numérisation et indexation de 1,2 million de pages de registres (1890-1990), avec "
        "contrôle qualité et restitution dans le logiciel d'état civil.",
        [
            _lot(
                "Numérisation et indexation",
                ["reserve-handicap"],
                sectors=["saisie-et-numerisation-de-documents", "archivage"],
            ),
        ],
    ),
    (
        "Maintenance du parc informatique et reconditionnement",
        "universite",
        "nord",
        "services",
        "appel-offres-ouvert",
        "50312000-5, 72253000-3",
        (600_000, 750_000),
        "13001",
        -15,
        11,
        datetime.time(14, 0),
        36,
        "",
        "Maintenance de 6 500 postes de travail sur trois campus et reconditionnement des "
        "matériels réformés pour les associations étudiantes.",
        [
            _lot(
                "Maintenance sur site",
                ["critere-social"],
                sectors=["maintenance-informatique"],
                amount=500_000,
            ),
            _lot(
                "Reconditionnement des postes réformés",
                ["reserve-siae"],
                sectors=["reconditionnement-de-materiel-informatique"],
                amount=150_000,
            ),
        ],
    ),
    (
        "Fourniture de vêtements de travail et d'équipements de protection",
        "metropole",
        "centre",
        "fournitures",
        "accord-cadre",
        "18110000-3, 18100000-0",
        (300_000, 450_000),
        "13055",
        -3,
        30,
        datetime.time(12, 0),
        48,
        "",
        "Vêtements de travail des agents de la propreté, des espaces verts et des ateliers, "
        "avec marquage au logo de la Métropole.",
        [
            _lot(
                "Vêtements de travail",
                ["critere-social"],
                sectors=["confection-textile"],
                amount=320_000,
            ),
            _lot(
                "Marquage et broderie",
                ["reserve-handicap"],
                sectors=["marquage-et-broderie"],
                amount=60_000,
            ),
        ],
    ),
    (
        "Chantier d'insertion pour l'entretien des berges de l'étang",
        "metropole",
        "ouest",
        "services",
        "procedure-adaptee",
        "77314000-4",
        (180_000, 220_000),
        "13056",
        10,
        45,
        datetime.time(12, 0),
        24,
        "",
        "Parcours d'insertion et de qualification de douze personnes par an, sur le support "
        "de l'entretien écologique des berges et des roselières.",
        [
            _lot(
                "Parcours d'insertion sur l'entretien des berges",
                ["insertion-qualification"],
                sectors=["entretien-des-berges-et-milieux-naturels"],
                note="Encadrement technique et accompagnement socioprofessionnel demandés.",
            ),
        ],
    ),
    (
        "Aménagement du boulevard urbain Rives-Nord",
        "epa",
        "nord",
        "travaux",
        "appel-offres-ouvert",
        "45233140-2, 45112700-2",
        (7_500_000, 8_200_000),
        "13117",
        -25,
        6,
        datetime.time(12, 0),
        20,
        "",
        "Requalification de 2,4 km de route départementale en boulevard urbain avec voie "
        "de bus, pistes cyclables et noues plantées.",
        [
            _lot(
                "Voirie et réseaux divers",
                ["insertion"],
                hours=5200,
                sectors=["voirie-et-reseaux-divers"],
                amount=6_000_000,
            ),
            _lot(
                "Signalisation",
                ["insertion"],
                hours=400,
                sectors=["signalisation-routiere"],
                amount=500_000,
            ),
            _lot(
                "Plantations et noues",
                ["reserve-siae"],
                sectors=["creation-de-jardins-et-paysagisme"],
                amount=700_000,
            ),
        ],
    ),
    (
        "Accompagnement social renforcé des allocataires du RSA",
        "etat",
        "centre",
        "services",
        "procedure-adaptee",
        "85312000-9, 85312300-2",
        (350_000, 400_000),
        "13055",
        -2,
        35,
        datetime.time(12, 0),
        36,
        "",
        "Accompagnement global de 400 allocataires par an vers l'emploi, en lien avec "
        "France Travail et les structures d'insertion du territoire.",
        [
            _lot(
                "Accompagnement global",
                ["reserve-ess"],
                note="Réservé aux entreprises de l'ESS au sens de l'article L2113-15.",
            ),
        ],
    ),
    (
        "Gardiennage et accueil des équipements sportifs",
        "ville",
        "centre",
        "services",
        "appel-offres-ouvert",
        "79713000-5",
        (500_000, 650_000),
        "13028",
        -10,
        19,
        datetime.time(12, 0),
        36,
        "",
        "Ouverture, fermeture, surveillance et accueil de neuf équipements sportifs, y "
        "compris les soirs et les week-ends.",
        [
            _lot(
                "Gardiennage",
                ["insertion"],
                hours=1100,
                sectors=["gardiennage-et-surveillance"],
                amount=450_000,
            ),
            _lot(
                "Accueil des usagers",
                ["reserve-handicap"],
                sectors=["secretariat-et-accueil"],
                amount=150_000,
            ),
        ],
    ),
    (
        "Impression et routage des publications institutionnelles",
        "metropole",
        "nord",
        "services",
        "accord-cadre",
        "79810000-5, 79820000-8",
        (250_000, 350_000),
        "13041",
        3,
        33,
        datetime.time(12, 0),
        48,
        "",
        "Impression du magazine métropolitain (mensuel, 480 000 exemplaires) et des supports "
        "de communication, mise sous pli et routage.",
        [
            _lot("Impression", ["critere-social"], sectors=["imprimerie"], amount=250_000),
            _lot(
                "Routage et mise sous pli",
                ["reserve-handicap"],
                sectors=["routage-et-mise-sous-pli"],
                amount=80_000,
            ),
        ],
    ),
    (
        "Rénovation énergétique de trois gymnases",
        "ville",
        "ouest",
        "travaux",
        "appel-offres-ouvert",
        "45262700-8, 45310000-3",
        (3_000_000, 3_600_000),
        "13047",
        30,
        80,
        datetime.time(12, 0),
        14,
        "",
        "Isolation, menuiseries extérieures et centrales solaires en toiture pour réduire "
        "de 45 % la consommation de trois gymnases.",
        [
            _lot(
                "Isolation thermique",
                ["insertion"],
                hours=1500,
                sectors=["platrerie-et-isolation", "renovation-energetique"],
            ),
            _lot("Menuiseries extérieures", ["insertion"], hours=500, sectors=["menuiserie-bois"]),
            _lot("Centrales solaires", ["insertion"], hours=300, sectors=["installation-solaire"]),
        ],
    ),
    (
        "Déménagement des services universitaires",
        "universite",
        "nord",
        "services",
        "procedure-adaptee",
        "98392000-7",
        (120_000, 160_000),
        "13001",
        -18,
        4,
        datetime.time(12, 0),
        6,
        "",
        "Transfert de 900 postes de travail et des archives vers le nouveau bâtiment du "
        "campus, pendant les vacances universitaires.",
        [
            _lot(
                "Déménagement et manutention",
                ["insertion", "critere-social"],
                hours=600,
                sectors=["demenagement", "manutention"],
            ),
        ],
    ),
    (
        "Entretien des espaces verts des résidences",
        "habitat",
        "nord",
        "services",
        "appel-offres-ouvert",
        "77311000-3, 77340000-5",
        (380_000, 460_000),
        "13054",
        -6,
        26,
        datetime.time(12, 0),
        36,
        "",
        "Entretien des espaces extérieurs de 35 résidences (210 000 m²) et élagage des "
        "arbres d'alignement.",
        [
            _lot(
                "Entretien courant des espaces extérieurs",
                ["reserve-siae"],
                sectors=["entretien-d-espaces-verts"],
                amount=300_000,
            ),
            _lot(
                "Élagage", ["insertion"], hours=900, sectors=["elagage-et-abattage"], amount=120_000
            ),
        ],
    ),
    (
        "Nettoyage des parties communes des résidences du centre",
        "habitat",
        "centre",
        "services",
        "appel-offres-ouvert",
        "90911000-6",
        (800_000, 950_000),
        "13055",
        -60,
        -10,
        datetime.time(12, 0),
        36,
        "",
        "Nettoyage des halls, escaliers et abords de 48 résidences, sortie des conteneurs.",
        [
            _lot(
                "Parties communes",
                ["insertion"],
                hours=2000,
                sectors=["entretien-des-parties-communes"],
            ),
        ],
    ),
    (
        "Restauration du personnel hospitalier",
        "hopital",
        "ouest",
        "services",
        "appel-offres-ouvert",
        "55300000-3, 55321000-6",
        (1_500_000, 1_800_000),
        "13056",
        -90,
        -40,
        datetime.time(12, 0),
        48,
        "attribuee",
        "Gestion du self du personnel (650 couverts par jour) et de la cafétéria.",
        [
            _lot(
                "Self et cafétéria", ["insertion"], hours=1200, sectors=["restauration-collective"]
            ),
        ],
    ),
    (
        "Signalétique des parcs d'activités",
        "epa",
        "nord",
        "fournitures",
        "procedure-adaptee",
        "22000000-0",
        (60_000, 90_000),
        "13117",
        -70,
        -20,
        datetime.time(12, 0),
        12,
        "infructueuse",
        "Conception, fabrication et pose de la signalétique directionnelle de quatre parcs.",
        [
            _lot("Signalétique", ["reserve-handicap"], sectors=["signaletique-et-enseignes"]),
        ],
    ),
    (
        "Fourniture de mobilier scolaire",
        "ville",
        "centre",
        "fournitures",
        "accord-cadre",
        "39000000-2",
        (200_000, 300_000),
        "13055",
        -45,
        -3,
        datetime.time(12, 0),
        48,
        "",
        "Tables, chaises et rangements pour les écoles maternelles et élémentaires.",
        [
            _lot(
                "Mobilier neuf",
                ["critere-social"],
                sectors=["fabrication-de-mobilier"],
                amount=220_000,
            ),
            _lot(
                "Rénovation de mobilier existant",
                ["reserve-handicap"],
                sectors=["renovation-de-mobilier"],
                amount=60_000,
            ),
        ],
    ),
    (
        "Entretien des voiries communautaires",
        "confluences",
        "rhone",
        "travaux",
        "accord-cadre",
        "45233140-2",
        (2_000_000, 2_800_000),
        "69266",
        -7,
        21,
        datetime.time(12, 0),
        48,
        "",
        "Accord-cadre à bons de commande pour l'entretien et les petites réparations de "
        "voirie de l'agglomération.",
        [
            _lot(
                "Entretien de voirie", ["insertion"], hours=1800, sectors=["entretien-de-la-voirie"]
            ),
        ],
    ),
    (
        "Collecte et démantèlement des équipements électriques",
        "bievre",
        "rhone",
        "services",
        "procedure-adaptee",
        "90500000-2",
        (150_000, 200_000),
        "94028",
        -4,
        28,
        datetime.time(12, 0),
        24,
        "",
        "Collecte des équipements électriques et électroniques des services et des "
        "déchèteries, démantèlement et valorisation.",
        [
            _lot(
                "Collecte et démantèlement",
                ["reserve-siae"],
                sectors=["demantelement-d-equipements-electriques-deee"],
            ),
        ],
    ),
    (
        "Transport des personnes à mobilité réduite",
        "metropole",
        "centre",
        "services",
        "appel-offres-ouvert",
        "60130000-8",
        (1_900_000, 2_300_000),
        "13005",
        8,
        48,
        datetime.time(12, 0),
        60,
        "",
        "Service de transport à la demande pour les personnes à mobilité réduite, 7 jours "
        "sur 7, sur l'est de la Métropole.",
        [
            _lot(
                "Transport à la demande",
                ["insertion", "critere-social"],
                hours=1300,
                sectors=["transport-de-personnes"],
            ),
        ],
    ),
    (
        "Restauration des murets en pierre sèche du parc des Alyscamps",
        "ville",
        "ouest",
        "services",
        "procedure-adaptee",
        "45454000-4",
        (140_000, 180_000),
        "13004",
        16,
        60,
        datetime.time(12, 0),
        18,
        "",
        "Parcours de qualification aux métiers de la pierre sèche pour dix jeunes, sur le "
        "chantier de restauration des murets du parc.",
        [
            _lot(
                "Chantier-école pierre sèche",
                ["insertion-qualification"],
                sectors=["pierre-seche-et-restauration-de-murets", "renovation-du-patrimoine-bati"],
            ),
        ],
    ),
]


def _commune(insee):
    commune = Commune.objects.filter(insee_code=insee).first()
    if commune is not None:
        return commune
    name, department_code, postcode, latitude, longitude = COMMUNES[insee]
    department = Department.objects.select_related("region").get(code=department_code)
    return Commune.objects.create(
        insee_code=insee,
        name=name,
        slug=f"{slugify(normalise(name))}-{insee}",
        postcodes=postcode,
        department=department,
        region=department.region,
        latitude=latitude,
        longitude=longitude,
    )


def _publish(page):
    page.save_revision().publish()


def load():
    if OpportunityIndexPage.objects.exists():
        return "Opportunités : déjà présentes."
    home = HomePage.objects.first()
    if home is None:
        return "Opportunités : pas de page d'accueil, rien n'a été créé."

    index = OpportunityIndexPage(
        title="Opportunités",
        slug="opportunites",
        show_in_menus=True,
        intro=(
            "<p>Les marchés publics à venir du territoire qui comportent des clauses sociales : "
            "heures d'insertion, critères sociaux, lots réservés aux structures d'insertion et "
            "du handicap. Repérez-les tôt pour préparer votre réponse, trouver des partenaires "
            "et recruter.</p>"
        ),
        search_description=(
            "Marchés publics à clauses sociales à venir : filtres par clause, secteur, "
            "territoire et date limite, alertes par courriel."
        ),
    )
    home.add_child(instance=index)
    _publish(index)

    buyers = {
        key: Buyer.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "website": website,
                "buyer_profile_url": f"{website}marches-publics/",
            },
        )[0]
        for key, (name, kind, website) in BUYERS.items()
    }
    facilitators = {
        key: Facilitator.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "organisation": organisation,
                "phone": phone,
                "territory": territory,
            },
        )[0]
        for key, (name, organisation, email, phone, territory) in FACILITATORS.items()
    }
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    today = timezone.localdate()

    for number, spec in enumerate(OPPORTUNITIES, start=1):
        (
            title,
            buyer,
            facilitator,
            nature,
            procedure,
            cpv,
            (amount_min, amount_max),
            insee,
            publication,
            deadline,
            deadline_time,
            duration,
            outcome,
            summary,
            lots,
        ) = spec
        deadline_date = today + datetime.timedelta(days=deadline)
        page = OpportunityPage(
            title=title,
            slug=slugify(title)[:80],
            buyer=buyers[buyer],
            facilitator=facilitators[facilitator],
            reference=f"TR-{today.year}-{number:03d}",
            summary=summary,
            nature=nature,
            procedure=procedure,
            cpv_codes=cpv,
            amount_min=amount_min,
            amount_max=amount_max,
            place=_commune(insee),
            publication_date=today + datetime.timedelta(days=publication),
            deadline=deadline_date,
            deadline_time=deadline_time,
            execution_start=deadline_date + datetime.timedelta(days=75),
            duration_months=duration,
            documents_url=f"{BUYERS[buyer][2]}marches-publics/consultation-{number:03d}",
            outcome=outcome,
            search_description=summary,
        )
        for lot_number, spec_lot in enumerate(lots, start=1):
            lot = Lot(
                number=lot_number,
                sort_order=lot_number - 1,
                title=spec_lot["title"],
                clauses=spec_lot["clauses"],
                insertion_hours=spec_lot["hours"],
                estimated_amount=spec_lot["amount"],
                note=spec_lot["note"],
            )
            lot.sectors = [sectors[slug] for slug in spec_lot["sectors"] if slug in sectors]
            page.lots.add(lot)
        index.add_child(instance=page)
        _publish(page)

    return f"Opportunités : page de liste et {len(OPPORTUNITIES)} opportunités créées."
