"""Site setting: the "L'Europe s'engage en France" logo and the site's own co-funding."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from commitments.funding import (
    PERIOD_2014_2020,
    EUFunding,
    FundingProgramme,
    programme_period,
)


@register_setting(icon="globe")
class EUVisibilitySettings(BaseSiteSetting):
    europe_commits_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo « L'Europe s'engage en France »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Obligatoire pour publier une page sur une opération cofinancée par la programmation "
            "2014–2020 (FSE, FEDER). Il est affiché à 64 px de haut au plus, à côté de l'emblème "
            "européen. Utilisez le fichier officiel, sans le modifier."
        ),
    )
    site_funding_programme = models.CharField(
        _("cofinancement du portail lui-même"),
        max_length=30,
        choices=FundingProgramme.choices,
        blank=True,
        default="",
        help_text=_(
            "Si le portail est lui-même une opération cofinancée par l'Union européenne, la page "
            "d'accueil affiche le bloc européen et la description ci-dessous."
        ),
    )
    site_operation_description = models.TextField(_("description de l'opération"), blank=True)
    site_operation_objectives = models.TextField(_("objectifs"), blank=True)
    site_operation_results = models.TextField(_("résultats"), blank=True)

    panels = [
        HelpPanel(
            content=_(
                "<p>L'emblème de l'Union européenne est fourni par le portail (dessiné selon sa "
                "construction géométrique officielle) : vous n'avez pas à le téléverser.</p>"
            )
        ),
        FieldPanel("europe_commits_logo"),
        MultiFieldPanel(
            [
                FieldPanel("site_funding_programme"),
                FieldPanel("site_operation_description"),
                FieldPanel("site_operation_objectives"),
                FieldPanel("site_operation_results"),
            ],
            heading=_("Cofinancement du portail"),
        ),
    ]

    class Meta:
        verbose_name = _("visibilité du soutien européen")

    def get_site_funding(self):
        return EUFunding(
            programme=self.site_funding_programme,
            description=self.site_operation_description,
            objectives=self.site_operation_objectives,
            results=self.site_operation_results,
            source=None,
        )

    def clean(self):
        super().clean()
        errors = {}
        funding = self.get_site_funding()
        if funding.is_cofunded:
            for field_name, value in [
                ("site_operation_description", funding.description),
                ("site_operation_objectives", funding.objectives),
                ("site_operation_results", funding.results),
            ]:
                if not value.strip():
                    errors[field_name] = _(
                        "Règle « description de l'opération » : obligatoire quand le portail "
                        "déclare un cofinancement européen."
                    )
        if not self.europe_commits_logo_id:
            if funding.is_2014_2020:
                errors["europe_commits_logo"] = _(
                    "Règle « logo L'Europe s'engage en France » : obligatoire pour un "
                    "cofinancement de la programmation 2014–2020."
                )
            elif self.site_id and (titles := self._live_2014_2020_page_titles()):
                errors["europe_commits_logo"] = _(
                    "Règle « logo L'Europe s'engage en France » : ce logo est affiché sur des "
                    "pages publiées cofinancées par la programmation 2014–2020 (%(titles)s). "
                    "Dépubliez-les ou changez leur financement avant de le retirer."
                ) % {"titles": ", ".join(titles)}
        if errors:
            raise ValidationError(errors)

    def _live_2014_2020_page_titles(self):
        from commitments.eu_visibility import live_pages_about_cofunded_conventions, page_funding

        root = self.site.root_page
        titles = []
        for page in live_pages_about_cofunded_conventions():
            if not page.path.startswith(root.path):
                continue
            funding = page_funding(page)
            if funding is not None and programme_period(funding.programme) == PERIOD_2014_2020:
                titles.append(f"« {page.title} »")
        return titles
