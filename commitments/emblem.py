"""The emblem of the European Union, drawn from its public geometric construction.

The flag is a blue rectangle of ratio 3:2. Twelve gold five-pointed stars stand upright
(one point straight up) at the positions of the hours on a clock face, on an invisible
circle whose radius is a third of the flag's height; each star's outer radius is an
eighteenth of the flag's height. Colours: reflex blue (#003399) and yellow (#FFCC00).

``python -m commitments.emblem`` rewrites ``static/commitments/img/eu-emblem.svg``; a test
checks that the shipped file is exactly what this module draws.
"""

import math
from dataclasses import dataclass
from pathlib import Path

BLUE = "#003399"
GOLD = "#FFCC00"
HEIGHT = 540  # a multiple of 18 keeps every radius a whole number
WIDTH = HEIGHT * 3 // 2
CIRCLE_RADIUS = HEIGHT / 3
STAR_OUTER_RADIUS = HEIGHT / 18
# Inner vertices of a regular five-pointed star: cos(72°) / cos(36°) of the outer radius.
STAR_INNER_RADIUS = STAR_OUTER_RADIUS * math.cos(math.radians(72)) / math.cos(math.radians(36))
STAR_COUNT = 12

STATIC_PATH = "commitments/img/eu-emblem.svg"
SVG_FILE = Path(__file__).resolve().parent.parent / "static" / STATIC_PATH


@dataclass(frozen=True)
class Star:
    centre: tuple[float, float]
    points: tuple[tuple[float, float], ...]


def star_centres():
    """Centres of the twelve stars, clockwise from twelve o'clock."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    centres = []
    for hour in range(STAR_COUNT):
        angle = math.radians(hour * 360 / STAR_COUNT)
        centres.append((cx + CIRCLE_RADIUS * math.sin(angle), cy - CIRCLE_RADIUS * math.cos(angle)))
    return centres


def star_points(centre):
    """The ten vertices of an upright star, starting with the top point, clockwise."""
    cx, cy = centre
    points = []
    for index in range(10):
        radius = STAR_OUTER_RADIUS if index % 2 == 0 else STAR_INNER_RADIUS
        angle = math.radians(index * 36)
        points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
    return tuple(points)


def stars():
    return [Star(centre=centre, points=star_points(centre)) for centre in star_centres()]


def _fmt(value):
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def build_svg():
    polygons = "\n".join(
        f'  <polygon fill="{GOLD}" points="{" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in star.points)}"/>'
        for star in stars()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">\n'
        "  <title>Emblème de l'Union européenne</title>\n"
        f'  <rect width="{WIDTH}" height="{HEIGHT}" fill="{BLUE}"/>\n'
        f"{polygons}\n"
        "</svg>\n"
    )


if __name__ == "__main__":
    SVG_FILE.write_text(build_svg(), encoding="utf-8")
    print(f"{SVG_FILE} écrit.")
