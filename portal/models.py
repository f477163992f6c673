"""Site-wide models: the portal's settings (name, logos, theme colour, accessibility state)
and the abstract base page that carries SEO and sharing fields for every page type."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from portal.validators import validate_aa_contrast_on_white

DEFAULT_PRIMARY_COLOUR = "#1d4f91"


class AccessibilityStatus(models.TextChoices):
    NON = "non", _("non conforme")
    PARTIAL = "partiellement", _("partiellement conforme")
    TOTAL = "totalement", _("totalement conforme")


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting, ClusterableModel):
    portal_name = models.CharField(
        _("nom du portail"), max_length=120, default="Portail des achats inclusifs"
    )
    tagline = models.CharField(_("accroche"), max_length=200, blank=True)
    operator_name = models.CharField(
        _("nom de l'exploitant"),
        max_length=160,
        blank=True,
        help_text=_("La collectivité ou le réseau qui publie le portail."),
    )
    operator_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo de l'exploitant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    operator_url = models.URLField(_("site de l'exploitant"), blank=True)
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[validate_aa_contrast_on_white],
        help_text=_(
            "Code hexadécimal (#1d4f91). Utilisée pour les liens et les boutons : "
            "elle doit contraster au moins à 4,5:1 sur fond blanc."
        ),
    )
    accessibility_status = models.CharField(
        _("état de conformité RGAA"),
        max_length=20,
        choices=AccessibilityStatus.choices,
        default=AccessibilityStatus.PARTIAL,
    )
    contact_email = models.EmailField(_("adresse de contact"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("portal_name"), FieldPanel("tagline")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("operator_name"), FieldPanel("operator_logo"), FieldPanel("operator_url")],
            heading=_("Exploitant"),
        ),
        FieldPanel("primary_colour"),
        FieldPanel("accessibility_status"),
        FieldPanel("contact_email"),
        InlinePanel(
            "partner_logos",
            heading=_("Logos des partenaires (pied de page)"),
            label=_("partenaire"),
        ),
    ]

    class Meta:
        verbose_name = _("réglages du portail")

    @classmethod
    def for_request(cls, request):
        """The settings of the request's site, read from the frame every page keeps in the
        cache (``portal.site_chrome``) instead of one query per request."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        from portal.site_chrome import chrome_for_request

        chrome = chrome_for_request(request)
        if chrome is None:  # no site: Wagtail's own answer (DoesNotExist)
            return super().for_request(request)
        site_settings = chrome.settings
        site_settings._request = request  # for its page URLs, as Wagtail does
        setattr(request, attr_name, site_settings)
        return site_settings


class PartnerLogo(Orderable):
    settings = ParentalKey(PortalSettings, related_name="partner_logos", on_delete=models.CASCADE)
    name = models.CharField(_("nom"), max_length=160)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.URLField(_("lien"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("logo de partenaire")
        verbose_name_plural = _("logos de partenaires")

    def __str__(self):
        return self.name


class BasePage(Page):
    """Abstract base of every page type: share image and SEO fields in the promote tab."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de partage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Image affichée quand la page est partagée (1200 × 630 px conseillé)."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("share_image"),
    ]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's, read once while the page is served: the page cache's hook keeps them
        on the page (``portal.cache.skip_restricted_page``) for Wagtail's own check."""
        served = self.__dict__.get("_served_view_restrictions")
        return served if served is not None else super().get_view_restrictions()

    def get_meta_description(self):
        return self.search_description or ""
