"""The EU emblem shipped in static/ follows the public geometric construction."""

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings

from commitments import emblem

SVG = "{http://www.w3.org/2000/svg}"


def shipped_svg():
    path = Path(settings.BASE_DIR) / "static" / emblem.STATIC_PATH
    return path.read_text(encoding="utf-8")


def test_shipped_file_is_what_the_generator_draws():
    assert shipped_svg() == emblem.build_svg()


def test_geometry_of_the_shipped_emblem():
    root = ET.fromstring(shipped_svg())  # noqa: S314  (our own static file)
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width:g} {height:g}"
    assert width / height == 1.5  # ratio 3:2

    [field] = root.findall(f"{SVG}rect")
    assert field.get("fill").upper() == "#003399"
    assert float(field.get("width")) == width and float(field.get("height")) == height

    stars = root.findall(f"{SVG}polygon")
    assert len(stars) == 12
    cx, cy = width / 2, height / 2
    angles = []
    for star in stars:
        assert star.get("fill").upper() == "#FFCC00"
        points = [
            tuple(map(float, p.split(","))) for p in re.split(r"\s+", star.get("points").strip())
        ]
        assert len(points) == 10  # five-pointed star: five outer and five inner vertices
        centre_x = sum(x for x, _ in points) / 10
        centre_y = sum(y for _, y in points) / 10
        # The star's centre is on the circle of radius 1/3 of the height.
        assert math.isclose(math.dist((centre_x, centre_y), (cx, cy)), height / 3, abs_tol=0.01)
        # Outer radius 1/18 of the height; the five outer points alternate with inner ones.
        radii = [math.dist(p, (centre_x, centre_y)) for p in points]
        for outer in radii[0::2]:
            assert math.isclose(outer, height / 18, abs_tol=0.01)
        for inner in radii[1::2]:
            assert inner < height / 18 * 0.4
        # Upright: the first point is straight above the centre.
        top_x, top_y = points[0]
        assert math.isclose(top_x, centre_x, abs_tol=0.01) and top_y < centre_y
        angles.append(math.degrees(math.atan2(centre_x - cx, cy - centre_y)) % 360)
    # At the positions of the hours on a clock face.
    assert sorted(round(a) % 360 for a in angles) == list(range(0, 360, 30))
