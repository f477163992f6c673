"""The EU funding visibility rules, as plain functions.

They are used by the publish-time validation (``mixins.EUVisibilityPublicationMixin`` and
``forms.EUVisibilityPageForm``), by the ``audit_eu_visibility`` command and by the template
component (``templates/commitments/includes/eu_block.html``), so that the three always agree.

Sources: Regulation (EU) 2021/1060, art. 47, 50 and annex IX (2021–2027); Regulation (EU)
821/2014 and French practice (2014–2020). How logo sizes are enforced:

* the EU emblem is always drawn ``EMBLEM_HEIGHT_PX`` high (CSS ``.eu-block__emblem``);
* every other logo on a page is rendered inside a box of known height: the portal's header
  and footer logos (``SITE_LOGO_*`` below mirror ``templates/includes/header.html`` and
  ``footer.html``), the "L'Europe s'engage en France" logo, and the partner logos of charter
  and convention pages, whose box height is chosen per page (``PartnerLogoHeight``);
* the rendered height of each logo is computed exactly as Wagtail's ``max-WxH`` filter
  resizes it (never enlarged), and must not exceed the emblem's height.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from commitments.funding import PROGRAMMES, EUFunding

EMBLEM_HEIGHT_PX = 64
EMBLEM_WIDTH_PX = 96  # ratio 3:2
EMBLEM_ALT = gettext_lazy("Emblème de l'Union européenne")
STATEMENT_2021_2027 = "Cofinancé par l'Union européenne"
STATEMENT_2014_2020 = "Union européenne"
EUROPE_COMMITS_LOGO_NAME = "L'Europe s'engage en France"

# Typefaces allowed for the statement (annex IX of Regulation 2021/1060), and colours.
ALLOWED_FONTS = (
    "arial",
    "auto",
    "calibri",
    "garamond",
    "trebuchet",
    "trebuchet ms",
    "tahoma",
    "verdana",
    "ubuntu",
)
GENERIC_FONT_FAMILIES = ("sans-serif", "serif")
ALLOWED_COLOURS = ("#003399", "#000000", "#000", "#ffffff", "#fff", "black", "white")

# Logo boxes of the site-wide templates (width, height), kept in step with the templates;
# tests render a page with both and compare.
SITE_LOGO_HEADER_HEIGHT = 56  # header.html: {% image ... height-56 %}, CSS height: 56px
SITE_LOGO_FOOTER_BOX = (160, 64)  # footer.html: {% image ... max-160x64 %}
EUROPE_COMMITS_LOGO_BOX = (192, 64)  # eu_block.html, 2014–2020 logo
PARTNER_LOGO_WIDTH_RATIO = 3

RULE_DESCRIPTION = "description"
RULE_EUROPE_COMMITS_LOGO = "logo-europe-s-engage"
RULE_EMBLEM_SIZE = "taille-embleme"

RULE_LABELS = {
    RULE_DESCRIPTION: gettext_lazy("Description de l'opération, de ses objectifs et résultats"),
    RULE_EUROPE_COMMITS_LOGO: gettext_lazy(
        "Logo « L'Europe s'engage en France » (programmation 2014–2020)"
    ),
    RULE_EMBLEM_SIZE: gettext_lazy("Emblème au moins aussi haut que le plus grand logo"),
}


@dataclass(frozen=True)
class DisplayedLogo:
    label: str
    height: int
    place: str


@dataclass(frozen=True)
class RuleResult:
    code: str
    label: str
    ok: bool
    message: str = ""
    applicable: bool = True


@dataclass
class PageAudit:
    page: object
    funding: EUFunding
    results: list = field(default_factory=list)

    @property
    def compliant(self):
        return all(result.ok for result in self.results)


def fitted_size(width, height, max_width, max_height):
    """Size of an image after Wagtail's ``max-{max_width}x{max_height}`` filter."""
    if not width or not height:
        return (0, 0)
    if width <= max_width and height <= max_height:
        return (width, height)
    horizontal, vertical = max_width / width, max_height / height
    if horizontal < vertical:
        return (max_width, max(int(height * horizontal), 1))
    return (max(int(width * vertical), 1), max_height)


def partner_logo_filter_spec(box_height):
    return f"max-{box_height * PARTNER_LOGO_WIDTH_RATIO}x{box_height}"


