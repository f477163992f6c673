"""Demo content of the "Engagements" section for the fictitious Métropole des Trois-Rivières:
the charter, two conventions (one co-funded by the ESF+) with their deliberations, a news
item about the co-funded convention and the form to join the charter.

Texts are modelled on real documents of the kind (a territorial charter for socially
responsible purchasing, a State–Métropole partnership convention, Bureau deliberations),
rewritten for the demo. Logos are simple PNG files drawn with Pillow at load time."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model

from commitments.funding import FundingProgramme
from commitments.models import (
    Assembly,
    CharterPage,
    CharterSignatory,
    CharterStatus,
    CommitmentsIndexPage,
    ConventionPage,
    ConventionParty,
    DeliberationPage,
    JoinCharterFormField,
    JoinCharterPage,
    SignatoryRole,
    VoteOutcome,
)
from home.models import ContentPage, HomePage

METROPOLE = "Métropole des Trois-Rivières"


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _article(number, title, body="", sub_articles=()):
    return {
        "type": "article",
        "value": {
            "number": number,
            "title": title,
            "body": body,
            "sub_articles": [{"number": n, "title": t, "body": b} for n, t, b in sub_articles],
        },
    }


def _logo(title, initials, colour, size=(360, 120)):
    """A plain PNG logo: the initials on a coloured band, uploaded to the image library."""
    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=size[1] // 3)
    draw.text((size[0] / 2, size[1] / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = get_image_model()(title=title)
    slug = "".join(c if c.isalnum() else "-" for c in initials.lower())
    image.file = ImageFile(buffer, name=f"logo-{slug}.png")
    image.save()
    return image


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


CHARTER_ARTICLES = [
    _article(
        "1",
        "Objet de la charte",
        _p(
            "La charte réunit les acheteurs publics du territoire et leurs partenaires de "
            "l'emploi, de l'insertion et du développement économique autour d'un même levier : "
            "faire de la commande publique un outil d'accès à l'emploi pour les personnes qui en "
            "sont éloignées.",
            "Elle s'applique aux marchés lancés par la Métropole et par les communes "
            "signataires, et fixe une façon commune de travailler pour que les entreprises, les "
            "structures d'insertion et les acheteurs trouvent partout les mêmes règles.",
        ),
    ),
    _article(
        "2",
        "Le territoire et ses besoins",
        _p(
            "Les Trois-Rivières comptent 410 000 habitants et un taux de chômage supérieur à la "
            "moyenne régionale dans cinq quartiers prioritaires. Les grands chantiers des dix "
            "prochaines années — tramway, rénovation urbaine, nouveau centre aquatique — "
            "ouvrent des milliers d'heures de travail dans le bâtiment, la propreté, les espaces "
            "verts et les services.",
        ),
    ),
    _article(
        "3",
        "Les engagements des acheteurs publics",
        _p("Les acheteurs signataires s'engagent à :"),
        [
            (
                "3-1",
                "Se fixer des objectifs et les rendre publics",
                _p(
                    "Chaque signataire publie chaque année la part de ses marchés comportant une "
                    "considération sociale et vise 30 % d'ici à 2026, conformément au plan national "
                    "pour des achats durables."
                ),
            ),
            (
                "3-2",
                "Examiner chaque achat",
                _p(
                    "Pour chaque projet d'achat, l'acheteur étudie, dès la définition du besoin, la "
                    "possibilité d'une clause d'insertion, d'un critère social, d'un lot réservé "
                    "ou d'un marché d'insertion. Une programmation des achats à venir est "
                    "transmise au facilitateur chaque semestre."
                ),
            ),
            (
                "3-3",
                "Travailler avec le facilitateur",
                _p(
                    "Les acheteurs associent le facilitateur des clauses sociales le plus en amont "
                    "possible : calibrage des heures, rédaction des clauses, analyse des offres."
                ),
            ),
            (
                "3-4",
                "Ouvrir les marchés à toutes les entreprises",
                _p("Les acheteurs développent :")
                + _ul(
                    "l'allotissement chaque fois qu'il est possible ;",
                    "des dossiers de consultation simplifiés ;",
                    "des lots réservés aux structures d'insertion et du handicap.",
                ),
            ),
            (
                "3-5",
                "Former les équipes",
                _p(
                    "Les services prescripteurs et acheteurs sont formés aux clauses sociales et à "
                    "leur suivi pendant l'exécution des marchés."
                ),
            ),
        ],
    ),
    _article(
        "4",
        "Les engagements du facilitateur",
        _p(
            "La Maison de l'emploi des Trois-Rivières porte la mission de facilitation. Elle "
            "s'engage à :"
        )
        + _ul(
            "repérer avec les acheteurs les achats qui se prêtent à l'insertion ;",
            "proposer la rédaction des clauses et le nombre d'heures adapté à chaque lot ;",
            "aider les entreprises attributaires à trouver les candidats, les structures "
            "d'insertion et les entreprises adaptées qui les accompagneront ;",
            "suivre l'exécution des clauses et en rendre compte chaque année ;",
            "informer les partenaires de l'emploi des recrutements à venir.",
        ),
    ),
    _article(
        "5",
        "Les engagements des partenaires",
        "",
        [
            (
                "5-1",
                "Les acteurs de l'emploi et de la formation",
                _p(
                    "France Travail, la Mission locale, Cap emploi et le PLIE repèrent et préparent "
                    "les candidats, les accompagnent pendant et après leur contrat, et participent "
                    "aux comités techniques."
                ),
            ),
            (
                "5-2",
                "Le réseau de l'insertion et du handicap",
                _p(
                    "Les structures d'insertion par l'activité économique, les entreprises "
                    "adaptées et les ESAT font connaître leurs savoir-faire, répondent ensemble "
                    "aux marchés quand il le faut et relaient les offres auprès de leurs "
                    "adhérents."
                ),
            ),
        ],
    ),
    _article(
        "6",
        "Durée et nouveaux signataires",
        _p(
            "La charte est conclue pour une durée indéterminée. Tout acheteur public ou privé, "
            "toute entreprise ou structure qui partage ses objectifs peut demander à la signer "
            "ou à rejoindre ses partenaires."
        ),
    ),
]

STATE_CONVENTION_ARTICLES = [
    _article(
        "1",
        "Objet de la convention",
        _p(
            "La convention définit les engagements de l'État et de la Métropole, structure "
            "porteuse de la mission de facilitation, pour introduire une dimension sociale dans "
            "les marchés des services de l'État passés sur le territoire des Trois-Rivières."
        ),
    ),
    _article(
        "2",
        "Engagements des parties",
        _p(
            "L'État informe le facilitateur de chaque projet de marché susceptible de comporter "
            "une clause sociale, dès les études préalables. Le facilitateur aide l'acheteur à "
            "définir sa stratégie d'insertion, assure le suivi opérationnel des clauses des "
            "marchés retenus ensemble et en mesure l'impact.",
            "L'intervention du facilitateur ne transfère pas les responsabilités du pouvoir "
            "adjudicateur.",
        ),
    ),
    _article(
        "3",
        "Confidentialité",
        _p(
            "Le facilitateur garde confidentielles les informations transmises par l'État et ne "
            "les utilise que pour l'exécution de la convention."
        ),
    ),
    _article(
        "4",
        "Durée",
        _p(
            "La convention prend effet le 1er janvier 2025 pour un an. Elle est reconduite "
            "tacitement chaque année. Chaque partie peut y mettre fin au moins trois mois avant "
            "la fin de la période en cours, ou à tout moment si l'autre partie manque à ses "
            "engagements."
        ),
    ),
    _article(
        "5",
        "Communication",
        _p(
            "La mission de facilitation est cofinancée par le Fonds social européen plus. Toute "
            "communication sur la convention mentionne ce soutien et porte l'emblème de l'Union "
            "européenne avec la mention « Cofinancé par l'Union européenne »."
        ),
    ),
]

DEVELOPER_CONVENTION_ARTICLES = [
    _article(
        "1",
        "Développer une dynamique locale pour une commande publique inclusive",
        _p(
            "Les parties capitalisent leurs expériences, harmonisent leurs pratiques pour "
            "mesurer l'effet des clauses sur les parcours d'insertion et font connaître le "
            "dispositif auprès des entreprises."
        ),
    ),
    _article(
        "2",
        "Engager les acheteurs de l'aménageur",
        _p(
            "L'établissement public d'aménagement intègre une dimension sociale dans ses marchés "
            "de travaux et de services chaque fois que leur objet le permet, et transmet sa "
            "programmation au facilitateur."
        ),
    ),
    _article(
        "3",
        "Développer l'emploi local",
        _p(
            "La Métropole confie au réseau des facilitateurs métropolitains la mise en œuvre "
            "opérationnelle des clauses : calibrage, mise en relation avec les candidats et les "
            "structures, suivi des heures réalisées."
        ),
    ),
]


def load():
    if CommitmentsIndexPage.objects.exists():
        return "Engagements : déjà présents."
    home = HomePage.objects.first()
    if home is None:
        return "Engagements : page d'accueil absente, rien à faire."

    index = _publish(
        home,
        CommitmentsIndexPage(
            title="Engagements",
            slug="engagements",
            show_in_menus=True,
            intro=_p(
                f"La {METROPOLE}, les communes et leurs partenaires s'engagent pour des achats "
                "publics qui créent de l'emploi : la charte du territoire, les conventions de "
                "partenariat et les délibérations qui les approuvent."
            ),
            search_description="Charte, conventions de partenariat et délibérations sur les clauses sociales.",
        ),
    )

    logos = {
        "metropole": _logo(f"Logo — {METROPOLE}", "MTR", "#1d4f91"),
        "etat": _logo("Logo — Préfecture de région", "ÉTAT", "#333333"),
        "maison-emploi": _logo("Logo — Maison de l'emploi", "MDE", "#18753c"),
        "rivebelle": _logo("Logo — Ville de Rivebelle", "RIVEBELLE", "#7a3e9d", size=(480, 120)),
        "saint-aubin": _logo("Logo — Ville de Saint-Aubin", "ST-AUBIN", "#b34700", size=(480, 120)),
        "epa": _logo("Logo — EPA Rives-Nouvelles", "EPA RN", "#005f73"),
        "siae": _logo("Logo — Réseau des SIAE", "SIAE", "#6b4e16", size=(240, 120)),
    }

    charter = CharterPage(
        title="Charte pour des achats socialement responsables",
        slug="charte",
        status=CharterStatus.IN_FORCE,
        adopted_on=datetime.date(2025, 3, 14),
        summary=(
            "Acheteurs publics, facilitateur et partenaires de l'emploi s'engagent à faire de la "
            "commande publique un levier d'insertion sur tout le territoire."
        ),
        preamble=_p(
            "Les collectivités des Trois-Rivières achètent chaque année pour plus de 600 millions "
            "d'euros de travaux, de fournitures et de services. Ces achats peuvent ouvrir des "
            "emplois à des personnes qui en sont éloignées : demandeurs d'emploi de longue durée, "
            "jeunes peu qualifiés, personnes en situation de handicap, habitants des quartiers "
            "prioritaires.",
            "Depuis 2012, les chantiers de rénovation urbaine ont montré ce que les clauses "
            "sociales permettent. La charte étend cette démarche à tous les acheteurs du "
            "territoire qui le souhaitent, et organise le travail commun avec le facilitateur et "
            "les acteurs de l'emploi.",
        ),
        articles=CHARTER_ARTICLES,
        steering=_p(
            "Le réseau des acheteurs, animé par la direction de la commande publique de la "
            "Métropole, suit la mise en œuvre de la charte.",
        )
        + _ul(
            "deux comités techniques par an réunissent acheteurs, facilitateur et partenaires ;",
            "une rencontre annuelle présente le bilan des clauses et les évolutions de la charte ;",
            "l'évaluation annuelle est l'occasion d'accueillir de nouveaux signataires.",
        ),
        partner_logo_height=56,
        search_description="La charte d'engagement du territoire pour des achats socialement responsables.",
    )
    signatories = [
        (METROPOLE, SignatoryRole.SIGNATORY, "le Président de la Métropole", logos["metropole"]),
        ("Ville de Rivebelle", SignatoryRole.SIGNATORY, "la Maire", logos["rivebelle"]),
        ("Ville de Saint-Aubin", SignatoryRole.SIGNATORY, "le Maire", logos["saint-aubin"]),
        (
            "Maison de l'emploi des Trois-Rivières",
            SignatoryRole.SIGNATORY,
            "la Présidente, structure porteuse de la mission de facilitation",
            logos["maison-emploi"],
        ),
        ("Réseau des SIAE des Trois-Rivières", SignatoryRole.PARTNER, "", logos["siae"]),
        ("France Travail — agence des Trois-Rivières", SignatoryRole.PARTNER, "", None),
        ("Mission locale des Trois-Rivières", SignatoryRole.PARTNER, "", None),
        ("Cap emploi", SignatoryRole.PARTNER, "", None),
        ("Trois-Rivières Habitat, office public de l'habitat", SignatoryRole.PARTNER, "", None),
        ("Club des entreprises du Val des Trois-Rivières", SignatoryRole.PARTNER, "", None),
    ]
    charter.signatories = [
        CharterSignatory(
            organisation=name,
            role=role,
            representative_title=title,
            logo=logo,
            signature_date=datetime.date(2025, 3, 14) if role == SignatoryRole.SIGNATORY else None,
        )
        for name, role, title, logo in signatories
    ]
    _publish(index, charter)

    state_convention = ConventionPage(
        title="Convention État – Métropole pour la clause sociale dans les marchés de l'État",
        slug="convention-etat-metropole",
        reference="CONV-2025-002",
        summary=(
            "La Métropole, facilitatrice des clauses sociales, accompagne les services de l'État "
            "pour introduire l'insertion dans leurs marchés. Mission cofinancée par le FSE+."
        ),
        object=_p(
            "Renforcer le partenariat entre les services de l'État et la Métropole, structure "
            "porteuse de la mission de facilitation, pour la mise en œuvre de clauses sociales "
            "d'insertion dans les marchés de l'État sur le territoire."
        ),
        articles=STATE_CONVENTION_ARTICLES,
        signature_date=datetime.date(2024, 12, 20),
        start_date=datetime.date(2025, 1, 1),
        duration_months=12,
        tacit_renewal=True,
        notice_period_months=3,
        financial_impact="Sans incidence financière pour les parties signataires.",
        funding_programme=FundingProgramme.FSE_PLUS_2021_2027,
        eu_operation_description=(
            "La mission « Facilitateur des clauses sociales » de la Métropole accompagne les "
            "acheteurs publics, dont les services de l'État, et les entreprises attributaires pour "
            "que leurs marchés ouvrent des heures de travail à des personnes éloignées de "
            "l'emploi."
        ),
        eu_operation_objectives=(
            "Accompagner 40 acheteurs publics et 150 entreprises ; permettre à 450 personnes de "
            "travailler grâce aux clauses sociales chaque année, dont un tiers de femmes."
        ),
        eu_operation_results=(
            "En 2025 : 182 000 heures d'insertion réalisées, 468 personnes en contrat, dont 41 % "
            "en emploi ou en formation six mois après la fin de leur mission."
        ),
        partner_logo_height=56,
        search_description="Convention de partenariat entre l'État et la Métropole, cofinancée par le FSE+.",
    )
    state_convention.parties = [
        ConventionParty(
            organisation="L'État",
            representative_title="le Préfet de la région",
            role="l'État",
            logo=logos["etat"],
        ),
        ConventionParty(
            organisation=METROPOLE,
            representative_title="le Vice-président délégué à l'emploi et à l'insertion",
            role="le facilitateur",
            logo=logos["metropole"],
        ),
    ]
    _publish(index, state_convention)

    developer_convention = ConventionPage(
        title="Convention avec l'EPA Rives-Nouvelles pour une commande publique inclusive",
        slug="convention-epa-rives-nouvelles",
        reference="CONV-2024-011",
        summary=(
            "L'aménageur public du quartier Rives-Nouvelles et la Métropole s'engagent à "
            "développer les clauses sociales dans les marchés de l'opération d'aménagement."
        ),
        object=_p(
            "Développer une commande publique vertueuse, orientée vers l'achat socialement et "
            "écologiquement responsable, dans les marchés de l'établissement public "
            "d'aménagement, avec l'appui des facilitateurs de la Métropole."
        ),
        articles=DEVELOPER_CONVENTION_ARTICLES,
        signature_date=datetime.date(2024, 4, 2),
        start_date=datetime.date(2024, 4, 15),
        duration_months=36,
        tacit_renewal=True,
        max_renewals=1,
        notice_period_months=6,
        financial_impact="Sans incidence financière.",
        partner_logo_height=56,
        search_description="Convention de partenariat entre la Métropole et l'EPA Rives-Nouvelles.",
    )
    developer_convention.parties = [
        ConventionParty(
            organisation="Établissement public d'aménagement Rives-Nouvelles",
            representative_title="la Directrice générale",
            role="l'aménageur",
            logo=logos["epa"],
        ),
        ConventionParty(
            organisation=METROPOLE,
            representative_title="le Président de la Métropole",
            role="la Métropole",
            logo=logos["metropole"],
        ),
    ]
    _publish(index, developer_convention)

    legal_references = "\n".join(
        [
            "Le Code général des collectivités territoriales ;",
            "La loi n° 2014-58 du 27 janvier 2014 de modernisation de l'action publique "
            "territoriale et d'affirmation des métropoles ;",
            "Le Code de la commande publique, notamment ses articles L2112-2 et L2152-7 ;",
            "La délibération du Conseil de la Métropole du 9 juillet 2020 portant délégation de "
            "compétences du Conseil au Bureau.",
        ]
    )
    deliberations = [
        DeliberationPage(
            title="Approbation d'une convention de partenariat avec l'État pour la clause sociale",
            slug="deliberation-ecor-014-20871-24-bm",
            authority=METROPOLE,
            assembly=Assembly.BUREAU,
            session_date=datetime.date(2024, 12, 12),
            number="ECOR-014-20871/24/BM",
            report=_p(
                "La Métropole porte depuis 2016 la mission de facilitation des clauses sociales. "
                "Les services de l'État souhaitent s'appuyer sur elle pour leurs marchés passés "
                "sur le territoire. La convention proposée, sans incidence financière, précise "
                "les engagements de chacun."
            ),
            legal_references=legal_references,
            decision=_p(
                "Article 1 : est approuvée la convention de partenariat avec l'État ci-annexée.",
                "Article 2 : le Président, ou son représentant, est autorisé à la signer.",
            ),
            vote_outcome=VoteOutcome.UNANIMOUS,
            votes_for=48,
            votes_against=0,
            abstentions=0,
            received_by_prefecture_on=datetime.date(2024, 12, 17),
            search_description="Délibération du Bureau approuvant la convention avec l'État.",
        ),
        DeliberationPage(
            title="Approbation d'une convention de partenariat avec l'EPA Rives-Nouvelles",
            slug="deliberation-ecor-003-18342-24-bm",
            authority=METROPOLE,
            assembly=Assembly.BUREAU,
            session_date=datetime.date(2024, 3, 14),
            number="ECOR-003-18342/24/BM",
            report=_p(
                "La Métropole et l'établissement public d'aménagement Rives-Nouvelles souhaitent "
                "conventionner pour développer une commande publique inclusive autour de trois "
                "axes : une dynamique locale, l'engagement des acheteurs, l'emploi local."
            ),
            legal_references=legal_references,
            decision=_p(
                "Article 1 : est approuvée la convention entre la Métropole et l'EPA "
                "Rives-Nouvelles ci-annexée.",
                "Article 2 : le Président, ou son représentant, est autorisé à la signer.",
            ),
            vote_outcome=VoteOutcome.MAJORITY,
            votes_for=44,
            votes_against=2,
            abstentions=3,
            received_by_prefecture_on=datetime.date(2024, 3, 20),
            search_description="Délibération du Bureau approuvant la convention avec l'EPA Rives-Nouvelles.",
        ),
    ]
    deliberations[0].approved_conventions = [state_convention]
    deliberations[1].approved_conventions = [developer_convention]
    for deliberation in deliberations:
        _publish(index, deliberation)

    join = JoinCharterPage(
        title="Demander à signer la charte",
        slug="signer-la-charte",
        charter=charter,
        intro=_p(
            "Acheteur public, entreprise, structure d'insertion ou du handicap, acteur de "
            "l'emploi : dites-nous qui vous êtes, l'équipe de facilitation vous recontacte pour "
            "préparer votre signature ou votre participation comme partenaire."
        ),
        thank_you_text=_p(
            "Merci ! Votre demande a été transmise à l'équipe de facilitation des clauses "
            "sociales, qui vous répondra sous deux semaines."
        ),
        subject="Nouvelle demande d'adhésion à la charte",
        search_description="Formulaire pour demander à signer la charte ou à devenir partenaire.",
    )
    fields = [
        ("Organisation", "singleline", True, "", ""),
        (
            "Type d'organisation",
            "dropdown",
            True,
            "Acheteur public\nEntreprise\nStructure d'insertion (SIAE)\n"
            "Entreprise adaptée ou ESAT\nActeur de l'emploi\nAutre",
            "",
        ),
        ("Rôle souhaité", "radio", True, "Signataire\nPartenaire", ""),
        ("Nom et prénom", "singleline", True, "", ""),
        ("Fonction", "singleline", False, "", ""),
        ("Adresse électronique", "email", True, "", "Nous vous répondons à cette adresse."),
        ("Téléphone", "singleline", False, "", ""),
        ("Votre message", "multiline", False, "", "Vos projets d'achats, vos questions."),
        (
            "J'accepte que ces informations soient utilisées pour traiter ma demande",
            "checkbox",
            True,
            "",
            "Voir la page « Données personnelles » : conservation un an.",
        ),
    ]
    join.form_fields = [
        JoinCharterFormField(
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
            help_text=help_text,
        )
        for label, field_type, required, choices, help_text in fields
    ]
    _publish(index, join)

    news = ContentPage(
        title="Clauses sociales : la facilitation cofinancée par le FSE+ dresse son bilan 2025",
        slug="bilan-2025-facilitation-clauses-sociales",
        intro=(
            "182 000 heures d'insertion en 2025 : la mission de facilitation, cofinancée par "
            "l'Union européenne, présente ses résultats aux signataires de la charte."
        ),
        body=[
            {"type": "heading", "value": {"text": "Une année de chantiers", "level": "h2"}},
            {
                "type": "paragraph",
                "value": _p(
                    "Tramway, rénovation des écoles, entretien des espaces verts : 96 marchés "
                    "ont comporté une clause d'insertion en 2025, passés par la Métropole, les "
                    "communes signataires de la charte et les services de l'État.",
                    "468 personnes ont travaillé grâce à ces clauses, le plus souvent dans le "
                    "bâtiment et la propreté urbaine, avec l'appui des structures d'insertion du "
                    "territoire.",
                ),
            },
        ],
        related_convention=state_convention,
        search_description="Le bilan 2025 de la mission de facilitation des clauses sociales.",
    )
    _publish(home, news)
    return (
        "Engagements : charte, 2 conventions (dont une cofinancée par le FSE+), "
        "2 délibérations, formulaire d'adhésion et une actualité créés."
    )
