"""Bar charts drawn server-side as SVG geometry: pure functions, no JavaScript, no library.

The template (``templates/home/includes/bar_chart.html``) only places the shapes computed
here; labels are escaped by the template engine. Each chart comes with a text summary for
``<desc>`` and the rows of its data table."""

import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.key_figures.registry import ChartStyle, tidy_number

WIDTH = 640
# Horizontal bars: one row per category, its label above the bar.
ROW_HEIGHT = 52
BAR_HEIGHT = 20
LABEL_GAP = 22  # from the top of the row to the top of the bar
VALUE_SPACE = 110  # room on the right of the longest bar for its value
# Vertical columns: time series.
PLOT_HEIGHT = 200
TOP_SPACE = 24
BOTTOM_SPACE = 44
SIDE_SPACE = 8
# Longer labels are shortened in the drawing; the data table keeps them whole.
MAX_LABEL_CHARS = 80


def format_number(value):
    decimals = 0 if isinstance(value, int) else 1
    return number_format(value, decimal_pos=decimals, force_grouping=True)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | Decimal
    display_value: str
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float
    label_x: float
    label_y: float
    label_lines: tuple[str, ...]


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    style: ChartStyle
    width: int
    height: int
    bars: tuple[Bar, ...]
    category_label: str
    unit: str
    total: str

    @property
    def title_id(self):
        return f"{self.chart_id}-titre"

    @property
    def desc_id(self):
        return f"{self.chart_id}-description"

    @property
    def axis_y(self):
        return TOP_SPACE + PLOT_HEIGHT

    @property
    def is_columns(self):
        return self.style == ChartStyle.COLUMNS


def chart_id_for(key, heading):
    """A stable, readable id: the same figure twice on a page still gets distinct ids."""
    checksum = zlib.crc32(f"{key}|{heading}".encode()) & 0xFFFF
    return f"graphique-{slugify(key.replace('.', '-'))}-{checksum:04x}"


def summarise(points, *, unit):
    """The text alternative of a chart: total, highest and lowest values."""
    if not points:
        return _("Aucune donnée pour le moment.")
    total = sum((point.value for point in points), 0)
    highest = max(points, key=lambda point: point.value)
    parts = [
        _("%(count)s catégories, %(total)s %(unit)s au total.")
        % {"count": len(points), "total": format_number(tidy_number(total)), "unit": unit}
        if len(points) > 1
        else "",
        _("Valeur la plus élevée : %(label)s, %(value)s %(unit)s.")
        % {"label": highest.label, "value": format_number(highest.value), "unit": unit},
    ]
    if len(points) > 1:
        lowest = min(points, key=lambda point: point.value)
        parts.append(
            _("Valeur la plus faible : %(label)s, %(value)s %(unit)s.")
            % {"label": lowest.label, "value": format_number(lowest.value), "unit": unit}
        )
    return " ".join(part for part in parts if part)


def _shorten(label, limit=MAX_LABEL_CHARS):
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _scale(value, maximum, length):
    if maximum <= 0 or value <= 0:
        return 0.0
    return round(float(value) / float(maximum) * length, 1)


def _horizontal(points):
    maximum = max((point.value for point in points), default=0)
    longest = WIDTH - VALUE_SPACE
    bars = []
    for index, point in enumerate(points):
        top = index * ROW_HEIGHT
        width = _scale(point.value, maximum, longest)
        bar_y = top + LABEL_GAP
        bars.append(
            Bar(
                label=point.label,
                value=point.value,
                display_value=format_number(point.value),
                x=0,
                y=bar_y,
                width=width,
                height=BAR_HEIGHT,
                value_x=round(width + 8, 1),
                value_y=bar_y + BAR_HEIGHT - 5,
                label_x=0,
                label_y=top + 16,
                label_lines=(_shorten(point.label),),
            )
        )
    return bars, max(len(points), 1) * ROW_HEIGHT


def _vertical(points):
    maximum = max((point.value for point in points), default=0)
    count = max(len(points), 1)
    slot = (WIDTH - 2 * SIDE_SPACE) / count
    column_width = round(slot * 0.64, 1)
    bars = []
    for index, point in enumerate(points):
        height = _scale(point.value, maximum, PLOT_HEIGHT)
        centre = SIDE_SPACE + slot * index + slot / 2
        x = round(centre - column_width / 2, 1)
        y = round(TOP_SPACE + PLOT_HEIGHT - height, 1)
        # "nov. 2026" → two lines under the column.
        lines = tuple(point.label.split(" ", 1)) if " " in point.label else (point.label,)
        bars.append(
            Bar(
                label=point.label,
                value=point.value,
                display_value=format_number(point.value),
                x=x,
                y=y,
                width=column_width,
                height=height,
                value_x=round(centre, 1),
                value_y=round(y - 6, 1),
                label_x=round(centre, 1),
                label_y=TOP_SPACE + PLOT_HEIGHT + 18,
                label_lines=lines,
            )
        )
    return bars, TOP_SPACE + PLOT_HEIGHT + BOTTOM_SPACE


def bar_chart(result, *, title, chart_id, description=""):
    """Geometry, text alternative and table data of the chart of a series ``FigureResult``."""
    spec = result.spec
    points = list(result.points)
    if spec.chart == ChartStyle.COLUMNS:
        bars, height = _vertical(points)
    else:
        bars, height = _horizontal(points)
    summary = summarise(points, unit=str(spec.unit))
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=" ".join(part for part in [description.strip(), summary] if part),
        style=spec.chart,
        width=WIDTH,
        height=height,
        bars=tuple(bars),
        category_label=str(spec.category_label),
        unit=str(spec.unit),
        total=format_number(tidy_number(sum((p.value for p in points), 0))),
    )
