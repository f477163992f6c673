"""In-memory spatial grid of the facet index's structures, for place searches.

The facet index holds the coordinates of every published structure (one position each). The
grid buckets those positions in cells of ``CELL_DEGREES`` × ``CELL_DEGREES`` (about 11 km ×
7 km in metropolitan France). A search around a place visits only the cells its circle
touches: a cell entirely inside the circle is taken whole, distances are computed only for
the positions of the cells the circle's edge crosses. The structures whose own radius
perimeter reaches the place are found the same way within the widest declared radius, each
cell's positions sorted by radius so that the scan stops at the first radius too short.

Why not SQL: around Paris, 13,000 of 100,000 structures lie within 30 km. Fetching their ids
through the (latitude, longitude) index, sorting them and mapping them to positions cost
about 25 ms per search on SQLite (more on PostgreSQL, rows cross a socket); the grid takes
about 1.5 ms, and the nearest-first order needs the distances of the first page's cells only.

Distances are the equirectangular approximation of the database backend: squared, in degrees
of latitude, with the operations SQL used (``dlat * dlat + dlon * dlon``), so that a
structure exactly at the radius is in, as before. Cell bounds are widened by ``EDGE`` (far
beyond rounding errors) before a cell is taken whole or skipped, so that rounding never
decides for a whole cell.

A caller that filters with another distance (the opportunity helpers use the haversine
formula) gives the circle a ``widen`` function: every radius (the circle's, each reaching
perimeter's) is replaced by ``widen(radius)``, a radius of this metric that holds every point
within the original one by the caller's distance (``geo.equirectangular_bound``; ``math.inf``
when none is known). The grid then returns a superset for the caller to filter exactly.
"""

import heapq
import math
from array import array
from collections import defaultdict

from directory.search.geo import KM_PER_DEGREE, longitude_scale

CELL_DEGREES = 0.1
EDGE = 1e-9  # degrees
INVERSE_KM_PER_DEGREE_SQUARED = 1 / KM_PER_DEGREE**2


def _cell(latitude, longitude):
    return math.floor(latitude / CELL_DEGREES), math.floor(longitude / CELL_DEGREES)


def _axis_bounds(low, high):
    """Nearest and farthest absolute offsets within ``[low, high]``."""
    if low <= 0 <= high:
        return 0.0, max(-low, high)
    low, high = abs(low), abs(high)
    return min(low, high), max(low, high)


class GeoGrid:
    """Positions by cell; ``reach_km[position]`` is the radius of a radius perimeter (0 for
    other perimeters). Positions without coordinates are never found by a place."""

    def __init__(self, latitude, longitude, reach_km):
        self.latitude = latitude
        self.longitude = longitude
        self.reach_km = reach_km
        cells, reaching = defaultdict(list), defaultdict(list)
        for position, lat in enumerate(latitude):
            lon = longitude[position]
            if lat != lat or lon != lon:  # NaN: no coordinates
                continue
            key = _cell(lat, lon)
            cells[key].append(position)
            if reach_km[position] > 0:
                reaching[key].append(position)
        self.cells = {key: array("q", positions) for key, positions in cells.items()}
        # Widest radius first: a cell's scan stops at the first radius that cannot reach.
        self.reaching = {
            key: array("q", sorted(positions, key=lambda p: -reach_km[p]))
            for key, positions in reaching.items()
        }
        self.widest_km = max(reach_km, default=0)

    def circle(self, latitude, longitude, radius_km, widen=None):
        return Circle(self, latitude, longitude, radius_km, widen)

    def cells_within(self, cells, latitude, longitude, scale, reach):
        """``(near², far², key)`` of the cells of ``cells`` less than ``reach`` degrees (of
        latitude) away, in the equirectangular metric."""
        reach2 = reach * reach
        if reach == math.inf:
            keys = iter(cells)
        else:
            keys = self._keys_within(cells, latitude, longitude, scale, reach)
        found = []
        for i, j in keys:
            near_y, far_y = _axis_bounds(
                i * CELL_DEGREES - EDGE - latitude, (i + 1) * CELL_DEGREES + EDGE - latitude
            )
            near_x, far_x = _axis_bounds(
                (j * CELL_DEGREES - EDGE - longitude) * scale,
                ((j + 1) * CELL_DEGREES + EDGE - longitude) * scale,
            )
            near2 = near_y * near_y + near_x * near_x
            if near2 <= reach2:
                found.append((near2, far_y * far_y + far_x * far_x, (i, j)))
        return found

    @staticmethod
    def _keys_within(cells, latitude, longitude, scale, reach):
        """The keys of ``cells`` in the latitude/longitude box around the circle."""
        lat_reach, lon_reach = reach + EDGE, reach / scale + EDGE
        lat_low, lon_low = _cell(latitude - lat_reach, longitude - lon_reach)
        lat_high, lon_high = _cell(latitude + lat_reach, longitude + lon_reach)
        if (lat_high - lat_low + 1) * (lon_high - lon_low + 1) <= len(cells):
            return (
                (i, j)
                for i in range(lat_low, lat_high + 1)
                for j in range(lon_low, lon_high + 1)
                if (i, j) in cells
            )
        # A wide circle over a sparse grid: fewer cells to test than to enumerate.
        return (
            key for key in cells if lat_low <= key[0] <= lat_high and lon_low <= key[1] <= lon_high
        )


