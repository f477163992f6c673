"""CPV codes (Common Procurement Vocabulary, Regulation (EC) 213/2008): format, check digit
and French labels for a shipped subset of codes common in contracts with social clauses.

A CPV code is written ``NNNNNNNN-N``: eight digits then a check digit. The check digit of the
vast majority of the nomenclature is the weighted sum of the eight digits with the weights
3, 7, 1, 3, 7, 1, 3, 7, modulo 10 (``cpv_check_digit``). A few official codes do not follow
it (for example 51000000-9 or 72600000-6, created or moved by the 2008 revision), so the rule
is only enforced strictly for the codes shipped in ``CPV_LABELS``, whose digits are known; for
other codes the format is checked and the code is kept as typed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_PATTERN = re.compile(r"^(\d{8})-(\d)$")
# Accepts what editors paste: "45000000-7", "45000000 - 7", "450000007".
_LOOSE_PATTERN = re.compile(r"^(\d{8})-?(\d)$")
_DASH = re.compile(r"\s*[-‐‑–]\s*")
_SEPARATORS = re.compile(r"[\s,;]+")
_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)

CPV_LABELS = {
    # Building works
    "45000000-7": "Travaux de construction",
    "45100000-8": "Travaux de préparation de chantier",
    "45111100-9": "Travaux de démolition",
    "45112700-2": "Travaux d'aménagement paysager",
    "45200000-9": "Travaux de construction complète ou partielle et travaux de génie civil",
    "45210000-2": "Travaux de construction de bâtiments",
    "45214200-2": "Travaux de construction de bâtiments scolaires",
    "45233000-9": "Travaux de construction, de fondation et de surface pour routes",
    "45233140-2": "Travaux routiers",
    "45262700-8": "Travaux de transformation de bâtiments",
    "45300000-0": "Travaux d'équipement du bâtiment",
    "45310000-3": "Travaux d'équipement électrique",
    "45330000-9": "Travaux de plomberie",
    "45400000-1": "Travaux de parachèvement de bâtiment",
    "45410000-4": "Travaux de plâtrerie",
    "45420000-7": "Travaux de menuiserie et de charpenterie",
    "45430000-0": "Travaux de revêtement de sols et de murs",
    "45440000-3": "Travaux de peinture et de vitrerie",
    "45442100-8": "Travaux de peinture",
    "45450000-6": "Autres travaux de parachèvement de bâtiment",
    "45453000-7": "Travaux de remise en état et de remise à neuf",
    "45454000-4": "Travaux de restructuration",
    "71000000-8": "Services d'architecture, de construction, d'ingénierie et d'inspection",
    # Green spaces
    "77000000-0": "Services agricoles, sylvicoles, horticoles, aquacoles et apicoles",
    "77300000-3": "Services horticoles",
    "77310000-6": "Services de plantation et d'entretien d'espaces verts",
    "77311000-3": "Services d'entretien des jardins ornementaux ou d'agrément",
    "77313000-7": "Services d'entretien des parcs",
    "77314000-4": "Services d'entretien de terrains",
    "77340000-5": "Élagage des arbres et taille des haies",
    # Cleaning, waste, environment
    "90000000-7": "Services relatifs aux eaux usées, aux déchets, au nettoyage et à l'environnement",
    "90500000-2": "Services liés aux déchets et aux ordures",
    "90511000-2": "Services de collecte des ordures",
    "90514000-3": "Services de recyclage des ordures",
    "90600000-3": "Services de nettoyage et d'hygiénisation en zones urbaines ou rurales",
    "90610000-6": "Services de nettoyage et de balayage des rues",
    "90700000-4": "Services environnementaux",
    "90910000-9": "Services de nettoyage",
    "90911000-6": "Services de nettoyage de logements, de bâtiments et de vitres",
    "90911200-8": "Services de nettoyage de bâtiments",
    "90911300-9": "Services de nettoyage de vitres",
    "90919200-4": "Services de nettoyage de bureaux",
    "90919300-5": "Services de nettoyage d'écoles",
    # Catering
    "15000000-8": "Produits alimentaires, boissons, tabac et produits connexes",
    "55000000-0": "Services d'hôtellerie, de restauration et de commerce au détail",
    "55300000-3": "Services de restaurant et de service de repas",
    "55321000-6": "Services de préparation de repas",
    "55500000-5": "Services de cantine et services traiteur",
    "55512000-2": "Services de gestion de cantine",
    "55520000-1": "Services de traiteur",
    "55521200-0": "Services de livraison de repas",
    "55523100-3": "Services de restauration scolaire",
    "55524000-9": "Services de traiteur pour écoles",
    # IT
    "30000000-9": "Machines, matériel et fournitures informatiques et de bureau",
    "30200000-1": "Matériel et fournitures informatiques",
    "30213000-5": "Ordinateurs personnels",
    "48000000-8": "Logiciels et systèmes d'information",
    "50312000-5": "Entretien et réparation de matériel informatique",
    "72000000-5": "Services de technologies de l'information, conseil, développement de logiciels",
    "72200000-7": "Services de programmation de logiciels et de conseil en logiciels",
    "72253000-3": "Services d'assistance et de soutien informatique",
    "72500000-0": "Services informatiques",
    # Business services, staffing, security, printing
    "79000000-4": "Services aux entreprises : droit, marketing, conseil, recrutement, impression et sécurité",
    "79500000-9": "Services d'aide aux activités de bureau",
    "79510000-2": "Services de réponse téléphonique",
    "79620000-6": "Services de mise à disposition de personnel, y compris personnel temporaire",
    "79621000-3": "Services de mise à disposition de personnel de bureau",
    "79710000-4": "Services de sécurité",
    "79713000-5": "Services de gardiennage",
    "79810000-5": "Services d'impression",
    "79820000-8": "Services liés à l'impression",
    "79990000-0": "Services divers aux entreprises",
    "79999100-4": "Services de numérisation",
    "22000000-0": "Imprimés et produits connexes",
    # Social, training, health
    "80000000-4": "Services d'enseignement et de formation",
    "80500000-9": "Services de formation",
    "80530000-8": "Services de formation professionnelle",
    "85000000-9": "Services de santé et services sociaux",
    "85300000-2": "Services d'action sociale et services connexes",
    "85312000-9": "Services d'action sociale sans hébergement",
    "85312300-2": "Services de conseil et d'orientation",
    "98310000-9": "Services de lavage et de nettoyage à sec",
    "98341130-5": "Services de conciergerie",
    "98392000-7": "Services de déménagement",
    "98390000-3": "Autres services",
    # Supplies, maintenance, transport
    "03000000-1": "Produits agricoles, de l'élevage, de la pêche et de la sylviculture",
    "09000000-3": "Produits pétroliers, combustibles, électricité et autres sources d'énergie",
    "18000000-9": "Vêtements, articles chaussants, bagages et accessoires",
    "18100000-0": "Vêtements professionnels, vêtements de travail spéciaux et accessoires",
    "18110000-3": "Vêtements professionnels",
    "33000000-0": "Matériels médicaux, pharmaceutiques et produits de soins personnels",
    "34000000-7": "Équipements de transport et produits auxiliaires pour le transport",
    "39000000-2": "Meubles, aménagements, appareils électroménagers et produits de nettoyage",
    "44000000-0": "Structures et matériaux de construction ; produits auxiliaires pour la construction",
    "50000000-5": "Services de réparation et d'entretien",
    "50700000-2": "Services de réparation et d'entretien d'installations de bâtiments",
    "50800000-3": "Services de réparation et d'entretien divers",
    "60000000-8": "Services de transport (à l'exclusion du transport des déchets)",
    "60112000-6": "Services de transport routier public",
    "60130000-8": "Services spécialisés de transport routier de passagers",
    "63100000-0": "Services de manutention et d'entreposage des cargaisons",
    "64110000-0": "Services postaux",
    "92000000-1": "Services récréatifs, culturels et sportifs",
}
_LABELS_BY_ROOT = {code[:8]: code for code in CPV_LABELS}


def cpv_check_digit(digits):
    """The usual CPV check digit of eight digits (weights 3,7,1,3,7,1,3,7, modulo 10)."""
    if len(digits) != 8 or not digits.isdigit():
        raise ValueError("eight digits expected")
    return sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS, strict=True)) % 10


def normalise_cpv(value):
    """Return the canonical ``NNNNNNNN-N`` form of one code, or raise ValidationError."""
    text = _DASH.sub("-", str(value).strip())
    match = _LOOSE_PATTERN.match(text)
    if not match:
        raise ValidationError(
            _(
                "« %(code)s » n'est pas un code CPV : il s'écrit avec 8 chiffres, un tiret et un "
                "chiffre de contrôle, par exemple 45000000-7."
            ),
            code="cpv_format",
            params={"code": text[:40]},
        )
    digits, check = match.groups()
    known = _LABELS_BY_ROOT.get(digits)
    if known is not None and known != f"{digits}-{check}":
        raise ValidationError(
            _(
                "Le chiffre de contrôle du code CPV %(code)s est faux : ce code s'écrit %(known)s "
                "(%(label)s)."
            ),
            code="cpv_check_digit",
            params={"code": f"{digits}-{check}", "known": known, "label": CPV_LABELS[known]},
        )
    return f"{digits}-{check}"


def parse_cpv_list(value):
    """Split a list of codes typed by an editor (commas, semicolons, spaces or new lines),
    normalise each one and drop duplicates. Raises one ValidationError listing every
    wrong code."""
    text = (value or "").strip()
    if not text:
        return []
    codes, errors = [], []
    for chunk in _SEPARATORS.split(_DASH.sub("-", text)):
        if not chunk:
            continue
        try:
            code = normalise_cpv(chunk)
        except ValidationError as error:
            errors.extend(error.error_list)
            continue
        if code not in codes:
            codes.append(code)
    if errors:
        raise ValidationError(errors)
    return codes


def validate_cpv_list(value):
    parse_cpv_list(value)


def cpv_label(code):
    """The French label of a code when the portal knows it, otherwise ``""``."""
    return CPV_LABELS.get(code, "")
