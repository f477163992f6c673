"""Demo content of the site's own sections: news and events, key figures, contact page and
the home page's sections; then, as the very last demo step, the links from the home page to
the sections other apps create (opportunities, directory, charter)."""

import datetime

from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from home.contact.defaults import DEFAULT_FORM_FIELDS
from home.models import (
    ContactFormField,
    ContactPage,
    EventPage,
    HomeEntryPoint,
    HomePage,
    KeyFiguresPage,
    NewsIndexPage,
    NewsPage,
)


def _p(html):
    return {"type": "paragraph", "value": html}


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _quote(text, author, role):
    return {"type": "quote", "value": {"quote": text, "author": author, "role": role}}


NEWS = [
    {
        "slug": "clause-sociale-obligatoire-au-dessus-des-seuils-europeens",
        "title": "Clause sociale obligatoire au-dessus des seuils européens : ce qui change",
        "days_ago": 3,
        "tags": ["Réglementation", "Acheteurs"],
        "intro": (
            "Depuis août 2026, les marchés dont le montant dépasse les seuils européens doivent "
            "comporter une condition d'exécution sociale ou environnementale. Les facilitateurs "
            "vous aident à la calibrer."
        ),
        "body": [
            _p(
                "<p>L'article L2112-2-1 du code de la commande publique rend obligatoire, au-delà "
                "des seuils européens, une condition d'exécution prenant en compte des "
                "considérations relatives au domaine social ou à l'emploi. Pour les acheteurs du "
                "territoire, la clause d'insertion reste l'outil le plus simple à mettre en "
                "œuvre : l'entreprise titulaire réserve un nombre d'heures de travail à des "
                "personnes éloignées de l'emploi.</p>"
            ),
            _h("Comment calibrer les heures ?"),
            _p(
                "<p>Le nombre d'heures dépend du montant estimé, de la part de main-d'œuvre du "
                "métier et d'un taux d'effort d'insertion, ramenés au coût horaire chargé. Chaque "
                "paramètre se discute avec le facilitateur : il n'existe pas de valeur unique.</p>"
            ),
            _h("Qui contacter ?"),
            _p(
                "<p>L'équipe des facilitateurs de la Métropole relit vos pièces de marché, "
                "propose une rédaction de clause et accompagne ensuite l'entreprise attributaire "
                "pendant l'exécution.</p>"
            ),
        ],
    },
    {
        "slug": "bilan-2025-des-clauses-sociales",
        "title": "Bilan 2025 : 152 000 heures d'insertion réalisées sur le territoire",
        "days_ago": 12,
        "tags": ["Bilan", "Clauses sociales"],
        "intro": (
            "Trente-quatre acheteurs, cent douze entreprises et plus de trois cents personnes : "
            "le bilan annuel des clauses sociales a été présenté au comité de pilotage."
        ),
        "body": [
            _p(
                "<p>En 2025, les clauses sociales des marchés publics du territoire ont permis "
                "de réaliser 152 000 heures de travail au bénéfice de personnes éloignées de "
                "l'emploi, soit l'équivalent de 95 emplois à temps plein. Le bâtiment et les "
                "travaux publics représentent encore les deux tiers des heures, mais la "
                "propreté, les espaces verts et la restauration progressent.</p>"
            ),
            _quote(
                "Une personne sur deux est toujours en emploi six mois après la fin de sa "
                "mission : la clause est un tremplin, pas une parenthèse.",
                "Nadia Benali",
                "Facilitatrice, Maison de l'emploi des Trois-Rivières",
            ),
            _p(
                "<p>Le bilan détaillé, marché par marché, est disponible auprès de l'équipe "
                "des facilitateurs.</p>"
            ),
        ],
    },
    {
        "slug": "la-charte-des-achats-responsables-a-un-an",
        "title": "La charte des achats responsables fête sa première année",
        "days_ago": 21,
        "tags": ["Charte", "Acheteurs"],
        "intro": (
            "Vingt signataires, deux comités techniques et une rencontre annuelle : retour sur "
            "la première année de la charte d'engagement du territoire."
        ),
        "body": [
            _p(
                "<p>Signée par la Métropole, ses communes membres, deux bailleurs sociaux et "
                "l'université, la charte engage chaque acheteur à étudier systématiquement "
                "l'insertion d'une clause sociale dans ses marchés et à publier ses besoins le "
                "plus tôt possible.</p>"
            ),
            _p(
                "<p>Les signataires se sont réunis deux fois en comité technique pour partager "
                "leurs programmations d'achats. Toute collectivité ou tout établissement public "
                "du territoire peut rejoindre la charte.</p>"
            ),
        ],
    },
    {
        "slug": "marches-reserves-guide-pour-les-acheteurs",
        "title": "Marchés réservés : un guide pratique pour les acheteurs",
        "days_ago": 33,
        "tags": ["Marchés réservés", "SIAE", "Handicap"],
        "intro": (
            "Réserver un marché ou un lot aux structures d'insertion ou aux entreprises "
            "adaptées : quand, comment, et avec quelles structures du territoire."
        ),
        "body": [
            _p(
                "<p>Le code de la commande publique permet de réserver des marchés aux "
                "entreprises adaptées et aux ESAT (article L2113-12) ou aux structures "
                "d'insertion par l'activité économique (article L2113-13). Le guide présente "
                "les familles d'achats qui s'y prêtent — nettoyage, espaces verts, "
                "blanchisserie, second œuvre — et les questions à se poser avant de "
                "publier.</p>"
            ),
            _p(
                "<p>Avant de réserver un lot, vérifiez dans l'annuaire qu'au moins deux "
                "structures peuvent y répondre : c'est la meilleure garantie d'une "
                "concurrence réelle.</p>"
            ),
        ],
    },
    {
        "slug": "vingt-nouvelles-structures-dans-l-annuaire",
        "title": "Vingt nouvelles structures inscrites dans l'annuaire",
        "days_ago": 47,
        "tags": ["Annuaire", "SIAE"],
        "intro": (
            "Ateliers et chantiers d'insertion, entreprises de travail temporaire d'insertion, "
            "ESAT : l'annuaire compte désormais plus de cent structures vérifiées."
        ),
        "body": [
            _p(
                "<p>Chaque fiche est vérifiée par l'équipe avant publication : numéro SIRET, "
                "type de structure, secteurs d'activité et zone d'intervention. Les structures "
                "tiennent ensuite leur fiche à jour elles-mêmes.</p>"
            ),
        ],
    },
    {
        "slug": "lot-nettoyage-reserve-aux-entreprises-adaptees",
        "title": "Nettoyage des équipements sportifs : un lot réservé attribué à une entreprise adaptée",
        "days_ago": 64,
        "tags": ["Marchés réservés", "Handicap"],
        "intro": (
            "Pour la première fois, la Métropole a réservé un lot de son marché de nettoyage aux "
            "entreprises adaptées et aux ESAT. Douze personnes en situation de handicap y "
            "travaillent depuis septembre."
        ),
        "body": [
            _p(
                "<p>Le lot couvre l'entretien de quatre gymnases et d'une piscine. Trois offres "
                "ont été reçues, toutes de structures du territoire. L'entreprise adaptée "
                "retenue a recruté quatre personnes pour l'occasion.</p>"
            ),
        ],
    },
]