def europe_commits_logo_filter_spec():
    return "max-{}x{}".format(*EUROPE_COMMITS_LOGO_BOX)


# --- Where the data comes from ------------------------------------------------------------


def eu_settings_for_site(site):
    settings_model = apps.get_model("commitments", "EUVisibilitySettings")
    return settings_model.for_site(site) if site is not None else None


def site_for_page(page, parent=None):
    site = page.get_site() if page.pk and page.path else None
    if site is None and parent is not None:
        site = parent.get_site()
    return site or Site.objects.filter(is_default_site=True).first()


def site_funding(site):
    """The co-funding declared for the site as a whole (shown on its home page)."""
    eu_settings = eu_settings_for_site(site)
    if eu_settings is None or eu_settings.site_funding_programme not in PROGRAMMES:
        return None
    return eu_settings.get_site_funding()


def page_funding(page, site=None):
    """The co-funding a page must show: its own (conventions), its related convention's,
    or the site's for the site's home page. ``site``, when known, saves a query."""
    getter = getattr(page, "get_eu_funding", None)
    funding = getter() if getter is not None else None
    if funding is None and page.pk and page.depth == 2:
        is_root = page.pk == site.root_page_id if site is not None else page.is_site_root()
        if is_root:
            funding = site_funding(site or site_for_page(page))
    if funding is not None and funding.is_cofunded:
        return funding
    return None


def site_logos(site):
    """Logos the site's header and footer show on every page."""
    from portal.models import PortalSettings

    if site is None:
        return []
    portal = PortalSettings.for_site(site)
    logos = []
    if portal.operator_logo_id:
        logos.append(
            DisplayedLogo(
                label=portal.operator_name or _("logo de l'exploitant"),
                height=SITE_LOGO_HEADER_HEIGHT,
                place=_("en-tête"),
            )
        )
    for partner in portal.partner_logos.select_related("logo"):
        _width, height = fitted_size(partner.logo.width, partner.logo.height, *SITE_LOGO_FOOTER_BOX)
        logos.append(DisplayedLogo(label=partner.name, height=height, place=_("pied de page")))
    return logos


def page_partner_logos(page, items=None):
    """Partner logos the page itself shows (charter signatories, convention parties)."""
    box_height = getattr(page, "partner_logo_height", None)
    if not box_height:
        return []
    if items is None:
        items = page.partner_logo_items()
    logos = []
    for name, image in items:
        _width, height = fitted_size(
            image.width, image.height, box_height * PARTNER_LOGO_WIDTH_RATIO, box_height
        )
        logos.append(DisplayedLogo(label=name, height=height, place=_("page")))
    return logos


def eu_block_logos(funding, eu_settings):
    """The "L'Europe s'engage en France" logo shown in the 2014–2020 block."""
    if funding is None or not funding.is_2014_2020 or eu_settings is None:
        return []
    image = eu_settings.europe_commits_logo
    if image is None:
        return []
    _width, height = fitted_size(image.width, image.height, *EUROPE_COMMITS_LOGO_BOX)
    return [DisplayedLogo(label=EUROPE_COMMITS_LOGO_NAME, height=height, place=_("bloc européen"))]


# --- The rules ------------------------------------------------------------------------------


def check_description(funding):
    missing = funding.missing_description_parts()
    if not missing:
        return RuleResult(RULE_DESCRIPTION, str(RULE_LABELS[RULE_DESCRIPTION]), True)
    source = funding.source
    where = (
        _("dans la convention « %(title)s »") % {"title": source.title}
        if source is not None and getattr(source, "title", None)
        else _("dans les réglages « Visibilité du soutien européen »")
    )
    message = _(
        "Règle « description de l'opération » : une page sur une opération cofinancée par "
        "l'Union européenne doit présenter l'opération, ses objectifs et ses résultats. "
        "À compléter %(where)s : %(missing)s."
    ) % {"where": where, "missing": ", ".join(str(part) for part in missing)}
    return RuleResult(RULE_DESCRIPTION, str(RULE_LABELS[RULE_DESCRIPTION]), False, message)


