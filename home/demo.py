"""Demo content for the home page and the site-wide pages (legal pages, site map)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from home.models import ContentPage, HomePage, SitemapPage
from portal.models import PortalSettings

OPERATOR = "Métropole des Trois-Rivières"


def _p(html):
    return {"type": "paragraph", "value": html}


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


LEGAL_PAGES = [
    {
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "intro": (
            f"La {OPERATOR} s'engage à rendre ce portail accessible conformément à "
            "l'article 47 de la loi n° 2005-102 du 11 février 2005."
        ),
        "body": [
            _p(
                "<p>Cette déclaration d'accessibilité s'applique au Portail des achats inclusifs "
                "de la Métropole des Trois-Rivières.</p>"
            ),
            _h("État de conformité"),
            _p(
                "<p>Le portail est <b>partiellement conforme</b> avec le référentiel général "
                "d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités "
                "énumérées ci-dessous.</p>"
            ),
            _h("Contenus non accessibles"),
            _p(
                "<ul><li>Certains documents PDF anciens (délibérations scannées) ne sont pas balisés ; "
                "une version texte est disponible sur demande.</li>"
                "<li>Les cartes des résultats de l'annuaire sont doublées d'une liste, mais ne sont pas "
                "entièrement navigables au clavier.</li></ul>"
            ),
            _h("Établissement de cette déclaration"),
            _p(
                "<p>Cette déclaration a été établie le 2 novembre 2026. Technologies utilisées : HTML5, "
                "CSS, SVG. Outils : axe-core 4.10, lecteurs d'écran NVDA 2025 et VoiceOver, navigation "
                "au clavier. Pages contrôlées : accueil, liste des opportunités, une opportunité, "
                "recherche dans l'annuaire, une fiche structure, formulaire d'inscription, charte, "
                "une convention, recherche, contact, mentions légales, plan du site.</p>"
            ),
            _h("Retour d'information et contact"),
            _p(
                "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez à "
                '<a href="mailto:accessibilite@example.org">accessibilite@example.org</a> : nous vous '
                "répondrons et vous proposerons une autre façon d'y accéder.</p>"
            ),
            _h("Voies de recours"),
            _p(
                "<p>Si, après nous avoir signalé un défaut d'accessibilité, vous n'avez pas obtenu de "
                "réponse satisfaisante, vous pouvez écrire au Défenseur des droits, contacter son "
                "délégué dans votre région, ou lui écrire gratuitement, sans affranchissement : "
                "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
            ),
        ],
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Qui publie ce portail, qui en est responsable et où il est hébergé.",
        "body": [
            _h("Éditeur"),
            _p(
                f"<p>{OPERATOR}, établissement public de coopération intercommunale, "
                "1 place de l'Hôtel de la Métropole, 00000 Trois-Rivières. "
                "Téléphone : 01 00 00 00 00.</p>"
            ),
            _h("Directeur de la publication"),
            _p("<p>Le Président de la Métropole des Trois-Rivières.</p>"),
            _h("Hébergement"),
            _p(
                "<p>Le portail est hébergé en France par le service informatique de la Métropole, "
                "dans un centre de données situé sur le territoire métropolitain.</p>"
            ),
            _h("Propriété intellectuelle et réutilisation"),
            _p(
                "<p>Les textes de ce portail sont publiés sous Licence Ouverte 2.0 : vous pouvez les "
                "réutiliser en citant la source. Les logos restent la propriété de leurs détenteurs. "
                "Les données de l'annuaire sont réutilisables pour les seuls champs publics.</p>"
            ),
            _h("Logiciel"),
            _p(
                "<p>Le portail est un logiciel libre construit avec Django et Wagtail ; son code "
                "source est publié sous licence EUPL 1.2.</p>"
            ),
        ],
    },
    {
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "intro": "Ce que nous collectons, pourquoi, combien de temps, et comment exercer vos droits.",
        "body": [
            _h("Responsable du traitement"),
            _p(
                f"<p>{OPERATOR}, représentée par son Président. Délégué à la protection des données : "
                '<a href="mailto:dpo@example.org">dpo@example.org</a>.</p>'
            ),
            _h("Données collectées et finalités"),
            _p(
                "<ul><li><b>Annuaire des structures</b> : nom, fonction, adresse électronique et "
                "téléphone de la personne à contacter, pour publier la fiche de la structure et "
                "permettre aux acheteurs et aux entreprises de la joindre. Base légale : "
                "consentement (article 6-1-a du RGPD).</li>"
                "<li><b>Alertes sur les opportunités</b> : adresse électronique, pour vous envoyer les "
                "nouvelles opportunités correspondant à votre recherche. Base légale : "
                "consentement.</li>"
                "<li><b>Formulaires de contact et d'adhésion à la charte</b> : nom, organisation, "
                "adresse électronique et message, pour vous répondre. Base légale : mission "
                "d'intérêt public (article 6-1-e).</li></ul>"
            ),
            _h("Durées de conservation"),
            _p(
                "<ul><li>Demande d'inscription non confirmée : 7 jours.</li>"
                "<li>Demande d'inscription refusée : 30 jours.</li>"
                "<li>Fiche publiée : tant que la structure souhaite y figurer.</li>"
                "<li>Abonnement aux alertes : jusqu'au désabonnement, par le lien présent dans chaque "
                "message.</li><li>Messages de contact : 1 an.</li></ul>"
            ),
            _h("Destinataires"),
            _p(
                "<p>Les agents habilités de la Métropole et les facilitateurs des clauses sociales. "
                "Aucune donnée n'est vendue ni transmise à des tiers à des fins commerciales.</p>"
            ),
            _h("Vos droits"),
            _p(
                "<p>Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation et "
                "d'opposition, ainsi que du droit de retirer votre consentement à tout moment. "
                'Écrivez à <a href="mailto:dpo@example.org">dpo@example.org</a>. Si vous estimez '
                "que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la "
                "CNIL (www.cnil.fr).</p>"
            ),
        ],
    },
    {
        "slug": "gestion-des-cookies",
        "title": "Gestion des cookies",
        "intro": "Ce portail ne dépose aucun cookie de mesure d'audience ni de publicité.",
        "body": [
            _p(
                "<p>Seuls des cookies techniques, strictement nécessaires, peuvent être déposés : "
                "le jeton de sécurité des formulaires (csrftoken) et, pour les agents connectés à "
                "l'administration, le cookie de session. Ils sont exemptés de consentement "
                "(article 82 de la loi Informatique et Libertés) : aucun bandeau ne vous est donc "
                "demandé.</p>"
            ),
            _p(
                "<p>Aucun service tiers (police de caractères, carte, vidéo, statistiques) n'est "
                "chargé depuis un autre site.</p>"
            ),
        ],
    },
]


def _home_page():
    return HomePage.objects.first()


def load():
    home = _home_page()
    if home is not None:
        return "Accueil et pages du site : déjà présents."

    root = Page.get_first_root_node()
    # Wagtail's initial "Welcome" page is replaced by the portal's home page.
    for child in root.get_children():
        if child.specific_class is Page:
            child.delete()
    home = HomePage(
        title="Accueil",
        slug="accueil",
        hero_title="Les marchés publics au service de l'emploi",
        hero_text=(
            "Entreprises, structures d'insertion et du handicap, acheteurs publics : trouvez ici les "
            "marchés à venir qui comportent des clauses sociales, les structures qui peuvent vous "
            "aider à les réaliser et les engagements du territoire."
        ),
        seo_title=f"Portail des achats inclusifs — {OPERATOR}",
        search_description=(
            "Marchés publics à clauses sociales, annuaire des SIAE et du secteur du handicap, "
            "charte et conventions de la Métropole des Trois-Rivières."
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, hostname="localhost", port=80)
    # Absolute links (feeds, emails, canonical URLs) point at the address the portal is served on.
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = base.hostname or "localhost"
    site.port = base.port or (443 if base.scheme == "https" else 80)
    site.root_page = home
    site.site_name = "Portail des achats inclusifs"
    site.save()

    for spec in LEGAL_PAGES:
        page = ContentPage(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            body=spec["body"],
            last_reviewed=datetime.date(2026, 11, 2),
            search_description=spec["intro"],
        )
        home.add_child(instance=page)
        page.save_revision().publish()

    sitemap = SitemapPage(
        title="Plan du site",
        slug="plan-du-site",
        intro="<p>Toutes les pages publiées du portail.</p>",
    )
    home.add_child(instance=sitemap)
    sitemap.save_revision().publish()

    portal_settings = PortalSettings.for_site(site)
    portal_settings.portal_name = "Portail des achats inclusifs"
    portal_settings.tagline = "Clauses sociales et achats responsables en Trois-Rivières"
    portal_settings.operator_name = OPERATOR
    portal_settings.operator_url = "https://example.org/"
    portal_settings.contact_email = "clauses-sociales@example.org"
    portal_settings.save()
    return "Accueil, pages légales et plan du site créés."