EVENTS = [
    {
        "slug": "rencontre-acheteurs-siae-du-btp",
        "title": "Rencontre acheteurs–SIAE du bâtiment et des travaux publics",
        "days_ago": 6,
        "starts_in_days": 10,
        "start": (9, 0),
        "end": (12, 30),
        "place": "Cité des entreprises, salle Confluence",
        "address": "12 quai du Port\n00000 Trois-Rivières",
        "is_online": False,
        "registration_url": "https://example.org/rencontre-btp",
        "tags": ["Rencontres", "BTP", "SIAE"],
        "intro": (
            "Acheteurs publics, entreprises du BTP et structures d'insertion : une matinée de "
            "rendez-vous de quinze minutes pour préparer les chantiers de 2027."
        ),
        "body": [
            _p(
                "<p>Les grands chantiers de 2027 (groupe scolaire des Tanneries, rénovation du "
                "quartier de la Gare) comporteront des clauses d'insertion. Venez rencontrer "
                "les structures qui peuvent vous accompagner : mises à disposition, "
                "sous-traitance, co-traitance.</p>"
            ),
            _h("Programme"),
            _p(
                "<ul><li>9 h : accueil et présentation des chantiers à venir ;</li>"
                "<li>9 h 45 : rendez-vous acheteurs–entreprises–SIAE ;</li>"
                "<li>12 h : témoignages et clôture.</li></ul>"
            ),
        ],
    },
    {
        "slug": "repondre-a-un-marche-avec-clause-d-insertion",
        "title": "Réunion d'information : répondre à un marché avec clause d'insertion",
        "days_ago": 2,
        "starts_in_days": 24,
        "start": (14, 0),
        "end": (16, 0),
        "place": "En ligne (visioconférence)",
        "address": "",
        "is_online": True,
        "registration_url": "https://example.org/reunion-clause-insertion",
        "tags": ["Rencontres", "Entreprises"],
        "intro": (
            "Deux heures pour comprendre ce qu'on attend de vous quand un marché comporte une "
            "clause d'insertion, et comment les facilitateurs vous aident à la réaliser."
        ),
        "body": [
            _p(
                "<p>Destinée aux entreprises, en particulier aux PME qui répondent pour la "
                "première fois : lecture d'une clause, modalités de réalisation (embauche "
                "directe, mise à disposition par une ETTI ou une AI, sous-traitance à une "
                "SIAE), suivi et justificatifs.</p>"
            ),
        ],
    },
]

