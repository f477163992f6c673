"""A small, realistic portal built with factories for the browser journeys.

Home page (hero image, entry points), the legal pages of the footer, the site map, a guide
in the main menu that uses every block of the shared library, a sub-page, the portal's
settings (operator logo, partner logos). Features add their own pages under ``home``."""

import datetime
from dataclasses import dataclass, field

import wagtail_factories
from django.core.cache import cache
from wagtail.models import Collection, Page, Site

from home.factories import (
    ContentPageFactory,
    HomeEntryPointFactory,
    HomePageFactory,
    SitemapPageFactory,
)
from portal.models import PartnerLogo, PortalSettings

REVIEWED = datetime.date(2026, 11, 2)


@dataclass
class PortalSite:
    site: Site
    home: Page
    guide: Page
    guide_child: Page
    sitemap: Page
    legal: dict = field(default_factory=dict)  # slug -> page
    extra: dict = field(default_factory=dict)  # name -> page or path, added by features

    def add(self, name, page_or_path):
        """Register a feature's page (or a path such as "/annuaire/") under ``name``."""
        self.extra[name] = page_or_path
        return page_or_path

    def urls(self):
        """Name -> path of every page of the built site, for parametrised checks."""
        urls = {"accueil": "/", "guide": self.guide.url, "sous-page": self.guide_child.url}
        urls.update({slug: page.url for slug, page in self.legal.items()})
        urls["plan-du-site"] = self.sitemap.url
        for name, target in self.extra.items():
            urls[name] = target if isinstance(target, str) else target.url
        return urls


def image(title, **kwargs):
    return wagtail_factories.ImageFactory(
        title=title, collection=Collection.get_first_root_node(), **kwargs
    )


def document(title, filename):
    return wagtail_factories.DocumentFactory(
        title=title,
        collection=Collection.get_first_root_node(),
        file__filename=filename,
        file__data=b"Contenu du document de test.\n" * 40,
    )