class Circle:
    """The structures around a place: located within ``radius_km`` (``positions``,
    ``nearest``) or reaching it with their own radius perimeter (``reaching``)."""

    def __init__(self, grid, latitude, longitude, radius_km, widen=None):
        self.grid = grid
        self.lat0, self.lon0 = latitude, longitude
        self.radius_km = radius_km
        self.widen = widen
        # The radius in this metric: the one asked, or its widened bound (see the module).
        self.reach_km = radius_km if widen is None else widen(radius_km)
        if self.reach_km == math.inf:
            raise ValueError("No bound of the circle in the grid's metric.")
        self.scale = longitude_scale(latitude)
        self.limit2 = (self.reach_km / KM_PER_DEGREE) ** 2
        self.cells = sorted(
            grid.cells_within(
                grid.cells, latitude, longitude, self.scale, self.reach_km / KM_PER_DEGREE
            )
        )

    def _distances2(self, positions):
        """``(squared distance, position)`` for each position: the equirectangular distance
        in degrees of latitude, with the SQL formula (inlined: this is the hot loop)."""
        latitude, longitude = self.grid.latitude, self.grid.longitude
        lat0, lon0, scale = self.lat0, self.lon0, self.scale
        for position in positions:
            dlat = latitude[position] - lat0
            dlon = (longitude[position] - lon0) * scale
            yield dlat * dlat + dlon * dlon, position

    def positions(self):
        """Every position located within the radius (in no particular order)."""
        found, limit2, cells = [], self.limit2, self.grid.cells
        for _near2, far2, key in self.cells:
            if far2 <= limit2:
                found.extend(cells[key])
            else:
                found.extend(p for d2, p in self._distances2(cells[key]) if d2 <= limit2)
        return found

    def nearest(self, membership, ids, limit=None):
        """Positions within the radius whose bit is set in ``membership`` (little-endian
        bytes), nearest first, ties by id; only the first ``limit`` if given. Cells are
        visited nearest first and the visit stops once no cell can hold a closer one."""
        best = []  # a max-heap of (-distance², -id, position) while ``limit`` holds
        limit2, cells = self.limit2, self.grid.cells
        for near2, _far2, key in self.cells:
            if limit is not None and len(best) >= limit and near2 > -best[0][0]:
                break
            members = [p for p in cells[key] if membership[p >> 3] >> (p & 7) & 1]
            for d2, position in self._distances2(members):
                if d2 > limit2:
                    continue
                item = (-d2, -ids[position], position)
                if limit is None or len(best) < limit:
                    heapq.heappush(best, item)
                elif item > best[0]:
                    heapq.heapreplace(best, item)
        return [position for _d2, _id, position in sorted(best, reverse=True)]

    def reaching(self):
        """Positions whose own radius perimeter, wider than the search radius, reaches the
        place (with ``widen``: may reach it)."""
        grid, widen = self.grid, self.widen
        if grid.widest_km <= self.radius_km:
            return []
        found, reach_km, radius_km = [], grid.reach_km, self.radius_km
        latitude, longitude = grid.latitude, grid.longitude
        lat0, lon0, scale = self.lat0, self.lon0, self.scale
        widest = grid.widest_km if widen is None else widen(grid.widest_km)
        widened = {}  # radius -> widen(radius): a few distinct radii
        for near2, _far2, key in grid.cells_within(
            grid.reaching, lat0, lon0, scale, widest / KM_PER_DEGREE
        ):
            for position in grid.reaching[key]:
                reach = reach_km[position]
                if reach <= radius_km:
                    break  # sorted by radius: the others are shorter still
                if widen is not None:
                    bound = widened.get(reach)
                    if bound is None:
                        bound = widened[reach] = widen(reach)
                    reach = bound
                reach2 = reach * reach * INVERSE_KM_PER_DEGREE_SQUARED
                if reach2 < near2:
                    break
                dlat = latitude[position] - lat0
                dlon = (longitude[position] - lon0) * scale
                if dlat * dlat + dlon * dlon <= reach2:
                    found.append(position)
        return found