CHARTS = [
    ("opportunities.by_month", "Les opportunités publiées chaque mois", ""),
    (
        "opportunities.by_clause_type",
        "Les opportunités par type de clause",
        "Une opportunité peut comporter plusieurs clauses.",
    ),
    (
        "opportunities.insertion_hours_by_contract_nature",
        "Les heures d'insertion prévues par nature de marché",
        "Heures prévues dans les opportunités publiées ces douze derniers mois.",
    ),
    ("directory.structures_by_kind", "Les structures de l'annuaire par type", ""),
    ("directory.structures_by_region", "Les structures de l'annuaire par région", ""),
]

HOME_FIGURES = [
    ("opportunities.open_count", "opportunités ouvertes"),
    ("opportunities.open_insertion_hours", "heures d'insertion dans les opportunités ouvertes"),
    ("directory.structures_by_family", "structures inclusives dans l'annuaire"),
    ("commitments.charter_signatories", "signataires de la charte"),
]


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _at(day, hour_minute):
    hour, minute = hour_minute
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _news(index, today):
    for spec in NEWS:
        page = NewsPage(
            title=spec["title"],
            slug=spec["slug"],
            date=today - datetime.timedelta(days=spec["days_ago"]),
            intro=spec["intro"],
            body=spec["body"],
        )
        page.tags.add(*spec["tags"])
        _publish(index, page)
    for spec in EVENTS:
        day = today + datetime.timedelta(days=spec["starts_in_days"])
        page = EventPage(
            title=spec["title"],
            slug=spec["slug"],
            date=today - datetime.timedelta(days=spec["days_ago"]),
            start=_at(day, spec["start"]),
            end=_at(day, spec["end"]),
            place=spec["place"],
            address=spec["address"],
            is_online=spec["is_online"],
            registration_url=spec["registration_url"],
            intro=spec["intro"],
            body=spec["body"],
        )
        page.tags.add(*spec["tags"])
        _publish(index, page)


def load():
    home = HomePage.objects.first()
    if home is None:
        return "Actualités, chiffres clés et contact : pas de page d'accueil."
    if NewsIndexPage.objects.exists():
        return "Actualités, chiffres clés et contact : déjà présents."
    today = timezone.localdate()

    index = _publish(
        home,
        NewsIndexPage(
            title="Actualités",
            slug="actualites",
            show_in_menus=True,
            intro=(
                "Les nouvelles des clauses sociales et des achats inclusifs sur le territoire, "
                "et les prochains rendez-vous entre acheteurs, entreprises et structures."
            ),
            feed_description="Actualités et rendez-vous des achats inclusifs en Trois-Rivières.",
        ),
    )
    _news(index, today)

    _publish(
        home,
        KeyFiguresPage(
            title="Chiffres clés",
            slug="chiffres-cles",
            show_in_menus=True,
            intro=(
                "Les opportunités publiées, les heures d'insertion prévues et les structures "
                "de l'annuaire, calculées chaque jour à partir des données du portail."
            ),
            charts=[
                {
                    "type": "chart",
                    "value": {"figure": key, "heading": heading, "description": description},
                }
                for key, heading, description in CHARTS
            ],
            body=[
                _h("Méthode et sources"),
                _p(
                    "<p>Les chiffres sont calculés à partir des opportunités et des fiches "
                    "publiées sur le portail : ils ne comptent ni les brouillons ni les fiches "
                    "en attente de vérification. Les heures d'insertion sont celles prévues "
                    "par les acheteurs au moment de la publication ; les heures réalisées "
                    "figurent dans le bilan annuel des facilitateurs.</p>"
                ),
            ],
        ),
    )

    contact = ContactPage(
        title="Contact",
        slug="contact",
        show_in_menus=True,
        intro=(
            "Une question sur une clause sociale, un marché réservé ou l'annuaire ? Les "
            "facilitateurs des clauses sociales vous répondent sous deux jours ouvrés."
        ),
        subject="Portail des achats inclusifs : nouveau message",
        data_protection_text=(
            "<p>Les informations saisies sont utilisées par la Métropole des Trois-Rivières "
            "pour répondre à votre demande (mission d'intérêt public) et conservées un an. Vous "
            "pouvez y accéder, les rectifier ou demander leur effacement : voir la page "
            '<a href="/donnees-personnelles/">Données personnelles</a>.</p>'
        ),
        thank_you_text=(
            "<p>Merci, votre message a bien été envoyé. Un facilitateur des clauses sociales "
            "vous répond sous deux jours ouvrés.</p>"
        ),
    )
    for spec in DEFAULT_FORM_FIELDS:
        contact.form_fields.add(ContactFormField(**spec))
    _publish(home, contact)

    home.key_figures = [
        {"type": "figure", "value": {"figure": key, "label": label}} for key, label in HOME_FIGURES
    ]
    home.opportunities_text = (
        "Les marchés publics du territoire qui comportent une clause sociale, par date limite "
        "de réponse."
    )
    home.signatories_text = (
        "Collectivités, bailleurs sociaux et établissements publics signataires de la charte "
        "des achats responsables."
    )
    home.save_revision().publish()

    rules = NewsPage.objects.get(slug=NEWS[0]["slug"])
    query = Query.get("clause sociale")
    SearchPromotion.objects.get_or_create(
        query=query,
        page=rules,
        defaults={
            "description": "Ce qui change depuis août 2026 pour les marchés au-dessus des seuils.",
            "sort_order": 0,
        },
    )
    return (
        f"Actualités ({len(NEWS)} articles, {len(EVENTS)} événements), chiffres clés, contact "
        "et rubriques de l'accueil créés."
    )


