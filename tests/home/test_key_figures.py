"""Key figures: the provider registry, the SVG chart geometry and the figures page."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.models import Page

from home.factories import KeyFiguresPageFactory
from home.key_figures import CATALOGUE, FigureKind, FigureSpec, key_figures
from home.key_figures.charts import (
    BAR_HEIGHT,
    PLOT_HEIGHT,
    VALUE_SPACE,
    WIDTH,
    bar_chart,
    chart_id_for,
)
from home.key_figures.registry import KeyFigureRegistry, figure_choices, series_choices
from home.models import HomePage, KeyFiguresPage

STRUCTURES_BY_KIND = [("ACI", 12), ("EI", 30), ("ESAT", 6), ("GEIQ", 0)]


def _structures_by_kind():
    return STRUCTURES_BY_KIND


def _svg(html, chart_id):
    match = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}-titre.*?</svg>', html, re.S)
    assert match, "chart not found"
    return ET.fromstring(match.group(0))  # noqa: S314 (our own markup)


# Registry ---------------------------------------------------------------------------------


def test_registering_an_unknown_key_needs_a_spec():
    registry = KeyFigureRegistry([])
    with pytest.raises(KeyError):
        registry.register("structures.total")(lambda: 3)
    spec = FigureSpec("structures.total", "Structures", FigureKind.NUMBER, "structures")
    registry.register("structures.total", spec=spec)(lambda: 3)
    assert registry.compute("structures.total").value == 3


def test_missing_failing_and_invalid_providers_are_absent(caplog):
    registry = KeyFigureRegistry(
        [
            FigureSpec("a", "A", FigureKind.NUMBER),
            FigureSpec("b", "B", FigureKind.NUMBER),
            FigureSpec("c", "C", FigureKind.SERIES),
            FigureSpec("d", "D", FigureKind.NUMBER),
        ]
    )
    registry.register("b")(lambda: 1 / 0)
    registry.register("c")(lambda: [("x", "beaucoup")])
    registry.register("d")(lambda: float("nan"))
    assert registry.compute("a") is None
    assert registry.compute("b") is None
    assert registry.compute("c") is None
    assert registry.compute("d") is None
    assert registry.compute("inconnu") is None
    assert "Key figure provider 'b' failed" in caplog.text


def test_results_are_tidied_and_totalled():
    registry = KeyFigureRegistry(
        [FigureSpec("n", "N", FigureKind.NUMBER), FigureSpec("s", "S", FigureKind.SERIES)]
    )
    registry.register("n")(lambda: Decimal("1200.00"))
    registry.register("s")(lambda: [("Bâtiment", Decimal("1500.0")), ("Propreté", 250)])
    number = registry.compute("n")
    assert number.value == 1200 and isinstance(number.value, int)
    series = registry.compute("s")
    assert [(p.label, p.value) for p in series.points] == [("Bâtiment", 1500), ("Propreté", 250)]
    assert series.total == 1750


def test_temporarily_restores_the_previous_provider():
    registry = KeyFigureRegistry(CATALOGUE)
    key = "directory.structures_by_kind"
    with registry.temporarily(key, _structures_by_kind):
        assert registry.is_available(key)
        with registry.temporarily(key, lambda: [("EA", 1)]):
            assert registry.compute(key).total == 1
        with registry.temporarily(key, None):
            assert not registry.is_available(key)
        assert registry.compute(key).total == 48
    assert not registry.is_available(key)


def test_catalogue_offers_every_figure_the_issue_asks_for():
    keys = {key for key, _label in figure_choices()}
    assert {
        "opportunities.open_count",
        "opportunities.open_insertion_hours",
        "directory.structures_by_family",
        "commitments.charter_signatories",
    } <= keys
    assert {key for key, _label in series_choices()} == {
        "directory.structures_by_family",
        "directory.structures_by_kind",
        "directory.structures_by_region",
        "opportunities.by_month",
        "opportunities.by_clause_type",
        "opportunities.insertion_hours_by_contract_nature",
    }


# Chart geometry ---------------------------------------------------------------------------


def _result(key, points):
    registry = KeyFigureRegistry([key_figures.spec(key)])
    registry.register(key)(lambda: points)
    return registry.compute(key)


def test_horizontal_bars_are_proportional_to_the_values():
    chart = bar_chart(
        _result("directory.structures_by_kind", STRUCTURES_BY_KIND),
        title="Structures par type",
        chart_id="graphique-test",
    )
    widths = {bar.label: bar.width for bar in chart.bars}
    longest = WIDTH - VALUE_SPACE
    assert widths == {"ACI": longest * 12 / 30, "EI": longest, "ESAT": longest * 6 / 30, "GEIQ": 0}
    assert all(bar.height == BAR_HEIGHT for bar in chart.bars)
    assert chart.total == "48"
    assert "4 catégories, 48 structures au total." in chart.description
    assert "Valeur la plus élevée : EI, 30 structures." in chart.description
    assert "Valeur la plus faible : GEIQ, 0 structures." in chart.description


def test_monthly_columns_grow_upwards_from_a_shared_axis():
    chart = bar_chart(
        _result("opportunities.by_month", [("sept. 2026", 4), ("oct. 2026", 8), ("nov. 2026", 2)]),
        title="Par mois",
        chart_id="graphique-mois",
    )
    assert chart.is_columns
    tallest = chart.bars[1]
    assert tallest.height == PLOT_HEIGHT
    assert {round(bar.y + bar.height, 1) for bar in chart.bars} == {chart.axis_y}
    assert chart.bars[0].label_lines == ("sept.", "2026")


def test_chart_ids_are_stable_and_distinct():
    first = chart_id_for("directory.structures_by_kind", "Par type")
    assert first == chart_id_for("directory.structures_by_kind", "Par type")
    assert first != chart_id_for("directory.structures_by_kind", "Par type, en détail")
    assert re.fullmatch(r"graphique-directory-structures_by_kind-[0-9a-f]{4}", first)


@settings(deadline=None)
@given(
    points=st.lists(
        st.tuples(
            st.text(min_size=1, max_size=120),
            st.one_of(
                st.integers(min_value=-5, max_value=10**9),
                st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False),
            ),
        ),
        max_size=15,
    )
)
def test_any_series_gives_a_chart_within_its_box(points):
    result = _result("directory.structures_by_region", points)
    chart = bar_chart(result, title="Régions", chart_id="graphique-regions")
    assert len(chart.bars) == len(points)
    for bar in chart.bars:
        assert 0 <= bar.width <= WIDTH - VALUE_SPACE
        assert bar.x >= 0 and bar.y >= 0
        assert bar.y + bar.height <= chart.height


# The page ---------------------------------------------------------------------------------


@pytest.fixture
def figures_page(home_page):
    return KeyFiguresPageFactory(
        parent=home_page,
        charts=[
            {
                "type": "chart",
                "value": {
                    "figure": "directory.structures_by_kind",
                    "heading": "Les structures par type",
                    "description": "Les entreprises d'insertion sont les plus nombreuses.",
                },
            },
            {
                "type": "chart",
                "value": {
                    "figure": "opportunities.by_clause_type",
                    "heading": "Les opportunités par clause",
                    "description": "",
                },
            },
        ],
    )


@pytest.mark.django_db
def test_page_draws_accessible_charts_with_their_tables(client, figures_page):
    with key_figures.temporarily("directory.structures_by_kind", _structures_by_kind):
        response = client.get("/chiffres-cles/")
    html = response.content.decode()
    assert response.status_code == 200
    chart_id = chart_id_for("directory.structures_by_kind", "Les structures par type")
    svg = _svg(html, chart_id)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == f"{chart_id}-titre {chart_id}-description"
    assert svg.find(f"{ns}title").text == "Les structures par type"
    desc = svg.find(f"{ns}desc").text
    assert desc.startswith("Les entreprises d'insertion sont les plus nombreuses.")
    assert len(svg.findall(f".//{ns}rect")) == 4
    # The data table holds the same figures, with a caption and a total.
    assert "<caption>Les structures par type : données du graphique</caption>" in html
    assert '<th scope="row">EI</th><td class="number">30</td>' in html
    assert '<th scope="row">Total</th><td class="number">48</td>' in html
    assert "<script" not in html.split("</header>", 1)[1]


@pytest.mark.django_db
def test_chart_without_provider_is_left_out(client, figures_page):
    with (
        key_figures.temporarily("directory.structures_by_kind", _structures_by_kind),
        key_figures.temporarily("opportunities.by_clause_type", None),
    ):
        html = client.get("/chiffres-cles/").content.decode()
    assert "Les opportunités par clause" not in html
    assert "seront publiés ici" not in html
    with (
        key_figures.temporarily("directory.structures_by_kind", None),
        key_figures.temporarily("opportunities.by_clause_type", None),
    ):
        html = client.get("/chiffres-cles/").content.decode()
    assert "Les structures par type" not in html
    assert "<svg" not in html
    assert "Les chiffres clés seront publiés ici" in html


@pytest.mark.django_db
def test_large_numbers_use_french_grouping(client, figures_page):
    with key_figures.temporarily(
        "opportunities.by_clause_type",
        lambda: [("Clause d'insertion (L2112-2)", 12345), ("Marché réservé SIAE", 7)],
    ):
        html = client.get("/chiffres-cles/").content.decode()
    assert '<td class="number">12\u202f345</td>' in html
    # Coordinates stay machine-readable (no French decimal comma inside the SVG).
    assert re.search(r'<rect class="chart__bar" x="0" y="22" width="530(\.0)?"', html)


@pytest.mark.django_db
def test_figures_page_rules(home_page, figures_page):
    assert set(KeyFiguresPage.allowed_parent_page_models()) == {HomePage}
    assert KeyFiguresPage.allowed_subpage_models() == []
    assert KeyFiguresPage.max_count == 1
    assert not KeyFiguresPage.can_create_at(home_page)
    assert Page.objects.get(pk=figures_page.pk).url == "/chiffres-cles/"