def check_europe_commits_logo(funding, eu_settings):
    label = str(RULE_LABELS[RULE_EUROPE_COMMITS_LOGO])
    if not funding.is_2014_2020:
        return RuleResult(RULE_EUROPE_COMMITS_LOGO, label, True, applicable=False)
    if eu_settings is not None and eu_settings.europe_commits_logo_id:
        return RuleResult(RULE_EUROPE_COMMITS_LOGO, label, True)
    message = _(
        "Règle « logo L'Europe s'engage en France » : un cofinancement de la programmation "
        "2014–2020 doit être signalé avec le logo « L'Europe s'engage en France ». Téléversez-le "
        "dans Paramètres › Visibilité du soutien européen avant de publier."
    )
    return RuleResult(RULE_EUROPE_COMMITS_LOGO, label, False, message)


def check_emblem_size(logos, emblem_height=EMBLEM_HEIGHT_PX):
    label = str(RULE_LABELS[RULE_EMBLEM_SIZE])
    too_high = [logo for logo in logos if logo.height > emblem_height]
    if not too_high:
        return RuleResult(RULE_EMBLEM_SIZE, label, True)
    details = ", ".join(
        _("« %(label)s » (%(place)s, %(height)s px)")
        % {"label": logo.label, "place": logo.place, "height": logo.height}
        for logo in sorted(too_high, key=lambda logo: -logo.height)
    )
    message = _(
        "Règle « taille de l'emblème » : l'emblème de l'Union européenne (%(emblem)s px de haut) "
        "doit être au moins aussi haut que le plus grand des autres logos de la page. Trop "
        "grand : %(details)s. Choisissez une taille d'affichage des logos de %(emblem)s px au "
        "plus."
    ) % {"emblem": emblem_height, "details": details}
    return RuleResult(RULE_EMBLEM_SIZE, label, False, message)


def evaluate(funding, *, eu_settings, logos):
    """Results of every data rule for a page showing ``funding`` and ``logos``."""
    if funding is None or not funding.is_cofunded:
        return []
    return [
        check_description(funding),
        check_europe_commits_logo(funding, eu_settings),
        check_emblem_size(logos),
    ]


def page_rule_results(page, *, site=None, partner_logo_items=None, funding=None):
    site = site or site_for_page(page)
    funding = funding if funding is not None else page_funding(page, site)
    if funding is None:
        return []
    eu_settings = eu_settings_for_site(site)
    logos = [
        *site_logos(site),
        *page_partner_logos(page, partner_logo_items),
        *eu_block_logos(funding, eu_settings),
    ]
    return evaluate(funding, eu_settings=eu_settings, logos=logos)


def publication_errors(page, *, site=None, partner_logo_items=None, funding=None):
    """French messages, one per broken rule; empty when the page may be published."""
    results = page_rule_results(
        page, site=site, partner_logo_items=partner_logo_items, funding=funding
    )
    return [result.message for result in results if not result.ok]


# --- Which pages are concerned --------------------------------------------------------------


def related_convention_models():
    from commitments.mixins import RelatedConventionMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, RelatedConventionMixin) and not model._meta.abstract
    ]


def live_pages_about_cofunded_conventions():
    """Every live page about a co-funded convention: the conventions themselves, the pages
    related to one, and the home pages of sites that declare a co-funding."""
    from home.models import HomePage

    convention_model = apps.get_model("commitments", "ConventionPage")
    cofunded = list(PROGRAMMES)
    pages = list(convention_model.objects.live().filter(funding_programme__in=cofunded))
    for model in related_convention_models():
        pages.extend(
            model.objects.live()
            .filter(related_convention__funding_programme__in=cofunded)
            .select_related("related_convention")
        )
    settings_model = apps.get_model("commitments", "EUVisibilitySettings")
    site_ids = settings_model.objects.filter(site_funding_programme__in=cofunded).values_list(
        "site_id", flat=True
    )
    root_ids = Site.objects.filter(id__in=site_ids).values_list("root_page_id", flat=True)
    pages.extend(HomePage.objects.live().filter(id__in=root_ids))
    return sorted(pages, key=lambda page: page.url_path)


def audit_page(page, *, render=True):
    from commitments import eu_html

    funding = page_funding(page)
    results = page_rule_results(page, funding=funding)
    if render:
        results.extend(eu_html.rendered_page_results(page, funding))
    return PageAudit(page=page, funding=funding, results=results)


def audit(*, render=True):
    return [audit_page(page, render=render) for page in live_pages_about_cofunded_conventions()]
