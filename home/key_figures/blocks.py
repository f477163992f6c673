"""Blocks that show key figures: a chart on the figures page, a number on the home page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.key_figures.charts import bar_chart, chart_id_for
from home.key_figures.registry import figure_choices, key_figures, series_choices


class ChartBlock(blocks.StructBlock):
    figure = blocks.ChoiceBlock(label=_("données"), choices=series_choices)
    heading = blocks.CharBlock(label=_("titre du graphique"), max_length=160)
    description = blocks.TextBlock(
        label=_("commentaire"),
        required=False,
        help_text=_("Ce que montre le graphique, en une ou deux phrases (lu aussi à l'écran)."),
    )

    class Meta:
        template = "home/blocks/chart.html"
        icon = "table"
        label = _("Graphique")
        description = _(
            "Un graphique en barres calculé à partir des données du portail, avec son tableau."
        )
        preview_value = {
            "figure": "directory.structures_by_kind",
            "heading": "Les structures de l'annuaire par type",
            "description": "",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        result = key_figures.compute(value["figure"])
        context["chart"] = (
            bar_chart(
                result,
                title=value["heading"],
                chart_id=chart_id_for(value["figure"], value["heading"]),
                description=value.get("description") or "",
            )
            if result is not None
            else None
        )
        return context


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.ChoiceBlock(label=_("chiffre"), choices=figure_choices)
    label = blocks.CharBlock(
        label=_("libellé"),
        max_length=120,
        help_text=_("Affiché sous le nombre, par exemple : opportunités ouvertes."),
    )

    class Meta:
        template = "home/blocks/key_figure.html"
        icon = "pick"
        label = _("Chiffre clé")
        description = _("Un chiffre calculé à partir des données du portail.")
        preview_value = {"figure": "opportunities.open_count", "label": "opportunités ouvertes"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["figure"] = key_figures.compute(value["figure"])
        return context


class ChartStreamBlock(blocks.StreamBlock):
    chart = ChartBlock()

    class Meta:
        label = _("Graphiques")
