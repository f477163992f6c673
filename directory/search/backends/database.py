"""Database backend (SQLite and PostgreSQL).

- Text: the full-text index of the normalised search column (FTS5 on SQLite, a GIN
  ``tsvector`` index on PostgreSQL), or the SIRET/SIREN columns.
- Place: the facet index's spatial grid (``geo_grid``): the structures located within the
  radius by an equirectangular distance (pure arithmetic, error below 0.5 % at 200 km), plus
  those whose declared perimeter covers the place (national, its region or department from
  the facet bitsets, or a radius reaching it from the grid).
- Facets, totals and ordering: the in-memory facet index (``facet_index``), so that counting
  costs the same whatever the filters; SQL then loads only the page's structures.
"""

import heapq
import itertools
import math

from django.db.models import Q
from django.utils.translation import gettext as _

from directory.models import Structure
from directory.search.backends.base import SearchBackend, attach_distances, structures_for_page
from directory.search.facet_index import bits_from_positions, current_index, positions_of
from directory.search.geo import longitude_scale
from directory.search.query import MODES
from directory.search.results import PageInfo, SearchResults, build_facets
from directory.text import normalise

DIMENSIONS = ("famille", "type", "region", "departement")


def _facet_keys(name, taxonomy):
    """``[(value in URLs, value in the facet index), …]`` for one facet."""
    if name == "famille":
        return [(value, value) for value in ("insertion", "handicap")]
    if name == "type":
        return [
            (kind, kind)
            for kind in ("ACI", "AI", "EI", "ETTI", "EITI", "GEIQ", "EA", "EATT", "ESAT")
        ]
    if name == "region":
        return [(code, region.pk) for code, region in taxonomy.regions.items()]
    if name == "departement":
        return [(code, department.pk) for code, department in taxonomy.departments.items()]
    if name == "secteur":
        return [(slug, sector.pk) for slug, sector in taxonomy.sectors.items()]
    if name == "secteur_groupe":
        return [(slug, group.pk) for slug, group in taxonomy.groups.items()]
    return [(mode, mode) for mode in MODES]


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, query, taxonomy):
        index = current_index(taxonomy.token or None)
        selections = self._selections(query, index, taxonomy)
        counts, total, final = self._count(query, index, taxonomy, *selections)
        page = PageInfo(number=query.page, per_page=query.per_page, total=total)
        errors = list(query.errors)
        if query.page > page.num_pages:
            if total:
                errors.append(_("Cette page n'existe pas : voici la dernière page des résultats."))
            page = PageInfo(number=page.num_pages, per_page=query.per_page, total=total)
        positions = self._ordered_positions(
            query, index, final, selections[3], limit=page.offset + page.per_page
        )
        ids = index.ids_at(positions[page.offset : page.offset + page.per_page])
        items = attach_distances(structures_for_page(ids, taxonomy), query.place)
        return SearchResults(
            query=query,
            items=items,
            total=total,
            facets=build_facets(query, taxonomy, counts),
            page=page,
            errors=errors,
            backend=self.name,
        )

    def matching_ids(self, query, taxonomy):
        """Ids of every published structure matching ``query``, in its order (CSV export)."""
        index = current_index(taxonomy.token or None)
        selections = self._selections(query, index, taxonomy)
        _counts, _total, final = self._count(query, index, taxonomy, *selections, facets=False)
        return index.ids_at(self._ordered_positions(query, index, final, selections[3]))

    # Selections ------------------------------------------------------------------

    def _selections(self, query, index, taxonomy):
        """``(common bits, sector bits, {dimension: bits})`` for the query's conditions."""
        common = index.all
        if query.siret or query.siren:
            condition = Q(siret=query.siret) if query.siret else Q(siret__startswith=query.siren)
            common &= index.from_ids(
                Structure.objects.filter(condition).values_list("pk", flat=True)
            )
        elif query.terms:
            common &= index.text_bits(query.terms)
        circle = None
        if query.place:
            place = query.place
            circle = index.geo.circle(place.latitude, place.longitude, query.radius_km)
            covered = (
                bits_from_positions(circle.positions() + circle.reaching(), index.size)
                | index.get("perimetre", "national")
                | index.get("perimetre_region", place.region_id)
                | index.get("perimetre_departement", place.department_id)
            )
            common &= covered
        sector_bits = None
        if query.sectors or query.sector_groups:
            sector_bits = index.any_of(
                "secteur", taxonomy.sector_ids(query.sectors)
            ) | index.any_of("secteur_groupe", taxonomy.group_ids(query.sector_groups))
        dimension_bits = {}
        if query.families:
            dimension_bits["famille"] = index.any_of("famille", query.families)
        if query.kinds:
            dimension_bits["type"] = index.any_of("type", query.kinds)
        if query.regions:
            dimension_bits["region"] = index.any_of("region", taxonomy.region_ids(query.regions))
        if query.departments:
            dimension_bits["departement"] = index.any_of(
                "departement", taxonomy.department_ids(query.departments)
            )
        if query.modes:
            bits = index.all
            for mode in query.modes:
                bits &= index.get("modalite", mode)
            dimension_bits["modalite"] = bits
        return common, sector_bits, dimension_bits, circle

    def _count(
        self, query, index, taxonomy, common, sector_bits, dimension_bits, _circle, facets=True
    ):
        """Facet counts (each facet ignoring its own filter), total and the matching bits."""

        def combined(*excluded):
            bits = common
            if sector_bits is not None and "secteur" not in excluded:
                bits &= sector_bits
            for name, value in dimension_bits.items():
                if name not in excluded:
                    bits &= value
            return bits

        final = combined()
        counts = {}
        if facets:
            counters = []  # (base, counter or None), computed once per distinct base

            def count_in(base, key):
                known = [counter for other, counter in counters if other == base]
                if known:
                    counter = known[0]
                else:
                    counter = index.counter(base)
                    counters.append((base, counter))
                if counter is not None:
                    return counter.get(key, 0)
                return (base & index.bits.get(key, 0)).bit_count()

            bases = {name: combined(name) for name in DIMENSIONS}
            bases["secteur"] = bases["secteur_groupe"] = combined("secteur")
            bases["modalite"] = final
            for name, base in bases.items():
                counts[name] = {
                    label: count
                    for label, key in _facet_keys(name, taxonomy)
                    if (count := count_in(base, (name, key)))
                }
        return counts, final.bit_count(), final

    # Order -----------------------------------------------------------------------

    def _by_distance(self, query, index, final, circle, limit):
        """Nearest first. Structures located within the radius come first (nearest first,
        ties by id), from the grid's nearest cells; those covering the place from further
        away follow."""
        membership = final.to_bytes(index.size // 8 + 1, "little")
        ordered = circle.nearest(membership, index.ids, limit)
        if limit is not None and len(ordered) >= limit:
            return ordered
        seen = set(ordered)
        lat0, lon0 = query.place.latitude, query.place.longitude
        scale = longitude_scale(lat0)
        latitude, longitude = index.latitude, index.longitude
        further = []
        for position in positions_of(final):
            if position in seen:
                continue
            dlat = latitude[position] - lat0
            dlon = (longitude[position] - lon0) * scale
            distance = dlat * dlat + dlon * dlon
            further.append((math.inf if distance != distance else distance, position))
        wanted = None if limit is None else limit - len(ordered)
        further = sorted(further) if wanted is None else heapq.nsmallest(wanted, further)
        return ordered + [position for _distance, position in further]

    def _ordered_positions(self, query, index, final, circle, limit=None):
        """Matching positions in the query's order (only the first ``limit`` if given)."""
        sort = query.effective_sort
        if sort == "nom" or (sort == "pertinence" and not query.terms):
            return positions_of(final, limit)  # positions are in name order
        if sort == "distance" and query.place:
            return self._by_distance(query, index, final, circle, limit)
        positions = positions_of(final)
        if sort != "recent":  # pertinence with text
            return _by_relevance(query, index, positions, limit)
        published = index.published

        def key(position):
            return (-published[position], position)

        if limit is None or limit >= len(positions):
            return sorted(positions, key=key)
        return heapq.nsmallest(limit, positions, key=key)


def _name_rank(name, phrase, first):
    """0: the name is the phrase; 1: starts with it; 2: starts with the first word; 3: has a
    word starting with the first word; 4: anything else."""
    if name == phrase:
        return 0
    if name.startswith(phrase):
        return 1
    if name.startswith(first):
        return 2
    if f" {first}" in name:
        return 3
    return 4


def _by_relevance(query, index, positions, limit):
    """Names matching the words first (``_name_rank``), then name order (``positions`` are in
    name order). Ranks 0 to 3 need the first word inside the name: only those names are
    ranked, the others keep their order behind them."""
    phrase = normalise(query.text)
    first = query.terms[0] if query.terms else phrase
    names = index.sort_names
    ranked = sorted(
        (rank, position)
        for position in positions
        if first in names[position] and (rank := _name_rank(names[position], phrase, first)) < 4
    )
    ahead = [position for _rank, position in ranked]
    if limit is not None and len(ahead) >= limit:
        return ahead[:limit]
    moved = set(ahead)
    rest = (position for position in positions if position not in moved)
    if limit is not None:
        rest = itertools.islice(rest, limit - len(ahead))
    return ahead + list(rest)