# Last demo step ---------------------------------------------------------------------------

ENTRY_POINTS = [
    {
        "audience": "Entreprises",
        "title": "Répondre aux marchés avec clause sociale",
        "text": (
            "Les marchés publics à venir, leurs lots et leurs heures d'insertion, et les "
            "structures qui peuvent vous aider à les réaliser."
        ),
        "targets": [("opportunites", "Voir les opportunités")],
    },
    {
        "audience": "Structures d'insertion et du handicap",
        "title": "Rejoindre l'annuaire, trouver des marchés",
        "text": (
            "Inscrivez votre structure pour être trouvée par les acheteurs et les entreprises, "
            "et repérez les marchés réservés."
        ),
        "targets": [("annuaire", "Découvrir l'annuaire")],
    },
    {
        "audience": "Acheteurs et facilitateurs",
        "title": "S'engager et se faire accompagner",
        "text": (
            "La charte des achats responsables, les conventions de partenariat et l'appui des "
            "facilitateurs pour rédiger vos clauses."
        ),
        "targets": [
            ("charte", "Découvrir la charte"),
            ("engagements", "Découvrir nos engagements"),
            ("contact", "Contacter un facilitateur"),
        ],
    },
]
# Pages created by this module: listed after the other sections in the main menu.
OWN_MENU_SLUGS = ["actualites", "chiffres-cles", "contact"]


def _find(home, slug):
    return Page.objects.descendant_of(home).live().filter(slug=slug).order_by("depth").first()


def link_home_entry_points():
    """Point the home page at the sections of the other apps, by slug, skipping the missing
    ones. Idempotent; runs last so that every other demo step has created its pages."""
    home = HomePage.objects.first()
    if home is None:
        return ""
    changed = []
    entries = list(home.entry_points.all())
    existing = {entry.audience: entry for entry in entries}
    for spec in ENTRY_POINTS:
        target = next(
            ((page, label) for slug, label in spec["targets"] if (page := _find(home, slug))),
            None,
        )
        entry = existing.get(spec["audience"])
        if target is None or (entry is not None and entry.page_id == target[0].pk):
            continue
        page, label = target
        if entry is None:
            entry = HomeEntryPoint(
                audience=spec["audience"], title=spec["title"], text=spec["text"]
            )
            entries.append(entry)
        entry.page, entry.link_label = page, label
        changed.append(spec["audience"])
    for field, slugs in [
        ("opportunities_page", ["opportunites"]),
        ("signatories_page", ["charte", "engagements"]),
    ]:
        page = next((p for slug in slugs if (p := _find(home, slug))), None)
        if page is not None and getattr(home, f"{field}_id") != page.pk:
            setattr(home, field, page)
            changed.append(str(home._meta.get_field(field).verbose_name))
    if changed:
        home.entry_points = entries  # the in-memory children are what the revision stores
        home.save_revision().publish()
    _own_pages_last_in_menu(home)
    if not changed:
        return "Entrées de l'accueil : à jour."
    return f"Entrées de l'accueil reliées ({', '.join(changed)})."


def _own_pages_last_in_menu(home):
    """The other sections (opportunities, directory, commitments) come first in the menu."""
    menu = list(home.get_children().in_menu().order_by("path"))
    own = [page for page in menu if page.slug in OWN_MENU_SLUGS]
    others = [page for page in menu if page.slug not in OWN_MENU_SLUGS]
    if own and others and menu[-len(own) :] != own:
        for page in own:
            page.move(home, pos="last-child")