def every_block_body():
    """A StreamField value using each block of ``portal.blocks.BaseStreamBlock`` once at least."""
    photo = image("Chantier d'insertion", file__width=800, file__height=500, file__color="teal")
    guide_pdf = document("Guide des clauses sociales", "guide-clauses-sociales.pdf")
    annex = document("Modèle de clause", "modele-clause.odt")
    return [
        {"type": "heading", "value": {"text": "Qu'est-ce qu'une clause sociale ?", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Une clause sociale réserve une part des heures d'un marché public à des "
                "personnes éloignées de l'emploi (article L. 2112-2 du code de la commande "
                'publique). <a href="/mentions-legales/">En savoir plus</a>.</p>'
                "<ul><li>clause d'insertion</li><li>marché réservé</li></ul>"
            ),
        },
        {"type": "heading", "value": {"text": "Un exemple sur le terrain", "level": "h3"}},
        {
            "type": "image",
            "value": {
                "image": photo.pk,
                "alt_text": "Deux salariés en insertion posent une clôture en bois.",
                "caption": "Chantier d'insertion du parc des Berges, 2026.",
            },
        },
        {
            "type": "quote",
            "value": {
                "quote": "La clause sociale nous a permis d'embaucher trois personnes.",
                "author": "Camille Martin",
                "role": "dirigeante d'une entreprise de travaux publics",
            },
        },
        {
            "type": "table",
            "value": {
                "caption": "Heures d'insertion par année",
                "table": {
                    "data": [
                        ["Année", "Marchés", "Heures"],
                        ["2025", "42", "31 500"],
                        ["2026", "57", "44 200"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                },
            },
        },
        {
            "type": "accordion",
            "value": {
                "heading": "Questions fréquentes",
                "items": [
                    {
                        "question": "Qui peut bénéficier d'une clause sociale ?",
                        "answer": "<p>Les demandeurs d'emploi de longue durée, entre autres.</p>",
                    },
                    {
                        "question": "Qui contrôle les heures réalisées ?",
                        "answer": "<p>Le facilitateur des clauses sociales du territoire.</p>",
                    },
                ],
            },
        },
        {
            "type": "documents",
            "value": {
                "heading": "Documents à télécharger",
                "documents": [
                    {"document": guide_pdf.pk, "title": ""},
                    {"document": annex.pk, "title": "Modèle de clause d'insertion"},
                ],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Votre structure n'est pas encore dans l'annuaire ?",
                "text": "L'inscription est gratuite.",
                "label": "Inscrire ma structure",
                "page": None,
                "external_url": "https://example.org/annuaire/",
            },
        },
    ]


LEGAL_PAGES = {
    "accessibilite": (
        "Déclaration d'accessibilité",
        "La Métropole s'engage à rendre ce portail accessible.",
        [
            {"type": "heading", "value": {"text": "État de conformité", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Le portail est <b>partiellement conforme</b> au RGAA 4.1.</p>",
            },
            {"type": "heading", "value": {"text": "Voies de recours", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Écrivez au Défenseur des droits ou à "
                    '<a href="mailto:accessibilite@example.org">accessibilite@example.org</a>.</p>'
                ),
            },
        ],
    ),
    "mentions-legales": (
        "Mentions légales",
        "Qui publie ce portail et où il est hébergé.",
        [
            {"type": "heading", "value": {"text": "Éditeur", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Métropole des Trois-Rivières.</p>"},
            {"type": "heading", "value": {"text": "Hébergement", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Centre de données de la Métropole.</p>"},
        ],
    ),
    "donnees-personnelles": (
        "Données personnelles",
        "Ce que nous collectons, pourquoi et comment exercer vos droits.",
        [
            {"type": "heading", "value": {"text": "Durées de conservation", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<ul><li>Inscription non confirmée : 7 jours.</li>"
                "<li>Messages de contact : 1 an.</li></ul>",
            },
        ],
    ),
    "gestion-des-cookies": (
        "Gestion des cookies",
        "Ce portail ne dépose aucun cookie de mesure d'audience.",
        [{"type": "paragraph", "value": "<p>Seuls des cookies techniques sont déposés.</p>"}],
    ),
}


def build_portal_site():
    """Replace the page tree with the small portal described above and return its pages."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    cache.clear()  # site root paths and settings cached by a previous test

    home = HomePageFactory(
        parent=root,
        hero_image=image("Bandeau", file__width=1120, file__height=720, file__color="navy"),
    )
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Portail"
    )

    guide = ContentPageFactory(
        parent=home,
        title="Guide des clauses sociales",
        slug="guide",
        intro="Comprendre et appliquer les clauses sociales dans les marchés publics.",
        body=every_block_body(),
        show_in_menus=True,
        last_reviewed=REVIEWED,
    )
    guide_child = ContentPageFactory(
        parent=guide, title="Les marchés réservés", slug="marches-reserves", show_in_menus=True
    )
    legal = {}
    for slug, (title, intro, body) in LEGAL_PAGES.items():
        legal[slug] = ContentPageFactory(
            parent=home, title=title, slug=slug, intro=intro, body=body, last_reviewed=REVIEWED
        )
    sitemap = SitemapPageFactory(parent=home, intro="<p>Toutes les pages publiées du portail.</p>")

    for audience, title, target, label in [
        ("Entreprises", "Répondre à un marché", guide_child, "Voir les marchés réservés"),
        ("Acheteurs", "Rédiger une clause", guide, "Lire le guide"),
        ("Structures", "Se faire connaître", sitemap, "Parcourir le portail"),
    ]:
        HomeEntryPointFactory(
            home=home, audience=audience, title=title, page=target, link_label=label
        )

    portal_settings = PortalSettings.for_site(site)
    portal_settings.portal_name = "Portail des achats inclusifs"
    portal_settings.tagline = "Clauses sociales et achats responsables en Trois-Rivières"
    portal_settings.operator_name = "Métropole des Trois-Rivières"
    portal_settings.operator_url = "https://example.org/"
    portal_settings.contact_email = "clauses-sociales@example.org"
    portal_settings.operator_logo = image("Logo de la Métropole", file__width=200, file__height=80)
    portal_settings.save()
    for index, name in enumerate(["Fonds social européen", "Maison de l'emploi"]):
        PartnerLogo.objects.create(
            settings=portal_settings,
            sort_order=index,
            name=name,
            logo=image(f"Logo {name}", file__width=160, file__height=64),
            url="https://example.org/partenaire/",
        )
    return PortalSite(
        site=site, home=home, guide=guide, guide_child=guide_child, sitemap=sitemap, legal=legal
    )
