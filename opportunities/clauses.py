"""The social clauses of the Code de la commande publique a lot can carry, what each one
asks of the company, and which directory structures can help meet it.

Values are the ones used in URLs (``?clause=insertion``), so they stay short and stable.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClauseType(models.TextChoices):
    INSERTION = "insertion", _("Clause d'insertion (L2112-2)")
    SOCIAL_CRITERION = "critere-social", _("Critère d'attribution social (L2152-7)")
    RESERVED_DISABILITY = "reserve-handicap", _("Marché réservé handicap (L2113-12)")
    RESERVED_SIAE = "reserve-siae", _("Marché réservé SIAE (L2113-13)")
    RESERVED_ESS = "reserve-ess", _("Marché réservé ESS (L2113-15)")
    INSERTION_QUALIFICATION = (
        "insertion-qualification",
        _("Marché d'insertion et de qualification (R2123-1 3°)"),
    )


CLAUSE_SHORT_LABELS = {
    ClauseType.INSERTION: _("Clause d'insertion"),
    ClauseType.SOCIAL_CRITERION: _("Critère social"),
    ClauseType.RESERVED_DISABILITY: _("Réservé handicap"),
    ClauseType.RESERVED_SIAE: _("Réservé SIAE"),
    ClauseType.RESERVED_ESS: _("Réservé ESS"),
    ClauseType.INSERTION_QUALIFICATION: _("Insertion et qualification"),
}

CLAUSE_ARTICLES = {
    ClauseType.INSERTION: "L2112-2",
    ClauseType.SOCIAL_CRITERION: "L2152-7",
    ClauseType.RESERVED_DISABILITY: "L2113-12",
    ClauseType.RESERVED_SIAE: "L2113-13",
    ClauseType.RESERVED_ESS: "L2113-15",
    ClauseType.INSERTION_QUALIFICATION: "R2123-1 3°",
}

# What the company will have to do, in plain French.
CLAUSE_EXPLANATIONS = {
    ClauseType.INSERTION: _(
        "L'entreprise retenue devra faire travailler des personnes éloignées de l'emploi "
        "(demandeurs d'emploi de longue durée, bénéficiaires du RSA, jeunes peu qualifiés, "
        "personnes handicapées…) pendant le nombre d'heures indiqué. Elle peut les embaucher "
        "directement, passer par une entreprise de travail temporaire d'insertion, une "
        "association intermédiaire ou un GEIQ, ou sous-traiter une partie du travail à une "
        "structure d'insertion ou du handicap. Le facilitateur l'aide à trouver les personnes "
        "et vérifie les heures réalisées."
    ),
    ClauseType.SOCIAL_CRITERION: _(
        "Une partie de la note de l'offre porte sur l'insertion : l'entreprise doit décrire "
        "concrètement ce qu'elle propose (nombre d'heures, encadrement, formation, partenariat "
        "avec une structure d'insertion). Une offre précise et chiffrée est mieux notée."
    ),
    ClauseType.RESERVED_DISABILITY: _(
        "Seules les entreprises adaptées, les ESAT et les structures équivalentes employant au "
        "moins 50 % de travailleurs handicapés peuvent répondre. Une entreprise classique peut "
        "s'associer à l'une d'elles ou la proposer en sous-traitance, sans être candidate "
        "elle-même."
    ),
    ClauseType.RESERVED_SIAE: _(
        "Seules les structures d'insertion par l'activité économique (entreprises d'insertion, "
        "ateliers et chantiers d'insertion, associations intermédiaires, ETTI, EITI) et les "
        "structures équivalentes employant au moins 50 % de travailleurs défavorisés peuvent "
        "répondre, seules ou en groupement."
    ),
    ClauseType.RESERVED_ESS: _(
        "Ce marché de services de santé, sociaux ou culturels est réservé aux entreprises de "
        "l'économie sociale et solidaire qui remplissent les conditions de l'article L2113-15 "
        "(mission de service public, bénéfices réinvestis, gouvernance participative)."
    ),
    ClauseType.INSERTION_QUALIFICATION: _(
        "La prestation achetée est elle-même un parcours d'insertion et de qualification : le "
        "titulaire accompagne des personnes éloignées de l'emploi à travers le support "
        "d'activité décrit (chantier, atelier), avec encadrement technique, accompagnement "
        "social et formation."
    ),
}

RESERVED_CLAUSES = (
    ClauseType.RESERVED_DISABILITY,
    ClauseType.RESERVED_SIAE,
    ClauseType.RESERVED_ESS,
)


class Reservation(models.TextChoices):
    """Values of the ``reserve`` filter: reserved or not, and for whom."""

    ANY = "oui", _("Marché réservé (tous)")
    NONE = "non", _("Non réservé")
    DISABILITY = "handicap", _("Réservé au secteur du handicap")
    SIAE = "siae", _("Réservé aux SIAE")
    ESS = "ess", _("Réservé à l'ESS")


# Directory structure kinds that can help, per clause (see DOMAIN.md). Kinds are the
# ``directory.StructureKind`` values.
SIAE_KINDS = ("ACI", "AI", "EI", "ETTI", "EITI")
DISABILITY_KINDS = ("EA", "EATT", "ESAT")
TEMPORARY_PROVISION_KINDS = ("ETTI", "AI", "GEIQ")
SUBCONTRACTING_KINDS = ("EI", "ACI", "EA", "ESAT")


class HelpRole(models.TextChoices):
    """How a structure helps with a lot: it bids itself, provides staff, or subcontracts."""

    CANDIDATE = "candidate", _("Peut répondre à ce lot réservé")
    TEMPORARY = "mise-a-disposition", _("Mise à disposition de personnel (intérim d'insertion)")
    SUBCONTRACTING = "sous-traitance", _("Sous-traitance ou co-traitance")
    QUALIFICATION = "qualification", _("Porte des parcours d'insertion et de qualification")


def helper_roles_by_kind(clauses):
    """Map each structure kind that can help a lot with these clauses to its role.

    A reservation decides who may bid, so a reserved lot only points to structures that
    can be candidates; otherwise insertion hours (or an insertion criterion) point to
    temporary provision and subcontracting partners."""
    clauses = set(clauses)
    roles = {}
    if ClauseType.RESERVED_SIAE in clauses:
        roles.update(dict.fromkeys(SIAE_KINDS, HelpRole.CANDIDATE))
    if ClauseType.RESERVED_DISABILITY in clauses:
        roles.update(dict.fromkeys(DISABILITY_KINDS, HelpRole.CANDIDATE))
    if roles:
        return roles
    if ClauseType.INSERTION_QUALIFICATION in clauses:
        roles.update(dict.fromkeys((*SIAE_KINDS, "GEIQ"), HelpRole.QUALIFICATION))
    if clauses & {ClauseType.INSERTION, ClauseType.SOCIAL_CRITERION}:
        roles.update(dict.fromkeys(SUBCONTRACTING_KINDS, HelpRole.SUBCONTRACTING))
        roles.update(dict.fromkeys(TEMPORARY_PROVISION_KINDS, HelpRole.TEMPORARY))
    return roles
